"""The loopback SMTP test server stops the conversation where it is told to (the fault harness relies on it)."""

from __future__ import annotations

import smtplib
import threading

import pytest

from tests.support.smtpd import Faults, Received, SmtpTestServer, wait_until

BODY = b"Subject: x\r\nMessage-ID: <steps@example.com>\r\n\r\n" + b"line of the body\r\n" * 20


def _converse(port: int, timeout: float = 10.0) -> str:
    """MAIL, RCPT, DATA with smtplib; returns how far it got ("sent" or the failing step)."""
    step = "connect"
    try:
        client = smtplib.SMTP("127.0.0.1", port, timeout=timeout)
        client.ehlo()
        step = "mail"
        assert client.mail("a@example.com")[0] == 250
        assert client.rcpt("b@example.org")[0] == 250
        step = "data"
        code, _ = client.data(BODY)
        client.close()
        return "sent" if code == 250 else f"refused {code}"
    except (OSError, smtplib.SMTPException):
        return step


@pytest.mark.parametrize(("stop_at", "fails_at"), [("connect", "connect"), ("rcpt", "data"),
                                                   ("mid_data", "data"), ("end_of_data", "data")])
def test_drop_at_each_step_then_behave(stop_at: str, fails_at: str) -> None:
    with SmtpTestServer(faults=Faults(stop_at=stop_at, stop_how="drop")) as server:
        assert _converse(server.port) == fails_at
        assert server.reached == [stop_at]
        assert len(server.bodies) == (1 if stop_at == "end_of_data" else 0)
        # a small body's final dot is on the wire before the server stops reading it
        assert len(server.wire_ends) == (1 if stop_at in ("mid_data", "end_of_data") else 0)
        assert server.messages == []
        if stop_at == "mid_data":
            assert server.partial and BODY.startswith(server.partial[0])
        assert _converse(server.port) == "sent"  # one stop, then a normal server
        assert [m.data for m in server.messages] == [BODY]
        assert server.wire_ends[-1].startswith(b"Subject: x\r\nMessage-ID: <steps@example.com>")


@pytest.mark.parametrize("stop_at", ["connect", "rcpt", "mid_data", "end_of_data"])
def test_hang_at_each_step_until_released(stop_at: str) -> None:
    server = SmtpTestServer(faults=Faults(stop_at=stop_at, stop_how="hang"), stall_seconds=30).start()
    outcome: list[str] = []
    thread = threading.Thread(target=lambda: outcome.append(_converse(server.port, timeout=60)))
    try:
        thread.start()
        wait_until(lambda: server.reached == [stop_at], what=f"the server to hang at {stop_at}")
        assert outcome == []  # the client still waits for an answer
    finally:
        server.stop()
        thread.join(30)
    assert outcome and outcome[0] != "sent"


def test_answer_delay_and_deliver_hook() -> None:
    delivered: list[Received] = []
    with SmtpTestServer(faults=Faults(answer_delay=(0.0, 0.05), seed=7), deliver=delivered.append) as server:
        assert _converse(server.port) == "sent"
        assert [d.data for d in delivered] == [BODY] and server.messages == delivered


def test_unknown_step_is_refused() -> None:
    with pytest.raises(ValueError, match="stop_at"):
        Faults(stop_at="quit")

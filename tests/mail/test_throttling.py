"""Providers' sending limits and throttling answers are retried later, not failed (Gmail, Exchange Online)."""

from __future__ import annotations

import pytest

from agentdesk.mail.smtp import throttled


@pytest.mark.parametrize(("code", "words", "wait"), [
    (550, "550 5.4.5 Daily user sending limit exceeded. For more information on Gmail's sending limits", 3600.0),
    (554, "554 5.2.0 STOREDRV.Submission.Exception:SubmissionQuotaExceededException; Failed to process message",
     3600.0),
    (421, "421 4.7.0 Try again later, closing connection. (EHLO) gsmtp", 300.0),
    (451, "451 4.7.0 Temporary server error. Please try again later", 300.0),
    (452, "452 4.5.3 Too many recipients", 300.0),
    (454, "454 4.7.0 Too many login attempts, please try again later", 300.0),
    (421, "421 4.7.28 Our system has detected an unusual rate of unsolicited mail", 300.0),
])
def test_sending_limits_wait(code: int, words: str, wait: float) -> None:
    assert throttled(code, words) == wait


@pytest.mark.parametrize(("code", "words"), [
    (550, "550 5.1.1 The email account that you tried to reach does not exist"),
    (554, "554 5.7.1 Message rejected as spam"),
    (451, "451 4.3.0 Try again later"),
    (451, "451 4.3.0 Temporary local problem: generate a separate report"),
])
def test_other_answers_are_not_limits(code: int, words: str) -> None:
    assert throttled(code, words) is None


def test_a_throttled_greeting_is_temporary_with_the_providers_wait() -> None:
    """A real socket on loopback that greets with Gmail's 421 4.7.0, as it does when a sender connects too often."""
    import socket
    import threading

    from agentdesk.mail.smtp import Outcome, SmtpServer, send_message

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)

    def greet() -> None:
        conn, _ = listener.accept()
        with conn:
            conn.sendall(b"421 4.7.0 Try again later, closing connection. (EHLO) gsmtp\r\n")

    threading.Thread(target=greet, daemon=True).start()
    try:
        result = send_message(SmtpServer("127.0.0.1", listener.getsockname()[1], "none", timeout=10),
                              "a@example.com", ["b@example.org"], b"Subject: x\r\n\r\nx\r\n")
    finally:
        listener.close()
    assert result.outcome is Outcome.TEMPORARY and result.retry_after == 300.0 and "421 4.7.0" in result.detail

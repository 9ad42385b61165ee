"""The SMTP client against a real aiosmtpd on loopback: security, AUTH, and how each outcome is classified."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from agentdesk.mail.sentfolder import ImapServer, SentFolderError, file_copy, has_message_id
from agentdesk.mail.smtp import Outcome, SmtpServer, send_message
from tests.support.dovecot import Dovecot
from tests.support.smtpd import Faults, SmtpTestServer, client_context, free_port

RAW = (
    b"From: Example Support <support@example.com>\r\nTo: Jane Doe <jane@example.org>\r\n"
    b"Subject: =?utf-8?b?57SN5pyf44Gr44Gk44GE44Gm?=\r\nMessage-ID: <reply-1@example.com>\r\n"
    b"MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
    + "お問い合わせありがとうございます。\r\n.\r\n..two dots\r\n.\r\n".encode() + b"-- \r\nSupport\r\n"
)
USERS = {"support@example.com": "s3cret-pass"}


@pytest.fixture
def plain() -> Iterator[SmtpTestServer]:
    with SmtpTestServer() as server:
        yield server


def loopback(server: SmtpTestServer, **kw: object) -> SmtpServer:
    values: dict[str, object] = {"security": "none", "timeout": 10.0}
    values.update(kw)
    return SmtpServer("127.0.0.1", server.port, **values)  # type: ignore[arg-type]


def test_sends_the_stored_bytes_exactly_once(plain: SmtpTestServer) -> None:
    result = send_message(loopback(plain), "support@example.com", ["jane@example.org"], RAW)
    assert result.outcome is Outcome.SENT, result.detail
    assert len(plain.messages) == 1
    got = plain.messages[0]
    assert got.data == RAW  # dot-stuffing undone by the server: byte for byte
    assert got.mail_from == "support@example.com"
    assert got.rcpt_tos == ("jane@example.org",)


def test_starttls_with_a_verified_certificate_and_login() -> None:
    with SmtpTestServer(users=USERS, starttls=True) as server:
        target = SmtpServer("127.0.0.1", server.port, "starttls", "support@example.com", "s3cret-pass",
                            ssl_context=client_context(), timeout=10)
        result = send_message(target, "support@example.com", ["jane@example.org"], RAW)
        assert result.outcome is Outcome.SENT, result.detail
        assert server.logins == [("support@example.com", True)]
        assert [m.data for m in server.messages] == [RAW]


def test_implicit_tls() -> None:
    with SmtpTestServer(users=USERS, implicit_tls=True) as server:
        target = SmtpServer("127.0.0.1", server.port, "tls", "support@example.com", "s3cret-pass",
                            ssl_context=client_context(), timeout=10)
        result = send_message(target, "support@example.com", ["jane@example.org"], RAW)
        assert result.outcome is Outcome.SENT, result.detail
        assert len(server.messages) == 1


def test_an_untrusted_certificate_stops_before_auth() -> None:
    with SmtpTestServer(users=USERS, starttls=True) as server:
        # No ssl_context: the default one verifies against the system's authorities, which do not know ours.
        target = SmtpServer("127.0.0.1", server.port, "starttls", "support@example.com", "s3cret-pass", timeout=10)
        result = send_message(target, "support@example.com", ["jane@example.org"], RAW)
        assert result.outcome is Outcome.TEMPORARY
        assert "certificate" in result.detail.lower()
        assert server.auth_commands == [] and server.messages == []


def test_missing_starttls_fails_before_any_auth() -> None:
    # The server would even accept AUTH in clear (auth_require_tls off): the client must not try.
    with SmtpTestServer(users=USERS) as server:
        target = SmtpServer("127.0.0.1", server.port, "starttls", "support@example.com", "s3cret-pass",
                            ssl_context=client_context(), timeout=10)
        result = send_message(target, "support@example.com", ["jane@example.org"], RAW)
        assert result.outcome is Outcome.TEMPORARY
        assert "does not offer STARTTLS" in result.detail
        assert server.auth_commands == [] and server.logins == [] and server.messages == []


def test_a_wrong_password_is_a_clear_temporary_failure() -> None:
    with SmtpTestServer(users=USERS, starttls=True) as server:
        target = SmtpServer("127.0.0.1", server.port, "starttls", "support@example.com", "wrong",
                            ssl_context=client_context(), timeout=10)
        result = send_message(target, "support@example.com", ["jane@example.org"], RAW)
        assert result.outcome is Outcome.TEMPORARY
        assert "login refused" in result.detail and "535" in result.detail
        assert server.messages == []


@pytest.mark.parametrize("stage", ["mail", "rcpt", "data"])
def test_4xx_is_temporary(stage: str) -> None:
    with SmtpTestServer(faults=Faults(temporary=1, temporary_at=stage)) as server:
        first = send_message(loopback(server), "support@example.com", ["jane@example.org"], RAW)
        assert first.outcome is Outcome.TEMPORARY and first.code == 451, first
        assert "Try again later" in first.detail
        second = send_message(loopback(server), "support@example.com", ["jane@example.org"], RAW)
        assert second.outcome is Outcome.SENT
        assert len(server.messages) == 1


def test_5xx_is_permanent_with_the_servers_words() -> None:
    with SmtpTestServer(faults=Faults(permanent="550 5.1.1 <jane@example.org>: no such user here")) as server:
        result = send_message(loopback(server), "support@example.com", ["jane@example.org"], RAW)
        assert result.outcome is Outcome.PERMANENT and result.code == 550
        assert "no such user here" in result.detail
        assert server.bodies == []


def test_5xx_after_the_body_is_permanent() -> None:
    with SmtpTestServer(faults=Faults(permanent="554 5.6.0 Message rejected as spam", permanent_at="data")) as s:
        result = send_message(loopback(s), "support@example.com", ["jane@example.org"], RAW)
        assert result.outcome is Outcome.PERMANENT
        assert "rejected as spam" in result.detail


def test_one_recipient_refused_for_good_others_still_get_it() -> None:
    faults = Faults(refuse_rcpt={"gone@example.org": "550 5.1.1 unknown user"})
    with SmtpTestServer(faults=faults) as server:
        result = send_message(loopback(server), "support@example.com", ["jane@example.org", "gone@example.org"], RAW)
        assert result.outcome is Outcome.SENT
        assert result.refused == {"gone@example.org": "550 5.1.1 unknown user"}
        assert server.messages[0].rcpt_tos == ("jane@example.org",)


def test_dropped_before_data_is_temporary() -> None:
    with SmtpTestServer(faults=Faults(drop_before_data=1)) as server:
        result = send_message(loopback(server), "support@example.com", ["jane@example.org"], RAW)
        assert result.outcome is Outcome.TEMPORARY, result
        assert server.drops == 1 and server.bodies == []


def test_body_taken_and_no_answer_is_uncertain() -> None:
    with SmtpTestServer(faults=Faults(stall=True)) as server:
        result = send_message(loopback(server, timeout=1.0), "support@example.com", ["jane@example.org"], RAW)
        assert result.outcome is Outcome.UNCERTAIN
        assert "may or may not" in result.detail
        assert server.bodies == [RAW]


def test_refused_connection_is_temporary() -> None:
    result = send_message(SmtpServer("127.0.0.1", free_port(), "none", timeout=5), "a@example.com",
                          ["b@example.org"], RAW)
    assert result.outcome is Outcome.TEMPORARY
    assert "cannot connect" in result.detail


def test_no_plain_text_to_a_remote_host() -> None:
    result = send_message(SmtpServer("192.0.2.10", 25, "none", timeout=5), "a@example.com", ["b@example.org"], RAW)
    assert result.outcome is Outcome.TEMPORARY
    assert "loopback" in result.detail


def test_no_recipients_is_permanent() -> None:
    result = send_message(SmtpServer("127.0.0.1", 25, "none"), "a@example.com", [], RAW)
    assert result.outcome is Outcome.PERMANENT


# -- the Sent folder (mail.sentfolder) against the real Dovecot ------------------------------------------------
@pytest.mark.dovecot
def test_sent_folder_search_and_file_once(dovecot: Dovecot) -> None:
    user = dovecot.new_user()
    server = ImapServer("127.0.0.1", dovecot.imaps_port, "tls", user.name, user.password, dovecot.ssl_context())
    assert has_message_id(server, "Sent", "<reply-1@example.com>") is False
    assert has_message_id(server, "Filed/Nowhere", "<reply-1@example.com>") is False  # a missing folder
    assert file_copy(server, "Sent", RAW, "<reply-1@example.com>") is True
    assert file_copy(server, "Sent", RAW, "<reply-1@example.com>") is False  # searched first: never twice
    assert has_message_id(server, "Sent", "<REPLY-1@example.com>") is True
    assert has_message_id(server, "Sent", "<reply-1@example.co>") is False  # no substring matches
    with dovecot.client(user) as client:
        client.select_folder("Sent", readonly=True)
        uids = client.search("ALL")
        assert len(uids) == 1
        data = client.fetch(uids, ["BODY.PEEK[]", "FLAGS"])[uids[0]]
        assert data[b"BODY[]"] == RAW and b"\\Seen" in data[b"FLAGS"]


@pytest.mark.dovecot
def test_sent_folder_over_starttls_and_a_new_folder(dovecot: Dovecot) -> None:
    user = dovecot.new_user()
    server = ImapServer("127.0.0.1", dovecot.imap_port, "starttls", user.name, user.password, dovecot.ssl_context())
    assert file_copy(server, "Sent Messages", RAW, "<reply-1@example.com>") is True
    assert has_message_id(server, "Sent Messages", "<reply-1@example.com>") is True


@pytest.mark.dovecot
def test_sent_folder_errors_are_clear(dovecot: Dovecot) -> None:
    user = dovecot.new_user()
    wrong = ImapServer("127.0.0.1", dovecot.imaps_port, "tls", user.name, "wrong", dovecot.ssl_context())
    with pytest.raises(SentFolderError, match="login refused"):
        has_message_id(wrong, "Sent", "<reply-1@example.com>")
    untrusted = ImapServer("127.0.0.1", dovecot.imaps_port, "tls", user.name, user.password)
    with pytest.raises(SentFolderError, match="certificate"):
        has_message_id(untrusted, "Sent", "<reply-1@example.com>")
    with pytest.raises(SentFolderError, match="not a usable Message-ID"):
        has_message_id(untrusted, "Sent", "<a@b>\r\nX: y")
    closed = ImapServer("127.0.0.1", free_port(), "none", user.name, user.password, timeout=5)
    with pytest.raises(SentFolderError, match="cannot connect"):
        has_message_id(closed, "Sent", "<reply-1@example.com>")

"""The setup assistant's probe: does the mailbox's server file what it takes in the Sent folder itself?"""

from __future__ import annotations

import pytest

from agentdesk.mail.sentfolder import ImapServer
from agentdesk.mail.sentprobe import PROBE_HEADER, probe_sent_filing
from agentdesk.mail.smtp import SmtpServer
from tests.support.dovecot import Dovecot, ImapUser, dovecot_fixture
from tests.support.smtpd import Faults, Received, SmtpTestServer

__all__ = ["dovecot_fixture"]
ADDRESS = "support@example.com"


def _imap(dovecot: Dovecot, user: ImapUser) -> ImapServer:
    return ImapServer("127.0.0.1", dovecot.imaps_port, "tls", user.name, user.password, dovecot.ssl_context())


def _count(dovecot: Dovecot, user: ImapUser, folder: str) -> int:
    with dovecot.client(user) as client:
        if not client.folder_exists(folder):
            return 0
        client.select_folder(folder, readonly=True)
        return len(client.search("ALL"))


@pytest.mark.dovecot
@pytest.mark.parametrize("files", [True, False], ids=["server-files", "server-does-not"])
def test_the_probe_finds_out_and_cleans_up(dovecot: Dovecot, files: bool) -> None:
    user = dovecot.new_user()
    dovecot.append(user, [b"Message-ID: <keep@example.com>\r\nSubject: keep\r\n\r\nkeep\r\n"], folder="Sent")

    def deliver(received: Received) -> None:
        dovecot.append(user, [received.data], folder="INBOX")  # to itself
        if files:
            dovecot.append(user, [received.data], folder="Sent")

    with SmtpTestServer(deliver=deliver) as server:
        probe = probe_sent_filing(SmtpServer("127.0.0.1", server.port, "none", timeout=10), _imap(dovecot, user),
                                  address=ADDRESS, wait=2.0, poll=0.1)
        assert [m.rcpt_tos for m in server.messages] == [(ADDRESS,)]
        assert f"{PROBE_HEADER}: sent-folder".encode() in server.messages[0].data
    assert probe.files is files, probe.detail
    assert ("filed the check message" if files else "was not in 'Sent'") in probe.detail
    assert _count(dovecot, user, "Sent") == 1  # the probe is gone, the other message stays
    assert _count(dovecot, user, "INBOX") == 0


@pytest.mark.dovecot
def test_a_probe_that_cannot_be_sent_says_why(dovecot: Dovecot) -> None:
    user = dovecot.new_user()
    with SmtpTestServer(faults=Faults(permanent="550 5.7.1 Relaying denied", permanent_at="rcpt")) as server:
        probe = probe_sent_filing(SmtpServer("127.0.0.1", server.port, "none", timeout=10), _imap(dovecot, user),
                                  address=ADDRESS, wait=1.0)
    assert probe.files is None and "could not be sent" in probe.detail and "Relaying denied" in probe.detail

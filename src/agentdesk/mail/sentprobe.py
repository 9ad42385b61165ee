"""Does a mailbox's SMTP server file what it takes in the Sent folder itself? (the setup assistant's check)

Gmail and Microsoft 365 / Exchange do; most hosted SMTP relays do not. Knowing it decides two things
(``[mailboxes.imap] server_files_sent``): agentdesk files no second copy there, and an *uncertain* send can be
decided by looking there for its Message-ID. The probe sends one small message from the mailbox's address to the
same address (marked ``Auto-Submitted: auto-generated`` and ``X-Agentdesk-Probe: sent-folder``), looks for its
Message-ID in the Sent folder for up to ``wait`` seconds, then deletes the probe from the Sent folder and from the
inbox folder again (where it arrives a moment later), so that nobody has to answer it.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import formatdate, make_msgid

from agentdesk.mail.sentfolder import ImapServer, SentFolderError, delete_message_id, has_message_id
from agentdesk.mail.smtp import Outcome, SmtpServer, send_message

PROBE_HEADER = "X-Agentdesk-Probe"


@dataclass(frozen=True)
class SentProbe:
    """``files``: True (the server filed the probe), False (not within the wait), None (the probe could not be
    sent or the folder not searched: ``detail`` says why)."""

    files: bool | None
    detail: str
    message_id: str = ""
    seconds: float = 0.0


def probe_message(address: str) -> tuple[str, bytes]:
    """(Message-ID, bytes) of a probe from ``address`` to itself."""
    message = EmailMessage()
    message["From"] = address
    message["To"] = address
    message["Subject"] = "agentdesk: Sent folder check (deleted again automatically)"
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid("agentdesk-probe", domain=address.rpartition("@")[2] or None)
    message["Auto-Submitted"] = "auto-generated"
    message[PROBE_HEADER] = "sent-folder"
    message.set_content("agentdesk checked whether this mailbox's server files sent mail in its Sent folder.\n")
    return str(message["Message-ID"]), message.as_bytes(policy=SMTP)


def probe_sent_filing(smtp: SmtpServer, imap: ImapServer, *, address: str, sent_folder: str = "Sent",
                      inbox: str = "INBOX", wait: float = 30.0, poll: float = 0.5) -> SentProbe:
    """Send a probe and look for it in ``sent_folder``; the probe is deleted again wherever it was found."""
    message_id, raw = probe_message(address)
    started = time.monotonic()
    result = send_message(smtp, address, [address], raw)
    if result.outcome is not Outcome.SENT:
        return SentProbe(None, f"the check message could not be sent: {result.detail}", message_id)
    try:
        found = has_message_id(imap, sent_folder, message_id)
        while not found and time.monotonic() - started < wait:
            time.sleep(poll)
            found = has_message_id(imap, sent_folder, message_id)
        seconds = time.monotonic() - started
        delete_message_id(imap, sent_folder, message_id)
        deadline = time.monotonic() + min(wait, 10.0)
        while not delete_message_id(imap, inbox, message_id) and time.monotonic() < deadline:
            time.sleep(poll)
    except SentFolderError as exc:
        return SentProbe(None, f"the Sent folder could not be searched: {exc}", message_id)
    if found:
        return SentProbe(True, f"the server filed the check message in {sent_folder!r} after {seconds:.1f} s",
                         message_id, seconds)
    return SentProbe(False, f"the check message was not in {sent_folder!r} after {wait:.0f} s", message_id, seconds)

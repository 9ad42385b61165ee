"""The mailbox's Sent folder over IMAP (IMAPClient): is a message there (by Message-ID), and file a copy once.

The outbox uses it to look before it retries anything that was ever attempted, to show an agent whether an
*uncertain* message reached the server, and to append each sent message to the Sent folder exactly once
(search first, then APPEND with ``\\Seen``). Certificates are verified (IMAPClient's default context, or the
caller's); ``starttls`` stops before the password when the server does not offer it. Every failure surfaces as
:class:`SentFolderError` with an English message.
"""

from __future__ import annotations

import contextlib
import imaplib
import ssl
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from imapclient import IMAPClient
from imapclient import exceptions as imap_exc

from agentdesk.config.mailboxes import is_loopback

if TYPE_CHECKING:
    from agentdesk.mail.oauth.tokens import TokenSource

_FAILURES: tuple[type[BaseException], ...] = (
    OSError,
    imaplib.IMAP4.error,
    imap_exc.IMAPClientError,
    EOFError,
    ValueError,
)


class SentFolderError(Exception):
    """The Sent folder could not be searched or written to."""


@dataclass(frozen=True)
class ImapServer:
    """Where the mailbox's IMAP server is and how to sign in (``security``: tls | starttls | none)."""

    host: str
    port: int
    security: str = "tls"
    username: str = ""
    password: str = ""
    ssl_context: ssl.SSLContext | None = None
    timeout: float = 30.0
    #: sign in with OAuth 2.0 (SASL) with tokens from here instead of the password
    tokens: TokenSource | None = field(default=None, compare=False)
    #: the settings named no Sent folder: use the one the server marks ``\\Sent`` (RFC 6154), if any
    find_sent: bool = False

    def describe(self) -> str:
        return f"IMAP server {self.host}:{self.port}"


def _message_id(message_id: str) -> str:
    value = message_id.strip()
    if not value or any(c in value for c in "\r\n\0\""):
        raise SentFolderError(f"not a usable Message-ID: {message_id!r}")
    return value


@contextlib.contextmanager
def connect(server: ImapServer) -> Iterator[IMAPClient]:
    """A logged-in client, logged out afterwards; any failure becomes :class:`SentFolderError`."""
    where = server.describe()
    if server.security not in ("tls", "starttls", "none"):
        raise SentFolderError(f"{where}: unknown security {server.security!r}")
    if server.security == "none" and not is_loopback(server.host):
        raise SentFolderError(f"{where}: security \"none\" is allowed for a loopback host only")
    context = server.ssl_context or ssl.create_default_context()
    try:
        client = IMAPClient(server.host, port=server.port, ssl=server.security == "tls",
                            ssl_context=context if server.security == "tls" else None, timeout=server.timeout)
    except _FAILURES as exc:
        raise SentFolderError(f"{where}: cannot connect: {exc}") from None
    try:
        if server.security == "starttls":
            if not client.has_capability("STARTTLS"):
                raise SentFolderError(f"{where} does not offer STARTTLS; stopped before the password was sent")
            client.starttls(context)
        if server.tokens is not None:
            from agentdesk.mail.oauth import OAuthError, imap_login

            try:
                imap_login(client, server.tokens, host=server.host, port=server.port, where=where)
            except OAuthError as exc:
                raise SentFolderError(str(exc)) from None
        else:
            client.login(server.username, server.password)
    except SentFolderError:
        _drop(client)
        raise
    except imap_exc.LoginError as exc:
        _drop(client)
        raise SentFolderError(f"{where}: login refused for {server.username!r}: {exc}") from None
    except _FAILURES as exc:
        _drop(client)
        raise SentFolderError(f"{where}: could not sign in: {exc}") from None
    try:
        yield client
    except SentFolderError:
        raise
    except _FAILURES as exc:
        _drop(client)
        client = None
        raise SentFolderError(f"{where}: {exc}") from None
    finally:
        if client is not None:
            try:
                client.logout()
            except Exception:
                _drop(client)


def _drop(client: IMAPClient) -> None:
    with contextlib.suppress(Exception):
        client.shutdown()


def _search(client: IMAPClient, folder: str, message_id: str) -> bool:
    if not client.folder_exists(folder):
        return False
    client.select_folder(folder, readonly=True)
    found = client.search(["HEADER", "Message-ID", message_id])
    # HEADER search matches substrings: confirm on the fetched header, so that <a@x> never matches <a@x.y>.
    if not found:
        return False
    fetched = client.fetch(found, ["BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)]"])
    wanted = message_id.lower()
    for data in fetched.values():
        header = next((v for k, v in data.items() if k.startswith(b"BODY")), b"")
        value = bytes(header).decode("utf-8", "replace").split(":", 1)[-1]
        if " ".join(value.split()).lower() == wanted:
            return True
    return False


def _sent(client: IMAPClient, server: ImapServer, folder: str) -> str:
    """``folder``, or the server's own ``\\Sent`` folder when the settings named none (``find_sent``)."""
    if not server.find_sent:
        return folder
    from agentdesk.mail.folders import special_folders

    return special_folders(client).get("\\Sent", folder)


def has_message_id(server: ImapServer, folder: str, message_id: str) -> bool:
    """True when ``folder`` holds a message with exactly this Message-ID (a missing folder holds nothing)."""
    wanted = _message_id(message_id)
    with connect(server) as client:
        return _search(client, _sent(client, server, folder), wanted)


def file_copy(server: ImapServer, folder: str, raw: bytes, message_id: str) -> bool:
    """Append ``raw`` to ``folder`` (created if missing) unless it is already there; True when appended."""
    wanted = _message_id(message_id)
    with connect(server) as client:
        folder = _sent(client, server, folder)
        if _search(client, folder, wanted):
            return False
        if not client.folder_exists(folder):
            client.create_folder(folder)
        client.append(folder, raw, flags=[b"\\Seen"])
        return True


def delete_message_id(server: ImapServer, folder: str, message_id: str) -> int:
    """Delete the messages of ``folder`` with exactly this Message-ID (flag, then UID EXPUNGE of those only);
    returns how many. Without UIDPLUS they are only flagged ``\\Deleted``, so that nothing else is expunged."""
    wanted = _message_id(message_id)
    with connect(server) as client:
        folder = _sent(client, server, folder)
        if not client.folder_exists(folder):
            return 0
        client.select_folder(folder)
        uids = [uid for uid in client.search(["HEADER", "Message-ID", wanted])
                if _search_one(client, uid, wanted)]
        if not uids:
            return 0
        client.add_flags(uids, [b"\\Deleted"])
        if client.has_capability("UIDPLUS"):
            client.expunge(uids)
        return len(uids)


def _search_one(client: IMAPClient, uid: int, wanted: str) -> bool:
    fetched = client.fetch([uid], ["BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)]"])
    data = fetched.get(uid, {})
    header = next((v for k, v in data.items() if k.startswith(b"BODY")), b"")
    value = bytes(header).decode("utf-8", "replace").split(":", 1)[-1]
    return " ".join(value.split()).lower() == wanted.lower()

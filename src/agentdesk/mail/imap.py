"""One IMAP connection to a configured mailbox (IMAPClient): secure connect, select, fetch by UID, IDLE.

Certificates are verified by default (``ca_file`` in the settings, or an ``ssl_context`` given by the caller,
adds a trust anchor; nothing turns verification off). ``starttls`` fails before the password is sent when the
server does not offer STARTTLS. Messages are fetched with ``BODY.PEEK[]`` (never marking them ``\\Seen``) by
UID ranges (``a:b``), in batches the caller chooses. CONDSTORE and QRESYNC are enabled where offered, so that
SELECT reports HIGHESTMODSEQ. Every failure of the network or the protocol surfaces as :class:`ImapError`; a
dropped connection is never fatal to the caller, who reconnects with :class:`Backoff`.
"""

from __future__ import annotations

import contextlib
import imaplib
import logging
import random
import ssl
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from imapclient import IMAPClient
from imapclient import exceptions as imap_exc
from imapclient.response_parser import parse_fetch_response

from agentdesk.config.mailboxes import ImapSettings

log = logging.getLogger(__name__)
T = TypeVar("T")

_NETWORK_ERRORS: tuple[type[BaseException], ...] = (
    OSError,  # includes socket.timeout, ssl.SSLError, ConnectionResetError
    imaplib.IMAP4.error,  # includes abort and IMAPClient's IMAPClientError family
    imap_exc.IMAPClientError,
    EOFError,
    ValueError,  # malformed responses ("unterminated line", IMAPClient issue #519)
)


class ImapError(Exception):
    """The IMAP server could not be reached, dropped the connection, or answered with an error."""


class ImapAuthError(ImapError):
    """The server refused the username or password."""


class ImapSignInRequired(ImapAuthError):
    """The mailbox signs in with OAuth 2.0 and a person must sign in (again): the "sign in again" state."""


class ImapTlsError(ImapError):
    """The secure connection could not be set up (certificate not trusted, STARTTLS not offered …)."""


@dataclass(frozen=True)
class FolderStatus:
    """What SELECT reported about a folder."""

    folder: str
    uidvalidity: int
    uidnext: int | None
    exists: int
    highest_modseq: int | None


@dataclass(frozen=True)
class Fetched:
    """One fetched message: its UID and raw bytes exactly as the server holds them."""

    uid: int
    raw: bytes


def uid_ranges(uids: Sequence[int]) -> bytes:
    """A compact UID set (``1:5,7,9:12``) for sorted or unsorted ``uids``."""
    ordered = sorted(set(uids))
    parts: list[str] = []
    start = prev = None
    for uid in ordered:
        if start is None:
            start = prev = uid
        elif prev is not None and uid == prev + 1:
            prev = uid
        else:
            parts.append(f"{start}:{prev}" if start != prev else str(start))
            start = prev = uid
    if start is not None:
        parts.append(f"{start}:{prev}" if start != prev else str(start))
    return ",".join(parts).encode("ascii")


def ssl_context_for(settings: ImapSettings) -> ssl.SSLContext:
    """A verifying context; ``ca_file`` adds the administrator's own certificate authority."""
    if settings.ca_file is not None:
        return ssl.create_default_context(cafile=str(settings.ca_file))
    return ssl.create_default_context()


class ImapConnection:
    """A logged-in connection to one mailbox's IMAP server; use as a context manager or call ``close()``."""

    def __init__(self, settings: ImapSettings, *, password: str | None = None,
                 ssl_context: ssl.SSLContext | None = None) -> None:
        self.settings = settings
        self._password = password
        self._ssl_context = ssl_context
        self._client: IMAPClient | None = None
        self._idling = False
        self.capabilities: frozenset[str] = frozenset()
        self.selected: FolderStatus | None = None
        #: when the access token this session signed in with expires (OAuth only; ``time.time()`` seconds)
        self.session_expires_at: float | None = None
        self._session_lifetime = 0.0

    # -- connection ---------------------------------------------------------------------------------------
    def __enter__(self) -> ImapConnection:
        if self._client is None:
            self.connect()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def client(self) -> IMAPClient:
        if self._client is None:
            raise ImapError(f"mailbox {self.settings.mailbox!r}: not connected")
        return self._client

    @property
    def connected(self) -> bool:
        return self._client is not None

    def connect(self) -> None:
        """Connect, secure the connection, log in, and enable CONDSTORE/QRESYNC where offered."""
        s = self.settings
        where = f"mailbox {s.mailbox!r}: IMAP server {s.host}:{s.port}"
        context = self._ssl_context or (ssl_context_for(s) if s.security != "none" else None)
        password = self._password if self._password is not None or s.oauth is not None else s.password()
        try:
            client = IMAPClient(s.host, port=s.port, ssl=s.security == "tls", ssl_context=context,
                                timeout=s.timeout)
        except ssl.SSLError as exc:
            raise ImapTlsError(f"{where}: the secure connection failed: {exc}") from None
        except _NETWORK_ERRORS as exc:
            raise ImapError(f"{where}: cannot connect: {exc}") from None
        try:
            if s.security == "starttls":
                if not client.has_capability("STARTTLS"):
                    raise ImapTlsError(f"{where}: the server does not offer STARTTLS; the password was not sent")
                try:
                    client.starttls(context)
                except ssl.SSLError as exc:
                    raise ImapTlsError(f"{where}: STARTTLS failed: {exc}") from None
            self._login(client, password, where)
            caps = {c.decode("ascii", "replace").upper() for c in client.capabilities()}
            wanted = [c for c in ("QRESYNC", "CONDSTORE") if c in caps]
            if wanted:
                client.enable(*wanted)
        except ImapError:
            self._drop(client)
            raise
        except _NETWORK_ERRORS as exc:
            self._drop(client)
            raise ImapError(f"{where}: connection failed during login: {exc}") from None
        self._client = client
        self.capabilities = frozenset(caps)
        self._idling = False
        self.selected = None
        log.debug("%s: connected (%s)", where, ", ".join(sorted(wanted)) or "no CONDSTORE")

    def _login(self, client: IMAPClient, password: str | None, where: str) -> None:
        """LOGIN with the password, or SASL OAUTHBEARER/XOAUTH2 with a fresh token (``auth = "oauth2"``)."""
        s = self.settings
        if s.oauth is None:
            try:
                client.login(s.username, password or "")
            except imap_exc.LoginError as exc:
                raise ImapAuthError(f"{where}: login refused for {s.username!r}: {exc}") from None
            return
        # imported here: Authlib and requests cost start-up time a password-only desktop need not pay
        from agentdesk.mail.oauth import (
            OAuthError,
            ServerRefusedToken,
            SignInRequired,
            imap_login,
            token_source,
        )

        tokens = token_source(s.oauth)
        try:
            imap_login(client, tokens, host=s.host, port=s.port, where=where)
        except SignInRequired as exc:
            raise ImapSignInRequired(str(exc)) from None
        except ServerRefusedToken as exc:
            raise ImapAuthError(str(exc)) from None
        except OAuthError as exc:  # the provider could not be reached: try again later
            raise ImapError(f"{where}: {exc}") from None
        token = tokens.current
        self.session_expires_at = token.expires_at if token is not None else None
        self._session_lifetime = token.lifetime if token is not None else 0.0

    def reauth_at(self, before: float = 120.0) -> float | None:
        """When (``time.time()``) to sign in again with a fresh token: ``before`` seconds (at most a quarter of
        the token's life) before the session's access token expires, so that a server such as Exchange Online
        never ends the session for an expired token. None for a password session."""
        if self.session_expires_at is None:
            return None
        return self.session_expires_at - min(before, self._session_lifetime / 4)

    def token_expiring(self, before: float = 120.0) -> bool:
        """True when it is time to sign in again (:meth:`reauth_at`)."""
        when = self.reauth_at(before)
        return when is not None and time.time() >= when

    @staticmethod
    def _drop(client: IMAPClient) -> None:
        with contextlib.suppress(Exception):
            client.shutdown()

    def close(self) -> None:
        """Log out politely when possible; always release the socket."""
        client, self._client = self._client, None
        if client is None:
            return
        try:
            if self._idling:
                client.idle_done()
            client.logout()
        except Exception:
            self._drop(client)
        self._idling = False
        self.selected = None

    def _call(self, what: str, fn: Callable[[], T]) -> T:
        """Run one command; any failure closes the connection and becomes an :class:`ImapError`."""
        try:
            return fn()
        except ImapError:
            raise
        except _NETWORK_ERRORS as exc:
            client, self._client = self._client, None
            if client is not None:
                self._drop(client)
            raise ImapError(f"mailbox {self.settings.mailbox!r}: {what} failed: {exc}") from None

    # -- folders and messages ---------------------------------------------------------------------------
    def has(self, capability: str) -> bool:
        return capability.upper() in self.capabilities

    def select(self, folder: str, *, readonly: bool = False) -> FolderStatus:
        """SELECT (or EXAMINE) ``folder``; its UIDVALIDITY, UIDNEXT, EXISTS and HIGHESTMODSEQ."""
        info: dict[bytes, Any] = self._call(f"SELECT {folder}",
                                            lambda: self.client.select_folder(folder, readonly=readonly))
        modseq = info.get(b"HIGHESTMODSEQ")
        uidnext = info.get(b"UIDNEXT")
        status = FolderStatus(
            folder=folder,
            uidvalidity=int(info[b"UIDVALIDITY"]),
            uidnext=int(uidnext) if uidnext is not None else None,
            exists=int(info.get(b"EXISTS", 0)),
            highest_modseq=int(modseq) if modseq is not None else None,
        )
        self.selected = status
        return status

    def uids_from(self, first_uid: int) -> list[int]:
        """UIDs of the selected folder from ``first_uid`` on, sorted (``n:*`` may answer the last one: dropped)."""
        found: list[int] = self._call("UID SEARCH", lambda: self.client.search(["UID", f"{max(first_uid, 1)}:*"]))
        return sorted(uid for uid in found if uid >= first_uid)

    def uids_through(self, last_uid: int, *, unseen: bool = False) -> list[int]:
        """UIDs up to ``last_uid`` (optionally only unseen ones)."""
        if last_uid < 1:
            return []
        criteria: list[str] = ["UID", f"1:{last_uid}"] + (["UNSEEN"] if unseen else [])
        found: list[int] = self._call("UID SEARCH", lambda: self.client.search(criteria))
        return sorted(uid for uid in found if uid <= last_uid)

    def _fetch(self, uids: Sequence[int], items: bytes) -> dict[int, dict[bytes, Any]]:
        spec = uid_ranges(uids)

        def run() -> dict[int, dict[bytes, Any]]:
            data = self.client._raw_command_untagged(b"FETCH", [spec, items], uid=True)
            parsed: dict[int, dict[bytes, Any]] = parse_fetch_response(data, self.client.normalise_times, True)
            return parsed

        return self._call("UID FETCH", run) if uids else {}

    def fetch_raw(self, uids: Sequence[int]) -> list[Fetched]:
        """The raw bytes of ``uids`` (one command over their ranges), ordered by UID; vanished UIDs are absent."""
        wanted = set(uids)
        response = self._fetch(uids, b"(UID BODY.PEEK[])")
        out = []
        for uid, item in response.items():
            raw = item.get(b"BODY[]")
            if uid in wanted and isinstance(raw, bytes):
                out.append(Fetched(uid, raw))
        out.sort(key=lambda f: f.uid)
        return out

    def fetch_message_ids(self, uids: Sequence[int]) -> dict[int, bytes]:
        """The ``Message-ID`` header field (raw bytes, possibly empty) of each of ``uids``."""
        response = self._fetch(uids, b"(UID BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)])")
        out: dict[int, bytes] = {}
        for uid, item in response.items():
            for key, value in item.items():
                if key.startswith(b"BODY[HEADER.FIELDS") and isinstance(value, bytes):
                    out[uid] = value
        return out

    def mark_seen(self, uids: Sequence[int]) -> None:
        if uids:
            self._call("UID STORE", lambda: self.client.add_flags(list(uids), [b"\\Seen"], silent=True))

    def move(self, uids: Sequence[int], folder: str) -> None:
        """Move ``uids`` to ``folder`` (created if missing): MOVE where offered, else COPY + expunge. A folder
        written as a special use (``\\Trash``, ``\\Junk`` …) is the one the server marks so (RFC 6154)."""
        if not uids:
            return
        client = self.client
        if folder.startswith("\\"):  # a special use ("move:\\Trash"): the folder the server marks so
            from agentdesk.mail.folders import find_special

            found = self._call("LIST", lambda: find_special(client, folder))
            if found is None:
                raise ImapError(f"mailbox {self.settings.mailbox!r}: the server marks no folder {folder} "
                                "(RFC 6154): name the folder in after_ingest instead")
            folder = found
        if not self._call("LIST", lambda: client.folder_exists(folder)):
            self._call("CREATE", lambda: client.create_folder(folder))
        if self.has("MOVE"):
            self._call("UID MOVE", lambda: client.move(list(uids), folder))
            return
        self._call("UID COPY", lambda: client.copy(list(uids), folder))
        self._call("UID STORE", lambda: client.add_flags(list(uids), [b"\\Deleted"], silent=True))
        if self.has("UIDPLUS"):
            self._call("UID EXPUNGE", lambda: client.uid_expunge(list(uids)))
        else:
            self._call("EXPUNGE", lambda: client.expunge())

    # -- push -----------------------------------------------------------------------------------------------
    def wait_for_change(self, timeout: float, should_stop: Callable[[], bool] | None = None) -> bool:
        """Wait up to ``timeout`` seconds for new mail in the selected folder (IDLE, or NOOP polling).

        Returns True when the server reported a change; checks ``should_stop`` at least once a second.
        """
        deadline = time.monotonic() + timeout
        use_idle = self.settings.idle and self.has("IDLE")
        if not use_idle:
            while time.monotonic() < deadline:
                if should_stop and should_stop():
                    return False
                time.sleep(min(1.0, max(0.0, deadline - time.monotonic())))
            responses = self._call("NOOP", lambda: self.client.noop())
            return any(b"EXISTS" in r for r in _flatten(responses))
        client = self.client
        client._imap.untagged_responses.pop("EXISTS", None)  # stale: left there by SELECT
        # mail that arrived since the last command: NOOP reports it; IDLE would not repeat it
        if any(b"EXISTS" in r for r in _flatten(self._call("NOOP", client.noop))):
            return True
        self._call("IDLE", client.idle)
        self._idling = True
        # an EXISTS sent before the "+ idling" continuation is kept by imaplib, not by idle_check()
        changed = bool(client._imap.untagged_responses.pop("EXISTS", None))
        try:
            while not changed and time.monotonic() < deadline:
                if should_stop and should_stop():
                    break
                wait = min(1.0, max(0.0, deadline - time.monotonic()))
                responses = self._call("IDLE", lambda w=wait: client.idle_check(timeout=w))  # type: ignore[misc]
                changed = any(len(r) >= 2 and r[1] in (b"EXISTS", b"RECENT", b"EXPUNGE") for r in responses
                              if isinstance(r, tuple))
                if self._client is None:
                    raise ImapError(f"mailbox {self.settings.mailbox!r}: the connection closed during IDLE")
        finally:
            if self._client is not None and self._idling:
                self._idling = False
                self._call("IDLE DONE", client.idle_done)
        return changed


def _flatten(responses: Any) -> Iterator[bytes]:
    if isinstance(responses, tuple):
        responses = responses[1]
    for item in responses or ():
        if isinstance(item, tuple):
            yield from (x for x in item if isinstance(x, bytes))
        elif isinstance(item, bytes):
            yield item


class Backoff:
    """Exponential reconnect delays with jitter: 1 s, 2 s, 4 s … up to ``maximum``; ``reset()`` after success."""

    def __init__(self, initial: float = 1.0, maximum: float = 60.0, factor: float = 2.0) -> None:
        self.initial = initial
        self.maximum = maximum
        self.factor = factor
        self.failures = 0

    def next_delay(self) -> float:
        delay = min(self.maximum, self.initial * self.factor ** self.failures)
        self.failures += 1
        return delay * random.uniform(0.8, 1.2)

    def reset(self) -> None:
        self.failures = 0


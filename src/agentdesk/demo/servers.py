"""The demo's mail servers, inside the process and on loopback only: an IMAP server (pymap, Maildir folders in
the demo folder) and an SMTP server (aiosmtpd) that delivers every message it takes into the IMAP server.

Both listen on 127.0.0.1 on a free port and run on background threads with their own event loops; ``stop()``
closes them. The SMTP server asks for no password (it accepts only loopback connections); the IMAP server
signs each demo account in with one password. A message for an address that has no account of its own goes to
the catch-all account ``customers``, so that a reply to a (made-up) customer really arrives somewhere.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sys
import threading
import warnings
from argparse import Namespace
from collections.abc import Callable, Coroutine, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import getaddresses
from pathlib import Path
from typing import Any, TypeVar

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session

log = logging.getLogger(__name__)
T = TypeVar("T")

HOST = "127.0.0.1"
CATCH_ALL = "customers"

#: called with (recipients, raw bytes) after the SMTP server has delivered a message
DeliveryHook = Callable[[tuple[str, ...], bytes], None]


@dataclass(frozen=True)
class Delivered:
    """One message the SMTP server took and filed: envelope and the exact bytes."""

    mail_from: str
    rcpt_tos: tuple[str, ...]
    data: bytes


class ImapServer:
    """pymap's Maildir backend on 127.0.0.1:``port``, one account per name in ``accounts``."""

    def __init__(self, base_dir: Path, accounts: Mapping[str, str], password: str) -> None:
        self.base_dir = base_dir
        self.accounts = dict(accounts)  # account name → its folders besides INBOX, comma-separated
        self.password = password
        self.port = 0
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._server: asyncio.AbstractServer | None = None
        self._config: Any = None
        self._login: Any = None
        self._executor = ThreadPoolExecutor(max_workers=2, thread_name_prefix="demo-imap-io")

    # -- running on the loop -------------------------------------------------------------------------------
    def _run(self, coro: Coroutine[Any, Any, T], timeout: float = 30.0) -> T:
        assert self._loop is not None
        return asyncio.run_coroutine_threadsafe(coro, self._loop).result(timeout)

    def start(self) -> ImapServer:
        self.base_dir.mkdir(parents=True, exist_ok=True)
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="demo-imap", daemon=True)
        self._thread.start()
        self._run(self._start())
        return self

    async def _start(self) -> None:
        from proxyprotocol.reader import ProxyProtocolReader
        from pymap.backend.maildir import Config, Identity, Login
        from pymap.concurrent import Subsystem
        from pymap.frozen import frozendict
        from pymap.imap import IMAPServer
        from pymap.user import Passwords, UserMetadata

        class _DemoConfig(Config):
            @property
            def greeting(self) -> bytes:  # pymap looks up the host's FQDN, which can take seconds
                return b"Server ready (agentdesk demo)"

        args = Namespace(passlib_cfg=None, proxy_protocol=None, debug=False, inherited_sockets=None)
        config = _DemoConfig(
            args, host=HOST, port=0, base_dir=str(self.base_dir), layout="++",
            colon="!" if sys.platform == "win32" else None, tls_enabled=False, reject_dnsbl=False,
            invalid_user_sleep=0.0, subsystem=Subsystem.for_executor(self._executor),
            cpu_subsystem=Subsystem.for_executor(self._executor),
        )
        config.apply_context()
        login = Login(config)
        hashed = await Passwords(config).hash_password(self.password)
        for name, folders in self.accounts.items():
            identity = Identity(config, login.tokens, name, None, frozenset())
            await identity.set(UserMetadata(config, name, password=hashed,
                                            params=frozendict({"mailbox_path": name})))
            async with identity.new_session() as session:
                tree = await session.mailbox_set.list_mailboxes()
                for folder in filter(None, folders.split(",")):
                    if tree.get(folder) is None:
                        await session.mailbox_set.add_mailbox(folder)
        self._config, self._login = config, login
        callback = ProxyProtocolReader(config.proxy_protocol).get_callback(IMAPServer(login, config))
        self._server = await asyncio.start_server(callback, host=HOST, port=0)
        self.port = int(self._server.sockets[0].getsockname()[1])

    def append(self, account: str, raw: bytes, folder: str = "INBOX") -> None:
        """File ``raw`` in ``account``'s ``folder`` (as a local delivery agent would)."""
        self._run(self._append(account, raw, folder))

    async def _append(self, account: str, raw: bytes, folder: str) -> None:
        from pymap.backend.maildir import Identity
        from pymap.parsing.message import AppendMessage

        identity = Identity(self._config, self._login.tokens, account, None, frozenset())
        async with identity.new_session() as session:
            await session.append_messages(folder, [AppendMessage(raw, datetime.now(UTC), frozenset())])

    def messages(self, account: str, folder: str = "INBOX") -> list[bytes]:
        """Every message in ``account``'s ``folder``, oldest first (raw bytes), read over IMAP as a client would."""
        from imapclient import IMAPClient

        with IMAPClient(HOST, port=self.port, ssl=False, timeout=30) as client:
            client.login(account, self.password)
            client.select_folder(folder, readonly=True)
            uids = client.search("ALL")
            if not uids:
                return []
            fetched = client.fetch(uids, [b"BODY.PEEK[]"])
            return [bytes(fetched[uid][b"BODY[]"]) for uid in sorted(fetched)]

    def stop(self) -> None:
        loop = self._loop
        if loop is None:
            return
        if self._server is not None:
            server = self._server

            async def close() -> None:
                server.close()
                for task in asyncio.all_tasks():
                    if task is not asyncio.current_task():
                        task.cancel()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(server.wait_closed(), 5)

            with contextlib.suppress(Exception):
                self._run(close(), timeout=10)
        loop.call_soon_threadsafe(loop.stop)
        if self._thread is not None:
            self._thread.join(10)
        loop.close()
        self._loop = None
        self._executor.shutdown(wait=True, cancel_futures=True)


class _DeliveryHandler:
    def __init__(self, owner: SmtpServer) -> None:
        self.owner = owner

    async def handle_RCPT(self, server: SMTP, session: Session, envelope: Envelope, address: str,
                          options: list[str]) -> str:
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        data = envelope.original_content or b""
        received = Delivered(str(envelope.mail_from), tuple(envelope.rcpt_tos), data)
        loop = asyncio.get_running_loop()
        try:
            await loop.run_in_executor(None, self.owner.deliver, received)
        except Exception:
            log.exception("demo SMTP: could not file the message in the IMAP server")
            return "451 4.3.0 Could not deliver, try again later"
        return "250 2.0.0 Delivered"


class _Controller(Controller):
    def factory(self) -> SMTP:
        with warnings.catch_warnings():  # loopback only: AUTH without TLS is what the demo's settings say
            warnings.filterwarnings("ignore", "Requiring AUTH while not requiring TLS", UserWarning)
            return SMTP(self.handler, **self.SMTP_kwargs)


class SmtpServer:
    """aiosmtpd on 127.0.0.1:``port``: each recipient's copy goes to its account, else to ``customers``.

    It asks for a login (``username`` / ``password``), since a configured mailbox always signs in."""

    def __init__(self, imap: ImapServer, addresses: Mapping[str, str], *, username: str, password: str,
                 on_delivered: DeliveryHook | None = None, port: int = 0) -> None:
        self.imap = imap
        self._credentials = (username, password)
        self.addresses = {k.lower(): v for k, v in addresses.items()}  # address → IMAP account
        self.on_delivered = on_delivered
        self.delivered: list[Delivered] = []
        self._lock = threading.Lock()
        self.port = port or _free_port()
        self._controller = _Controller(_DeliveryHandler(self), hostname=HOST, port=self.port,
                                       server_hostname="demo.example.com", ready_timeout=10,
                                       authenticator=self._authenticate, auth_required=True,
                                       auth_require_tls=False)

    def _authenticate(self, server: SMTP, session: Session, envelope: Envelope, mechanism: str,
                      auth_data: Any) -> AuthResult:
        if isinstance(auth_data, LoginPassword):
            given = (auth_data.login.decode("utf-8", "replace"), auth_data.password.decode("utf-8", "replace"))
            if given == self._credentials:
                return AuthResult(success=True)
        return AuthResult(success=False, handled=False)  # handled=False: aiosmtpd answers 535 (known-traps)

    def account_for(self, address: str) -> str:
        return self.addresses.get(address.lower(), CATCH_ALL)

    def deliver(self, message: Delivered) -> None:
        accounts = dict.fromkeys(self.account_for(addr) for _name, addr in getaddresses(list(message.rcpt_tos)))
        for account in accounts:
            self.imap.append(account, message.data)
        with self._lock:
            self.delivered.append(message)
        if self.on_delivered is not None:
            try:
                self.on_delivered(message.rcpt_tos, message.data)
            except Exception:
                log.exception("demo SMTP: the delivery hook failed")

    def start(self) -> SmtpServer:
        self._controller.start()
        return self

    def stop(self) -> None:
        with contextlib.suppress(Exception):
            self._controller.stop()


def _free_port() -> int:
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])

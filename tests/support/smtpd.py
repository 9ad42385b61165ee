"""A real SMTP server on loopback for tests (aiosmtpd ``Controller`` on 127.0.0.1, a free port), with faults.

It collects every message it takes (envelope and the exact bytes) and every AUTH it is sent, and can be told
to: answer 4xx N times (at MAIL, RCPT or the end of DATA) then accept; answer 5xx; drop the connection before
DATA N times; take the body and never answer (bounded: it gives up after ``stall_seconds`` and is released at
``stop()``); require AUTH (a failed login returns ``AuthResult(success=False, handled=False)`` so that a 535 is
sent — see known-traps); offer STARTTLS, or speak TLS from the start, with a self-signed certificate made by
``openssl``. Use it as a context manager; it runs only a thread of this process.

It can also stop the conversation at one step (``Faults.stop_at``), ``stops`` times, either dropping the connection
(``stop_how="drop"``) or hanging there without a word (``"hang"``, released at ``stop()`` or after
``stall_seconds``): ``"connect"`` (after the greeting, at EHLO), ``"rcpt"`` (the recipients accepted, at the DATA
command, before its 354), ``"mid_data"`` (after ``mid_data_bytes`` bytes of the body) and ``"end_of_data"`` (the
final dot arrived, before the answer; with ``take_before_stop`` the message is taken first, as when only the
answer is lost). ``reached`` lists every step where it stopped, in order, for a test to wait
on; ``bodies`` holds every body whose end of data arrived, answered or not (``wire_ends``: the first bytes of
every body whose final dot arrived on the wire, even one aiosmtpd dropped because the client vanished first). ``answer_delay`` (seconds, low and high,
seeded by ``seed``) makes it think before each answer to the end of data; ``deliver`` is called (in a worker
thread) with each accepted message before the 250, e.g. to file it in a Sent folder as Gmail or Exchange do.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import random
import socket
import ssl
import subprocess
import tempfile
import threading
import time
import warnings
from base64 import b64decode
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import MISSING, SMTP, AuthResult, Envelope, LoginPassword, Session

_CERT_LOCK = threading.Lock()
_CERT: tuple[Path, Path] | None = None


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def self_signed() -> tuple[Path, Path]:
    """(certificate, key) for 127.0.0.1/localhost, made once per process by ``openssl``."""
    global _CERT
    with _CERT_LOCK:
        if _CERT is None:
            folder = Path(tempfile.mkdtemp(prefix="agentdesk-smtpd-"))
            cert, key = folder / "cert.pem", folder / "key.pem"
            subprocess.run(
                ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-keyout", str(key),
                 "-out", str(cert), "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"],
                check=True, capture_output=True,
            )
            _CERT = (cert, key)
        return _CERT


def client_context() -> ssl.SSLContext:
    """A verifying client context that trusts the test certificate (and nothing else)."""
    return ssl.create_default_context(cafile=str(self_signed()[0]))


@dataclass(frozen=True)
class Received:
    mail_from: str
    rcpt_tos: tuple[str, ...]
    data: bytes


@dataclass
class Faults:
    """What the server does wrong; counters go down as they are used. Change them between attempts."""

    temporary: int = 0  # answer 4xx this many times …
    temporary_at: str = "data"  # … at "mail", "rcpt" or "data" (after the body)
    temporary_reply: str = "451 4.3.0 Try again later"
    permanent: str | None = None  # e.g. "550 5.1.1 No such user", at permanent_at
    permanent_at: str = "rcpt"
    refuse_rcpt: dict[str, str] = field(default_factory=dict)  # recipient → reply (5xx for that one only)
    drop_before_data: int = 0  # close the connection at RCPT this many times
    stall: bool = False  # take the body, never answer
    stop_at: str | None = None  # "connect" | "rcpt" | "mid_data" | "end_of_data": stop the conversation there …
    stop_how: str = "drop"  # … by dropping the connection, or "hang" (no answer until released)
    stops: int = 1  # … this many times, then behave
    mid_data_bytes: int = 64  # "mid_data": stop after this many bytes of the body
    take_before_stop: bool = False  # "end_of_data": take the message (deliver, keep it), then stop unanswered
    answer_delay: tuple[float, float] | None = None  # think this long (uniform, seconds) before answering the data
    seed: int = 0  # for answer_delay

    def __post_init__(self) -> None:
        if self.stop_at not in STOP_STEPS:
            raise ValueError(f"stop_at must be one of {STOP_STEPS}, not {self.stop_at!r}")
        if self.stop_how not in ("drop", "hang"):
            raise ValueError(f"stop_how must be 'drop' or 'hang', not {self.stop_how!r}")
        self._random = random.Random(self.seed)

    def take_stop(self, step: str) -> bool:
        """Stop at ``step`` now? (counts the stop down)"""
        if self.stop_at == step and self.stops > 0:
            self.stops -= 1
            return True
        return False

    def delay(self) -> float:
        return self._random.uniform(*self.answer_delay) if self.answer_delay else 0.0


STOP_STEPS = (None, "connect", "rcpt", "mid_data", "end_of_data")


class _Handler:
    def __init__(self, server: SmtpTestServer) -> None:
        self.server = server

    def _fault(self, stage: str) -> str | None:
        f = self.server.faults
        if f.temporary > 0 and f.temporary_at == stage:
            f.temporary -= 1
            return f.temporary_reply
        if f.permanent and f.permanent_at == stage:
            return f.permanent
        return None

    async def handle_MAIL(self, server: SMTP, session: Session, envelope: Envelope, address: str,
                          options: list[str]) -> str:
        fault = self._fault("mail")
        if fault:
            return fault
        envelope.mail_from = address
        envelope.mail_options.extend(options)
        return "250 OK"

    async def handle_RCPT(self, server: SMTP, session: Session, envelope: Envelope, address: str,
                          options: list[str]) -> str:
        f = self.server.faults
        if f.drop_before_data > 0:
            f.drop_before_data -= 1
            self.server.drops += 1
            transport = server.transport
            assert isinstance(transport, asyncio.Transport)
            transport.abort()
            return "421 4.4.2 Connection dropped"
        fault = self._fault("rcpt")
        if fault:
            return fault
        if address in f.refuse_rcpt:
            return f.refuse_rcpt[address]
        envelope.rcpt_tos.append(address)
        envelope.rcpt_options.extend(options)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        data = envelope.original_content or b""
        self.server.bodies.append(data)
        if self.server.faults.take_stop("end_of_data"):
            if self.server.faults.take_before_stop:
                await self.server.take(Received(str(envelope.mail_from), tuple(envelope.rcpt_tos), data))
            await self.server.stop_here(server, "end_of_data")
            return "421 4.3.0 Stopped"  # never reaches the client: the connection is gone
        delay = self.server.faults.delay()
        if delay:
            await asyncio.sleep(delay)
        if self.server.faults.stall:
            released = self.server._released
            assert released is not None
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(released.wait(), timeout=self.server.stall_seconds)
            return "451 4.3.0 Took too long"
        fault = self._fault("data")
        if fault:
            return fault
        await self.server.take(Received(str(envelope.mail_from), tuple(envelope.rcpt_tos), data))
        return "250 2.0.0 Queued"


class _RecordingSMTP(SMTP):
    """aiosmtpd's SMTP that remembers every AUTH command it was sent."""

    def __init__(self, owner: SmtpTestServer, *args: Any, **kwargs: Any) -> None:
        self._owner = owner
        with warnings.catch_warnings():  # plain-text AUTH is what the STARTTLS-missing test is about
            warnings.filterwarnings("ignore", "Requiring AUTH while not requiring TLS", UserWarning)
            super().__init__(*args, **kwargs)

    async def smtp_AUTH(self, arg: str) -> None:
        self._owner.auth_commands.append(arg.split()[0] if arg else "")
        await super().smtp_AUTH(arg)

    async def auth_XOAUTH2(self, _server: SMTP, args: list[str]) -> AuthResult:
        """SASL XOAUTH2 as Gmail and Exchange Online take it: ``user=U^Aauth=Bearer T^A^A``; a refused token gets
        the base64 JSON error challenge, the client's empty answer, then 535."""
        owner = self._owner
        if owner.bearer is None:
            return AuthResult(success=False, handled=False)
        if len(args) == 1:
            blob = await self.challenge_auth("")
            if blob is MISSING:
                return AuthResult(success=False)
        else:
            try:
                blob = b64decode(args[1].encode(), validate=True)
            except ValueError:
                await self.push("501 5.5.2 Can't decode base64")
                return AuthResult(success=False, handled=True)
        assert isinstance(blob, bytes)
        return await self._bearer(blob.decode("utf-8", "replace"))

    async def auth_OAUTHBEARER(self, _server: SMTP, args: list[str]) -> AuthResult:
        """RFC 7628: ``n,a=USER,^Ahost=…^Aport=…^Aauth=Bearer T^A^A``; a refused token gets the JSON error
        challenge, the client's ``^A``, then 535."""
        if self._owner.bearer is None or len(args) != 2:
            return AuthResult(success=False, handled=False)
        try:
            text = b64decode(args[1].encode(), validate=True).decode("utf-8", "replace")
        except ValueError:
            await self.push("501 5.5.2 Can't decode base64")
            return AuthResult(success=False, handled=True)
        gs2, _, rest = text.partition("\x01")
        user = next((p[2:] for p in gs2.split(",") if p.startswith("a=")), "").replace("=2C", ",").replace("=3D", "=")
        return await self._bearer(f"user={user}\x01{rest}")

    async def _bearer(self, text: str) -> AuthResult:
        owner = self._owner
        assert owner.bearer is not None
        fields = dict(f.split("=", 1) for f in text.split("\x01") if "=" in f)
        user, token = fields.get("user", ""), fields.get("auth", "").removeprefix("Bearer ")
        ok = owner.bearer(user, token)
        owner.logins.append((user, ok))
        if ok:
            return AuthResult(success=True)
        await self.challenge_auth(json.dumps({"status": "invalid_token", "schemes": "bearer", "scope": "mail"}))
        return AuthResult(success=False, handled=False)

    async def smtp_EHLO(self, hostname: str) -> None:
        if self._owner.faults.take_stop("connect"):
            await self._owner.stop_here(self, "connect")
            return
        await super().smtp_EHLO(hostname)

    async def smtp_HELO(self, hostname: str) -> None:
        if self._owner.faults.take_stop("connect"):
            await self._owner.stop_here(self, "connect")
            return
        await super().smtp_HELO(hostname)

    def data_received(self, data: bytes) -> None:
        """Watch the wire: the final dot of a message counts as arrived when its bytes do, even if aiosmtpd
        drops the message because the client went away before it was parsed (``wire_ends``)."""
        if self._wire_head is not None:
            if len(self._wire_head) < 8192:
                self._wire_head += data[:8192]
            self._wire_tail = (self._wire_tail + data)[-5:]
            if self._wire_tail == b"\r\n.\r\n":
                self._owner.wire_ends.append(bytes(self._wire_head))
                self._wire_head = None
        super().data_received(data)

    _wire_head: bytearray | None = None
    _wire_tail: bytes = b""

    async def smtp_DATA(self, arg: str) -> None:
        faults = self._owner.faults
        if self.envelope is not None and self.envelope.rcpt_tos and faults.take_stop("rcpt"):
            await self._owner.stop_here(self, "rcpt")
            return
        if self.envelope is not None and self.envelope.rcpt_tos and faults.take_stop("mid_data"):
            self._wire_head, self._wire_tail = bytearray(), b"\r\n"
            await self.push("354 End data with <CR><LF>.<CR><LF>")
            with contextlib.suppress(asyncio.IncompleteReadError):
                self._owner.partial.append(await self._reader.readexactly(faults.mid_data_bytes))
            await self._owner.stop_here(self, "mid_data")
            return
        if self.envelope is not None and self.envelope.rcpt_tos and not arg:
            self._wire_head, self._wire_tail = bytearray(), b"\r\n"  # super() answers 354 and reads the body
        await super().smtp_DATA(arg)


class _Controller(Controller):
    def __init__(self, owner: SmtpTestServer, *args: Any, **kwargs: Any) -> None:
        self._owner = owner
        super().__init__(*args, **kwargs)

    def factory(self) -> SMTP:
        return _RecordingSMTP(self._owner, self.handler, **self.SMTP_kwargs)


class SmtpTestServer:
    """aiosmtpd on 127.0.0.1:``port``. ``users`` turns AUTH on (required); ``starttls`` offers STARTTLS;
    ``implicit_tls`` speaks TLS from the first byte (for ``security = "tls"``)."""

    def __init__(self, *, users: dict[str, str] | None = None, starttls: bool = False,
                 implicit_tls: bool = False, faults: Faults | None = None, stall_seconds: float = 30.0,
                 deliver: Callable[[Received], None] | None = None,
                 bearer: Callable[[str, str], bool] | None = None,
                 bearer_mechanisms: tuple[str, ...] = ("XOAUTH2",)) -> None:
        """``bearer(user, token)``: take SASL ``bearer_mechanisms`` (XOAUTH2 only by default, as Exchange Online
        offers it; OAUTHBEARER too, as Gmail does) and ask this whether the token is good for the user (e.g. the
        test OAuth server's introspection)."""
        self.users = dict(users or {})
        self.bearer = bearer
        self.faults = faults or Faults()
        self.stall_seconds = stall_seconds
        self.deliver = deliver
        self.messages: list[Received] = []
        self.bodies: list[bytes] = []  # every body taken, answered or not
        self.partial: list[bytes] = []  # "mid_data": the part of the body read before stopping
        self.reached: list[str] = []  # every step where the conversation was stopped, in order
        self.wire_ends: list[bytes] = []  # the start of every body whose final dot arrived on the wire
        self.auth_commands: list[str] = []
        self.logins: list[tuple[str, bool]] = []
        self.drops = 0
        self.port = free_port()
        self._released: asyncio.Event | None = None
        server_ctx: ssl.SSLContext | None = None
        if starttls or implicit_tls:
            cert, key = self_signed()
            server_ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            server_ctx.load_cert_chain(str(cert), str(key))
        kwargs: dict[str, Any] = {}
        if self.users or bearer is not None:
            kwargs.update(authenticator=self._authenticate, auth_required=True,
                          # aiosmtpd counts only STARTTLS as encryption; implicit TLS is encrypted too
                          auth_require_tls=starttls)
        if bearer is not None:
            excluded = [m for m in ("XOAUTH2", "OAUTHBEARER") if m not in bearer_mechanisms]
            kwargs["auth_exclude_mechanism"] = excluded + ([] if self.users else ["PLAIN", "LOGIN"])
        else:
            kwargs["auth_exclude_mechanism"] = ["XOAUTH2", "OAUTHBEARER"]
        if starttls and server_ctx is not None:
            kwargs["tls_context"] = server_ctx
        self._controller = _Controller(
            self, _Handler(self), hostname="127.0.0.1", port=self.port,
            ssl_context=server_ctx if implicit_tls else None, **kwargs,
        )

    def _authenticate(self, server: SMTP, session: Session, envelope: Envelope, mechanism: str,
                      auth_data: Any) -> AuthResult:
        if isinstance(auth_data, LoginPassword):
            login = auth_data.login.decode("utf-8", "replace")
            ok = self.users.get(login) == auth_data.password.decode("utf-8", "replace")
            self.logins.append((login, ok))
            if ok:
                return AuthResult(success=True)
        return AuthResult(success=False, handled=False)

    async def take(self, received: Received) -> None:
        """The server takes a message: keep it and hand it to ``deliver`` (e.g. file it in Sent), which finishes
        even if the client goes away meanwhile (aiosmtpd then cancels the handler)."""
        self.messages.append(received)
        if self.deliver is not None:
            await asyncio.shield(asyncio.get_running_loop().run_in_executor(None, self.deliver, received))

    async def stop_here(self, smtp: SMTP, step: str) -> None:
        """Stop the conversation of ``smtp`` at ``step``: drop it now, or hang (no answer) until released."""
        self.reached.append(step)
        if self.faults.stop_how == "hang":
            released = self._released
            assert released is not None
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(released.wait(), timeout=self.stall_seconds)
        transport = smtp.transport
        if transport is not None:
            transport.abort()

    def start(self) -> SmtpTestServer:
        self._controller.start()
        loop = self._controller.loop

        async def make_event() -> asyncio.Event:
            return asyncio.Event()

        self._released = asyncio.run_coroutine_threadsafe(make_event(), loop).result(10)
        return self

    def stop(self) -> None:
        """Release a stalled DATA, then stop the server thread."""
        if self._released is not None:
            self._controller.loop.call_soon_threadsafe(self._released.set)
        self._controller.stop()

    def __enter__(self) -> SmtpTestServer:
        return self.start()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()


def wait_until(predicate: Callable[[], bool], *, timeout: float = 20.0, what: str = "condition") -> None:
    """Poll ``predicate`` until true; fail after ``timeout`` seconds (no fixed sleeps in tests)."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.02)

"""Hand one stored message to an SMTP server (smtplib) and say what became of it.

``security`` is ``tls`` (implicit TLS, ``SMTP_SSL``), ``starttls`` or ``none`` (a loopback host only).
Certificates are always verified: with ``ssl.create_default_context()`` unless the caller passes its own
(verifying) context. When ``starttls`` was asked for and the server does not offer it, the attempt stops
before any AUTH command, so the password never crosses an unencrypted connection.

Every attempt ends in one :class:`SendResult` and never raises for a network or protocol problem:

* ``sent`` — the server answered 250 to the end of DATA;
* ``temporary`` — nothing was delivered: refused or dropped before DATA, a 4xx answer, or a problem of the
  mailbox's setup (greeting refused, TLS, STARTTLS missing, login refused — even when the server said 5xx,
  since the message itself was never judged); the caller may try again later;
* ``permanent`` — a 5xx answer to the message (sender, every recipient, or its content), with the server's
  words;
* ``uncertain`` — the end of the data (the final dot) was written and no answer came (connection lost, or no
  reply within the timeout): the server may or may not have taken it, so the caller must not simply send it
  again. A connection lost while the body was still being written is ``temporary``: SMTP takes a message only
  at its final dot.

``on_step(step)`` is called before each step of the conversation — ``connecting``, ``recipients`` (MAIL FROM and
RCPT TO), ``data`` (the body being written), ``end_of_data`` (the final dot about to be written) — so that the
caller can record durably how far a send got before it goes further; when it raises, the attempt stops there
(before any final dot) and is ``temporary``. ``on_answer(result)`` hears the server's answer to the final dot
at once, before the polite QUIT, so that it can be recorded before anything else may go wrong.
"""

from __future__ import annotations

import contextlib
import enum
import re
import smtplib
import ssl
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from agentdesk.config.mailboxes import is_loopback

if TYPE_CHECKING:
    from agentdesk.mail.oauth.tokens import TokenSource

SECURITIES = ("tls", "starttls", "none")
#: the steps of one attempt, in order (``on_step``)
STEPS = ("connecting", "recipients", "data", "end_of_data")
StepHook = Callable[[str], None]


class Outcome(enum.StrEnum):
    SENT = "sent"
    TEMPORARY = "temporary"
    PERMANENT = "permanent"
    UNCERTAIN = "uncertain"


@dataclass(frozen=True)
class SmtpServer:
    """Where to send and how: host, port, ``security`` (tls | starttls | none), the login, a TLS context."""

    host: str
    port: int
    security: str = "starttls"
    username: str | None = None
    password: str | None = None
    ssl_context: ssl.SSLContext | None = None
    timeout: float = 30.0
    #: sign in with OAuth 2.0 (SASL OAUTHBEARER or XOAUTH2) with tokens from here instead of the password
    tokens: TokenSource | None = field(default=None, compare=False)

    def describe(self) -> str:
        return f"SMTP server {self.host}:{self.port}"


@dataclass(frozen=True)
class SendResult:
    """What one attempt came to; ``detail`` is English, with the server's own words where it gave any."""

    outcome: Outcome
    detail: str = ""
    code: int | None = None
    refused: dict[str, str] = field(default_factory=dict)  # recipients refused (5xx) while others took it
    #: OAuth 2.0: a person must sign in again before anything can be sent (the "sign in again" state)
    sign_in: bool = False
    #: the provider's sending limit or throttling: wait at least this many seconds before the next try
    retry_after: float | None = None

    @property
    def ok(self) -> bool:
        return self.outcome is Outcome.SENT


class _Stop(Exception):
    """Internal: end the attempt with this result."""

    def __init__(self, result: SendResult) -> None:
        super().__init__(result.detail)
        self.result = result


def _words(reply: bytes | str) -> str:
    text = reply.decode("utf-8", "replace") if isinstance(reply, bytes) else reply
    return " ".join(text.split())


#: answers that mean "you are sending too much": (code, a pattern of its words, seconds to wait at least).
#: Gmail's 550 5.4.5 is its daily sending limit (it lifts within a day); Exchange Online's 554 5.2.0 with
#: SubmissionQuotaExceededException is its recipient rate or daily limit; 421/451/452/454 with 4.7.0 (or words
#: of rate limits and throttling) are throttling.
_SLOW_DOWN = r"\b4\.7\.(0|28)\b|\brate[- ]limit|\brate\b.*\bexceeded|throttl|too many (messages|connections|recipients)"
THROTTLING: tuple[tuple[int, str, float], ...] = (
    (550, r"\b5\.4\.5\b", 3600.0),
    (554, r"submissionquotaexceeded|quotaexceeded", 3600.0),
    (421, _SLOW_DOWN, 300.0),
    (451, _SLOW_DOWN, 300.0),
    (452, _SLOW_DOWN + r"|\b4\.5\.3\b", 300.0),
    (454, _SLOW_DOWN, 300.0),
)


def throttled(code: int, words: str) -> float | None:
    """Seconds to wait when ``code``/``words`` is a provider's sending limit or throttling, else None."""
    lower = words.lower()
    for known, pattern, wait in THROTTLING:
        if code == known and re.search(pattern, lower):
            return wait
    return None


def _answer(code: int, reply: bytes | str, what: str) -> SendResult:
    """A server's refusal: 4xx is temporary, anything else permanent, with its words; a sending limit or
    throttling (even a 5xx one, see :data:`THROTTLING`) is temporary with a wait."""
    words = f"{code} {_words(reply)}".strip()
    wait = throttled(code, words)
    if wait is not None:
        return SendResult(Outcome.TEMPORARY, f"{what}: {words} (the provider's sending limit: tried again later)",
                          code, retry_after=wait)
    outcome = Outcome.TEMPORARY if 400 <= code < 500 else Outcome.PERMANENT
    return SendResult(outcome, f"{what}: {words}", code)


def _setup_refusal(what: str, exc: smtplib.SMTPResponseException) -> _Stop:
    """A refusal before any message was offered: temporary, with the provider's wait when it is throttling
    (``421 4.7.0`` at the greeting, ``454 4.7.0`` too many logins …)."""
    words = f"{exc.smtp_code} {_words(exc.smtp_error)}"
    return _Stop(SendResult(Outcome.TEMPORARY, f"{what}: {words}", exc.smtp_code,
                            retry_after=throttled(exc.smtp_code, words)))


def _temporary(detail: str) -> _Stop:
    return _Stop(SendResult(Outcome.TEMPORARY, detail))


def _connect(server: SmtpServer) -> smtplib.SMTP:
    """Connect, secure the connection and log in; raises :class:`_Stop` with a temporary result on failure."""
    where = server.describe()
    if server.security not in SECURITIES:
        raise _temporary(f"{where}: unknown security {server.security!r} (tls, starttls or none)")
    if server.security == "none" and not is_loopback(server.host):
        raise _temporary(f"{where}: security \"none\" is allowed for a loopback host only; nothing was sent")
    context = server.ssl_context or ssl.create_default_context()
    try:
        if server.security == "tls":
            client: smtplib.SMTP = smtplib.SMTP_SSL(server.host, server.port, timeout=server.timeout,
                                                    context=context)
        else:
            client = smtplib.SMTP(server.host, server.port, timeout=server.timeout)
    except ssl.SSLError as exc:
        raise _temporary(f"{where}: the secure connection failed: {exc}") from None
    except smtplib.SMTPConnectError as exc:  # a greeting other than 220: the server's state, not the message's
        raise _setup_refusal(f"{where} refused the connection", exc) from None
    except (OSError, smtplib.SMTPException) as exc:
        raise _temporary(f"{where}: cannot connect: {exc or type(exc).__name__}") from None
    try:
        client.ehlo()
        if server.security == "starttls":
            if not client.has_extn("starttls"):
                raise _temporary(f"{where} does not offer STARTTLS; stopped before the password was sent")
            code, reply = client.starttls(context=context)
            if code != 220:
                raise _temporary(f"{where}: STARTTLS refused: {code} {_words(reply)}")
            client.ehlo()
        if server.tokens is not None:
            _oauth_login(client, server)
        elif server.username:
            if not client.has_extn("auth"):
                raise _temporary(f"{where} offers no AUTH, but a username is configured")
            try:
                client.login(server.username, server.password or "")
            except smtplib.SMTPAuthenticationError as exc:
                raise _temporary(
                    f"{where}: login refused for {server.username!r}: {exc.smtp_code} {_words(exc.smtp_error)}"
                ) from None
    except _Stop:
        _drop(client)
        raise
    except ssl.SSLError as exc:
        _drop(client)
        raise _temporary(f"{where}: STARTTLS failed: {exc}") from None
    except smtplib.SMTPResponseException as exc:  # EHLO refused …: the setup's fault, not the message's
        _drop(client)
        raise _setup_refusal(f"{where} during setup", exc) from None
    except (OSError, smtplib.SMTPException) as exc:
        _drop(client)
        raise _temporary(f"{where}: connection lost before the message was offered: {exc}") from None
    return client


def _oauth_login(client: smtplib.SMTP, server: SmtpServer) -> None:
    """SASL with a fresh access token; "sign in again" and a refused token are ``temporary`` (the message was
    never judged) with ``sign_in`` set, so that the outbox keeps it queued and says why."""
    from agentdesk.mail.oauth import OAuthError, SignInRequired, smtp_login

    assert server.tokens is not None
    where = server.describe()
    try:
        smtp_login(client, server.tokens, host=server.host, port=server.port, where=where)
    except SignInRequired as exc:
        raise _Stop(SendResult(Outcome.TEMPORARY, f"{where}: {exc}", sign_in=True)) from None
    except OAuthError as exc:
        raise _temporary(f"{where}: {exc}") from None


def _drop(client: smtplib.SMTP) -> None:
    with contextlib.suppress(Exception):
        client.close()


def _envelope(client: smtplib.SMTP, server: SmtpServer, envelope_from: str,
              envelope_to: Sequence[str]) -> dict[str, str]:
    """MAIL FROM and RCPT TO; returns the recipients refused for good while at least one was accepted."""
    where = server.describe()
    code, reply = client.mail(envelope_from)
    if code != 250:
        raise _Stop(_answer(code, reply, f"{where} refused the sender {envelope_from}"))
    refused: dict[str, tuple[int, str]] = {}
    for rcpt in envelope_to:
        code, reply = client.rcpt(rcpt)
        if code not in (250, 251):
            refused[rcpt] = (code, _words(reply))
    accepted = len(envelope_to) - len(refused)
    temporary = {r: v for r, v in refused.items() if 400 <= v[0] < 500}
    if temporary or accepted == 0:
        with contextlib.suppress(Exception):
            client.rset()
        listed = "; ".join(f"{r}: {c} {w}" for r, (c, w) in refused.items())
        outcome = Outcome.TEMPORARY if temporary else Outcome.PERMANENT
        first_code = next(iter(temporary.values() if temporary else refused.values()))[0]
        raise _Stop(SendResult(outcome, f"{where} refused recipients: {listed}", first_code))
    return {r: f"{c} {w}" for r, (c, w) in refused.items()}


def _data(client: smtplib.SMTP, server: SmtpServer, raw: bytes, step: StepHook) -> SendResult:
    """DATA: until the final dot is written nothing was delivered; after it, a silence is *uncertain*."""
    where = server.describe()
    client.putcmd("data")
    code, reply = client.getreply()
    if code != 354:
        raise _Stop(_answer(code, reply, f"{where} refused DATA"))
    body = _dot_stuff(raw)
    step("data")
    try:
        client.send(body[:-3])
    except (OSError, smtplib.SMTPException) as exc:
        raise _temporary(f"{where}: connection lost while the message was being written, before its end "
                         f"({exc or type(exc).__name__}); the server did not take it") from None
    step("end_of_data")
    try:
        client.send(body[-3:])  # b".\r\n": from here on the server may take it
    except (OSError, smtplib.SMTPException) as exc:  # the kernel refused the bytes: they did not go
        raise _temporary(f"{where}: connection lost before the end of the message was written "
                         f"({exc or type(exc).__name__}); the server did not take it") from None
    try:
        code, reply = client.getreply()
    except (OSError, smtplib.SMTPException) as exc:
        return SendResult(
            Outcome.UNCERTAIN,
            f"{where}: no answer after the end of the message was sent ({exc or type(exc).__name__}); "
            "the server may or may not have taken it",
        )
    if code != 250:
        return _answer(code, reply, f"{where} refused the message")
    return SendResult(Outcome.SENT, f"{code} {_words(reply)}", code)


def _dot_stuff(raw: bytes) -> bytes:
    """The DATA payload: the stored bytes unchanged but for RFC 5321 dot-stuffing, then ``CRLF.CRLF``."""
    stuffed = raw.replace(b"\r\n.", b"\r\n..")
    if stuffed.startswith(b"."):
        stuffed = b"." + stuffed
    if not stuffed.endswith(b"\r\n"):
        stuffed += b"\r\n"
    return stuffed + b".\r\n"


class _StepFailed(Exception):
    """Internal: ``on_step`` raised; the attempt stops before the next step."""


def _hook(on_step: StepHook | None) -> StepHook:
    def step(name: str) -> None:
        if on_step is None:
            return
        try:
            on_step(name)
        except Exception as exc:
            raise _StepFailed(f"stopped before the step {name!r}, which could not be recorded: "
                              f"{exc or type(exc).__name__}") from exc

    return step


def send_message(server: SmtpServer, envelope_from: str, envelope_to: Sequence[str], raw: bytes, *,
                 on_step: StepHook | None = None,
                 on_answer: Callable[[SendResult], None] | None = None) -> SendResult:
    """One attempt to hand ``raw`` (sent byte for byte) to ``server`` for ``envelope_to``; ``on_step`` is told
    before each step, ``on_answer`` the server's answer to the final dot as soon as it came (before QUIT; see
    the module's docstring)."""
    if not envelope_to:
        return SendResult(Outcome.PERMANENT, "the message has no recipients")
    step = _hook(on_step)
    try:
        step("connecting")
        client = _connect(server)
    except _Stop as stop:
        return stop.result
    except _StepFailed as failed:
        return SendResult(Outcome.TEMPORARY, str(failed))
    result = SendResult(Outcome.UNCERTAIN, "not finished")
    try:
        try:
            step("recipients")
            refused = _envelope(client, server, envelope_from, envelope_to)
            result = _data(client, server, raw, step)
        except _StepFailed as failed:
            result = SendResult(Outcome.TEMPORARY, f"{server.describe()}: {failed}")
        except _Stop as stop:
            result = stop.result
        except smtplib.SMTPResponseException as exc:
            result = _answer(exc.smtp_code, exc.smtp_error, server.describe())
        except (OSError, smtplib.SMTPException) as exc:
            result = SendResult(Outcome.TEMPORARY,
                                f"{server.describe()}: connection lost before the message was sent: {exc}")
        else:
            if result.ok and refused:
                result = SendResult(Outcome.SENT, result.detail, result.code, refused)
            if on_answer is not None and result.outcome is not Outcome.UNCERTAIN:
                with contextlib.suppress(Exception):  # the result stands; the caller records it again
                    on_answer(result)  # before QUIT: the answer to the final dot, recorded at once
        return result
    finally:
        if result.outcome is not Outcome.UNCERTAIN and client.sock is not None:
            with contextlib.suppress(Exception):
                client.quit()  # a polite goodbye; what it answers changes nothing
        _drop(client)

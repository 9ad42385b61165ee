"""SASL OAUTHBEARER (RFC 7628) and XOAUTH2 (Google's and Microsoft's) for IMAP and SMTP, chosen by what the
server advertises (OAUTHBEARER first: it is the standard; Microsoft 365 offers XOAUTH2 only).

``imap_login`` and ``smtp_login`` take a fresh token from the mailbox's :class:`TokenSource`; when the server
refuses it they drop it, get a new one (refreshing) and try once more — a token the provider revoked or that
expired early is replaced without a person. A second refusal is :class:`ServerRefusedToken`; a refused refresh
token is :class:`SignInRequired` (from the token source). The token is sent only inside the SASL exchange.
"""

from __future__ import annotations

import smtplib
from collections.abc import Callable

from imapclient import IMAPClient
from imapclient import exceptions as imap_exc

from agentdesk.mail.oauth.errors import ServerRefusedToken
from agentdesk.mail.oauth.tokens import TokenSource

MECHANISMS = ("OAUTHBEARER", "XOAUTH2")


def xoauth2(user: str, token: str) -> str:
    """The XOAUTH2 initial response (before base64, which IMAP and SMTP clients add)."""
    return f"user={user}\x01auth=Bearer {token}\x01\x01"


def oauthbearer(user: str, token: str, host: str, port: int) -> str:
    """The RFC 7628 OAUTHBEARER initial client response (a GS2 header naming the user, host, port, bearer)."""
    authzid = user.replace("=", "=3D").replace(",", "=2C")
    return f"n,a={authzid},\x01host={host}\x01port={port}\x01auth=Bearer {token}\x01\x01"


def choose(offered: set[str]) -> str | None:
    """The mechanism to use among the server's ``AUTH=`` capabilities (upper case), or None."""
    return next((m for m in MECHANISMS if m in offered), None)


#: a connection signs in with a token good for at least this long, so that a long session is not cut short
MIN_VALID = 300.0


def _twice(tokens: TokenSource, attempt: Callable[[str], None], where: str) -> None:
    """Try with a token good for :data:`MIN_VALID` more seconds; on a refusal, once more with a new one."""
    token = tokens.access_token(min_valid=MIN_VALID)
    try:
        attempt(token)
        return
    except _Refused:
        tokens.invalidate(token)
    token = tokens.access_token(min_valid=MIN_VALID)
    try:
        attempt(token)
    except _Refused as refused:
        raise ServerRefusedToken(f"{where} refused a fresh access token for {tokens.oauth.user!r}: {refused}. "
                                 "Check that the account may use IMAP/SMTP and this mailbox (docs/oauth.md)") from None


class _Refused(Exception):
    pass


def imap_login(client: IMAPClient, tokens: TokenSource, *, host: str, port: int, where: str) -> str:
    """Authenticate an IMAP connection; returns the mechanism used."""
    offered = {c.decode("ascii", "replace").upper()[5:] for c in client.capabilities()
               if c.upper().startswith(b"AUTH=")}
    mechanism = choose(offered)
    if mechanism is None:
        raise ServerRefusedToken(f"{where} offers neither OAUTHBEARER nor XOAUTH2 (it offers "
                                 f"{', '.join(sorted(offered)) or 'no AUTH mechanism'}): it cannot sign in with OAuth")
    user = tokens.oauth.user

    def attempt(token: str) -> None:
        response = oauthbearer(user, token, host, port) if mechanism == "OAUTHBEARER" else xoauth2(user, token)
        answered: list[bool] = []

        def reply(challenge: bytes) -> str:
            if answered:  # an error challenge (JSON): end the exchange as RFC 7628 3.2.3 says
                return "\x01" if mechanism == "OAUTHBEARER" else ""
            answered.append(True)
            return response

        try:
            client._command_and_check("authenticate", mechanism, reply)
        except (imap_exc.IMAPClientError, imap_exc.LoginError) as exc:
            raise _Refused(_clean(str(exc), token)) from None

    _twice(tokens, attempt, where)
    return mechanism


def smtp_login(client: smtplib.SMTP, tokens: TokenSource, *, host: str, port: int, where: str) -> str:
    """Authenticate an SMTP connection (after EHLO); returns the mechanism used."""
    offered = {m.upper() for m in client.esmtp_features.get("auth", "").split()}
    mechanism = choose(offered)
    if mechanism is None:
        raise ServerRefusedToken(f"{where} offers neither OAUTHBEARER nor XOAUTH2 (it offers "
                                 f"{', '.join(sorted(offered)) or 'no AUTH mechanism'}): it cannot sign in with OAuth")
    user = tokens.oauth.user

    def attempt(token: str) -> None:
        response = oauthbearer(user, token, host, port) if mechanism == "OAUTHBEARER" else xoauth2(user, token)

        def reply(challenge: bytes | None = None) -> str:
            if challenge is None:
                return response
            return "\x01" if mechanism == "OAUTHBEARER" else ""  # the error challenge: end the exchange

        try:
            client.auth(mechanism, reply, initial_response_ok=True)
        except smtplib.SMTPAuthenticationError as exc:
            words = exc.smtp_error.decode("utf-8", "replace") if isinstance(exc.smtp_error, bytes) else str(exc.smtp_error)
            raise _Refused(_clean(f"{exc.smtp_code} {' '.join(words.split())}", token)) from None

    _twice(tokens, attempt, where)
    return mechanism


def _clean(words: str, token: str) -> str:
    """A server's words with the token cut out, should a server ever echo it."""
    return words.replace(token, "[token]") if token else words

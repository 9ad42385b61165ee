"""What can go wrong with an OAuth 2.0 sign-in, as types the router, the CLI and the GUI can tell apart.

No message ever contains a token, a code or a client secret.
"""

from __future__ import annotations


class OAuthError(Exception):
    """Signing in with OAuth 2.0 failed (the provider could not be reached, or answered with an error)."""


class ProviderError(OAuthError):
    """The provider's endpoints could not be found or read (discovery, a wrong issuer, the network)."""


class SignInRequired(OAuthError):
    """A person must sign in (again): there is no refresh token, or the provider refused or revoked it.

    The router and the GUI show this as the mailbox's "sign in again" state; mail waits in the outbox."""

    def __init__(self, mailbox: str, reason: str) -> None:
        super().__init__(f"mailbox {mailbox!r}: sign in again: {reason}")
        self.mailbox = mailbox
        self.reason = reason


class SignInCancelled(OAuthError):
    """The person closed the browser, refused consent, or the wait ran out."""


class ServerRefusedToken(OAuthError):
    """The IMAP or SMTP server refused a fresh access token (the mailbox, its permissions or the user's
    licence is wrong; signing in again does not help)."""

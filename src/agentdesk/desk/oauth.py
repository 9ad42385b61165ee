"""The desktop's door to OAuth 2.0 sign-in of mailboxes (the GUI talks to mail only through desk).

What the setup assistant and the "sign in again" state need, from :mod:`agentdesk.mail.oauth` (docs/oauth.md
describes each): sign in in the system browser, who is signed in, keep or forget a sign-in, and the keyring
entries the desktop's engine process is handed. Every function here may block on the network (the sign-in
until the browser comes back): call them from a worker, never from the GUI thread.
"""

from __future__ import annotations

from agentdesk.config.mailboxes import MailboxSettings
from agentdesk.mail.oauth import (
    OAuthError,
    ProviderError,
    ServerRefusedToken,
    SignedIn,
    SignInCancelled,
    SignInRequired,
    SignInState,
    keep,
    sign_in_state,
    sign_in_with_browser,
    sign_out,
)
from agentdesk.mail.oauth.store import handed_over

__all__ = ["OAuthError", "ProviderError", "ServerRefusedToken", "SignInCancelled", "SignInRequired", "SignInState",
           "SignedIn", "engine_secrets", "keep", "sign_in_state", "sign_in_with_browser", "sign_out"]


def engine_secrets(mailbox: MailboxSettings) -> dict[str, str]:
    """The keyring entries of an OAuth mailbox's sign-in (refresh token, client secret) for the desktop's engine
    process, which never opens the keyring itself; empty for a password mailbox."""
    return handed_over(mailbox.oauth) if mailbox.oauth is not None else {}

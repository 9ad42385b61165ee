"""OAuth 2.0 sign-in of mailboxes (Microsoft 365, Google Workspace, any OpenID provider) for IMAP and SMTP.

Built on Authlib (token requests, PKCE, refresh, revocation, the JWT bearer grant). The public API, which the
GUI and ``agentdesk router`` use (docs/oauth.md describes it):

* :func:`sign_in_with_browser` / :func:`start_device_sign_in` — a person signs in; :class:`SignedIn` says who;
* :func:`sign_in_state` — signed in, signed out, or "sign in again" (:class:`SignInState`), from the keyring;
* :func:`token_source` — fresh access tokens for a mailbox (refreshed before they expire);
* :func:`imap_login` / :func:`smtp_login` — SASL OAUTHBEARER or XOAUTH2, as the server offers;
* :func:`sign_out`; errors :class:`SignInRequired`, :class:`SignInCancelled`, :class:`ServerRefusedToken`,
  :class:`ProviderError`, all :class:`OAuthError`.
"""

from agentdesk.mail.oauth.errors import (
    OAuthError,
    ProviderError,
    ServerRefusedToken,
    SignInCancelled,
    SignInRequired,
)
from agentdesk.mail.oauth.flows import (
    DeviceSignIn,
    SignedIn,
    keep,
    sign_in_with_browser,
    sign_out,
    start_device_sign_in,
)
from agentdesk.mail.oauth.providers import Endpoints, endpoints
from agentdesk.mail.oauth.sasl import imap_login, smtp_login
from agentdesk.mail.oauth.store import SignInState, sign_in_state
from agentdesk.mail.oauth.tokens import AccessToken, TokenSource, forget_tokens, token_source

__all__ = [
    "AccessToken", "DeviceSignIn", "Endpoints", "OAuthError", "ProviderError", "ServerRefusedToken", "SignInCancelled",
    "SignInRequired", "SignInState", "SignedIn", "TokenSource", "endpoints", "forget_tokens", "imap_login", "keep",
    "sign_in_state", "sign_in_with_browser", "sign_out", "smtp_login", "start_device_sign_in", "token_source",
]

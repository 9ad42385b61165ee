"""Who signed a mailbox in, and its refresh token: in the OS keyring only (``oauth:NAME``, service ``agentdesk``).

The entry is a small JSON object: the refresh token, the account that signed in, when, and — after the provider
refused the token — ``state = "refused"`` with the provider's reason, so that "sign in again" survives a
restart of the router or the desktop. Access tokens are never stored (memory only, ``tokens.TokenSource``).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import UTC, datetime

from agentdesk.config.oauth import OAuthSettings
from agentdesk.config.secrets import SecretError, delete_secret, get_secret, set_secret

#: the states a mailbox's sign-in can be in
SIGNED_IN, SIGNED_OUT, REFUSED, APP_ONLY = "signed_in", "signed_out", "refused", "app_only"


@dataclass(frozen=True)
class SignInState:
    """What the GUI and the router show: ``state`` (signed_in | signed_out | refused | app_only), who signed in,
    and for ``refused`` the provider's reason. ``needs_sign_in`` is the "sign in again" state."""

    state: str
    account: str = ""
    name: str = ""
    signed_in_at: str = ""
    reason: str = ""

    @property
    def needs_sign_in(self) -> bool:
        return self.state in (SIGNED_OUT, REFUSED)


@dataclass(frozen=True)
class _Entry:
    refresh_token: str | None
    account: str = ""
    name: str = ""
    signed_in_at: str = ""
    state: str = SIGNED_IN
    reason: str = ""


def _read(oauth: OAuthSettings) -> _Entry | None:
    raw = get_secret(oauth.secret_name)
    if not raw:
        return None
    try:
        data = json.loads(raw)
        return _Entry(**{k: data.get(k) or "" for k in ("account", "name", "signed_in_at", "state", "reason")},
                      refresh_token=data.get("refresh_token") or None)
    except (ValueError, TypeError, AttributeError):
        raise SecretError(f"the keyring entry {oauth.secret_name!r} is not one agentdesk wrote: sign in again "
                          "to replace it") from None


def _write(oauth: OAuthSettings, entry: _Entry) -> None:
    set_secret(oauth.secret_name, json.dumps(asdict(entry), separators=(",", ":")))


def refresh_token(oauth: OAuthSettings) -> str | None:
    """The stored refresh token (None: nobody signed in, or the provider refused it)."""
    entry = _read(oauth)
    return entry.refresh_token if entry and entry.state == SIGNED_IN else None


def remember(oauth: OAuthSettings, refresh: str | None, *, account: str = "", name: str = "") -> None:
    """Keep a new sign-in (or a rotated refresh token: ``account``/``name`` empty keep what was known)."""
    old = _read(oauth)
    now = datetime.now(UTC).isoformat(timespec="seconds")
    fresh_sign_in = bool(account) or old is None
    _write(oauth, _Entry(
        refresh_token=refresh,
        account=account or (old.account if old else ""),
        name=name or (old.name if old else ""),
        signed_in_at=now if fresh_sign_in else (old.signed_in_at if old else now),
    ))


def mark_refused(oauth: OAuthSettings, reason: str) -> None:
    """The provider refused or revoked the refresh token: forget it, keep who it was and why."""
    old = _read(oauth)
    _write(oauth, _Entry(refresh_token=None, account=old.account if old else "", name=old.name if old else "",
                         signed_in_at=old.signed_in_at if old else "", state=REFUSED, reason=reason))


def forget(oauth: OAuthSettings) -> None:
    """Sign the mailbox out on this machine (the keyring entry is deleted)."""
    delete_secret(oauth.secret_name)


def sign_in_state(oauth: OAuthSettings) -> SignInState:
    """The mailbox's sign-in as the GUI and ``agentdesk router`` show it (reads the keyring, no network)."""
    if oauth.app_only:
        return SignInState(APP_ONLY, account=oauth.user)
    entry = _read(oauth)
    if entry is None:
        return SignInState(SIGNED_OUT)
    if entry.state == REFUSED or not entry.refresh_token:
        return SignInState(REFUSED, entry.account, entry.name, entry.signed_in_at,
                           entry.reason or "the provider no longer accepts the sign-in")
    return SignInState(SIGNED_IN, entry.account, entry.name, entry.signed_in_at)


def handed_over(oauth: OAuthSettings) -> dict[str, str]:
    """The keyring entries a process that runs this mailbox's engine needs (its sign-in and client secret)."""
    found = {}
    for name in (oauth.secret_name, oauth.client_secret_name):
        value = get_secret(name)
        if value is not None:
            found[name] = value
    return found

"""The endpoints and scopes of a mailbox's OAuth provider: a preset, or OpenID discovery from an issuer URL.

``endpoints(oauth)`` resolves them once per process (discovery documents are cached by issuer). A generic
provider's ``issuer`` is read at ``ISSUER/.well-known/openid-configuration`` (OpenID Connect Discovery 1.0),
falling back to ``ISSUER/.well-known/oauth-authorization-server`` (RFC 8414); keys given in the settings
(``token_url`` …) win over what discovery says.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

import requests

from agentdesk.config.oauth import OAuthSettings
from agentdesk.mail.oauth.errors import ProviderError

#: seconds for each request to a provider
HTTP_TIMEOUT = 30.0

_DISCOVERED: dict[str, dict[str, Any]] = {}
_LOCK = threading.Lock()


@dataclass(frozen=True)
class Endpoints:
    """Everything a flow needs to talk to the provider."""

    authorization_url: str | None
    token_url: str
    device_url: str | None
    revocation_url: str | None
    scopes: tuple[str, ...]
    identity_scopes: tuple[str, ...]
    redirect_host: str
    authorize_params: tuple[tuple[str, str], ...] = ()

    def request_scopes(self, *, identity: bool = True) -> str:
        """The space-separated scopes of a person's sign-in (with the OpenID ones when ``identity``)."""
        wanted = list(self.scopes) + ([s for s in self.identity_scopes if s not in self.scopes] if identity else [])
        return " ".join(wanted)


def discover(issuer: str) -> dict[str, Any]:
    """The provider's metadata (cached per process); :class:`ProviderError` when there is none."""
    base = issuer.rstrip("/")
    with _LOCK:
        if base in _DISCOVERED:
            return _DISCOVERED[base]
    problems = []
    for suffix in ("/.well-known/openid-configuration", "/.well-known/oauth-authorization-server"):
        url = base + suffix
        try:
            response = requests.get(url, timeout=HTTP_TIMEOUT)
        except requests.RequestException as exc:
            raise ProviderError(f"the provider {issuer} cannot be reached: {exc.__class__.__name__}") from None
        if response.status_code == 200:
            try:
                meta = response.json()
            except ValueError:
                problems.append(f"{url} is not JSON")
                continue
            if not isinstance(meta, dict) or "token_endpoint" not in meta:
                problems.append(f"{url} names no token_endpoint")
                continue
            if meta.get("issuer", base).rstrip("/") != base:
                raise ProviderError(f"{url} says it belongs to {meta.get('issuer')!r}, not {issuer!r}: "
                                    "check the issuer in [mailboxes.oauth2]")
            with _LOCK:
                _DISCOVERED[base] = meta
            return meta
        problems.append(f"{url} answered {response.status_code}")
    raise ProviderError(f"the issuer {issuer} publishes no OpenID or OAuth metadata ({'; '.join(problems)})")


def endpoints(oauth: OAuthSettings) -> Endpoints:
    """The endpoints and scopes for ``oauth``: preset, discovered, then overridden by the settings' own URLs."""
    preset = oauth.preset
    if preset is not None:
        tenant = oauth.tenant
        base = Endpoints(
            authorization_url=preset.authorization_url.format(tenant=tenant),
            token_url=preset.token_url.format(tenant=tenant),
            device_url=preset.device_url.format(tenant=tenant) if preset.device_url else None,
            revocation_url=preset.revocation_url,
            scopes=preset.app_scopes if oauth.app_only else preset.scopes,
            identity_scopes=() if oauth.app_only else preset.identity_scopes,
            redirect_host=preset.redirect_host,
            authorize_params=preset.authorize_params,
        )
    else:
        meta = discover(oauth.issuer) if oauth.issuer else {}
        base = Endpoints(
            authorization_url=meta.get("authorization_endpoint"),
            token_url=str(meta.get("token_endpoint") or oauth.token_url or ""),
            device_url=meta.get("device_authorization_endpoint"),
            revocation_url=meta.get("revocation_endpoint"),
            scopes=("offline_access",) if not oauth.app_only else (),
            identity_scopes=("openid", "email") if "openid" in meta.get("scopes_supported", ["openid"]) else (),
            redirect_host="127.0.0.1",
        )
    return Endpoints(
        authorization_url=oauth.authorization_url or base.authorization_url,
        token_url=oauth.token_url or base.token_url,
        device_url=oauth.device_url or base.device_url,
        revocation_url=oauth.revocation_url or base.revocation_url,
        scopes=oauth.scopes or base.scopes,
        identity_scopes=base.identity_scopes,
        redirect_host=base.redirect_host,
        authorize_params=base.authorize_params,
    )

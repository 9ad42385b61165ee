"""OAuth 2.0 sign-in of a mailbox (``auth = "oauth2"`` and ``[mailboxes.oauth2]``): providers and settings.

The provider presets hold what Microsoft 365 and Google Workspace document (endpoints, scopes, their servers and
that they file submitted mail in Sent themselves); ``provider = "generic"`` names an ``issuer`` whose OpenID
discovery document gives the endpoints (``agentdesk.mail.oauth.providers``). Nothing here touches the network or
holds a token: refresh tokens live in the OS keyring only (``oauth:NAME``), access tokens in memory only.

Sources (checked when the presets were written; docs/oauth.md cites them with the administrator's steps):

* Microsoft: "Authenticate an IMAP, POP or SMTP connection using OAuth"
  (learn.microsoft.com/exchange/client-developer/legacy-protocols/how-to-authenticate-an-imap-pop-smtp-application-by-using-oauth):
  scopes ``https://outlook.office.com/IMAP.AccessAsUser.All``, ``https://outlook.office.com/SMTP.Send``,
  ``offline_access``; app-only ``https://outlook.office365.com/.default``; endpoints
  ``https://login.microsoftonline.com/{tenant}/oauth2/v2.0/{authorize,token,devicecode}``
  (learn.microsoft.com/entra/identity-platform/v2-oauth2-device-code).
* Google: "OAuth 2.0 Mechanism" (developers.google.com/workspace/gmail/imap/xoauth2-protocol): scope
  ``https://mail.google.com/``; "OAuth 2.0 for desktop apps" (developers.google.com/identity/protocols/oauth2/native-app):
  ``https://accounts.google.com/o/oauth2/v2/auth``, ``https://oauth2.googleapis.com/token``, loopback redirect.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

#: how a mailbox signs in to its servers
AUTHS = ("password", "oauth2")
#: ``browser``: authorization code + PKCE on a loopback redirect (a person at a desktop); ``device``: the device
#: code flow (a person signs in for a headless router, on any device); ``client_credentials``: app-only access
#: (Microsoft 365 shared mailboxes for the router); ``service_account``: Google's JWT bearer grant with
#: domain-wide delegation (the router)
FLOWS = ("browser", "device", "client_credentials", "service_account")
#: flows that keep a refresh token (a person signed in once)
PERSON_FLOWS = ("browser", "device")

OAUTH_KEYS = {"provider", "client_id", "tenant", "issuer", "scopes", "flow", "client_secret_env",
              "service_account_file", "user", "authorization_url", "token_url", "device_url", "revocation_url"}


@dataclass(frozen=True)
class ProviderPreset:
    """What agentdesk knows of one provider without asking it (``{tenant}`` is filled in from the settings)."""

    name: str
    title: str
    authorization_url: str
    token_url: str
    device_url: str | None
    revocation_url: str | None
    #: delegated scopes for IMAP and SMTP (a person signed in)
    scopes: tuple[str, ...]
    #: scopes for app-only access (client credentials / service account)
    app_scopes: tuple[str, ...]
    #: OpenID Connect scopes asked for beside, so that the ID token says who signed in
    identity_scopes: tuple[str, ...]
    #: the loopback host the redirect URI names (Microsoft matches the registered ``http://localhost``)
    redirect_host: str
    flows: tuple[str, ...]
    imap: tuple[str, int, str]
    smtp: tuple[str, int, str]
    #: the provider files every message its SMTP server takes in the Sent folder itself
    server_files_sent: bool = True
    #: extra parameters of the authorization request (Google: ask for a refresh token)
    authorize_params: tuple[tuple[str, str], ...] = ()


MICROSOFT = ProviderPreset(
    name="microsoft",
    title="Microsoft 365",
    authorization_url="https://login.microsoftonline.com/{tenant}/oauth2/v2.0/authorize",
    token_url="https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token",
    device_url="https://login.microsoftonline.com/{tenant}/oauth2/v2.0/devicecode",
    revocation_url=None,  # Entra has no RFC 7009 endpoint: an administrator revokes sessions in Entra
    scopes=("https://outlook.office.com/IMAP.AccessAsUser.All", "https://outlook.office.com/SMTP.Send",
            "offline_access"),
    app_scopes=("https://outlook.office365.com/.default",),
    identity_scopes=("openid", "profile", "email"),
    redirect_host="localhost",
    flows=("browser", "device", "client_credentials"),
    imap=("outlook.office365.com", 993, "tls"),
    smtp=("smtp.office365.com", 587, "starttls"),
)

GOOGLE = ProviderPreset(
    name="google",
    title="Google Workspace",
    authorization_url="https://accounts.google.com/o/oauth2/v2/auth",
    token_url="https://oauth2.googleapis.com/token",
    # Google's device flow does not allow the mail scope: the router uses a service account instead
    device_url=None,
    revocation_url="https://oauth2.googleapis.com/revoke",
    scopes=("https://mail.google.com/",),
    app_scopes=("https://mail.google.com/",),
    identity_scopes=("openid", "email"),
    redirect_host="127.0.0.1",
    flows=("browser", "service_account"),
    imap=("imap.gmail.com", 993, "tls"),
    smtp=("smtp.gmail.com", 465, "tls"),
    authorize_params=(("access_type", "offline"), ("prompt", "consent")),
)

PRESETS: dict[str, ProviderPreset] = {p.name: p for p in (MICROSOFT, GOOGLE)}
PROVIDERS = (*PRESETS, "generic")

#: Microsoft's tenant words that name no one directory (app-only access needs one)
MULTI_TENANT = ("organizations", "common", "consumers")
_TENANT_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9.-]{0,253}$")


@dataclass(frozen=True)
class OAuthSettings:
    """``[mailboxes.oauth2]`` of one mailbox (shared by its IMAP and SMTP servers).

    ``user`` is the identity given to the servers in SASL (the mailbox's IMAP/SMTP username, for a shared
    mailbox its address). The refresh token is kept in the keyring under :attr:`secret_name`; a client secret
    (app-only access, or a Google desktop client's) comes from ``client_secret_env`` or the keyring entry
    :attr:`client_secret_name`."""

    mailbox: str
    provider: str
    client_id: str
    user: str
    tenant: str = "organizations"
    issuer: str | None = None
    scopes: tuple[str, ...] = ()
    flow: str = "browser"
    client_secret_env: str | None = None
    service_account_file: Path | None = None
    authorization_url: str | None = None
    token_url: str | None = None
    device_url: str | None = None
    revocation_url: str | None = None

    @property
    def preset(self) -> ProviderPreset | None:
        return PRESETS.get(self.provider)

    @property
    def secret_name(self) -> str:
        """The keyring entry holding the refresh token and who signed in."""
        return f"oauth:{self.mailbox}"

    @property
    def client_secret_name(self) -> str:
        return f"oauth-client:{self.mailbox}"

    @property
    def app_only(self) -> bool:
        return self.flow not in PERSON_FLOWS


class OAuthConfigError(ValueError):
    """``[mailboxes.oauth2]`` is wrong (the message names the key)."""


def parse_oauth(table: Any, *, mailbox: str, user: str) -> OAuthSettings:
    """Validate ``[mailboxes.oauth2]`` (messages without the file and mailbox: the caller adds them)."""
    section = "[mailboxes.oauth2]"
    if not isinstance(table, Mapping):
        raise OAuthConfigError(f"{section} must be a table")
    for key in table:
        if key not in OAUTH_KEYS:
            raise OAuthConfigError(f"unknown key {key!r} in {section}")

    def text(key: str, default: str | None = None) -> str | None:
        value = table.get(key, default)
        if value is None:
            return None
        if not isinstance(value, str) or not value.strip():
            raise OAuthConfigError(f"{section} {key!r} must be a non-empty string")
        return value.strip()

    provider = (text("provider") or "").lower()
    if not provider:
        raise OAuthConfigError(f"{section} needs 'provider' ({', '.join(PROVIDERS)})")
    if provider not in PROVIDERS:
        raise OAuthConfigError(f"{section} provider {provider!r} is not known: use one of {', '.join(PROVIDERS)}")
    client_id = text("client_id")
    if client_id is None:
        raise OAuthConfigError(
            f"{section} needs 'client_id': the application (client) ID of the app registered with the provider "
            "(docs/oauth.md says where an administrator finds it)")
    preset = PRESETS.get(provider)
    flow = (text("flow", "browser") or "browser").lower()
    allowed = preset.flows if preset else ("browser", "device", "client_credentials")
    if flow not in allowed:
        raise OAuthConfigError(f"{section} flow {flow!r} is not available for {provider}: use one of "
                               f"{', '.join(allowed)}")
    tenant = text("tenant", "organizations") or "organizations"
    if not _TENANT_RE.match(tenant):
        raise OAuthConfigError(f"{section} tenant {tenant!r} is not a tenant ID or domain name")
    if provider == "microsoft" and flow == "client_credentials" and tenant.lower() in MULTI_TENANT:
        raise OAuthConfigError(f"{section} flow \"client_credentials\" needs 'tenant': your directory (tenant) ID "
                               f"or domain, not {tenant!r}")
    issuer = text("issuer")
    urls = {key: text(key) for key in ("authorization_url", "token_url", "device_url", "revocation_url")}
    if provider == "generic" and issuer is None and urls["token_url"] is None:
        raise OAuthConfigError(f"{section} provider \"generic\" needs 'issuer' (its OpenID discovery is read) "
                               "or at least 'token_url'")
    for key, url in {"issuer": issuer, **urls}.items():
        if url is not None and not (url.startswith("https://") or _loopback_http(url)):
            raise OAuthConfigError(f"{section} {key!r} must be an https:// URL (http:// only for this machine), "
                                   f"not {url!r}")
    scopes_raw = table.get("scopes")
    if scopes_raw is None:
        scopes: tuple[str, ...] = ()
    elif isinstance(scopes_raw, list) and all(isinstance(s, str) and s.strip() for s in scopes_raw):
        scopes = tuple(s.strip() for s in scopes_raw)
    else:
        raise OAuthConfigError(f"{section} 'scopes' must be a list of strings")
    account = file = None
    if flow == "service_account":
        file = text("service_account_file")
        if file is None:
            raise OAuthConfigError(f"{section} flow \"service_account\" needs 'service_account_file' (the JSON key "
                                   "of the service account, kept readable only by the router's user)")
    account = text("user", user) or user
    return OAuthSettings(
        mailbox=mailbox, provider=provider, client_id=client_id, user=account, tenant=tenant, issuer=issuer,
        scopes=scopes, flow=flow, client_secret_env=text("client_secret_env"),
        service_account_file=Path(file) if file else None, **urls)


def _loopback_http(url: str) -> bool:
    return bool(re.match(r"^http://(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?(/|$)", url))

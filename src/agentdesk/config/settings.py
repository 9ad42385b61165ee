"""The settings file: one TOML file, found by ``--config``, ``AGENTDESK_CONFIG`` or the platformdirs folder.

Every key is documented in README.md ("Configuration reference"). Unknown keys are errors, so that a typo never
silently falls back to a default.
"""

from __future__ import annotations

import logging
import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from agentdesk.config.paths import Paths, default_paths
from agentdesk.config.secrets import SecretError, get_secret
from agentdesk.config.transport import TransportError, check_transport, with_transport_defaults

if TYPE_CHECKING:
    from sqlalchemy.engine import URL

log = logging.getLogger(__name__)

#: a SQLite file URL with no options whose path holds only characters that SQLAlchemy neither quotes nor unquotes
#: (the standalone shape's usual URL): SQLAlchemy reads it as the driver and the file's path and nothing else (no
#: user, password or host can come before the third ``/``) and renders it back unchanged, so it is valid as
#: written, and reading the settings or naming the cache need not import SQLAlchemy (a quarter of a second of
#: ``agentdesk search --local``). Any other URL goes through SQLAlchemy; tests/config/test_settings.py checks both.
PLAIN_SQLITE_URL = re.compile(r"sqlite(\+\w+)?:///[A-Za-z0-9+\-./_~ ]*")


def make_url(url: str | URL) -> URL:
    """SQLAlchemy's ``make_url``, imported when first needed."""
    from sqlalchemy.engine import make_url as parse

    return parse(url)

#: URL options by which libpq authenticates without a password of ours: client certificates, GSSAPI/Kerberos,
#: a password file, a service file entry. With one of them the keyring is not asked.
PASSWORDLESS_OPTIONS = ("sslcert", "sslkey", "gssencmode", "krbsrvname", "passfile", "service")


class ConfigError(Exception):
    """The settings file is missing something or holds something wrong; the message names file and key."""


@dataclass(frozen=True)
class RoutingSettings:
    """``[routing]``: where the shared routing database is."""

    url: str
    password_env: str | None = None
    #: the URL is a transaction pooler (PgBouncer): desktops poll the change log instead of LISTEN
    pooled: bool = False
    #: ``host:port`` of ``agentdesk relay``: behind a pooler, desktops read when it hints instead of every second
    relay: str | None = None

    @property
    def is_team(self) -> bool:
        """The team shape: a shared PostgreSQL routing database."""
        return make_url(self.url).get_backend_name() == "postgresql"

    @property
    def secret_name(self) -> str:
        """The keyring entry of this URL's database password: ``routing:USER@HOST/DB``."""
        return routing_secret_name(self.url)

    def sqlalchemy_url(self) -> URL:
        """The URL to connect with: PostgreSQL gets ``sslmode=verify-full`` unless the URL names a mode
        (:mod:`agentdesk.config.transport`), and the password from ``password_env`` or the keyring (never from
        the file). No password is looked up with ``password_env = ""`` or a URL option by which PostgreSQL
        authenticates otherwise (:data:`PASSWORDLESS_OPTIONS`); nor when the keyring cannot be used at all:
        libpq then tries ``.pgpass``, ``PGPASSWORD``, GSSAPI or the server's trust, and a server that wants a
        password says so."""
        url = make_url(self.url)
        if url.get_backend_name() == "sqlite":
            return url
        url = with_transport_defaults(url)
        if url.password or self.password_env == "" or any(k in url.query for k in PASSWORDLESS_OPTIONS):
            return url
        try:
            password = get_secret(self.secret_name, password_env=self.password_env)
        except SecretError as exc:
            if self.password_env:
                raise
            log.warning("connecting without a stored password: %s", exc)
            return url
        return url.set(password=password) if password else url


@dataclass(frozen=True)
class UserSettings:
    """``[user]``: who signs in on this desktop."""

    login: str | None = None
    language: str | None = None


def routing_secret_name(url: str | URL) -> str:
    """The keyring entry of a routing database's password: ``routing:USER@HOST/DB`` (one per database login)."""
    parsed = make_url(url)
    return f"routing:{parsed.username or ''}@{parsed.host or ''}/{parsed.database or ''}"


@dataclass(frozen=True)
class Settings:
    """Everything the settings file says, with defaults filled in."""

    path: Path | None
    paths: Paths
    routing: RoutingSettings
    user: UserSettings
    mailboxes: tuple[Mapping[str, Any], ...] = field(default_factory=tuple)
    raw: Mapping[str, Any] = field(default_factory=dict)


#: the default TCP port of ``agentdesk relay``
RELAY_PORT = 7432


def parse_address(address: str, default_port: int = RELAY_PORT) -> tuple[str, int]:
    """A relay address, ``host``, ``host:port`` or ``[v6]:port`` → (host, port); a clear ValueError otherwise."""
    text = address.strip()
    if not text:
        raise ValueError("the relay address is empty")
    if text.startswith("["):
        host, _, rest = text[1:].partition("]")
        port_text = rest[1:] if rest.startswith(":") else ""
    elif text.count(":") == 1:
        host, _, port_text = text.partition(":")
    else:
        host, port_text = text, ""
    if not host:
        raise ValueError(f"the relay address {address!r} names no host")
    try:
        port = int(port_text) if port_text else default_port
    except ValueError:
        raise ValueError(f"the relay address {address!r} has no valid port") from None
    if not 0 < port < 65536:
        raise ValueError(f"the relay address {address!r} has no valid port")
    return host, port


_KNOWN: dict[str, set[str]] = {
    "routing": {"url", "password_env", "pooled", "relay"},
    "user": {"login", "language"},
}
_TOP_LEVEL = {"routing", "user", "mailboxes", "engine"}


def _check_keys(where: str, table: Mapping[str, Any], known: set[str], path: Path | None) -> None:
    for key in table:
        if key not in known:
            raise ConfigError(f"{path or 'settings'}: unknown key {key!r} in {where}")


def resolve_config_path(explicit: str | os.PathLike[str] | None, paths: Paths) -> Path:
    """``--config`` first, then ``AGENTDESK_CONFIG``, then the platformdirs config folder."""
    if explicit:
        return Path(explicit)
    env = os.environ.get("AGENTDESK_CONFIG")
    if env:
        return Path(env)
    return paths.config_file


def load_settings(explicit: str | os.PathLike[str] | None = None, *, paths: Paths | None = None) -> Settings:
    """Read the settings file; a missing default file means "standalone, nobody signed in yet"."""
    paths = paths or default_paths()
    path = resolve_config_path(explicit, paths)
    data: dict[str, Any] = {}
    if path.exists():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{path}: not valid TOML: {exc}") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{path}: cannot be read: {exc}") from None
    elif explicit or os.environ.get("AGENTDESK_CONFIG"):
        raise ConfigError(f"{path}: no such settings file")
    return settings_from_mapping(data, path=path if path.exists() else None, paths=paths)


def _check_url(url: str, path: Path | None) -> None:
    from sqlalchemy.exc import ArgumentError

    try:
        parsed = make_url(url)
    except ArgumentError:
        raise ConfigError(f"{path or 'settings'}: [routing] url {url!r} is not a database URL") from None
    if parsed.password:
        raise ConfigError(
            f"{path or 'settings'}: [routing] url must not contain a password; "
            "store it in the OS keyring or name an environment variable with password_env"
        )
    try:
        check_transport(parsed)
    except TransportError as exc:
        raise ConfigError(f"{path or 'settings'}: [routing] url: {exc}") from None


def settings_from_mapping(data: Mapping[str, Any], *, path: Path | None, paths: Paths) -> Settings:
    """Validate a parsed settings mapping."""
    _check_keys("the top level", data, _TOP_LEVEL, path)
    routing_raw = data.get("routing", {})
    user_raw = data.get("user", {})
    for name, table in (("routing", routing_raw), ("user", user_raw)):
        if not isinstance(table, dict):
            raise ConfigError(f"{path or 'settings'}: [{name}] must be a table")
        _check_keys(f"[{name}]", table, _KNOWN[name], path)
    url = routing_raw.get("url") or f"sqlite:///{paths.default_routing_db}"
    if not isinstance(url, str):
        raise ConfigError(f"{path or 'settings'}: [routing] url must be a string")
    if PLAIN_SQLITE_URL.fullmatch(url) is None:
        _check_url(url, path)
    pooled = routing_raw.get("pooled", False)
    if not isinstance(pooled, bool):
        raise ConfigError(f"{path or 'settings'}: [routing] pooled must be true or false")
    relay = routing_raw.get("relay") or None
    if relay is not None:
        if not isinstance(relay, str):
            raise ConfigError(f"{path or 'settings'}: [routing] relay must be a string (\"host:port\")")
        try:
            parse_address(relay)
        except ValueError as exc:
            raise ConfigError(f"{path or 'settings'}: [routing] relay: {exc}") from None
    password_env = routing_raw.get("password_env")
    if password_env is not None and not isinstance(password_env, str):
        raise ConfigError(f"{path or 'settings'}: [routing] password_env must be a string (\"\" for none)")
    mailboxes = data.get("mailboxes", [])
    if not isinstance(mailboxes, list):
        raise ConfigError(f"{path or 'settings'}: mailboxes must be an array of tables ([[mailboxes]])")
    return Settings(
        path=path,
        paths=paths,
        routing=RoutingSettings(url=url, password_env=password_env, pooled=pooled, relay=relay),
        user=UserSettings(login=user_raw.get("login"), language=user_raw.get("language")),
        mailboxes=tuple(mailboxes),
        raw=dict(data),
    )

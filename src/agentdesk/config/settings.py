"""The settings file: one TOML file, found by ``--config``, ``AGENTDESK_CONFIG`` or the platformdirs folder.

Every key is documented in README.md ("Configuration reference"). Unknown keys are errors, so that a typo never
silently falls back to a default.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from agentdesk.config.paths import Paths, default_paths
from agentdesk.config.secrets import get_secret


class ConfigError(Exception):
    """The settings file is missing something or holds something wrong; the message names file and key."""


@dataclass(frozen=True)
class RoutingSettings:
    """``[routing]``: where the shared routing database is."""

    url: str
    password_env: str | None = None
    #: the URL is a transaction pooler (PgBouncer): desktops poll the change log instead of LISTEN
    pooled: bool = False

    def sqlalchemy_url(self) -> URL:
        """The URL with the password filled in from the keyring or ``password_env`` (never from the file)."""
        url = make_url(self.url)
        if url.get_backend_name() == "sqlite" or url.password:
            return url
        secret_name = f"routing:{url.username or ''}@{url.host or ''}/{url.database or ''}"
        password = get_secret(secret_name, password_env=self.password_env)
        return url.set(password=password) if password else url


@dataclass(frozen=True)
class UserSettings:
    """``[user]``: who signs in on this desktop."""

    login: str | None = None
    language: str | None = None


@dataclass(frozen=True)
class Settings:
    """Everything the settings file says, with defaults filled in."""

    path: Path | None
    paths: Paths
    routing: RoutingSettings
    user: UserSettings
    mailboxes: tuple[Mapping[str, Any], ...] = field(default_factory=tuple)
    raw: Mapping[str, Any] = field(default_factory=dict)


_KNOWN: dict[str, set[str]] = {
    "routing": {"url", "password_env", "pooled"},
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
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise ConfigError(f"{path or 'settings'}: [routing] url {url!r} is not a database URL") from None
    if parsed.password:
        raise ConfigError(
            f"{path or 'settings'}: [routing] url must not contain a password; "
            "store it in the OS keyring or name an environment variable with password_env"
        )
    pooled = routing_raw.get("pooled", False)
    if not isinstance(pooled, bool):
        raise ConfigError(f"{path or 'settings'}: [routing] pooled must be true or false")
    mailboxes = data.get("mailboxes", [])
    if not isinstance(mailboxes, list):
        raise ConfigError(f"{path or 'settings'}: mailboxes must be an array of tables ([[mailboxes]])")
    return Settings(
        path=path,
        paths=paths,
        routing=RoutingSettings(url=url, password_env=routing_raw.get("password_env"), pooled=pooled),
        user=UserSettings(login=user_raw.get("login"), language=user_raw.get("language")),
        mailboxes=tuple(mailboxes),
        raw=dict(data),
    )

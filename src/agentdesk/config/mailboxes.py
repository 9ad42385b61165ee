"""The ``[[mailboxes]]`` of the settings file as typed, validated objects.

Each mailbox names the team its mail is routed to, how ingested messages are left on the server
(``after_ingest``), and its IMAP and SMTP servers. Passwords never come from the file: they are read from the
OS keyring (``imap:NAME`` / ``smtp:NAME``) or, for a headless service, from the environment variable named by
``password_env``. ``security = "none"`` is accepted only for a loopback host. Unknown keys are errors that name
the mailbox and the key.

``auth = "oauth2"`` signs in with OAuth 2.0 instead of a password (``[mailboxes.oauth2]``: provider, client ID,
tenant …; see ``agentdesk.config.oauth`` and docs/oauth.md). With a provider preset the servers' ``host``, ``port``
and ``security`` may be left out, ``username`` defaults to the mailbox's address, and ``server_files_sent``
defaults to true (Gmail and Microsoft 365 file submitted mail in Sent themselves).
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from agentdesk.config.oauth import AUTHS, PRESETS, OAuthConfigError, OAuthSettings, parse_oauth
from agentdesk.config.secrets import SecretError, get_secret
from agentdesk.config.settings import ConfigError, Settings

SECURITIES = ("tls", "starttls", "none")
_IMAP_PORTS = {"tls": 993, "starttls": 143, "none": 143}
_SMTP_PORTS = {"tls": 465, "starttls": 587, "none": 25}
#: RFC 6154 special uses ``after_ingest = "move:\\Trash"`` may name (the server says which folder has it)
SPECIAL_USES = ("\\Sent", "\\Drafts", "\\Junk", "\\Trash", "\\Archive", "\\All", "\\Flagged")
_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$")

_MAILBOX_KEYS = {"name", "address", "team", "after_ingest", "imap", "smtp", "auth", "oauth2"}
_SERVER_KEYS = {"host", "port", "security", "username", "password_env", "ca_file", "timeout"}
_IMAP_KEYS = _SERVER_KEYS | {"folder", "sent_folder", "batch_size", "poll_seconds", "idle", "server_files_sent",
                             "sent_grace_seconds"}
_SMTP_KEYS = _SERVER_KEYS


def is_loopback(host: str) -> bool:
    """True for ``localhost`` and loopback IP addresses (127.0.0.0/8, ::1)."""
    if host.lower().rstrip(".") == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class ServerSettings:
    """What IMAP and SMTP share: where the server is, how the connection is secured, who signs in."""

    mailbox: str
    protocol: str  # "imap" | "smtp"
    host: str
    port: int
    security: str
    username: str
    password_env: str | None = None
    ca_file: Path | None = None
    timeout: float = 30.0
    #: set when the mailbox signs in with OAuth 2.0 (``auth = "oauth2"``): no password is read then
    oauth: OAuthSettings | None = None

    @property
    def secret_name(self) -> str:
        """The keyring entry holding the password: ``imap:NAME`` or ``smtp:NAME``."""
        return f"{self.protocol}:{self.mailbox}"

    def password(self) -> str:
        """The password from the keyring or ``password_env``; a clear error when there is none."""
        if self.oauth is not None:
            raise SecretError(f"mailbox {self.mailbox!r} signs in with OAuth 2.0 ({self.oauth.provider}), not a "
                              "password")
        value = get_secret(self.secret_name, password_env=self.password_env)
        if value is None:
            raise SecretError(
                f"mailbox {self.mailbox!r}: no {self.protocol.upper()} password: store it in the OS keyring "
                f"under {self.secret_name!r} (service 'agentdesk') or name an environment variable with password_env"
            )
        return value


@dataclass(frozen=True)
class ImapSettings(ServerSettings):
    """``[mailboxes.imap]``."""

    folder: str = "INBOX"
    #: where sent mail is filed and looked for; unless the file names it (``sent_folder_named``), the folder the
    #: server marks ``\\Sent`` (RFC 6154) is used, and this name only where the server marks none
    sent_folder: str = "Sent"
    sent_folder_named: bool = False
    batch_size: int = 200
    poll_seconds: float = 60.0
    idle: bool = True
    # the SMTP server files every message it takes in sent_folder itself (Gmail, Microsoft 365 …): agentdesk files
    # no copy, and decides an uncertain send by looking there after sent_grace_seconds
    server_files_sent: bool = False
    sent_grace_seconds: float = 300.0


@dataclass(frozen=True)
class SmtpSettings(ServerSettings):
    """``[mailboxes.smtp]``."""


@dataclass(frozen=True)
class MailboxSettings:
    """One ``[[mailboxes]]`` entry."""

    name: str
    address: str
    team: str
    after_ingest: str = "keep"  # keep | seen | move:FOLDER
    imap: ImapSettings | None = None
    smtp: SmtpSettings | None = None
    auth: str = "password"  # password | oauth2
    oauth: OAuthSettings | None = None

    @property
    def move_to(self) -> str | None:
        """The folder ingested messages are moved to, for ``after_ingest = "move:FOLDER"``."""
        return self.after_ingest[5:] if self.after_ingest.startswith("move:") else None


class _Checker:
    """Builds error messages that name the file, the mailbox and the key."""

    def __init__(self, source: Path | None, index: int, name: str | None) -> None:
        self.source = source
        self.where = f"mailbox {name!r}" if name else f"mailboxes entry #{index + 1}"

    def error(self, message: str) -> ConfigError:
        return ConfigError(f"{self.source or 'settings'}: {self.where}: {message}")

    def keys(self, table: Mapping[str, Any], known: set[str], section: str) -> None:
        for key in table:
            if key not in known:
                raise self.error(f"unknown key {key!r} in {section}")

    def string(self, table: Mapping[str, Any], key: str, section: str, *, default: str | None = None) -> str:
        value = table.get(key, default)
        if value is None:
            raise self.error(f"{section} needs {key!r}")
        if not isinstance(value, str) or not value.strip():
            raise self.error(f"{section} {key!r} must be a non-empty string")
        return value.strip()

    def optional_string(self, table: Mapping[str, Any], key: str, section: str) -> str | None:
        return self.string(table, key, section) if key in table else None

    def number(self, table: Mapping[str, Any], key: str, section: str, default: float, *, low: float,
               high: float, integer: bool) -> Any:
        value: Any = table.get(key, default)
        wrong_kind = not isinstance(value, int | float) or (integer and not isinstance(value, int))
        if isinstance(value, bool) or wrong_kind or not low <= float(value) <= high:
            kind = "a whole number" if integer else "a number"
            raise self.error(f"{section} {key!r} must be {kind} from {low:g} to {high:g}, not {value!r}")
        return value


def _server(check: _Checker, table: Any, *, mailbox: str, protocol: str,
            oauth: OAuthSettings | None = None, address: str = "") -> dict[str, Any]:
    section = f"[mailboxes.{protocol}]"
    if not isinstance(table, Mapping):
        raise check.error(f"{section} must be a table")
    check.keys(table, _IMAP_KEYS if protocol == "imap" else _SMTP_KEYS, section)
    preset = PRESETS.get(oauth.provider) if oauth else None
    known = (preset.imap if protocol == "imap" else preset.smtp) if preset else None
    host = check.string(table, "host", section, default=known[0] if known else None)
    default_security = known[2] if known and "host" not in table else "tls"
    security = check.string(table, "security", section, default=default_security).lower()
    if security not in SECURITIES:
        raise check.error(f"{section} security must be one of tls, starttls, none, not {security!r}")
    if security == "none" and not is_loopback(host):
        raise check.error(
            f"{section} security = \"none\" is refused for {host!r}: an unencrypted connection would send the "
            "password and the mail in clear; it is allowed only for a loopback host (127.0.0.1, ::1, localhost)"
        )
    ports = _IMAP_PORTS if protocol == "imap" else _SMTP_PORTS
    default_port = known[1] if known and "host" not in table and "security" not in table else ports[security]
    ca_file = check.optional_string(table, "ca_file", section)
    return {
        "mailbox": mailbox,
        "protocol": protocol,
        "host": host,
        "port": check.number(table, "port", section, default_port, low=1, high=65535, integer=True),
        "security": security,
        "username": check.string(table, "username", section, default=address if oauth else None),
        "oauth": oauth,
        "password_env": check.optional_string(table, "password_env", section),
        "ca_file": Path(ca_file) if ca_file else None,
        "timeout": float(check.number(table, "timeout", section, 30.0, low=1, high=3600, integer=False)),
    }


def _imap(check: _Checker, table: Any, mailbox: str, oauth: OAuthSettings | None = None,
          address: str = "") -> ImapSettings:
    common = _server(check, table, mailbox=mailbox, protocol="imap", oauth=oauth, address=address)
    section = "[mailboxes.imap]"
    idle = table.get("idle", True)
    if not isinstance(idle, bool):
        raise check.error(f"{section} 'idle' must be true or false, not {idle!r}")
    preset = PRESETS.get(oauth.provider) if oauth else None
    files_sent = table.get("server_files_sent", bool(preset and preset.server_files_sent))
    if not isinstance(files_sent, bool):
        raise check.error(f"{section} 'server_files_sent' must be true or false, not {files_sent!r}")
    return ImapSettings(
        **common,
        folder=check.string(table, "folder", section, default="INBOX"),
        sent_folder=check.string(table, "sent_folder", section, default="Sent"),
        sent_folder_named="sent_folder" in table,
        batch_size=check.number(table, "batch_size", section, 200, low=1, high=1000, integer=True),
        poll_seconds=float(check.number(table, "poll_seconds", section, 60.0, low=1, high=86400, integer=False)),
        idle=idle,
        server_files_sent=files_sent,
        sent_grace_seconds=float(check.number(table, "sent_grace_seconds", section, 300.0, low=0, high=86400,
                                              integer=False)),
    )


def parse_mailbox(raw: Any, *, index: int = 0, source: Path | None = None) -> MailboxSettings:
    """Validate one ``[[mailboxes]]`` table."""
    name = raw.get("name") if isinstance(raw, Mapping) else None
    check = _Checker(source, index, name if isinstance(name, str) else None)
    if not isinstance(raw, Mapping):
        raise check.error("must be a table ([[mailboxes]])")
    check.keys(raw, _MAILBOX_KEYS, "[[mailboxes]]")
    name = check.string(raw, "name", "[[mailboxes]]")
    if not _NAME_RE.match(name):
        raise check.error("'name' may hold only letters, digits, '.', '_' and '-' (at most 100)")
    address = check.string(raw, "address", "[[mailboxes]]")
    if "@" not in address or any(c in address for c in " \t\r\n<>,"):
        raise check.error(f"'address' {address!r} is not an email address")
    team = check.string(raw, "team", "[[mailboxes]]")
    after = check.string(raw, "after_ingest", "[[mailboxes]]", default="keep")
    if after not in ("keep", "seen") and not (after.startswith("move:") and after[5:].strip()):
        raise check.error(f"'after_ingest' must be \"keep\", \"seen\" or \"move:FOLDER\", not {after!r}")
    if after.startswith("move:\\"):
        use = next((u for u in SPECIAL_USES if u.lower() == after[5:].lower()), None)
        if use is None:
            raise check.error(f"'after_ingest' {after!r} names no special-use folder: use one of "
                              f"{', '.join(SPECIAL_USES)} (RFC 6154), or a folder name")
        after = "move:" + use
    auth = check.string(raw, "auth", "[[mailboxes]]", default="password").lower()
    if auth not in AUTHS:
        raise check.error(f"'auth' must be \"password\" or \"oauth2\", not {auth!r}")
    oauth = None
    if auth == "oauth2":
        if "oauth2" not in raw:
            raise check.error("auth = \"oauth2\" needs an [mailboxes.oauth2] table (provider, client_id …)")
        imap_user = raw.get("imap", {}).get("username") if isinstance(raw.get("imap"), Mapping) else None
        try:
            oauth = parse_oauth(raw["oauth2"], mailbox=name, user=str(imap_user or address.lower()))
        except OAuthConfigError as exc:
            raise check.error(str(exc)) from None
    elif "oauth2" in raw:
        raise check.error("has an [mailboxes.oauth2] table but auth is \"password\": add auth = \"oauth2\"")
    for section in ("imap", "smtp"):
        if oauth and isinstance(raw.get(section), Mapping) and "password_env" in raw[section]:
            raise check.error(f"[mailboxes.{section}] password_env is not used with auth = \"oauth2\": remove it")
    imap = _imap(check, raw["imap"], name, oauth, address.lower()) if "imap" in raw else None
    smtp = (SmtpSettings(**_server(check, raw["smtp"], mailbox=name, protocol="smtp", oauth=oauth,
                                   address=address.lower()))
            if "smtp" in raw else None)
    if imap is None and smtp is None:
        raise check.error("needs an [mailboxes.imap] or [mailboxes.smtp] table (or both)")
    return MailboxSettings(name=name, address=address.lower(), team=team, after_ingest=after, imap=imap, smtp=smtp,
                           auth=auth, oauth=oauth)


def parse_mailboxes(raw: Sequence[Any], *, source: Path | None = None) -> tuple[MailboxSettings, ...]:
    """Validate every ``[[mailboxes]]`` entry; names must be unique."""
    result: list[MailboxSettings] = []
    seen: set[str] = set()
    for index, entry in enumerate(raw):
        mailbox = parse_mailbox(entry, index=index, source=source)
        if mailbox.name in seen:
            raise ConfigError(f"{source or 'settings'}: mailbox {mailbox.name!r} is declared twice")
        seen.add(mailbox.name)
        result.append(mailbox)
    return tuple(result)


def mailboxes_from_settings(settings: Settings) -> tuple[MailboxSettings, ...]:
    """The validated mailboxes of a loaded settings file."""
    return parse_mailboxes(settings.mailboxes, source=settings.path)

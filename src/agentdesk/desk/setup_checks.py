"""What the setup assistant checks and writes, run on a worker thread (no Qt here).

The routing database (reachable, holding agentdesk's schema, its users), a mailbox's IMAP and SMTP servers
(each failure sorted into what a person can fix: the name does not resolve, nothing listens on the port, no
answer, the secure connection or its certificate, the login, a missing folder), creating the first user of a
new standalone database, and the text of the settings file. Passwords go to the OS keyring only.
"""

from __future__ import annotations

import contextlib
import smtplib
import socket
import ssl
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from imapclient import IMAPClient
from imapclient import exceptions as imap_exc
from sqlalchemy import select, text
from sqlalchemy.engine import make_url

from agentdesk.config.mailboxes import (
    ImapSettings,
    MailboxSettings,
    ServerSettings,
    SmtpSettings,
    parse_mailbox,
)
from agentdesk.config.paths import Paths
from agentdesk.config.secrets import set_secret
from agentdesk.config.settings import routing_secret_name, settings_from_mapping
from agentdesk.config.settings_file import first_run_text, toml_string, write_atomically
from agentdesk.config.transport import TransportError, with_transport_defaults
from agentdesk.desk.mailbox_signin import (
    OAuthError,
    ServerRefusedToken,
    SignedIn,
    SignInRequired,
    imap_oauth_login,
    keep_sign_in,
    smtp_oauth_login,
)
from agentdesk.mail.sentprobe import SentProbe as SentProbe  # the mailbox page shows its answer
from agentdesk.routing import migrate
from agentdesk.routing.center import apply_center
from agentdesk.routing.center_file import CenterFileError, parse_center
from agentdesk.routing.db import Database
from agentdesk.routing.models import Team, User
from agentdesk.routing.signin import classify_connect_error, database_login

#: seconds a "Test connection" waits for a server before saying it does not answer
CHECK_TIMEOUT = 15.0

#: what can go wrong, in the words the assistant uses to explain it
KINDS = ("dns", "refused", "timeout", "certificate", "tls", "starttls", "auth", "folder", "network", "protocol",
         "schema", "database", "nodatabase", "transport", "notuser", "noteam", "signin", "token", "provider")


class CheckFailed(Exception):
    """One check failed; ``kind`` (one of :data:`KINDS`) says what, ``detail`` the technical words (English)."""

    def __init__(self, kind: str, detail: str = "") -> None:
        super().__init__(f"{kind}: {detail}")
        self.kind = kind
        self.detail = detail


@dataclass(frozen=True)
class Person:
    """A user of the routing database, as the assistant lists them."""

    login: str
    name: str
    role: str
    team: str | None


@dataclass(frozen=True)
class DatabaseReport:
    users: tuple[Person, ...]
    teams: tuple[str, ...]
    created: bool  # a new standalone database was made (or brought to the newest schema)
    #: team shape with per-user logins: the user the database signs this connection in as (the only choice)
    signed_in: str | None = None


@dataclass(frozen=True)
class ServerCheck:
    """The outcome of testing one server: ``kind`` is None when it worked."""

    protocol: str  # "imap" | "smtp"
    host: str
    port: int
    kind: str | None = None
    detail: str = ""
    messages: int | None = None  # IMAP: how many messages the folder holds

    @property
    def ok(self) -> bool:
        return self.kind is None


def classify(exc: BaseException) -> CheckFailed:
    """Sort a failure into one of :data:`KINDS` (the most specific that applies)."""
    if isinstance(exc, CheckFailed):
        return exc
    if isinstance(exc, SignInRequired):
        return CheckFailed("signin", exc.reason)
    if isinstance(exc, ServerRefusedToken):
        return CheckFailed("token", " ".join(str(exc).split()))
    if isinstance(exc, OAuthError):
        return CheckFailed("provider", " ".join(str(exc).split()))
    words = " ".join(str(exc).split()) or type(exc).__name__
    if isinstance(exc, socket.gaierror):
        return CheckFailed("dns", words)
    if isinstance(exc, ConnectionRefusedError):
        return CheckFailed("refused", words)
    if isinstance(exc, TimeoutError | socket.timeout):
        return CheckFailed("timeout", words)
    if isinstance(exc, ssl.SSLCertVerificationError):
        return CheckFailed("certificate", getattr(exc, "verify_message", "") or words)
    if isinstance(exc, ssl.SSLError):
        return CheckFailed("tls", getattr(exc, "reason", None) or words)
    if isinstance(exc, imap_exc.LoginError | smtplib.SMTPAuthenticationError):
        if isinstance(exc, smtplib.SMTPAuthenticationError):
            words = f"{exc.smtp_code} {_smtp_words(exc.smtp_error)}"
        return CheckFailed("auth", words)
    if isinstance(exc, smtplib.SMTPResponseException):
        return CheckFailed("protocol", f"{exc.smtp_code} {_smtp_words(exc.smtp_error)}")
    if isinstance(exc, ConnectionError | EOFError | smtplib.SMTPServerDisconnected):
        return CheckFailed("network", words)
    if isinstance(exc, OSError):
        return CheckFailed("network", words)
    return CheckFailed("protocol", words)


def _smtp_words(reply: bytes | str) -> str:
    text = reply.decode("utf-8", "replace") if isinstance(reply, bytes) else reply
    return " ".join(text.split())


def _context(server: ServerSettings) -> ssl.SSLContext:
    if server.ca_file is not None:
        return ssl.create_default_context(cafile=str(server.ca_file))
    return ssl.create_default_context()


def _check(protocol: str, server: ServerSettings, run: Any) -> ServerCheck:
    try:
        found = run()
    except Exception as exc:
        failed = classify(exc)
        return ServerCheck(protocol, server.host, server.port, failed.kind, failed.detail)
    return ServerCheck(protocol, server.host, server.port, messages=found)


def check_imap(imap: ImapSettings, password: str) -> ServerCheck:
    """Connect, secure, log in and look at the folder, as the engine will."""

    def run() -> int:
        context = _context(imap) if imap.security != "none" else None
        timeout = min(imap.timeout, CHECK_TIMEOUT)
        client = IMAPClient(imap.host, port=imap.port, ssl=imap.security == "tls", ssl_context=context,
                            timeout=timeout)
        try:
            if imap.security == "starttls":
                if not client.has_capability("STARTTLS"):
                    raise CheckFailed("starttls")
                client.starttls(context)
            if imap.oauth is not None:
                imap_oauth_login(client, imap.oauth, host=imap.host, port=imap.port)
            else:
                client.login(imap.username, password)
            if not client.folder_exists(imap.folder):
                raise CheckFailed("folder", imap.folder)
            info = client.select_folder(imap.folder, readonly=True)
            return int(info.get(b"EXISTS", 0))
        finally:
            with contextlib.suppress(Exception):
                client.logout()
            with contextlib.suppress(Exception):
                client.shutdown()

    return _check("imap", imap, run)


def check_smtp(smtp: SmtpSettings, password: str) -> ServerCheck:
    """Connect, secure and log in (no message is sent)."""

    def run() -> None:
        context = _context(smtp)
        timeout = min(smtp.timeout, CHECK_TIMEOUT)
        client: smtplib.SMTP
        if smtp.security == "tls":
            client = smtplib.SMTP_SSL(smtp.host, smtp.port, timeout=timeout, context=context)
        else:
            client = smtplib.SMTP(smtp.host, smtp.port, timeout=timeout)
        try:
            client.ehlo()
            if smtp.security == "starttls":
                if not client.has_extn("starttls"):
                    raise CheckFailed("starttls")
                client.starttls(context=context)
                client.ehlo()
            if smtp.oauth is not None:
                smtp_oauth_login(client, smtp.oauth, host=smtp.host, port=smtp.port)
            elif smtp.username and client.has_extn("auth"):
                client.login(smtp.username, password)
        finally:
            with contextlib.suppress(Exception):
                client.quit()
            with contextlib.suppress(Exception):
                client.close()

    return _check("smtp", smtp, run)


def check_mailbox(mailbox: MailboxSettings, imap_password: str, smtp_password: str) -> list[ServerCheck]:
    """Test both servers of ``mailbox`` (each reported, even when the first fails)."""
    results = []
    if mailbox.imap is not None:
        results.append(check_imap(mailbox.imap, imap_password))
    if mailbox.smtp is not None:
        results.append(check_smtp(mailbox.smtp, smtp_password))
    return results


def check_sent_filing(mailbox: MailboxSettings, imap_password: str, smtp_password: str, *,
                      wait: float = 30.0) -> SentProbe:
    """Does the mailbox's SMTP server file what it takes in its Sent folder? (a probe to itself, deleted again)"""
    from agentdesk.mail.sentfolder import ImapServer
    from agentdesk.mail.sentprobe import probe_sent_filing
    from agentdesk.mail.smtp import SmtpServer

    i, o = mailbox.imap, mailbox.smtp
    if i is None or o is None:
        return SentProbe(None, "both an IMAP and an SMTP server are needed")
    imap = ImapServer(i.host, i.port, i.security, i.username or "", imap_password,
                      _context(i) if i.security != "none" else None, i.timeout)
    smtp = SmtpServer(o.host, o.port, o.security, o.username, smtp_password,
                      _context(o) if o.security != "none" else None, o.timeout)
    return probe_sent_filing(smtp, imap, address=mailbox.address, sent_folder=i.sent_folder, inbox=i.folder,
                             wait=wait)


def mailbox_table(*, name: str, address: str, team: str, imap: Mapping[str, Any],
                  smtp: Mapping[str, Any], oauth2: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """A ``[[mailboxes]]`` table from the assistant's fields (empty optional values left out); ``oauth2``: the
    mailbox signs in with OAuth 2.0 (``auth = "oauth2"`` and its ``[mailboxes.oauth2]``)."""
    def clean(table: Mapping[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in table.items() if v not in (None, "")}

    table: dict[str, Any] = {"name": name, "address": address, "team": team}
    if oauth2 is not None:
        table["auth"] = "oauth2"
        table["oauth2"] = clean(oauth2)
    table.update({"imap": clean(imap), "smtp": clean(smtp)})
    return table


def parse_mailbox_table(table: Mapping[str, Any]) -> MailboxSettings:
    """Validate a ``[[mailboxes]]`` table as the settings file loader will (ConfigError names the key)."""
    return parse_mailbox(table)


# -- the routing database -------------------------------------------------------------------------------------

def database_url(url: str, password: str) -> Any:
    """The URL the desktop will connect with: a team URL gets the settings' transport defaults (sslmode)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "postgresql":
        try:
            parsed = with_transport_defaults(parsed)
        except TransportError as exc:
            raise CheckFailed("transport", str(exc)) from None
    return parsed.set(password=password) if password else parsed


def _connect_failure(exc: BaseException) -> CheckFailed:
    failure = classify_connect_error(exc)
    return CheckFailed(failure.kind, failure.detail)


def _who_signs_in(db: Database) -> str | None:
    """The user the database signs this connection in as; refuses a login that would see nothing at all."""
    login = database_login(db)
    with db.read() as session:
        if login is not None:
            row = session.execute(select(User.role, User.team_id).where(User.login == login)).one()
            if row.role != "admin" and row.team_id is None:
                raise CheckFailed("noteam", login)
            return login
        # not a user's login: the owner's or a superuser's connection chooses the user; anything else sees nothing
        if session.execute(text("SELECT to_regprocedure('agentdesk_session_login()') IS NOT NULL")).scalar():
            privileged = session.execute(text(
                "SELECT r.rolsuper OR pg_catalog.pg_has_role(session_user, c.relowner, 'MEMBER') "
                "FROM pg_catalog.pg_roles r, pg_catalog.pg_class c "
                "WHERE r.rolname = session_user AND c.oid = 'public.interactions'::regclass")).scalar()
            if not privileged:
                raise CheckFailed("notuser", str(db.url.username or ""))
    return None


def check_database(url: str, password: str, *, standalone: bool) -> DatabaseReport:
    """Reach the database; a standalone file is created or upgraded, a team database must hold the schema and
    (per-user logins) sign in a user who may see something."""
    target = database_url(url, password)
    db = Database(target) if standalone else Database(target, connect_args={"connect_timeout": int(CHECK_TIMEOUT)})
    try:
        try:
            current = migrate.current_revision(db)
        except Exception as exc:
            if standalone:
                raise CheckFailed("database", _first_line(exc)) from None
            raise _connect_failure(exc) from None
        try:
            if standalone:
                if current != migrate.head_revision():
                    migrate.upgrade(db)
            elif current is None:
                raise CheckFailed("schema")
            signed_in = None if standalone else _who_signs_in(db)
            with db.read() as session:
                names = {team.id: team.name for team in session.scalars(select(Team))}
                users = tuple(Person(u.login, u.name, u.role, names.get(u.team_id) if u.team_id else None)
                              for u in session.scalars(select(User).where(User.retired_at.is_(None))
                                                       .order_by(User.login)))
                teams = tuple(sorted(team.name for team in session.scalars(
                    select(Team).where(Team.retired_at.is_(None)))))
        except CheckFailed:
            raise
        except Exception as exc:
            raise CheckFailed("database", _first_line(exc)) from None
        if signed_in is not None:
            users = tuple(u for u in users if u.login == signed_in)
        return DatabaseReport(users, teams, standalone and current != migrate.head_revision(), signed_in)
    finally:
        db.dispose()


def _first_line(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None) or exc
    lines = str(orig).strip().splitlines()
    return lines[0] if lines else type(exc).__name__


@dataclass(frozen=True)
class FirstUser:
    """The first user of a new standalone contact center (its team and default From address too)."""

    login: str
    name: str
    email: str
    role: str
    team: str
    from_address: str | None


def first_center(user: FirstUser) -> dict[str, Any]:
    """The center declaration that bootstraps a new standalone database (validated by the center file rules)."""
    data: dict[str, Any] = {
        "center": {"name": user.team},
        "teams": [{"name": user.team}],
        "users": [{"login": user.login, "name": user.name, "email": user.email, "role": user.role,
                   "team": user.team}],
    }
    if user.from_address:
        data["from_addresses"] = [{"address": user.from_address, "display_name": user.team, "default": True}]
    return data


def first_user_problems(user: FirstUser) -> list[str]:
    """What is wrong with ``user`` as the first user of a new database, in the center file's words (empty: all
    well); checked before anything is written."""
    try:
        parse_center(first_center(user), source="setup")
    except CenterFileError as exc:
        return [p.split(": ", 1)[-1] for p in exc.problems]
    return []


def prepare_database(url: str, center: Mapping[str, Any], *, source: str) -> None:
    """A new database at ``url``: migrated to the newest schema, holding the contact center ``center`` (a center
    file's table; ``source`` names it in errors)."""
    db = Database(url)
    try:
        migrate.upgrade(db)
        apply_center(db, parse_center(center, source=source))
    finally:
        db.dispose()


def create_first_user(url: str, user: FirstUser) -> None:
    """Declare ``user`` (and their team) in a standalone database that has no users yet."""
    decl = parse_center(first_center(user), source="the setup assistant")
    db = Database(url)
    try:
        with db.read() as session:
            if session.scalars(select(User.id).where(User.retired_at.is_(None))).first() is not None:
                raise CheckFailed("database", "this database already has users: choose one instead")
        apply_center(db, decl)
    finally:
        db.dispose()


# -- the settings file ----------------------------------------------------------------------------------------

def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    return toml_string(str(value))


def settings_text(*, url: str, login: str, language: str | None, mailbox: Mapping[str, Any] | None) -> str:
    """The settings file the assistant writes: ``[routing]``, ``[user]`` and at most one ``[[mailboxes]]``."""
    lines = first_run_text(url=url, login=login, language=language).splitlines()
    if mailbox is not None:
        lines += ["", "[[mailboxes]]"]
        lines += [f"{key} = {_toml_value(value)}" for key, value in mailbox.items() if not isinstance(value, Mapping)]
        for section in ("oauth2", "imap", "smtp"):
            table = mailbox.get(section)
            if isinstance(table, Mapping):
                lines += ["", f"[mailboxes.{section}]"]
                lines += [f"{key} = {_toml_value(value)}" for key, value in table.items()]
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class SetupResult:
    """Everything the assistant gathered; :func:`finish` makes it real."""

    url: str
    password: str
    login: str
    language: str | None
    first_user: FirstUser | None = None
    mailbox: Mapping[str, Any] | None = None
    imap_password: str = ""
    smtp_password: str = ""
    #: the mailbox signs in with OAuth 2.0: who signed in in the assistant (kept in the keyring at Finish)
    oauth_sign_in: SignedIn | None = None

    def routing_secret_name(self) -> str:
        return routing_secret_name(self.url)


def finish(result: SetupResult, config_file: Path, paths: Paths) -> Path:
    """Create the first user (standalone), store the passwords in the keyring and write the settings file."""
    import tomllib

    text = settings_text(url=result.url, login=result.login, language=result.language, mailbox=result.mailbox)
    data = tomllib.loads(text)
    settings_from_mapping(data, path=config_file, paths=paths)  # what the loader would refuse is refused now
    for table in data.get("mailboxes", []):
        parse_mailbox(table, source=config_file)
    oauth = None
    if result.mailbox is not None and result.oauth_sign_in is not None:
        oauth = parse_mailbox(result.mailbox, source=config_file).oauth
    if result.first_user is not None:
        create_first_user(result.url, result.first_user)
    if result.password:
        set_secret(result.routing_secret_name(), result.password)
    if result.mailbox is not None:
        name = str(result.mailbox["name"])
        if result.imap_password:
            set_secret(f"imap:{name}", result.imap_password)
        if result.smtp_password:
            set_secret(f"smtp:{name}", result.smtp_password)
    if oauth is not None and result.oauth_sign_in is not None:
        keep_sign_in(oauth, result.oauth_sign_in)
    write_atomically(config_file, text)
    return config_file

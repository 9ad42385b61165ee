"""Who is signed in: in the team shape, the PostgreSQL login of the connection decides, not a setting.

Each user of a team database signs in to PostgreSQL as themselves (``agentdesk admin apply`` makes a login role
per user); the database function ``agentdesk_session_login()`` maps the connection's ``session_user`` to the
user's ``users.login``, and row-level security shows that user only what they may see. So a desktop or a CLI
verb on such a connection acts as that user, and refuses a ``[user] login`` or a ``--as LOGIN`` that names
someone else. The function answers NULL for the tables' owner, a router login or a superuser: those connections
administer and script, and keep choosing the user with ``--as`` (as do SQLite and a database made before the
per-user logins). Also here: what a failed connection to PostgreSQL means, in the few kinds a person can act on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import text

from agentdesk.routing.db import Database


class SignInRefused(Exception):
    """The login asked for is not the one the database signed this connection in as (the message says which)."""


def database_login(db: Database) -> str | None:
    """The ``users.login`` of the connection's PostgreSQL login, or None where the connection does not decide:
    SQLite, the owner's, a router's or a superuser's connection, a database before the per-user logins."""
    if not db.is_postgres:
        return None
    with db.engine.connect() as conn:
        known = conn.execute(text("SELECT to_regprocedure('agentdesk_session_login()') IS NOT NULL")).scalar()
        if not known:
            return None
        login = conn.execute(text("SELECT agentdesk_session_login()")).scalar()
        conn.rollback()
    return None if login is None else str(login)


def resolve_login(db: Database, *, configured: str | None, as_login: str | None = None,
                  configured_where: str = "[user] login") -> str | None:
    """The user to act as: the connection's own login where it has one (refusing ``as_login``, or else
    ``configured``, when it names someone else), else ``as_login`` or ``configured`` as given (None when neither
    is)."""
    own = database_login(db)
    if own is None:
        return as_login or configured
    role = db.url.username or "?"
    if as_login and as_login != own:
        raise SignInRefused(
            f"--as {as_login} is refused: this connection signs in to the database as {role}, the login of user "
            f"{own}, and acts only as {own}. --as is for the owner's or a router's connection (administration "
            f"and scripts); to act as {as_login}, use their own settings file and database login")
    if not as_login and configured and configured != own:
        raise SignInRefused(
            f"{configured_where} says {configured}, but the database signs this connection in as {role}, the login "
            f"of user {own}: each user signs in with their own database login. Put {own} in {configured_where}, "
            f"or the login of {configured} in the URL")
    return own


# -- what a failed connection means ----------------------------------------------------------------------------

@dataclass(frozen=True)
class ConnectFailure:
    """``kind``: ``auth`` (login refused: password, role, not allowed), ``certificate``, ``tls``, ``dns``,
    ``refused`` (nothing listens), ``timeout``, ``nodatabase`` or ``database`` (anything else); ``detail``:
    the server's or libpq's own first line."""

    kind: str
    detail: str


_PATTERNS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("auth", ("password authentication failed", "no password supplied", "is not permitted to log in",
              "pg_hba.conf", "authentication failed")),
    ("certificate", ("certificate", "sslrootcert")),
    ("tls", ("ssl", "tls", "gssapi encryption")),
    ("dns", ("could not translate host name", "failed to resolve host", "name or service not known",
             "nodename nor servname")),
    ("refused", ("connection refused",)),
    ("timeout", ("timeout expired", "timed out")),
)
_PREFIXES = re.compile(r'^(connection failed: )?(connection to server (at|on) .*? failed: )?(FATAL: +)?')


def classify_connect_error(exc: BaseException) -> ConnectFailure:
    """Sort an error from connecting to PostgreSQL into what a person can fix (see :class:`ConnectFailure`)."""
    orig = getattr(exc, "orig", None) or exc
    lines = [line.strip() for line in str(orig).strip().splitlines() if line.strip()]
    detail = _PREFIXES.sub("", lines[0]) if lines else type(orig).__name__
    words = " ".join(lines).lower()
    if re.search(r'role ".*" does not exist', words):
        return ConnectFailure("auth", detail)
    if re.search(r'database ".*" does not exist', words):
        return ConnectFailure("nodatabase", detail)
    for kind, needles in _PATTERNS:
        if any(needle in words for needle in needles):
            return ConnectFailure(kind, detail)
    return ConnectFailure("database", detail)

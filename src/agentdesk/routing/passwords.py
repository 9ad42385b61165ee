"""Setting a user's database password (team shape): SCRAM-SHA-256, hashed here, never sent or logged in clear.

``agentdesk admin password LOGIN`` asks for the password and calls :func:`set_password` on the owner's
connection (or on the user's own: PostgreSQL lets a login change its own password). The SCRAM verifier is
computed on this side with libpq's ``PQencryptPasswordConn`` and sent as ``ALTER ROLE … PASSWORD 'SCRAM-…'``,
so neither the server's statement log nor ``pg_stat_activity`` ever shows the password itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import text

from agentdesk.routing.db import Database


class PasswordError(Exception):
    """The password cannot be set (unknown or retired user, no login role yet, not allowed); nothing changed."""


@dataclass(frozen=True)
class PasswordSet:
    login: str
    role: str


def login_role(db: Database, login: str) -> str:
    """The PostgreSQL role name of user ``login``: the center's role prefix, then the login."""
    with db.engine.connect() as conn:
        has_prefix = conn.execute(text("SELECT to_regprocedure('agentdesk_role_prefix()') IS NOT NULL")).scalar()
        prefix = conn.execute(text("SELECT agentdesk_role_prefix()")).scalar() if has_prefix else ""
        conn.rollback()
    return f"{prefix or ''}{login}"


def _is_router(cur: Any, role: str, prefix: str) -> bool:
    cur.execute("SELECT pg_catalog.pg_has_role(%s, g.oid, 'MEMBER') FROM pg_catalog.pg_roles g WHERE g.rolname = %s",
                (role, f"{prefix}agentdesk_router"))
    found = cur.fetchone()
    return bool(found and found[0])


def set_password(db: Database, login: str, password: str) -> PasswordSet:
    """Give user ``login``'s database login (or a router login's) the SCRAM-SHA-256 verifier of ``password``."""
    from psycopg import errors, sql

    if not db.is_postgres:
        raise PasswordError("database passwords exist only in the team shape (PostgreSQL); a standalone "
                            "database has no logins")
    if not password:
        raise PasswordError("the password is empty")
    role = login_role(db, login)
    raw = db.engine.raw_connection()
    try:
        conn: Any = raw.driver_connection
        with conn.cursor() as cur:
            cur.execute("SELECT retired_at IS NOT NULL FROM users WHERE login = %s", (login,))
            row = cur.fetchone()
            if row is not None and row[0]:
                raise PasswordError(f"{login} is retired: their database login is disabled")
            cur.execute("SELECT rolcanlogin FROM pg_catalog.pg_roles WHERE rolname = %s", (role,))
            found = cur.fetchone()
            if row is None and (found is None or not _is_router(cur, role, role[: len(role) - len(login)])):
                raise PasswordError(f"no user or router login {login!r} (agentdesk admin show lists the users; "
                                    "[database] router_logins of the center file names the routers)")
            if found is None:
                raise PasswordError(f"{login} has no database login ({role}) yet: run agentdesk admin apply first")
            verifier = conn.pgconn.encrypt_password(password.encode("utf-8"), role.encode("utf-8"),
                                                    b"scram-sha-256").decode("ascii")
            try:
                cur.execute(sql.SQL("ALTER ROLE {} PASSWORD {}").format(sql.Identifier(role), sql.Literal(verifier)))
            except errors.InsufficientPrivilege:
                raise PasswordError(
                    f"this connection may not set the password of {role}: run it as the tables' owner (the role "
                    f"that runs agentdesk admin apply), or as {login} themselves") from None
        conn.commit()
    finally:
        raw.close()
    return PasswordSet(login, role)

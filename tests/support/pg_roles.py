"""A secured team database for tests: migrated PostgreSQL, ``admin apply`` run, a connection URL per login.

PostgreSQL roles are cluster-wide, so every :class:`SecuredCenter` uses a prefix of its own (``t<8 hex>_``)
and drops its roles (and its database) when closed. The test server trusts loopback connections, so the
logins need no password. Use the ``secured_center`` fixture (tests/conftest.py) or :func:`secured_center`
directly with a center file of your own::

    def test_agent(secured_center: SecuredCenter) -> None:
        sato = secured_center.database_for("sato")          # connected as the login of user sato
        with sato.read() as s: ...
"""

from __future__ import annotations

import tomllib
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import psycopg
from sqlalchemy.engine import make_url

from agentdesk.routing import migrate
from agentdesk.routing.center import apply_center, parse_center
from agentdesk.routing.db import Database
from tests.support.databases import PG_ADMIN_DSN, create_pg_database, drop_pg_database

#: two teams with QA review on "support"; agents, a lead per team and an admin with no team
CENTER = """
[center]
name = "Secured Center"

[options]
qa_review = { teams = ["support"] }
transfer_timeout_minutes = 5

[[from_addresses]]
address = "support@example.com"
default = true

[[teams]]
name = "support"

[[teams]]
name = "billing"

[[users]]
login = "sato"
email = "sato@example.com"
role = "agent"
team = "support"

[[users]]
login = "suzuki"
email = "suzuki@example.com"
role = "agent"
team = "support"

[[users]]
login = "tanaka"
email = "tanaka@example.com"
role = "lead"
team = "support"

[[users]]
login = "kato"
email = "kato@example.com"
role = "agent"
team = "billing"

[[users]]
login = "yamada"
email = "yamada@example.com"
role = "lead"
team = "billing"

[[users]]
login = "ito"
email = "ito@example.com"
role = "admin"

[[dispositions]]
code = "resolved"

[[workbins]]
name = "Escalations"
team = "support"

[[workbins]]
name = "Escalations"
team = "billing"
"""


def drop_roles(prefix: str, *kept_databases: str) -> None:
    """Drop every role whose name starts with ``prefix``; their privileges in ``kept_databases`` (SQLAlchemy
    URLs of databases that stay) are dropped first; other databases they had rights in must be gone already."""
    assert len(prefix) >= 4, "refusing to drop roles by a short prefix"
    with psycopg.connect(PG_ADMIN_DSN, autocommit=True) as conn:
        names = [r[0] for r in conn.execute("SELECT rolname FROM pg_roles WHERE starts_with(rolname, %s)",
                                            (prefix,))]
    if not names:
        return
    quoted = ", ".join(f'"{name}"' for name in names)
    for url in kept_databases:
        u = make_url(url)
        with psycopg.connect(host=u.host, port=u.port, dbname=u.database, user=u.username, autocommit=True) as conn:
            conn.execute(f"DROP OWNED BY {quoted}")
    with psycopg.connect(PG_ADMIN_DSN, autocommit=True) as conn:
        for name in names:
            conn.execute(f'DROP ROLE IF EXISTS "{name}"')


def prefixed_center(text: str, prefix: str) -> str:
    """A center file's text with ``[database] role_prefix = prefix`` added (the file must not have one)."""
    return f'[database]\nrole_prefix = "{prefix}"\n' + text


class SecuredCenter:
    """A migrated PostgreSQL database with the center applied and its roles made, under a unique prefix."""

    def __init__(self, center_toml: str = CENTER) -> None:
        self.prefix = f"t{uuid.uuid4().hex[:8]}_"
        self.url = create_pg_database("agentdesk_sec")  # the superuser's: owner of the tables
        self._opened: list[Database] = []
        try:
            self.owner = Database(self.url)
            migrate.upgrade(self.owner)
            self.apply(center_toml)
        except BaseException:
            self.close()
            raise

    def apply(self, center_toml: str) -> Any:
        """Apply a center file (its ``[database] role_prefix`` is set to this center's prefix)."""
        data = tomllib.loads(center_toml)
        data.setdefault("database", {})["role_prefix"] = self.prefix
        return apply_center(self.owner, parse_center(data, source="the test center"), roles=True)

    def role(self, login: str) -> str:
        return self.prefix + login

    def url_for(self, login: str) -> str:
        """The SQLAlchemy URL connecting as ``login``'s database role (a user's or a router login)."""
        return make_url(self.url).set(username=self.role(login)).render_as_string(hide_password=False)

    def database_for(self, login: str) -> Database:
        db = Database(self.url_for(login))
        self._opened.append(db)
        return db

    @contextmanager
    def raw(self, login: str) -> Iterator[psycopg.Connection[Any]]:
        """A raw psycopg connection (autocommit) as ``login``: for statements a user could type in a console."""
        url = make_url(self.url)
        with psycopg.connect(host=url.host, port=url.port, dbname=url.database, user=self.role(login),
                             autocommit=True) as conn:
            yield conn

    def close(self) -> None:
        for db in self._opened:
            db.dispose()
        if hasattr(self, "owner"):
            self.owner.dispose()
        drop_pg_database(self.url)
        drop_roles(self.prefix)


def secured_center(center_toml: str = CENTER) -> SecuredCenter:
    return SecuredCenter(center_toml)

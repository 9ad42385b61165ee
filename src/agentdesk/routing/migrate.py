"""Bring a routing database to the newest schema with Alembic, on the connection given (an administrator's).

Alembic (with Mako) is imported by the function that uses it: the desktop imports this module for its setup and
sign-in checks, and importing Alembic up front cost every start of the window about a tenth of a second.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from alembic.config import Config

    from agentdesk.routing.db import Database

MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(db: Database) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with db.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(db: Database, revision: str = "head") -> None:
    """Upgrade ``db`` to ``revision`` (default: the newest)."""
    from alembic import command

    cfg = alembic_config()
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def downgrade(db: Database, revision: str) -> None:
    from alembic import command

    cfg = alembic_config()
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, revision)


#: indexes that exist only on PostgreSQL, where the ``pg_trgm`` extension could be created (migration 0004):
#: the models do not declare them, so comparing models with a database leaves them out
TRIGRAM_SUFFIX = "_trgm"


def include_object(obj: object, name: str | None, type_: str, reflected: bool, compare_to: object) -> bool:
    """Alembic's filter for comparing the models with a database: everything but the trigram indexes."""
    return not (type_ == "index" and name is not None and name.endswith(TRIGRAM_SUFFIX))

"""PostgreSQL: trigram indexes for searching the whole routing database (``agentdesk search --all``)

The wide search matches words anywhere in a field with ILIKE, which is how a Japanese word inside a sentence
is found; ``pg_trgm``'s GIN indexes answer that without reading every interaction. ``pg_trgm`` is a trusted
extension (PostgreSQL 13+): the database's owner may create it. Where it cannot be created the upgrade goes
on without these indexes (the search still works, by scanning) and says so. Nothing on SQLite: desktops
search their local cache there.

Revision ID: 0004
Revises: 0003
"""

import logging
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

log = logging.getLogger("agentdesk.migrations")

#: interactions' columns the wide search reads with ILIKE; the index names end in "_trgm" (routing.migrate)
COLUMNS = ("subject", "body_text", "from_addr", "from_name")


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    try:
        with bind.begin_nested():
            bind.execute(sa.text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
    except sa.exc.DBAPIError as exc:
        log.warning("pg_trgm could not be created (%s): wide search will scan instead of using trigram indexes",
                    str(exc.orig).strip().splitlines()[0])
        return
    for column in COLUMNS:
        op.execute(f"CREATE INDEX IF NOT EXISTS ix_interactions_{column}_trgm ON interactions "
                   f"USING gin ({column} gin_trgm_ops)")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for column in COLUMNS:
        op.execute(f"DROP INDEX IF EXISTS ix_interactions_{column}_trgm")

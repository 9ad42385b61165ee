"""Alembic environment: runs on the connection agentdesk hands it (see agentdesk.routing.migrate)."""

from __future__ import annotations

from alembic import context

from agentdesk.routing.migrate import include_object
from agentdesk.routing.models import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - only through `alembic` run by hand
    from agentdesk.routing.db import make_engine

    engine = make_engine(config.get_main_option("sqlalchemy.url") or "")
    connection = engine.connect()

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
    include_object=include_object,
)
with context.begin_transaction():
    context.run_migrations()

"""How a desktop connects to the routing database: one long-lived connection (the change feed's,
:mod:`agentdesk.desk.follow`), and everything else in short transactions on connections that are closed after
each one.

A pool of idle connections in every desktop is what made one desktop hold six connections and a center of
seventeen desktops hit PostgreSQL's default ``max_connections`` (100). On PostgreSQL the desktop's engine
therefore keeps no idle connection (``NullPool``): each transaction opens its own and closes it, which through
PgBouncer costs the database nothing (the pooler keeps the server connections) and directly costs a connection
setup per action. No server-side prepared statements (``prepare_threshold=None``) and no session state, so
every transaction may run on a different server connection of a transaction pooler. Every connection says
``application_name = 'agentdesk desk'``, so that ``pg_stat_activity`` shows what desktops hold.
"""

from __future__ import annotations

from sqlalchemy.engine import URL, make_url
from sqlalchemy.pool import NullPool

from agentdesk.routing.db import Database

APPLICATION_NAME = "agentdesk desk"


def desk_database(url: str | URL, *, pooled: bool = False, relay: str | None = None) -> Database:
    """The routing database as a desktop uses it (SQLite: as any other process does); ``relay``: the address of
    the wake-up relay its change feed keeps a TCP connection to behind a pooler (:mod:`agentdesk.desk.relay`)."""
    if make_url(url).get_backend_name() != "postgresql":
        return Database(url)
    db = Database(url, pooled=pooled, poolclass=NullPool, pool_pre_ping=False,
                  connect_args={"prepare_threshold": None, "application_name": APPLICATION_NAME,
                                "connect_timeout": 10})
    db.relay = relay
    return db

"""Waking the cache's sync when the routing database changed: LISTEN/NOTIFY on PostgreSQL, polling on SQLite.

On PostgreSQL the watcher listens on the channel ``agentdesk_changes``. Whoever changes interactions should,
in the same transaction (NOTIFY is delivered on commit), run ``SELECT pg_notify('agentdesk_changes', payload)``
with a JSON payload ``{"interaction": ID, "team": TEAM_ID, "owner": OWNER_ID, "event": "assigned"}``
(any text works: the watcher only wakes a sync, which reads what changed itself). On SQLite a commit by any
other connection changes ``PRAGMA data_version``, polled a few times a second (cheap: no table is read).
"""

from __future__ import annotations

import sqlite3
import time
from typing import Any

from agentdesk.routing.db import Database

CHANNEL = "agentdesk_changes"
#: how often the SQLite file is looked at
POLL_SECONDS = 0.2


class ChangeWatcher:
    """``wait(timeout)`` returns what arrived (NOTIFY payloads, or ``["changed"]`` on SQLite), [] on timeout."""

    def __init__(self, db: Database) -> None:
        self._pg: Any = None
        self._sqlite: sqlite3.Connection | None = None
        if db.is_postgres:
            import psycopg

            url = db.url.set(drivername="postgresql").render_as_string(hide_password=False)
            self._pg = psycopg.connect(url, autocommit=True, connect_timeout=5)
            self._pg.execute(f"LISTEN {CHANNEL}")
        else:
            self._sqlite = sqlite3.connect(f"file:{db.url.database}?mode=ro", uri=True, timeout=30)
            self._version = self._data_version()

    def _data_version(self) -> int:
        assert self._sqlite is not None
        return int(self._sqlite.execute("PRAGMA data_version").fetchone()[0])

    def wait(self, timeout: float) -> list[str]:
        if self._pg is not None:
            return [n.payload for n in self._pg.notifies(timeout=timeout, stop_after=1)] + [
                n.payload for n in self._pg.notifies(timeout=0)]
        deadline = time.monotonic() + timeout
        while True:
            version = self._data_version()
            if version != self._version:
                self._version = version
                return ["changed"]
            left = deadline - time.monotonic()
            if left <= 0:
                return []
            time.sleep(min(POLL_SECONDS, left))

    def close(self) -> None:
        if self._pg is not None:
            self._pg.close()
        if self._sqlite is not None:
            self._sqlite.close()

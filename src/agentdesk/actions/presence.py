"""Presence: the signed-in user's availability (ready, not ready, offline), and who is on which interaction.

Availability is a column of the user: routing assigns new email only to ready agents.

Who is viewing or writing on an interaction (X2, collision awareness) is short-lived and never part of the
history: each desktop announces what its agent has open (``announce``, again every ``HEARTBEAT`` seconds
while it stays open, and ``left`` when it closes) and a :class:`PresenceBoard` gathers what the others
announce, forgetting anyone not heard from for ``TTL`` seconds. On PostgreSQL announcements travel by
``NOTIFY agentdesk_presence`` (no table is written; a desktop that starts viewing asks the others to
answer at once, so it knows within moments who is already there). On SQLite (one machine) they are kept
in a small side file beside the routing database, shared by every process that uses it.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import text

from agentdesk.actions import access
from agentdesk.actions.context import ActionContext
from agentdesk.actions.errors import InvalidInput
from agentdesk.routing.db import Database
from agentdesk.routing.models import Presence

PRESENCES = tuple(p.value for p in Presence)
#: what an agent can be doing on an interaction; ``left`` ends it
ACTIVITIES = ("viewing", "writing")
PRESENCE_CHANNEL = "agentdesk_presence"
#: how often a desktop repeats what its agent has open
HEARTBEAT = 5.0
#: after this long without a word from a desktop, its agent is no longer shown on the interaction
TTL = 15.0


def set_presence(ctx: ActionContext, presence: str) -> None:
    """Set my presence; the change is recorded in the history."""
    value = (presence or "").strip().lower().replace("-", "_").replace(" ", "_")
    if value not in PRESENCES:
        raise InvalidInput(f"unknown presence {presence!r}: use one of {', '.join(PRESENCES)}", field="presence")
    with ctx.tx() as tx:
        before = tx.actor.presence
        if before == value:
            return
        tx.actor.presence = value
        tx.record("presence_changed", None, old=before, new=value)


@dataclass(frozen=True)
class OnInteraction:
    """Someone on an interaction: their login and name, ``viewing`` or ``writing``, last heard (POSIX time)."""

    login: str
    name: str
    activity: str
    seen_at: float


def _side_file(db: Database) -> Path:
    return Path(str(db.url.database)).with_name(Path(str(db.url.database)).name + ".presence")


def _side_connect(db: Database) -> sqlite3.Connection:
    conn = sqlite3.connect(_side_file(db), timeout=10, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("CREATE TABLE IF NOT EXISTS presence (interaction_id INTEGER NOT NULL, login TEXT NOT NULL, "
                 "name TEXT NOT NULL, activity TEXT NOT NULL, seen_at REAL NOT NULL, "
                 "PRIMARY KEY (interaction_id, login))")
    return conn


def announce(ctx: ActionContext, interaction_id: int, activity: str, *, ask: bool = False) -> None:
    """Tell the others that I am ``viewing`` or ``writing`` on an interaction I may see, or have ``left`` it.

    ``ask``: the others viewing it answer at once (use it when the interaction is first opened).
    """
    if activity not in (*ACTIVITIES, "left"):
        raise InvalidInput(f"unknown activity {activity!r}: use one of {', '.join((*ACTIVITIES, 'left'))}",
                           field="activity")
    with ctx.read() as tx:
        interaction = tx.interaction(interaction_id, lock=False)
        access.require_visible(tx, interaction)
        login, name = tx.actor.login, tx.actor.name
        if ctx.db.is_postgres:
            # "t": the interaction's team, so that the relay (agentdesk.desk.relay) tells only that team's desktops
            payload = json.dumps({"i": interaction_id, "t": interaction.team_id, "login": login, "name": name,
                                  "activity": activity, "ask": ask}, ensure_ascii=False)
            tx.session.execute(text("SELECT pg_notify(:channel, :payload)"),
                               {"channel": PRESENCE_CHANNEL, "payload": payload})
            return
    conn = _side_connect(ctx.db)
    try:
        if activity == "left":
            conn.execute("DELETE FROM presence WHERE interaction_id = ? AND login = ?", (interaction_id, login))
        else:
            conn.execute("INSERT OR REPLACE INTO presence VALUES (?, ?, ?, ?, ?)",
                         (interaction_id, login, name, activity, time.time()))
    finally:
        conn.close()


class PresenceBoard:
    """Who else is on which interaction, as announced; :meth:`others` reads it. Close it when done.

    ``listen=False`` (a desktop, whose one long-lived connection is its change feed's): the board opens no
    connection of its own; the feed hands it what it hears on ``agentdesk_presence`` (:meth:`heard`)."""

    def __init__(self, ctx: ActionContext, *, listen: bool = True) -> None:
        self.ctx = ctx
        self._lock = threading.Lock()
        self._seen: dict[tuple[int, str], OnInteraction] = {}
        #: what this desktop has open, answered when another desktop asks
        self.mine: dict[int, str] = {}
        self._pg: Any = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        if ctx.db.is_postgres and listen:
            import psycopg

            url = ctx.db.url.set(drivername="postgresql").render_as_string(hide_password=False)
            self._pg = psycopg.connect(url, autocommit=True, connect_timeout=5)
            self._pg.execute(f"LISTEN {PRESENCE_CHANNEL}")
            self._thread = threading.Thread(target=self._listen, name="presence-board", daemon=True)
            self._thread.start()

    def _listen(self) -> None:
        try:
            while not self._stop.is_set():
                for note in self._pg.notifies(timeout=0.25):
                    self._heard(note.payload)
        except Exception:  # the connection went away: presence is best effort, the board goes quiet
            return

    def heard(self, payload: str) -> None:
        """An announcement heard on ``agentdesk_presence`` by someone else's connection (the change feed's)."""
        self._heard(payload)

    def _heard(self, payload: str) -> None:
        try:
            data = json.loads(payload)
            key = (int(data["i"]), str(data["login"]))
            activity = str(data["activity"])
        except (ValueError, KeyError, TypeError):
            return
        with self._lock:
            if activity == "left":
                self._seen.pop(key, None)
            else:
                self._seen[key] = OnInteraction(key[1], str(data.get("name") or key[1]), activity, time.time())
        if data.get("ask") and key[1] != self.ctx.login and key[0] in self.mine:
            try:
                announce(self.ctx, key[0], self.mine[key[0]])
            except Exception:  # best effort: the next heartbeat answers too
                return

    def hold(self, interaction_id: int, activity: str) -> None:
        """I am now ``viewing`` or ``writing`` on the interaction: announce it (asking the others the first time)."""
        first = interaction_id not in self.mine
        announce(self.ctx, interaction_id, activity, ask=first)
        self.mine[interaction_id] = activity

    def release(self, interaction_id: int) -> None:
        """I closed the interaction."""
        if self.mine.pop(interaction_id, None) is not None:
            announce(self.ctx, interaction_id, "left")

    def heartbeat(self) -> None:
        """Repeat what I have open (every ``HEARTBEAT`` seconds), so the others keep showing it."""
        for interaction_id, activity in list(self.mine.items()):
            announce(self.ctx, interaction_id, activity)

    def others(self, interaction_id: int) -> list[OnInteraction]:
        """Who else (not me) is on the interaction now, writers first, then by login."""
        now = time.time()
        if self.ctx.db.is_postgres:
            with self._lock:
                found = [p for (i, _), p in self._seen.items() if i == interaction_id and now - p.seen_at <= TTL]
        else:
            conn = _side_connect(self.ctx.db)
            try:
                found = [OnInteraction(str(r[0]), str(r[1]), str(r[2]), float(r[3])) for r in conn.execute(
                    "SELECT login, name, activity, seen_at FROM presence WHERE interaction_id = ? AND seen_at >= ?",
                    (interaction_id, now - TTL))]
            finally:
                conn.close()
        return sorted((p for p in found if p.login != self.ctx.login),
                      key=lambda p: (p.activity != "writing", p.login))

    def everyone(self) -> dict[int, list[OnInteraction]]:
        """Who else is on any interaction now (one read for a whole list), by interaction id."""
        now = time.time()
        if self.ctx.db.is_postgres:
            with self._lock:
                found = [(i, p) for (i, _), p in self._seen.items() if now - p.seen_at <= TTL]
        else:
            conn = _side_connect(self.ctx.db)
            try:
                found = [(int(r[0]), OnInteraction(str(r[1]), str(r[2]), str(r[3]), float(r[4])))
                         for r in conn.execute("SELECT interaction_id, login, name, activity, seen_at FROM presence "
                                               "WHERE seen_at >= ?", (now - TTL,))]
            finally:
                conn.close()
        out: dict[int, list[OnInteraction]] = {}
        for interaction_id, person in sorted(found, key=lambda f: (f[1].activity != "writing", f[1].login)):
            if person.login != self.ctx.login:
                out.setdefault(interaction_id, []).append(person)
        return out

    def close(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(5)
        if self._pg is not None:
            self._pg.close()

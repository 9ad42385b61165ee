"""The desktop's local cache file: one SQLite database per user and routing database, rebuilt when damaged.

The cache holds a mirror of the interactions and contacts this agent may see, with their cases' data
(``agentdesk.cache.sync`` keeps it in step with the routing database), the bodies of the messages the agent
opened (``agentdesk.cache.opened``), their full-text index (``agentdesk.cache.search``) and the drafts being
written (``agentdesk.cache.drafts``) — the one thing that lives only here until sent. The schema is versioned
with ``PRAGMA user_version``; a file from another version, or one that SQLite finds damaged, is moved aside and
recreated (its drafts copied over where they can still be read), and the next sync fills the mirror again.
"""

from __future__ import annotations

import hashlib
import logging
import re
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

#: bump when the tables or the way text is indexed change: older files are rebuilt (drafts kept) unless an
#: upgrade below brings them forward in place
SCHEMA_VERSION = 3

#: the columns of the full-text index, in order (see agentdesk.cache.search)
FTS_COLUMNS = ("subject", "sender", "recipients", "contact", "body", "attachments")

_SCHEMA = f"""
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE interactions (
    id INTEGER PRIMARY KEY,
    direction TEXT NOT NULL, kind TEXT NOT NULL, state TEXT NOT NULL, purpose TEXT,
    owner_id INTEGER, owner_login TEXT, team_id INTEGER, team_name TEXT,
    case_id INTEGER, contact_id INTEGER, contact_name TEXT,
    from_addr TEXT, from_name TEXT, to_addrs TEXT NOT NULL DEFAULT '', cc_addrs TEXT NOT NULL DEFAULT '',
    subject TEXT NOT NULL DEFAULT '', body_text TEXT NOT NULL DEFAULT '',
    attachment_names TEXT NOT NULL DEFAULT '', attachment_text TEXT NOT NULL DEFAULT '',
    has_attachments INTEGER NOT NULL DEFAULT 0,
    received_at REAL, updated_at REAL NOT NULL, version INTEGER NOT NULL
);
CREATE INDEX ix_interactions_received ON interactions (received_at);
CREATE INDEX ix_interactions_state ON interactions (state);
CREATE INDEX ix_interactions_contact ON interactions (contact_id);
CREATE TABLE contacts (
    id INTEGER PRIMARY KEY, team_id INTEGER, name TEXT NOT NULL, company TEXT,
    emails TEXT NOT NULL DEFAULT ''
);
CREATE VIRTUAL TABLE fts USING fts5({", ".join(FTS_COLUMNS)}, content='', tokenize='unicode61 remove_diacritics 2');
CREATE TABLE drafts (
    key TEXT PRIMARY KEY, interaction_id INTEGER,
    to_addrs TEXT NOT NULL, cc_addrs TEXT NOT NULL, bcc_addrs TEXT NOT NULL,
    subject TEXT NOT NULL, body_text TEXT NOT NULL, body_html TEXT,
    notes TEXT NOT NULL, disposition TEXT, updated_at REAL NOT NULL
);
CREATE TABLE draft_attachments (
    draft_key TEXT NOT NULL, position INTEGER NOT NULL, path TEXT NOT NULL, filename TEXT NOT NULL,
    content_type TEXT NOT NULL, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL, data BLOB NOT NULL,
    PRIMARY KEY (draft_key, position)
);
"""

#: version 2: actions waiting for the routing database (agentdesk.desk.offline), which saved drafts have
#: reached its Drafts workbin (agentdesk.desk.autosave), forward instructions of drafts, and the histories and
#: cases of the cached interactions (agentdesk.cache.histories)
_V2 = """
CREATE TABLE pending_actions (
    id INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, interaction_id INTEGER NOT NULL,
    args TEXT NOT NULL, expect_owner INTEGER, expect_state TEXT, expect_team INTEGER,
    created_at REAL NOT NULL, status TEXT NOT NULL DEFAULT 'waiting', reason TEXT, finished_at REAL
);
CREATE TABLE draft_sync (key TEXT PRIMARY KEY, saved_at REAL NOT NULL, synced_at REAL, sync_error TEXT);
ALTER TABLE drafts ADD COLUMN instructions TEXT;
CREATE TABLE history (
    id INTEGER PRIMARY KEY, interaction_id INTEGER, case_id INTEGER, contact_id INTEGER, actor_login TEXT,
    event TEXT NOT NULL, detail TEXT NOT NULL, created_at REAL NOT NULL
);
CREATE INDEX ix_history_interaction ON history (interaction_id);
CREATE TABLE cases (
    id INTEGER PRIMARY KEY, team_id INTEGER, contact_id INTEGER, subject TEXT NOT NULL DEFAULT '',
    merged_into_id INTEGER
)
"""

#: version 3: what the desktop shows offline besides the email's text — the case data and QA status of the cached
#: interactions (agentdesk.cache.casedata), contacts' phone numbers, and the sanitised bodies and attachment
#: lists of the messages the agent opened (agentdesk.cache.opened). The marks are dropped, so the next pass
#: reloads the mirror in full and brings the case data of what was already cached.
_V3 = """
CREATE TABLE case_data (
    case_id INTEGER NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL DEFAULT '', updated_at REAL,
    PRIMARY KEY (case_id, key)
);
CREATE TABLE qa_status (interaction_id INTEGER PRIMARY KEY, status TEXT NOT NULL, note TEXT);
ALTER TABLE contacts ADD COLUMN phones TEXT NOT NULL DEFAULT '';
CREATE TABLE opened_messages (
    interaction_id INTEGER PRIMARY KEY, version INTEGER NOT NULL, html TEXT, suspicious_links TEXT NOT NULL,
    attachments TEXT NOT NULL, opened_at REAL NOT NULL
);
CREATE INDEX ix_opened_messages_opened ON opened_messages (opened_at);
DELETE FROM meta WHERE key IN ('scope', 'mark', 'history_mark')
"""

#: in-place upgrades: from the version in the key to the next one
_UPGRADES = {1: _V2, 2: _V3}

#: what lives only in the cache (drafts, waiting actions): copied over when a damaged file is rebuilt
_DRAFT_TABLES = ("drafts", "draft_attachments", "pending_actions", "draft_sync")


#: URL options that name the server (a cache belongs to one database), as opposed to how it is reached
_SERVER_KEYS = ("host", "hostaddr", "port", "dbname")


class CacheError(Exception):
    """The cache file cannot be used (its folder cannot be written, …); the message names the file."""


def routing_key(routing_url: str) -> str:
    """The routing database's URL as it names a cache: without a password, the PostgreSQL driver left out, and
    of its options only those that say which server it is (not how to reach it: ``sslmode`` …)."""
    from agentdesk.config.settings import PLAIN_SQLITE_URL

    if PLAIN_SQLITE_URL.fullmatch(routing_url):
        return routing_url  # what SQLAlchemy would render it as, without importing it
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        url = make_url(routing_url)._replace(password=None)  # .set(password=None) would keep it
    except ArgumentError:
        return routing_url
    if url.get_backend_name() == "postgresql":
        url = url.set(drivername="postgresql", query={k: v for k, v in url.query.items() if k in _SERVER_KEYS})
    return url.render_as_string(hide_password=False)


def cache_path(data_dir: Path, login: str, routing_url: str) -> Path:
    """Where the cache of ``login`` against the routing database at ``routing_url`` lives (the same file for
    the settings file's URL and the engine's, with or without the password)."""
    digest = hashlib.sha256(routing_key(routing_url).encode("utf-8")).hexdigest()[:16]
    return data_dir / "cache" / f"{safe_login(login)}-{digest}.sqlite3"


def safe_login(login: str) -> str:
    """A login as it starts a cache file's name."""
    return re.sub(r"[^A-Za-z0-9._-]", "_", login) or "_"


def connect(path: Path, *, synchronous: str = "NORMAL") -> sqlite3.Connection:
    """A connection to the cache file in autocommit mode (transactions are explicit), WAL, foreign keys off."""
    conn = sqlite3.connect(path, timeout=30, isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA busy_timeout=30000")
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute(f"PRAGMA synchronous={synchronous}")
    return conn


class CacheStore:
    """An open cache file. ``CacheStore.open(path)`` checks it and rebuilds it when it is damaged."""

    def __init__(self, path: Path, conn: sqlite3.Connection, *, rebuilt_from: Path | None = None) -> None:
        self.path = path
        self.conn = conn
        #: where the damaged file was moved when this one had to be rebuilt at open, else None
        self.rebuilt_from = rebuilt_from

    # -- opening -------------------------------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path) -> CacheStore:
        """Open (creating, or rebuilding when damaged or of another schema version) the cache at ``path``."""
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise CacheError(f"{path.parent}: cannot create the cache folder: {exc}") from None
        if not path.exists():
            _remove_sidecars(path)  # a WAL left behind by a deleted file must not be replayed into a new one
        problem = _check(path)
        if problem is None:
            conn = connect(path)
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version == 0:
                _create(conn)
            else:
                _upgrade(conn, version)
            return cls(path, conn)
        log.warning("cache %s is unusable (%s); rebuilding it", path, problem)
        aside = _move_aside(path)
        drafts = _salvage_drafts(aside)
        conn = connect(path)
        _create(conn)
        _restore_drafts(conn, drafts)
        return cls(path, conn, rebuilt_from=aside)

    @classmethod
    def open_readonly(cls, path: Path) -> CacheStore:
        """Open an existing cache at ``path`` for reading only, as it is: nothing is created, checked or
        rebuilt (``agentdesk search --local``; a damaged file shows as :class:`sqlite3.DatabaseError` when read).
        :class:`CacheError` when it is of another schema version."""
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=30, isolation_level=None,
                               check_same_thread=False)
        try:
            conn.execute("PRAGMA busy_timeout=30000")
            version = conn.execute("PRAGMA user_version").fetchone()[0]
        except BaseException:
            conn.close()
            raise
        if version != SCHEMA_VERSION:
            conn.close()
            raise CacheError(f"{path}: schema version {version}, this agentdesk reads {SCHEMA_VERSION}")
        return cls(path, conn)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> CacheStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- transactions and metadata ------------------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """``BEGIN IMMEDIATE`` … ``COMMIT`` (rolled back on any exception)."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    def get_meta(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, key: str, value: str) -> None:
        """Set one metadata value (call inside :meth:`transaction`, or it commits on its own)."""
        self.conn.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    def count(self, table: str = "interactions") -> int:
        if table not in ("interactions", "contacts", "drafts", "pending_actions", "history", "cases", "case_data",
                         "qa_status", "opened_messages"):
            raise ValueError(f"not a cache table: {table!r}")
        return int(self.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def _create(conn: sqlite3.Connection) -> None:
    conn.execute("BEGIN IMMEDIATE")
    for statement in _split_sql(_SCHEMA + ";\n" + _V2 + ";\n" + _V3):
        conn.execute(statement)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    conn.execute("COMMIT")


def _upgrade(conn: sqlite3.Connection, version: int) -> None:
    while version in _UPGRADES:
        conn.execute("BEGIN IMMEDIATE")
        for statement in _split_sql(_UPGRADES[version]):
            conn.execute(statement)
        version += 1
        conn.execute(f"PRAGMA user_version = {version}")
        conn.execute("COMMIT")


def _split_sql(script: str) -> list[str]:
    return [s.strip() for s in script.split(";\n") if s.strip()]


def _check(path: Path) -> str | None:
    """None when the file is missing (it will be created) or sound; else what is wrong with it."""
    if not path.exists():
        return None
    try:
        conn = sqlite3.connect(path, timeout=30, isolation_level=None)
        try:
            result = conn.execute("PRAGMA quick_check").fetchall()
            if result != [("ok",)]:
                return "; ".join(str(r[0]) for r in result[:3])
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version not in (0, *_UPGRADES, SCHEMA_VERSION):
                return f"schema version {version}, this agentdesk writes {SCHEMA_VERSION}"
            if version == 0 and conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
                return "tables without a schema version"
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return str(exc)
    return None


def _sidecars(path: Path) -> list[Path]:
    return [path.with_name(path.name + suffix) for suffix in ("-wal", "-shm")]


def _remove_sidecars(path: Path) -> None:
    for side in _sidecars(path):
        side.unlink(missing_ok=True)


def _move_aside(path: Path) -> Path:
    stamp = time.strftime("%Y%m%d-%H%M%S")
    aside = path.with_name(f"{path.name}.damaged-{stamp}")
    n = 1
    while aside.exists():
        n += 1
        aside = path.with_name(f"{path.name}.damaged-{stamp}-{n}")
    path.replace(aside)
    for side, suffix in zip(_sidecars(path), ("-wal", "-shm"), strict=True):
        if side.exists():
            side.replace(aside.with_name(aside.name + suffix))
    return aside


def _salvage_drafts(aside: Path) -> dict[str, list[tuple[Any, ...]]]:
    """The rows of the draft tables that can still be read from a damaged file (each table on its own)."""
    salvaged: dict[str, list[tuple[Any, ...]]] = {}
    try:
        conn = sqlite3.connect(f"file:{aside}?mode=ro", uri=True, timeout=5)
    except sqlite3.DatabaseError:
        return salvaged
    try:
        for table in _DRAFT_TABLES:
            rows: list[tuple[Any, ...]] = []
            try:
                for row in conn.execute(f"SELECT * FROM {table}"):
                    rows.append(tuple(row))
            except sqlite3.DatabaseError as exc:
                log.warning("cache %s: %d %s rows recovered before: %s", aside, len(rows), table, exc)
            salvaged[table] = rows
    finally:
        conn.close()
    return salvaged


def _restore_drafts(conn: sqlite3.Connection, salvaged: dict[str, list[tuple[Any, ...]]]) -> None:
    conn.execute("BEGIN IMMEDIATE")
    for table in _DRAFT_TABLES:
        if table not in salvaged:
            continue
        width = len(conn.execute(f"SELECT * FROM {table} LIMIT 0").description)
        marks = ", ".join("?" * width)
        for row in salvaged.get(table, []):
            if 0 < width - len(row) <= 1 and table == "drafts":
                row = (*row, None)  # a draft saved before forward instructions were kept
            if len(row) == width:
                conn.execute(f"INSERT OR IGNORE INTO {table} VALUES ({marks})", row)
    conn.execute("COMMIT")

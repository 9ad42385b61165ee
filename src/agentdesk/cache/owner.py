"""Whose local cache a desktop holds: in the team shape, the cache of one user at a time.

A cache file is one user's copy of what they may see (``cache/LOGIN-….sqlite3`` in the data folder). When
another user signs in on the same desktop (the same data folder), every other user's cache files are deleted
before the new user's is opened, drafts and waiting actions included: the next user must not find the last
one's customers on the disk. What would be lost — drafts not yet saved to the routing database and actions
still waiting for it — is counted first (:func:`unsent_work`), so the desktop can ask before it deletes, and
the CLI can refuse. Standalone (SQLite) keeps every file: its routing database is on the same disk anyway.
The file ``cache/owner`` records whose cache it is.
"""

from __future__ import annotations

import contextlib
import logging
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from agentdesk.cache.store import safe_login

log = logging.getLogger(__name__)

OWNER_FILE = "owner"


@dataclass(frozen=True)
class UnsentWork:
    """What another user's cache file holds that lives nowhere else."""

    login: str
    path: Path
    drafts: int  # saved here, not (or not in their last version) in the routing database's Drafts
    waiting: int  # actions made offline, still waiting for the routing database

    @property
    def any(self) -> bool:
        return bool(self.drafts or self.waiting)


def cache_dir(data_dir: Path) -> Path:
    return data_dir / "cache"


def recorded_owner(data_dir: Path) -> str | None:
    """The login whose cache this desktop holds, as last recorded (None: never recorded)."""
    try:
        return (cache_dir(data_dir) / OWNER_FILE).read_text(encoding="utf-8").strip() or None
    except OSError:
        return None


def _login_of(path: Path) -> str:
    return path.name.removesuffix(".sqlite3").rsplit("-", 1)[0]


def _others(data_dir: Path, login: str) -> list[Path]:
    """Every file in the cache folder that is not ``login``'s (moved-aside copies and SQLite's -wal too)."""
    folder = cache_dir(data_dir)
    if not folder.is_dir():
        return []
    mine = re.compile(rf"{re.escape(safe_login(login))}-[0-9a-f]{{16}}\.sqlite3")
    return sorted(p for p in folder.iterdir() if p.name != OWNER_FILE and not mine.match(p.name))


def _count(path: Path) -> tuple[int, int]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
    try:
        drafts = conn.execute("SELECT count(*) FROM draft_sync WHERE synced_at IS NULL OR synced_at < saved_at"
                              ).fetchone()[0]
        waiting = conn.execute("SELECT count(*) FROM pending_actions WHERE status = 'waiting'").fetchone()[0]
        return int(drafts), int(waiting)
    finally:
        conn.close()


def unsent_work(data_dir: Path, login: str) -> list[UnsentWork]:
    """Other users' cache files holding drafts or waiting actions that signing in as ``login`` would delete."""
    found = []
    for path in _others(data_dir, login):
        if path.suffix != ".sqlite3":
            continue
        try:
            drafts, waiting = _count(path)
        except sqlite3.Error:  # an older or damaged file: nothing it holds can be counted, nor sent by them
            continue
        work = UnsentWork(_login_of(path), path, drafts, waiting)
        if work.any:
            found.append(work)
    return found


def claim(data_dir: Path, login: str) -> list[Path]:
    """Make the cache folder ``login``'s: delete every other user's files and record ``login``; returns what
    was deleted. Call before the user's cache is opened, and never while another user's is open."""
    deleted = []
    for path in _others(data_dir, login):
        try:
            path.unlink()
        except FileNotFoundError:
            continue
        except OSError as exc:
            log.warning("the cache file %s of another user cannot be deleted: %s", path, exc)
            continue
        deleted.append(path)
    if deleted:
        log.info("another user signed in: %d cache files of other users deleted", len(deleted))
    folder = cache_dir(data_dir)
    with contextlib.suppress(OSError):
        folder.mkdir(parents=True, exist_ok=True)
        (folder / OWNER_FILE).write_text(login + "\n", encoding="utf-8")
    return deleted

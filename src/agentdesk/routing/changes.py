"""The change log's upkeep: pruning rows older than the retention, and the horizon a late desktop checks.

Triggers (migration 0008) write the rows; desktops read them (``agentdesk.desk.feed``). The router prunes
(:func:`prune_change_log`, throttled to once every ``PRUNE_EVERY``): rows older than ``RETENTION`` go, and
``change_log_horizon`` keeps the largest id and transaction id pruned, so that a desktop whose cursor is older
than that knows it may have missed something and reloads once.
"""

from __future__ import annotations

import threading
import time
from datetime import timedelta

from sqlalchemy import delete, func, select, text

from agentdesk.routing.db import Database
from agentdesk.routing.models import ChangeLog
from agentdesk.routing.types import utcnow

#: how long change rows are kept: a desktop away longer (a holiday) reloads once when it comes back
RETENTION = timedelta(days=7)
#: the router prunes at most this often
PRUNE_EVERY = 600.0

_last_prune = 0.0
_prune_lock = threading.Lock()


def prune_change_log(db: Database, retention: timedelta = RETENTION) -> int:
    """Delete change rows older than ``retention``; record how far in ``change_log_horizon``. Returns the count."""
    cutoff = utcnow() - retention
    with db.write() as session:
        top = session.execute(select(func.max(ChangeLog.id), func.max(ChangeLog.tx), func.count())
                              .where(ChangeLog.created_at < cutoff)).one()
        top_id, top_tx, count = top[0], top[1], int(top[2] or 0)
        if not count:
            return 0
        session.execute(delete(ChangeLog).where(ChangeLog.id <= top_id, ChangeLog.created_at < cutoff))
        greatest = "greatest" if db.is_postgres else "max"
        session.execute(text(
            "INSERT INTO change_log_horizon (id, pruned_id, pruned_tx, pruned_at) VALUES (1, :id, :tx, :at) "
            f"ON CONFLICT (id) DO UPDATE SET pruned_id = {greatest}(change_log_horizon.pruned_id, excluded.pruned_id), "
            f"pruned_tx = {greatest}(coalesce(change_log_horizon.pruned_tx, excluded.pruned_tx), "
            "coalesce(excluded.pruned_tx, change_log_horizon.pruned_tx)), pruned_at = excluded.pruned_at"),
            {"id": top_id, "tx": top_tx, "at": utcnow() if db.is_postgres else utcnow().replace(tzinfo=None)})
    return count


def prune_now_and_then(db: Database) -> int:
    """The router's housekeeping task: :func:`prune_change_log` at most every ``PRUNE_EVERY`` seconds."""
    global _last_prune
    with _prune_lock:
        now = time.monotonic()
        if _last_prune and now - _last_prune < PRUNE_EVERY:
            return 0
        _last_prune = now
    return prune_change_log(db)

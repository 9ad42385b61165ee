"""Offline work: actions that need the routing database wait in the cache, in order, until it is back.

While the routing database cannot be reached the agent keeps reading, searching, drafting and writing notes
locally; ``send``, ``transfer``, ``done``, ``note`` and ``case_data`` (one value of the case data) are kept in the cache's ``pending_actions`` table with
what the agent saw when they asked (the interaction's owner, team and state, from the cache). When the
database is back, :func:`replay` carries them out one by one in the order they were asked. One that no
longer applies — the interaction moved meanwhile (X2): another owner, another team, another state — is
refused with the reason and never run (checked inside the action's own transaction, so nothing can move
between the check and the change); one the action itself refuses (a stale reply stopped by its
collision check, say) is refused with the action's own message. A connection lost again stops the replay;
what is left keeps waiting. An action whose connection was lost while its commit was on the way may have
happened anyway: each carries a request id into its history rows, and the replay first looks for it.
"""

from __future__ import annotations

import json
import logging
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select

from agentdesk.actions import casedata, notes, outbound, transfer
from agentdesk.actions.context import ActionContext, Tx
from agentdesk.actions.errors import ActionError, Conflict, InvalidInput, InvalidState, PermissionDenied
from agentdesk.cache.casedata import read_only_keys
from agentdesk.cache.follow import is_unreachable
from agentdesk.cache.store import CacheStore
from agentdesk.routing.models import History, Interaction

log = logging.getLogger(__name__)


def set_case_data(ctx: ActionContext, interaction_id: int, *, key: str, value: str) -> bool:
    """``actions.casedata.set_case_data``, answering True once done (a queued one answers None)."""
    casedata.set_case_data(ctx, interaction_id, key, value)
    return True


#: the actions that may wait, and what each runs when the database is back
KINDS: dict[str, Callable[..., Any]] = {
    "send": outbound.send,
    "transfer": transfer.transfer,
    "done": notes.mark_done,
    "note": notes.add_note,
    "case_data": set_case_data,
}
#: the keyword arguments each kind accepts
_ARGS = {"send": {"confirm_checks"}, "transfer": {"to_login", "to_team", "reason"}, "done": set(), "note": {"body"},
         "case_data": {"key", "value"}}


class OfflineError(ValueError):
    """An action that cannot be queued as given (unknown kind, unknown argument); the message says which."""


@dataclass(frozen=True)
class PendingAction:
    """One action waiting (``status`` ``waiting``), carried out (``done``) or refused (``refused``, ``reason``)."""

    id: int
    kind: str
    interaction_id: int
    args: dict[str, Any]
    created_at: datetime
    status: str
    reason: str | None
    #: the id its history rows carry once carried out (None for an action queued by an older agentdesk)
    request: str | None = None


#: the key of ``args`` in ``pending_actions`` that holds the action's request id
_REQUEST = "_request"


class OfflineQueue:
    """The waiting actions of one cache file."""

    def __init__(self, cache: CacheStore) -> None:
        self.cache = cache

    def enqueue(self, kind: str, interaction_id: int, *, request: str | None = None, **args: Any) -> int:
        """Keep ``kind`` on ``interaction_id`` for later, with what the cache says of it now; returns its id.
        ``request`` is the id the action already ran with, when its commit may have happened unconfirmed."""
        if kind not in KINDS:
            raise OfflineError(f"{kind!r} cannot wait for the database: only {', '.join(KINDS)} can")
        unknown = set(args) - _ARGS[kind]
        if unknown:
            raise OfflineError(f"{kind}: unknown argument(s) {', '.join(sorted(unknown))}")
        if kind == "note" and not str(args.get("body") or "").strip():
            raise OfflineError("a note must not be empty")
        if "confirm_checks" in args:
            args["confirm_checks"] = list(args["confirm_checks"])
        conn = self.cache.conn
        if kind == "case_data":
            args = self._case_edit(interaction_id, args)
        seen = conn.execute("SELECT owner_id, state, team_id FROM interactions WHERE id = ?",
                            (interaction_id,)).fetchone()
        owner, state, team = seen if seen is not None else (None, None, None)
        stored = {**args, _REQUEST: request or uuid.uuid4().hex}
        with self.cache.transaction() as tx:
            cursor = tx.execute(
                "INSERT INTO pending_actions (kind, interaction_id, args, expect_owner, expect_state, expect_team, "
                "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (kind, interaction_id, json.dumps(stored, ensure_ascii=False), owner, state, team, time.time()))
            return int(cursor.lastrowid or 0)

    def _case_edit(self, interaction_id: int, args: dict[str, Any]) -> dict[str, Any]:
        """A case data edit checked as far as the cache can (the action checks again when it runs); a bad one is
        refused at once with the action's own kind of refusal."""
        key = str(args.get("key") or "").strip()
        value = "" if args.get("value") is None else str(args["value"])
        if not key:
            raise InvalidInput("a case data key must not be empty", field="key")
        if len(key) > casedata.MAX_KEY or any(ord(ch) < 32 for ch in key):
            raise InvalidInput(f"the case data key {key[:20]!r} is too long or contains a control character",
                               field="key")
        if len(value) > casedata.MAX_VALUE:
            raise InvalidInput(f"the value of {key!r} is longer than {casedata.MAX_VALUE} characters", field="value")
        if key in read_only_keys(self.cache.conn) or key.casefold() == "qa":
            raise PermissionDenied(f"the case data key {key!r} is read-only")
        row = self.cache.conn.execute("SELECT case_id, state FROM interactions WHERE id = ?",
                                      (interaction_id,)).fetchone()
        if row is not None and row[0] is None:
            raise InvalidState(f"interaction {interaction_id} belongs to no case, so it has no case data")
        if row is not None and row[1] == "done":
            raise InvalidState(f"interaction {interaction_id} is done; its case data can no longer be edited")
        return {"key": key, "value": value}

    def waiting(self) -> list[PendingAction]:
        """The actions still waiting, oldest first."""
        return self._list("WHERE status = 'waiting'")

    def finished(self, limit: int = 50) -> list[PendingAction]:
        """The most recently carried out or refused actions, newest first."""
        return self._list(f"WHERE status != 'waiting' ORDER BY finished_at DESC, id DESC LIMIT {int(limit)}",
                          order=False)

    def cancel(self, action_id: int) -> bool:
        """Drop a waiting action (the agent changed their mind); False when it is no longer waiting."""
        with self.cache.transaction() as tx:
            return tx.execute("DELETE FROM pending_actions WHERE id = ? AND status = 'waiting'",
                              (action_id,)).rowcount > 0

    def clear_finished(self) -> None:
        with self.cache.transaction() as tx:
            tx.execute("DELETE FROM pending_actions WHERE status != 'waiting'")

    def _list(self, where: str, *, order: bool = True) -> list[PendingAction]:
        rows = self.cache.conn.execute(
            "SELECT id, kind, interaction_id, args, created_at, status, reason FROM pending_actions "
            f"{where}{' ORDER BY id' if order else ''}").fetchall()
        found = []
        for r in rows:
            args = json.loads(r[3])
            request = args.pop(_REQUEST, None)
            found.append(PendingAction(id=int(r[0]), kind=str(r[1]), interaction_id=int(r[2]), args=args,
                                       created_at=datetime.fromtimestamp(float(r[4]), UTC), status=str(r[5]),
                                       reason=None if r[6] is None else str(r[6]), request=request))
        return found

    def _finish(self, action_id: int, status: str, reason: str | None) -> None:
        with self.cache.transaction() as tx:
            tx.execute("UPDATE pending_actions SET status = ?, reason = ?, finished_at = ? WHERE id = ?",
                       (status, reason, time.time(), action_id))

    def _expected(self, action_id: int) -> tuple[int | None, str | None, int | None]:
        row = self.cache.conn.execute(
            "SELECT expect_owner, expect_state, expect_team FROM pending_actions WHERE id = ?",
            (action_id,)).fetchone()
        return (row[0], row[1], row[2]) if row is not None else (None, None, None)


@dataclass(frozen=True)
class ReplayResult:
    done: list[PendingAction]
    refused: list[PendingAction]
    #: True when the database went away again before every waiting action was tried
    interrupted: bool


def why_moved(now: Interaction, expected: tuple[int | None, str | None, int | None]) -> str | None:
    """Why an action asked offline no longer applies: the interaction changed hands or state meanwhile."""
    owner, state, team = expected
    changes = []
    if owner is not None and now.owner_id != owner:
        changes.append("it is now with someone else" if now.owner_id is not None else "it went back to the queue")
    if team is not None and now.team_id != team:
        changes.append("it moved to another team")
    if state is not None and now.state != state:
        changes.append(f"its state changed from {state} to {now.state}")
    if not changes:
        return None
    return f"interaction {now.id} moved meanwhile: {'; '.join(changes)}"


@dataclass(frozen=True)
class _Guarded(ActionContext):
    """The agent's context for one replayed action: its write transaction first checks, in that same
    transaction (the row locked on PostgreSQL, the write lock held on SQLite), that the interaction is where it
    was when the action was asked; if not, the action is refused with :class:`Conflict` and changes nothing."""

    interaction_id: int = 0
    expected: tuple[int | None, str | None, int | None] = (None, None, None)

    @contextmanager
    def tx(self) -> Iterator[Tx]:
        with super().tx() as tx:
            why = why_moved(tx.interaction(self.interaction_id), self.expected)
            if why is not None:
                raise Conflict(why)
            yield tx


def replay(queue: OfflineQueue, ctx: ActionContext) -> ReplayResult:
    """Carry out every waiting action in order (see the module's description)."""
    done: list[PendingAction] = []
    refused: list[PendingAction] = []
    for action in queue.waiting():
        guarded = _Guarded(ctx.db, ctx.login, action.request, action.interaction_id, queue._expected(action.id))
        why: str | None = None
        try:
            if not _already_done(ctx, action):  # its commit went through before the connection was lost
                KINDS[action.kind](guarded, action.interaction_id, **action.args)
        except ActionError as exc:
            why = exc.message
        except Exception as exc:
            if is_unreachable(exc):
                return ReplayResult(done, refused, interrupted=True)
            raise
        if why is None:
            queue._finish(action.id, "done", None)
            _rebase(queue, ctx, action)
            done.append(action)
            log.info("carried out the %s of interaction %d asked offline", action.kind, action.interaction_id)
        else:
            queue._finish(action.id, "refused", why)
            refused.append(action)
            log.warning("the %s of interaction %d asked offline was refused: %s", action.kind,
                        action.interaction_id, why)
    return ReplayResult(done, refused, interrupted=False)


def _already_done(ctx: ActionContext, action: PendingAction) -> bool:
    """Did ``action`` happen already? (the connection was lost while its commit was on the way: the database may
    have committed it without the desktop hearing so) Its history rows carry its request id."""
    if action.request is None:
        return False
    with ctx.db.read() as session:
        return session.scalar(select(History.id).where(
            History.interaction_id == action.interaction_id,
            History.detail["request"].as_string() == action.request).limit(1)) is not None


def _rebase(queue: OfflineQueue, ctx: ActionContext, action: PendingAction) -> None:
    """The agent's own action moved the interaction: later waiting actions on it expect where it is now."""
    with ctx.read() as tx:
        now = tx.session.get(Interaction, action.interaction_id)
        if now is None:
            return
        values = (now.owner_id, now.state, now.team_id)
    with queue.cache.transaction() as conn:
        conn.execute("UPDATE pending_actions SET expect_owner = ?, expect_state = ?, expect_team = ? "
                     "WHERE interaction_id = ? AND id > ? AND status = 'waiting'",
                     (*values, action.interaction_id, action.id))


def run_or_queue(queue: OfflineQueue, ctx: ActionContext, kind: str, interaction_id: int, **args: Any) -> Any:
    """Run the action now and return its result; when the database cannot be reached, queue it and return None.

    Actions already waiting go first (order is kept): if they cannot all be carried out, this one waits too.
    """
    if kind not in KINDS:
        raise OfflineError(f"{kind!r} cannot wait for the database: only {', '.join(KINDS)} can")
    if queue.waiting() and replay(queue, ctx).interrupted:
        queue.enqueue(kind, interaction_id, **args)
        return None
    request = uuid.uuid4().hex
    try:
        return KINDS[kind](replace(ctx, request=request), interaction_id, **args)
    except Exception as exc:
        if not is_unreachable(exc):
            raise
        # the commit may have reached the database unconfirmed: the replay looks for this request id first
        queue.enqueue(kind, interaction_id, request=request, **args)
        return None

"""Who acts, and the transaction an action runs in: loads the signed-in user, records history.

Every action is ``def action(ctx: ActionContext, ...)`` and opens exactly one write transaction with
``with ctx.tx() as tx:``; the change and its history rows commit together or not at all. On PostgreSQL a
transaction that changed interactions, transfer offers or review rounds also sends ``NOTIFY agentdesk_changes``
(delivered on commit only), which wakes every desktop's cache (``agentdesk.cache.watch``).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import event, select, text
from sqlalchemy.orm import ORMExecuteState, Session

from agentdesk.actions.errors import NotFound, PermissionDenied
from agentdesk.routing.db import Database
from agentdesk.routing.models import History, Interaction, Role, User
from agentdesk.routing.options import Options, load_options


@dataclass(frozen=True)
class ActionContext:
    """A signed-in user (by login) on a routing database."""

    db: Database
    login: str
    #: an id the caller gives one request (the offline queue does): every history row the action writes carries
    #: it (``detail["request"]``), so that a request whose commit was never confirmed can be found done
    request: str | None = None

    @contextmanager
    def tx(self) -> Iterator[Tx]:
        """One write transaction as this user; raises :class:`NotFound` for an unknown or retired login."""
        with self.db.write() as session:
            if self.db.is_postgres:
                session.info[_CHANGES] = set()
            yield Tx(session, _load_user(session, self.login), self.request)
            if self.db.is_postgres:
                _notify_changes(session)

    @contextmanager
    def read(self) -> Iterator[Tx]:
        """One read-only transaction as this user."""
        with self.db.read() as session:
            yield Tx(session, _load_user(session, self.login))


# -- change notifications (PostgreSQL): desktops' caches LISTEN on this channel (agentdesk.cache.watch) -------
CHANGE_CHANNEL = "agentdesk_changes"
_CHANGES = "agentdesk_changes"
#: tables whose changes desktops follow: interactions, transfer offers, review rounds
_WATCHED = {"interactions": "id", "transfer_offers": "interaction_id", "qa_rounds": "interaction_id"}
_MAX_IDS = 200  # a NOTIFY payload must stay under 8,000 bytes


@event.listens_for(Session, "after_flush")
def _collect_flushed(session: Session, _flush_context: Any) -> None:
    changes: set[int] | None = session.info.get(_CHANGES)
    if changes is None:
        return
    for obj in (*session.new, *session.dirty, *session.deleted):
        column = _WATCHED.get(getattr(obj, "__tablename__", ""))
        value = getattr(obj, column, None) if column else None
        if isinstance(value, int):
            changes.add(value)
        elif column:
            changes.add(0)


@event.listens_for(Session, "do_orm_execute")
def _collect_statement(state: ORMExecuteState) -> None:
    changes: set[int] | None = state.session.info.get(_CHANGES)
    if changes is not None and (state.is_update or state.is_delete or state.is_insert):
        table = getattr(state.statement, "table", None)
        if getattr(table, "name", None) in _WATCHED:
            changes.add(0)  # which rows is unknown: the caches find them by their change stamps


def _notify_changes(session: Session) -> None:
    """``pg_notify`` inside the action's transaction: delivered to listeners only if it commits."""
    session.flush()
    changes: set[int] = session.info.pop(_CHANGES, set())
    if not changes:
        return
    ids = sorted(i for i in changes if i)[:_MAX_IDS]
    payload = json.dumps({"interactions": ids, "more": len(changes) > len(ids)})
    session.execute(text("SELECT pg_notify(:channel, :payload)"), {"channel": CHANGE_CHANNEL, "payload": payload})


def _load_user(session: Session, login: str) -> User:
    user = session.scalar(select(User).where(User.login == login))
    if user is None or user.retired_at is not None:
        raise NotFound(f"no active user with the login {login!r}")
    return user


class Tx:
    """The session and acting user of one action, with the helpers every action needs."""

    def __init__(self, session: Session, actor: User, request: str | None = None) -> None:
        self.session = session
        self.actor = actor
        self.request = request
        self._options: Options | None = None

    @property
    def options(self) -> Options:
        if self._options is None:
            self._options = load_options(self.session)
        return self._options

    @property
    def is_lead(self) -> bool:
        return self.actor.role in (Role.LEAD, Role.ADMIN)

    def require_role(self, *roles: Role, what: str) -> None:
        if self.actor.role not in roles:
            raise PermissionDenied(f"{self.actor.login} ({self.actor.role}) may not {what}")

    def interaction(self, interaction_id: int, *, lock: bool = True) -> Interaction:
        """The interaction, row-locked on PostgreSQL (SQLite's IMMEDIATE transaction already holds the lock)."""
        stmt = select(Interaction).where(Interaction.id == interaction_id)
        if lock and self.session.bind is not None and self.session.get_bind().dialect.name == "postgresql":
            stmt = stmt.with_for_update()
        found = self.session.scalars(stmt.execution_options(populate_existing=True)).first()
        if found is None:
            raise NotFound(f"interaction {interaction_id} does not exist")
        return found

    def record(self, event: str, interaction: Interaction | None = None, **detail: Any) -> History:
        """Append a history row for ``event`` (same transaction as the change it records)."""
        if self.request is not None:
            detail = {**detail, "request": self.request}
        row = History(
            event=event,
            actor_id=self.actor.id,
            interaction_id=interaction.id if interaction is not None else None,
            case_id=interaction.case_id if interaction is not None else None,
            contact_id=interaction.contact_id if interaction is not None else None,
            team_id=interaction.team_id if interaction is not None else self.actor.team_id,
            detail=detail,
        )
        if interaction is not None:
            interaction.version = (interaction.version or 0) + 1
        self.session.add(row)
        return row

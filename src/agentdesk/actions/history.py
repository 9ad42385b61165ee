"""Histories (S28): what happened to an interaction and its case, a case's or a contact's interactions, and my
history (the interactions I handled). Each is filterable and returns frozen dataclasses.

The history panels pick an interaction here to forward from history (S26, S28) where the center allows it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import aliased

from agentdesk.actions import access
from agentdesk.actions.context import ActionContext, Tx
from agentdesk.actions.errors import InvalidInput
from agentdesk.actions.queries import InteractionSummary, summaries_in, visible_contact
from agentdesk.routing.models import History, Interaction, State, User


@dataclass(frozen=True)
class HistoryEntry:
    id: int
    event: str
    created_at: datetime
    actor_login: str | None
    interaction_id: int | None
    case_id: int | None
    detail: dict[str, Any]
    actor_name: str | None = None  # the person's name, for the desktop (the login is for scripts)


def interaction_history(ctx: ActionContext, interaction_id: int, *,
                        events: Sequence[str] | None = None) -> list[HistoryEntry]:
    """The history rows of an interaction and of its case (its other interactions too), oldest first."""
    with ctx.read() as tx:
        interaction = access.visible_interaction(tx, interaction_id)
        mine = History.interaction_id == interaction.id
        condition = mine
        if interaction.case_id is not None:
            of_case = History.case_id == interaction.case_id
            if not access.is_admin(tx.actor):
                of_case = of_case & (History.team_id == tx.actor.team_id)
            condition = or_(mine, of_case)
        actor = aliased(User)
        stmt = (select(History, actor.login, actor.name).outerjoin(actor, actor.id == History.actor_id).where(condition)
                .order_by(History.created_at, History.id))
        if events:
            stmt = stmt.where(History.event.in_(list(events)))
        return [HistoryEntry(h.id, h.event, h.created_at, login, h.interaction_id, h.case_id, dict(h.detail or {}),
                             name or login) for h, login, name in tx.session.execute(stmt)]


def _filtered(tx: Tx, stmt: Select[int], *, text: str | None, since: datetime | None,
              states: Sequence[str] | None, limit: int) -> list[InteractionSummary]:
    stmt = stmt.where(access.visible_clause(tx.actor))
    if since is not None:
        if since.tzinfo is None:
            raise InvalidInput("'since' must carry its time zone", field="since")
        stmt = stmt.where(Interaction.created_at >= since)
    if states:
        known = {s.value for s in State}
        unknown = [s for s in states if s not in known]
        if unknown:
            raise InvalidInput(f"unknown state {unknown[0]!r}: use one of {', '.join(sorted(known))}", field="states")
        stmt = stmt.where(Interaction.state.in_(list(states)))
    if text and text.strip():
        pattern = access.like_pattern(text.strip())
        stmt = stmt.where(or_(*(column.ilike(pattern, escape="\\") for column in (
            Interaction.subject, Interaction.from_addr, Interaction.from_name, Interaction.body_text))))
    ids = list(tx.session.scalars(stmt.order_by(Interaction.id.desc()).limit(max(0, limit))))
    return summaries_in(tx.session, tx.actor, ids)


def case_interactions(ctx: ActionContext, interaction_id: int, *, text: str | None = None,
                      since: datetime | None = None, states: Sequence[str] | None = None,
                      limit: int = 200) -> list[InteractionSummary]:
    """The interactions of an interaction's case (itself included), newest first."""
    with ctx.read() as tx:
        interaction = access.visible_interaction(tx, interaction_id)
        if interaction.case_id is None:
            stmt = select(Interaction.id).where(Interaction.id == interaction.id)
        else:
            stmt = select(Interaction.id).where(Interaction.case_id == interaction.case_id)
        return _filtered(tx, stmt, text=text, since=since, states=states, limit=limit)


def contact_history(ctx: ActionContext, contact_id: int, *, text: str | None = None, since: datetime | None = None,
                    states: Sequence[str] | None = None, limit: int = 200) -> list[InteractionSummary]:
    """A contact's interactions that I may see, newest first."""
    with ctx.read() as tx:
        visible_contact(tx, contact_id)
        stmt = select(Interaction.id).where(Interaction.contact_id == contact_id)
        return _filtered(tx, stmt, text=text, since=since, states=states, limit=limit)


def my_history(ctx: ActionContext, *, text: str | None = None, since: datetime | None = None,
               states: Sequence[str] | None = None, limit: int = 200) -> list[InteractionSummary]:
    """The interactions I handled: those I own, and those I acted on (history rows with me as the actor)."""
    with ctx.read() as tx:
        acted = select(History.interaction_id).where(History.actor_id == tx.actor.id,
                                                     History.interaction_id.is_not(None))
        stmt = select(Interaction.id).where(or_(Interaction.owner_id == tx.actor.id, Interaction.id.in_(acted)))
        return _filtered(tx, stmt, text=text, since=since, states=states, limit=limit)

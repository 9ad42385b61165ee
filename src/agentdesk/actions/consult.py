"""Consultation (S11): an internal conversation about an interaction with a member of its team.

Whoever works the interaction (its owner, a lead of the team) starts one with another active member of the
team; only its two participants write in it or close it. Everyone who may see the interaction may read its
consultations.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from agentdesk.actions import access
from agentdesk.actions.context import ActionContext, Tx
from agentdesk.actions.errors import InvalidInput, InvalidState, NotFound, PermissionDenied, require_no_nul
from agentdesk.routing.models import Consultation, ConsultationMessage, Interaction, Presence, State, User
from agentdesk.routing.types import utcnow

MAX_MESSAGE = 20_000
OPEN, CLOSED = "open", "closed"


@dataclass(frozen=True)
class ConsultationMessageView:
    id: int
    author_login: str
    body: str
    created_at: datetime
    author_name: str = ""  # the person's name, for the desktop


@dataclass(frozen=True)
class ConsultationView:
    id: int
    interaction_id: int
    started_by: str
    with_login: str
    state: str
    created_at: datetime
    closed_at: datetime | None
    messages: tuple[ConsultationMessageView, ...]


def _text(body: str) -> str:
    text = (body or "").strip()
    if not text:
        raise InvalidInput("a consultation message must not be empty", field="message")
    require_no_nul(text, "message", "consultation message")
    if len(text) > MAX_MESSAGE:
        raise InvalidInput(f"a consultation message may hold at most {MAX_MESSAGE} characters", field="message")
    return text


def start_consultation(ctx: ActionContext, interaction_id: int, with_login: str, message: str) -> int:
    """Open a consultation about an interaction with an active team member; returns its id."""
    text = _text(message)
    with ctx.tx() as tx:
        interaction = tx.interaction(interaction_id)
        access.require_worker(tx, interaction, "start a consultation about it")
        if interaction.state == State.DONE.value:
            raise InvalidState(f"interaction {interaction.id} is done; start no consultation about it")
        other = access.user_by_login(tx.session, with_login)
        if other.id == tx.actor.id:
            raise InvalidInput(f"{other.login} cannot consult themself", field="with")
        if other.team_id is None or other.team_id != interaction.team_id:
            raise InvalidInput(f"{other.login} is not a member of {access.team_name(tx.session, interaction.team_id)}"
                               f", the team of interaction {interaction.id}", field="with")
        if other.presence == Presence.OFFLINE.value:
            raise InvalidState(f"{other.login} is offline")
        now = utcnow()
        consultation = Consultation(interaction_id=interaction.id, team_id=interaction.team_id,
                                    started_by=tx.actor.id, with_user_id=other.id, state=OPEN, created_at=now)
        tx.session.add(consultation)
        tx.session.flush()
        tx.session.add(ConsultationMessage(consultation_id=consultation.id, author_id=tx.actor.id, body=text,
                                           created_at=now))
        tx.record("consultation_started", interaction, consultation_id=consultation.id, with_login=other.login)
        return consultation.id


def _participant(tx: Tx, consultation_id: int, what: str) -> tuple[Consultation, Interaction]:
    consultation = tx.session.get(Consultation, consultation_id)
    if consultation is None:
        raise NotFound(f"consultation {consultation_id} does not exist")
    if tx.actor.id not in (consultation.started_by, consultation.with_user_id):
        raise PermissionDenied(f"only the two participants of consultation {consultation_id} may {what} "
                               f"({tx.actor.login} is not one)")
    if consultation.state != OPEN:
        raise InvalidState(f"consultation {consultation_id} is closed")
    return consultation, tx.interaction(consultation.interaction_id)


def consultation_message(ctx: ActionContext, consultation_id: int, body: str) -> int:
    """Write in an open consultation (participants only); returns the message's id."""
    text = _text(body)
    with ctx.tx() as tx:
        consultation, interaction = _participant(tx, consultation_id, "write in it")
        message = ConsultationMessage(consultation_id=consultation.id, author_id=tx.actor.id, body=text)
        tx.session.add(message)
        tx.session.flush()
        tx.record("consultation_message", interaction, consultation_id=consultation.id, message_id=message.id)
        return message.id


def close_consultation(ctx: ActionContext, consultation_id: int) -> None:
    with ctx.tx() as tx:
        consultation, interaction = _participant(tx, consultation_id, "close it")
        consultation.state, consultation.closed_at = CLOSED, utcnow()
        tx.record("consultation_closed", interaction, consultation_id=consultation.id)


def _views(session: Session, consultations: list[Consultation]) -> list[ConsultationView]:
    ids = [c.id for c in consultations]
    people = {c.started_by for c in consultations} | {c.with_user_id for c in consultations}
    logins: dict[int, str] = {}
    names: dict[int, str] = {}
    if people:
        for user_id, login, name in session.execute(select(User.id, User.login, User.name).where(User.id.in_(people))):
            logins[user_id] = login
            names[user_id] = name or login
    messages: dict[int, list[ConsultationMessageView]] = {i: [] for i in ids}
    if ids:
        for m in session.scalars(select(ConsultationMessage).where(ConsultationMessage.consultation_id.in_(ids))
                                 .order_by(ConsultationMessage.created_at, ConsultationMessage.id)):
            author = logins.get(m.author_id) or session.scalar(select(User.login).where(User.id == m.author_id))
            messages[m.consultation_id].append(ConsultationMessageView(m.id, author or "", m.body, m.created_at,
                                                                       names.get(m.author_id) or author or ""))
    return [ConsultationView(c.id, c.interaction_id, logins.get(c.started_by, ""), logins.get(c.with_user_id, ""),
                             c.state, c.created_at, c.closed_at, tuple(messages[c.id])) for c in consultations]


def consultations(ctx: ActionContext, interaction_id: int) -> list[ConsultationView]:
    """The consultations about an interaction, oldest first, with their messages."""
    with ctx.read() as tx:
        interaction = access.visible_interaction(tx, interaction_id)
        found = list(tx.session.scalars(select(Consultation).where(Consultation.interaction_id == interaction.id)
                                        .order_by(Consultation.id)))
        return _views(tx.session, found)


def my_consultations(ctx: ActionContext) -> list[ConsultationView]:
    """The open consultations I take part in (started by me or with me)."""
    with ctx.read() as tx:
        found = list(tx.session.scalars(select(Consultation).where(
            Consultation.state == OPEN,
            or_(Consultation.started_by == tx.actor.id, Consultation.with_user_id == tx.actor.id),
        ).order_by(Consultation.id)))
        return _views(tx.session, found)

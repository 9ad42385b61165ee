"""Notes and disposition codes (S7), and marking an interaction done (S8).

Only someone working the interaction (its owner, a lead of its team, an administrator) writes a note, sets
its disposition or marks it done. Where the ``disposition_required`` option is on, an inbound email or a call
record is marked done only once it has a disposition code; outbound forwards (parked in In Progress, S24) are
closed without one. Marking done takes the interaction out of any workbin, withdraws a pending transfer
offer and closes its open consultations.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from agentdesk.actions import access
from agentdesk.actions.context import ActionContext
from agentdesk.actions.errors import InvalidInput, InvalidState, require_no_nul
from agentdesk.actions.transfer import withdraw_offers
from agentdesk.routing import workbins as bins
from agentdesk.routing.models import Consultation, Direction, DispositionCode, Kind, Note, State
from agentdesk.routing.types import utcnow

MAX_NOTE = 20_000
#: the states an interaction can be marked done from
CLOSABLE = (State.ASSIGNED.value, State.STORED.value, State.SENT.value, State.FAILED.value,
            State.NEEDS_ATTENTION.value)
_NOT_CLOSABLE_WHY = {
    State.QUEUED.value: "is still queued: it must be routed (or reassigned) first",
    State.DRAFT.value: "is a draft: send it or delete it",
    State.REJECTED.value: "is a rejected draft: correct and send it, or delete it",
    State.REVIEW.value: "is waiting for QA review",
    State.OUTBOX.value: "is in the outbox being sent",
    State.DONE.value: "is already done",
}


@dataclass(frozen=True)
class DispositionView:
    code: str
    labels: dict[str, str]


def dispositions(ctx: ActionContext) -> list[DispositionView]:
    """The disposition codes in force (retired ones left out)."""
    with ctx.read() as tx:
        rows = tx.session.scalars(select(DispositionCode).where(DispositionCode.retired_at.is_(None))
                                  .order_by(DispositionCode.code))
        return [DispositionView(d.code, dict(d.label or {})) for d in rows]


def add_note(ctx: ActionContext, interaction_id: int, body: str) -> int:
    """Add an internal note to an interaction; returns the note's id."""
    text = (body or "").strip()
    if not text:
        raise InvalidInput("a note must not be empty", field="body")
    require_no_nul(text, "body", "note")
    if len(text) > MAX_NOTE:
        raise InvalidInput(f"a note may hold at most {MAX_NOTE} characters (this one has {len(text)})", field="body")
    with ctx.tx() as tx:
        interaction = tx.interaction(interaction_id)
        access.require_worker(tx, interaction, "add a note to it")
        note = Note(interaction_id=interaction.id, team_id=interaction.team_id, author_id=tx.actor.id, body=text)
        tx.session.add(note)
        tx.session.flush()
        tx.record("note_added", interaction, note_id=note.id, chars=len(text))
        return note.id


def set_disposition(ctx: ActionContext, interaction_id: int, code: str) -> None:
    """Set the disposition code of an interaction that is not done yet (a listed, non-retired code)."""
    code = (code or "").strip()
    if not code:
        raise InvalidInput("no disposition code was given", field="code")
    with ctx.tx() as tx:
        interaction = tx.interaction(interaction_id)
        access.require_worker(tx, interaction, "set its disposition")
        if interaction.state == State.DONE.value:
            raise InvalidState(f"interaction {interaction.id} is done; its disposition can no longer change")
        found = tx.session.scalar(select(DispositionCode).where(DispositionCode.code == code))
        if found is None or found.retired_at is not None:
            listed = tx.session.scalars(select(DispositionCode.code).where(DispositionCode.retired_at.is_(None))
                                        .order_by(DispositionCode.code)).all()
            what = "has been retired" if found is not None else "is not a listed code"
            raise InvalidInput(f"disposition {code!r} {what}; use one of: {', '.join(listed) or '(none listed)'}",
                               field="code")
        if interaction.disposition == code:
            return
        old = interaction.disposition
        interaction.disposition = code
        tx.record("disposition_set", interaction, old=old, new=code)


def mark_done(ctx: ActionContext, interaction_id: int) -> None:
    """Close an interaction: state ``done``, out of every workbin (In Progress too)."""
    with ctx.tx() as tx:
        interaction = tx.interaction(interaction_id)
        access.require_worker(tx, interaction, "mark it done")
        if interaction.state not in CLOSABLE:
            why = _NOT_CLOSABLE_WHY.get(interaction.state, f"is {interaction.state}")
            raise InvalidState(f"interaction {interaction.id} cannot be marked done: it {why}")
        needs_code = interaction.direction == Direction.INBOUND.value or interaction.kind == Kind.CALL.value
        if needs_code and tx.options.disposition_required and not interaction.disposition:
            listed = tx.session.scalars(select(DispositionCode.code).where(DispositionCode.retired_at.is_(None))
                                        .order_by(DispositionCode.code)).all()
            raise InvalidState(f"interaction {interaction.id} needs a disposition code before it can be marked done "
                               f"(the center requires one); set one of: {', '.join(listed) or '(none listed)'}")
        withdraw_offers(tx, interaction, "marked done")
        now = utcnow()
        closed: list[Any] = []
        for consultation in tx.session.scalars(select(Consultation).where(
                Consultation.interaction_id == interaction.id, Consultation.state == "open")):
            consultation.state, consultation.closed_at = "closed", now
            closed.append(consultation.id)
        workbin = bins.workbin_of(tx.session, interaction.id)
        bins.remove(tx.session, interaction.id)
        before = interaction.state
        interaction.state = State.DONE.value
        interaction.done_at = now
        interaction.snoozed_until = None  # done is the follow-up (actions.snooze)
        tx.record("done", interaction, state_before=before, disposition=interaction.disposition,
                  workbin=workbin.name if workbin is not None else None, consultations_closed=closed)

"""The outbox: outbound messages built once, with a fixed Message-ID, and stored before any network call.

``enqueue`` hands a built message over (its ``not_before`` is the end of the undo window, or the scheduled
time); ``cancel`` takes it back while that window is open; ``resolve_uncertain`` records the agent's decision on
a message whose fate the sender could not know. Sending itself is ``agentdesk.routing.sender``. The outbox's own
states: ``queued → sending → sent | failed | uncertain``, and ``cancelled`` (taken back, or held because the
customer wrote again); a cancelled row is reused when the interaction is sent again.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from agentdesk.routing.models import History, Interaction, OutboxItem, Purpose, Role, State, User, WorkbinKind
from agentdesk.routing.options import load_options
from agentdesk.routing.types import utcnow
from agentdesk.routing.workbins import personal_workbin, place


class OutboxRefused(Exception):
    """An outbox request that cannot be done; ``code`` matches the action errors (not_found, invalid_state,
    permission_denied) so that an action can turn it into its own error."""

    def __init__(self, message: str, code: str = "invalid_state") -> None:
        super().__init__(message)
        self.message = message
        self.code = code


def record(session: Session, event: str, interaction: Interaction, actor_id: int | None = None,
           **detail: Any) -> None:
    """Append a history row for ``interaction`` (the same transaction as the change)."""
    interaction.version = (interaction.version or 0) + 1
    session.add(History(event=event, actor_id=actor_id, interaction_id=interaction.id,
                        case_id=interaction.case_id, contact_id=interaction.contact_id,
                        team_id=interaction.team_id, detail=detail))


def enqueue(
    session: Session,
    interaction: Interaction,
    *,
    raw: bytes,
    message_id: str,
    envelope_from: str,
    envelope_to: Sequence[str],
    mailbox: str | None,
    not_before: datetime | None = None,
    hold_if_customer_writes: bool = False,
) -> OutboxItem:
    """Hand ``interaction``'s built message to the outbox (state ``outbox``), in the caller's transaction.

    Without ``not_before`` the message waits for the undo window (option ``undo_send_seconds``); a later
    ``not_before`` is a scheduled send. An interaction taken back earlier reuses its cancelled row.
    """
    if not_before is None:
        not_before = utcnow() + timedelta(seconds=max(0, load_options(session).undo_send_seconds))
    item = session.scalar(select(OutboxItem).where(OutboxItem.interaction_id == interaction.id))
    if item is not None and item.state != "cancelled":
        raise OutboxRefused(f"interaction {interaction.id} is already in the outbox ({item.state})")
    if item is None:
        item = OutboxItem(interaction_id=interaction.id)
        session.add(item)
    item.team_id = interaction.team_id
    item.mailbox = mailbox
    item.message_id = message_id
    item.envelope_from = envelope_from
    item.envelope_to = list(envelope_to)
    item.raw = raw
    item.state = "queued"
    item.attempts = 0
    item.not_before = not_before
    item.hold_if_customer_writes = hold_if_customer_writes
    item.last_error = None
    item.created_at = utcnow()
    item.sent_at = None
    item.filed_in_sent = False
    item.step = item.step_at = item.uncertain_at = None
    item.sent_folder = item.sent_copy = item.sent_copy_error = None
    interaction.state = State.OUTBOX.value
    interaction.message_id = message_id
    session.flush()
    return item


def _item_for(session: Session, interaction_id: int) -> OutboxItem:
    item = session.scalars(
        select(OutboxItem).where(OutboxItem.interaction_id == interaction_id)
        .execution_options(populate_existing=True)
    ).first()
    if item is None:
        raise OutboxRefused(f"interaction {interaction_id} is not in the outbox", "not_found")
    return item


def _may_act(actor: User, interaction: Interaction) -> bool:
    if actor.role == Role.ADMIN or interaction.owner_id == actor.id:
        return True
    return actor.role == Role.LEAD and actor.team_id is not None and actor.team_id == interaction.team_id


def cancel(session: Session, interaction_id: int, actor: User, *, now: datetime | None = None) -> Interaction:
    """Take a sent reply back while the undo window (or the wait of a scheduled send) is still open.

    The interaction returns to ``draft`` in its owner's Drafts (forwards: In Progress). Race-free with the
    sender: the row changes only if it is still ``queued`` with ``not_before`` in the future.
    """
    now = now or utcnow()
    interaction = session.get(Interaction, interaction_id, populate_existing=True)
    if interaction is None:
        raise OutboxRefused(f"interaction {interaction_id} does not exist", "not_found")
    if not _may_act(actor, interaction):
        raise OutboxRefused(f"{actor.login} may not take back interaction {interaction_id}", "permission_denied")
    item = _item_for(session, interaction_id)
    changed = session.execute(
        update(OutboxItem)
        .where(OutboxItem.id == item.id, OutboxItem.state == "queued", OutboxItem.not_before > now)
        .values(state="cancelled", last_error="taken back before sending")
        .execution_options(synchronize_session=False)
    ).rowcount  # type: ignore[attr-defined]
    if changed != 1:
        session.refresh(item)
        why = "its undo window has closed" if item.state == "queued" else f"it is already {item.state}"
        raise OutboxRefused(f"interaction {interaction_id} can no longer be taken back: {why}")
    interaction.state = State.DRAFT.value
    owner = interaction.owner or actor
    forward = interaction.purpose in (Purpose.FORWARD_INLINE.value, Purpose.FORWARD_ATTACHMENT.value)
    place(session, interaction.id,
          personal_workbin(session, owner, WorkbinKind.IN_PROGRESS if forward else WorkbinKind.DRAFTS), actor)
    record(session, "send_taken_back", interaction, actor.id, message_id=item.message_id)
    session.flush()
    return interaction


def resolve_uncertain(session: Session, item_id: int, decision: str, *, actor: User | None = None) -> OutboxItem:
    """The agent's decision on an *uncertain* message: ``"sent"`` (it arrived; where agentdesk fills the Sent
    folder, its copy is recorded pending and filed by the sender's next pass) or ``"resend"`` (queue it again,
    with the same Message-ID; the sender looks in the Sent folder first)."""
    if decision not in ("sent", "resend"):
        raise OutboxRefused(f"decision must be 'sent' or 'resend', not {decision!r}", "invalid_input")
    item = session.get(OutboxItem, item_id, populate_existing=True)
    if item is None:
        raise OutboxRefused(f"outbox item {item_id} does not exist", "not_found")
    interaction = session.get(Interaction, item.interaction_id, populate_existing=True)
    assert interaction is not None
    if actor is not None and not _may_act(actor, interaction):
        raise OutboxRefused(f"{actor.login} may not decide on interaction {interaction.id}", "permission_denied")
    new_state = "sent" if decision == "sent" else "queued"
    values: dict[str, Any] = {"state": new_state}
    if decision == "sent":
        values["sent_at"] = utcnow()
        if item.sent_folder == "server":
            values["sent_copy"] = "server"
        elif item.sent_folder == "agentdesk" and load_options(session).file_sent_copy:
            values["sent_copy"] = "pending"
    else:
        values["not_before"] = utcnow()
    changed = session.execute(
        update(OutboxItem).where(OutboxItem.id == item.id, OutboxItem.state == "uncertain").values(**values)
        .execution_options(synchronize_session=False)
    ).rowcount  # type: ignore[attr-defined]
    if changed != 1:
        raise OutboxRefused(f"outbox item {item_id} is {item.state}, not uncertain")
    session.refresh(item)
    actor_id = actor.id if actor is not None else None
    if decision == "sent":
        interaction.state = State.SENT.value
        record(session, "sent", interaction, actor_id, message_id=item.message_id, decided=True)
    else:
        record(session, "resend", interaction, actor_id, message_id=item.message_id)
    session.flush()
    return item

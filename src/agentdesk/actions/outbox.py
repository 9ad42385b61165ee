"""The agent's side of the outbox: what is waiting to go out, taking a sent reply back inside the undo window,
and deciding on a message whose fate the sender could not know (*uncertain*).

An uncertain message (its final dot went out and no answer came) of a mailbox whose server files every message it
takes in the Sent folder is decided there by the sender once its grace period is over (``decided_at``); the agent
may decide sooner, and may search that folder now. Where the server does not file sent mail, the Sent folder only
holds the copies agentdesk files after a success, so it cannot tell: no search is offered
(``sent_folder_can_tell``) and the agent decides "it was sent" or "send it again" (the sender looks in the Sent
folder once more before it does). A sent message whose Sent copy could not be filed yet is listed too, with the
server's words. Each action runs as the signed-in user in one transaction, with its history; the network search
runs outside any transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields
from datetime import UTC, datetime

from sqlalchemy import ColumnElement, and_, or_, select, update
from sqlalchemy.orm import Session

from agentdesk.actions import access
from agentdesk.actions.context import ActionContext, Tx
from agentdesk.actions.errors import ActionError, InvalidInput, InvalidState, NotFound, PermissionDenied
from agentdesk.actions.queries import InteractionSummary, summaries
from agentdesk.routing import outbox
from agentdesk.routing.models import History, Interaction, OutboxItem, User
from agentdesk.routing.types import utcnow

#: the outbox's own states (``docs/states.md``)
STATES = ("queued", "sending", "sent", "failed", "uncertain", "cancelled")
#: what :func:`list_outbox` shows unless told otherwise: everything not finished
OPEN_STATES = ("queued", "sending", "uncertain", "failed")
#: the agent's two decisions on an uncertain message
DECISIONS = ("sent", "resend")

#: ``search(mailbox name, Message-ID) -> found``; raises for a folder that cannot be searched
SentSearch = Callable[[str | None, str], bool]


@dataclass(frozen=True)
class OutboxView:
    """One outbound message in the outbox, as the agent sees it."""

    interaction_id: int
    item_id: int
    state: str  # the outbox's state: queued | sending | sent | failed | uncertain | cancelled
    interaction_state: str
    subject: str
    to: tuple[str, ...]
    owner_login: str | None
    mailbox: str | None
    message_id: str
    attempts: int
    not_before: datetime  # the end of the undo window, or the scheduled time
    created_at: datetime
    sent_at: datetime | None
    last_error: str | None
    can_take_back: bool  # still queued and inside its undo window (or waiting for its scheduled time)
    found_in_sent: bool | None  # uncertain: what the sender's search of the Sent folder found (None: not searched)
    # what the mailbox's Sent folder can tell: "server" (the server files what it takes), "agentdesk" (only
    # agentdesk's copies), "none" (no Sent folder), None (not recorded: sent before agentdesk recorded it)
    sent_folder: str | None = None
    step: str | None = None  # how far the last attempt got: connecting | recipients | data | end_of_data
    sent_copy: str | None = None  # the Sent copy: pending | filed | server | None
    sent_copy_error: str | None = None  # why a pending copy is not filed yet (the IMAP server's words)

    @property
    def sent_folder_can_tell(self) -> bool:
        """Can a search of the Sent folder say whether an uncertain message reached the server?"""
        return self.sent_folder not in ("agentdesk", "none")

    @property
    def decided_at(self) -> datetime | None:
        """When the Sent folder decides this uncertain message on its own (its server files what it takes)."""
        return self.not_before if self.state == "uncertain" and self.sent_folder == "server" else None


@dataclass(frozen=True)
class SentFolderCheck:
    """The Sent folder's answer for an uncertain message: ``found`` is None when it could not be searched now
    (``error`` says why); ``earlier`` is what the sender's own search found when it happened."""

    interaction_id: int
    message_id: str
    mailbox: str | None
    found: bool | None
    error: str | None
    earlier: bool | None
    checked_at: datetime


def _refusal(exc: outbox.OutboxRefused) -> ActionError:
    kinds: dict[str, type[ActionError]] = {"not_found": NotFound, "permission_denied": PermissionDenied,
                                           "invalid_input": InvalidInput}
    return kinds.get(exc.code, InvalidState)(exc.message)


def _item(session: Session, interaction_id: int) -> OutboxItem:
    item = session.scalars(select(OutboxItem).where(OutboxItem.interaction_id == interaction_id)
                           .execution_options(populate_existing=True)).first()
    if item is None:
        raise NotFound(f"interaction {interaction_id} has never been handed to the outbox")
    return item


def _earlier_search(session: Session, interaction_id: int) -> bool | None:
    detail = session.scalar(select(History.detail).where(History.interaction_id == interaction_id,
                                                         History.event == "send_uncertain")
                            .order_by(History.id.desc()).limit(1))
    found = detail.get("found_in_sent") if isinstance(detail, dict) else None
    return found if isinstance(found, bool) else None


def _view(session: Session, item: OutboxItem, interaction: Interaction, now: datetime) -> OutboxView:
    owner = session.get(User, interaction.owner_id) if interaction.owner_id is not None else None
    return OutboxView(
        interaction_id=interaction.id, item_id=item.id, state=item.state, interaction_state=interaction.state,
        subject=interaction.subject or "", to=tuple(item.envelope_to or ()),
        owner_login=owner.login if owner is not None else None, mailbox=item.mailbox, message_id=item.message_id,
        attempts=item.attempts, not_before=item.not_before, created_at=item.created_at, sent_at=item.sent_at,
        last_error=item.last_error, can_take_back=item.state == "queued" and item.not_before > now,
        found_in_sent=_earlier_search(session, interaction.id) if item.state == "uncertain" else None,
        sent_folder=item.sent_folder, step=item.step, sent_copy=item.sent_copy, sent_copy_error=item.sent_copy_error,
    )


def list_outbox(ctx: ActionContext, *, states: Sequence[str] = OPEN_STATES, mine: bool = False,
                unfiled_copies: bool = True) -> list[OutboxView]:
    """The outbox messages I may see (my team's; administrators: all) in ``states``, oldest first;
    ``mine``: only the ones I own; ``unfiled_copies``: also sent messages whose Sent copy could not be filed."""
    unknown = sorted(set(states) - set(STATES))
    if unknown:
        raise InvalidInput(f"unknown outbox state(s): {', '.join(unknown)}; the states are {', '.join(STATES)}",
                           field="states")
    with ctx.read() as tx:
        wanted: ColumnElement[bool] = OutboxItem.state.in_(list(states))
        if unfiled_copies and "sent" not in states:
            wanted = or_(wanted, and_(OutboxItem.state == "sent", OutboxItem.sent_copy == "pending",
                                      OutboxItem.sent_copy_error.is_not(None)))
        stmt = (select(OutboxItem, Interaction).join(Interaction, Interaction.id == OutboxItem.interaction_id)
                .where(wanted, access.visible_clause(tx.actor))
                .order_by(OutboxItem.created_at, OutboxItem.id))
        if mine:
            stmt = stmt.where(Interaction.owner_id == tx.actor.id)
        now = utcnow()
        return [_view(tx.session, item, interaction, now) for item, interaction in tx.session.execute(stmt).all()]


def outbox_entry(ctx: ActionContext, interaction_id: int) -> OutboxView:
    """One outbound message's place in the outbox."""
    with ctx.read() as tx:
        interaction = access.visible_interaction(tx, interaction_id)
        return _view(tx.session, _item(tx.session, interaction_id), interaction, utcnow())


def _workable(tx: Tx, interaction_id: int, what: str) -> Interaction:
    interaction = tx.interaction(interaction_id)
    access.require_worker(tx, interaction, what)
    return interaction


def take_back(ctx: ActionContext, interaction_id: int) -> str:
    """Take a reply back while its undo window (or the wait of a scheduled send) is still open: it becomes my
    draft again (forwards: back in In Progress). Returns the interaction's new state (``draft``)."""
    with ctx.tx() as tx:
        _workable(tx, interaction_id, "take it back")
        _item(tx.session, interaction_id)
        try:
            interaction = outbox.cancel(tx.session, interaction_id, tx.actor)
        except outbox.OutboxRefused as exc:
            raise _refusal(exc) from None
        return interaction.state


def schedule(ctx: ActionContext, interaction_id: int, at: datetime) -> datetime:
    """Send a reply later (X4): move a message still waiting in its undo window (or already scheduled) to
    ``at``. A reply scheduled so is held, not sent, if the customer writes again before then (it becomes
    ``needs_attention``). Returns the new send time."""
    if at.tzinfo is None:
        raise InvalidInput("the time to send must say its time zone", field="at")
    at, now = at.astimezone(UTC), utcnow()
    if at <= now:
        raise InvalidInput(f"the time to send ({at.isoformat()}) is not in the future", field="at")
    with ctx.tx() as tx:
        interaction = _workable(tx, interaction_id, "schedule it")
        item = _item(tx.session, interaction_id)
        changed = tx.session.execute(
            update(OutboxItem)
            .where(OutboxItem.id == item.id, OutboxItem.state == "queued", OutboxItem.not_before > now)
            .values(not_before=at).execution_options(synchronize_session=False)
        ).rowcount  # type: ignore[attr-defined]
        if changed != 1:
            tx.session.refresh(item)
            why = "it is already being sent" if item.state == "queued" else f"it is already {item.state}"
            raise InvalidState(f"interaction {interaction_id} can no longer be scheduled: {why}")
        tx.record("send_scheduled", interaction, message_id=item.message_id, at=at.isoformat(),
                  held_if_customer_writes=bool(item.hold_if_customer_writes))
        return at


def check_sent_folder(ctx: ActionContext, interaction_id: int, search: SentSearch | None) -> SentFolderCheck:
    """Search the mailbox's Sent folder for an uncertain message's Message-ID (``search`` does the network part,
    outside any transaction; None when this desktop has no settings for the mailbox)."""
    with ctx.read() as tx:
        interaction = access.visible_interaction(tx, interaction_id)
        item = _item(tx.session, interaction_id)
        if item.state != "uncertain":
            raise InvalidState(f"interaction {interaction_id} is {item.state} in the outbox, not uncertain; "
                               "there is nothing to decide")
        message_id, mailbox = item.message_id, item.mailbox
        if item.sent_folder in ("agentdesk", "none"):
            raise InvalidState(cannot_tell(interaction_id, mailbox, item.sent_folder))
        earlier = _earlier_search(tx.session, interaction.id)
    found: bool | None = None
    error: str | None = None
    if search is None:
        error = f"this desktop has no settings for mailbox {mailbox!r}, so its Sent folder cannot be searched here"
    else:
        try:
            found = bool(search(mailbox, message_id))
        except Exception as exc:  # SentFolderError, a missing password …: shown, not raised
            error = str(exc) or type(exc).__name__
    return SentFolderCheck(interaction_id, message_id, mailbox, found, error, earlier, utcnow())


def cannot_tell(interaction_id: int, mailbox: str | None, sent_folder: str | None) -> str:
    """Why no search can settle an uncertain message of a mailbox whose server does not file sent mail."""
    where = ("has no Sent folder agentdesk can read" if sent_folder == "none" else
             "holds only the copies agentdesk files after the server's answer")
    return (f"the server cannot tell whether it took interaction {interaction_id}: mailbox {mailbox!r} does not "
            f"file sent mail itself and its Sent folder {where}, so a search cannot answer. Decide: it was sent "
            "(for instance, the customer answered it), or send it again")


def decide_uncertain(ctx: ActionContext, interaction_id: int, decision: str) -> str:
    """My decision on an uncertain message: ``"sent"`` (it reached the customer: the interaction is sent) or
    ``"resend"`` (queue it again with the same Message-ID; the sender searches the Sent folder first and does
    not send it if it is there). Returns the outbox's new state (``sent`` or ``queued``)."""
    if decision not in DECISIONS:
        raise InvalidInput(f"the decision must be 'sent' or 'resend', not {decision!r}", field="decision")
    with ctx.tx() as tx:
        _workable(tx, interaction_id, "decide whether it was sent")
        item = _item(tx.session, interaction_id)
        if item.state != "uncertain":
            raise InvalidState(f"interaction {interaction_id} is {item.state} in the outbox, not uncertain; "
                               "there is nothing to decide")
        try:
            decided = outbox.resolve_uncertain(tx.session, item.id, decision, actor=tx.actor)
        except outbox.OutboxRefused as exc:
            raise _refusal(exc) from None
        return decided.state


@dataclass(frozen=True)
class OutboxSummary(InteractionSummary):
    """A row of My interactions with its outbox state (``uncertain``, ``failed`` … or None)."""

    outbox_state: str | None = None


def summaries_with_outbox(ctx: ActionContext, ids: Sequence[int]) -> list[InteractionSummary]:
    """:func:`agentdesk.actions.queries.summaries`, with the outbox state of the replies handed to the outbox."""
    rows = summaries(ctx, ids)
    if not any(r.state == "outbox" for r in rows):
        return rows
    states = {v.interaction_id: v.state for v in list_outbox(ctx, states=("uncertain", "failed"),
                                                              unfiled_copies=False)}
    return [OutboxSummary(**{f.name: getattr(r, f.name) for f in fields(r)}, outbox_state=states[r.id])
            if r.id in states else r for r in rows]


def send_waiting_now(ctx: ActionContext, mailbox: str) -> int:
    """Someone signed the mailbox in again: replies that waited for it (queued after a failed attempt) are due
    now instead of at the next look. Replies still in their undo window or scheduled (never tried) keep their
    time. Returns how many replies are due now; the sender sends each once (the outbox's usual exactly-once)."""
    now = utcnow()
    with ctx.tx() as tx:
        changed = tx.session.execute(
            update(OutboxItem)
            .where(OutboxItem.mailbox == mailbox, OutboxItem.state == "queued", OutboxItem.attempts > 0,
                   OutboxItem.not_before > now)
            .values(not_before=now).execution_options(synchronize_session=False)
        ).rowcount  # type: ignore[attr-defined]
        return int(changed or 0)

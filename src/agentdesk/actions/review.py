"""QA review of outbound email (S30–S33, X1): the leads' approval queue, approve, edit and approve, reject.

Sending an email that the ``qa_review`` rules cover opens a round (``agentdesk.actions.outbound.send``). A lead
of the email's team decides the round — never its author ("nobody approves their own"): approve (it goes to
the outbox), edit and approve (the reviewer's version is sent and kept as ``reviewed_text``), or reject with a
note (back to the author; case data ``QA`` shows ``rejected: <note>``). The author corrects it and sends
again: a new round. Every round is kept with its text; the detail shows the current round as a redline
against the previous one, word by word for English and character by character for Japanese.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from agentdesk.actions import access
from agentdesk.actions.context import ActionContext, Tx
from agentdesk.actions.errors import Conflict, InvalidInput, InvalidState, PermissionDenied, require_no_nul
from agentdesk.actions.outbound import collision, dispatch
from agentdesk.actions.outbound_common import FORWARDS, header_values, mailbox_display, set_qa
from agentdesk.mail import compose
from agentdesk.routing import workbins as bins
from agentdesk.routing.models import Direction, Interaction, QaRound, State, User, WorkbinKind
from agentdesk.routing.types import utcnow

MAX_NOTE = 20_000
#: a Latin word (letters, digits, apostrophes) or a run of spaces is one token; anything else one character
_TOKEN = re.compile(r"[A-Za-z0-9_'’]+|[ \t]+|.", re.DOTALL)

Redline = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class ReviewItem:
    """An outbound email waiting in the approval queue, with the inbound email it answers."""

    outbound_id: int
    round_no: int
    purpose: str | None
    author_login: str
    author_name: str
    submitted_at: datetime
    subject: str
    to: tuple[str, ...]
    inbound_id: int | None
    inbound_subject: str | None
    inbound_from: str | None
    inbound_text: str | None


@dataclass(frozen=True)
class RoundView:
    round_no: int
    submitted_by: str
    submitted_at: datetime
    subject: str
    text: str
    decision: str | None  # approved | edited | rejected | stopped, None while waiting
    reviewer: str | None
    decided_at: datetime | None
    note: str | None
    reviewed_subject: str | None
    reviewed_text: str | None


@dataclass(frozen=True)
class ReviewDetail:
    outbound_id: int
    state: str
    purpose: str | None
    author_login: str | None
    to: tuple[str, ...]
    cc: tuple[str, ...]
    subject: str
    text: str
    instructions: str | None
    inbound_id: int | None
    inbound_subject: str | None
    inbound_from: str | None
    inbound_text: str | None
    rounds: tuple[RoundView, ...]
    redline: Redline  # the latest round against the one before: (op, text), op = equal | insert | delete
    html: str | None = None  # the HTML part the agent wrote (rich text), None for a text-only email


def redline(old: str, new: str) -> Redline:
    """``new`` against ``old`` as ``(op, text)`` segments, ``op`` one of equal, insert, delete."""
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    out: list[tuple[str, str]] = []

    def add(op: str, tokens: list[str]) -> None:
        text = "".join(tokens)
        if not text:
            return
        if out and out[-1][0] == op:
            out[-1] = (op, out[-1][1] + text)
        else:
            out.append((op, text))

    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            add("equal", a[i1:i2])
        else:
            add("delete", a[i1:i2])
            add("insert", b[j1:j2])
    return tuple(out)


def _login(session: Session, user_id: int | None, cache: dict[int, User]) -> User | None:
    if user_id is None:
        return None
    if user_id not in cache:
        found = session.get(User, user_id)
        if found is None:
            return None
        cache[user_id] = found
    return cache[user_id]


def _sender(interaction: Interaction | None) -> str | None:
    if interaction is None or not interaction.from_addr:
        return None
    return mailbox_display(interaction.from_name, interaction.from_addr)


def review_queue(ctx: ActionContext) -> list[ReviewItem]:
    """Leads: their team's outbound email waiting for review, the longest waiting first (admins: all teams)."""
    with ctx.read() as tx:
        if not tx.is_lead:
            raise PermissionDenied(f"{access.who(tx.session, tx.actor)} is not a lead; only leads review outbound "
                                   "email")
        stmt = select(Interaction).where(Interaction.state == State.REVIEW.value,
                                         Interaction.direction == Direction.OUTBOUND.value)
        if not access.is_admin(tx.actor):
            stmt = stmt.where(Interaction.team_id == tx.actor.team_id)
        users: dict[int, User] = {}
        items = []
        for outbound in tx.session.scalars(stmt.order_by(Interaction.id)):
            current = _rounds(tx, outbound.id)[-1]
            author = _login(tx.session, current.submitted_by, users)
            parent = tx.session.get(Interaction, outbound.parent_id) if outbound.parent_id is not None else None
            items.append(ReviewItem(
                outbound.id, current.round_no, outbound.purpose, author.login if author else "?",
                author.name if author else "?", current.submitted_at, current.subject,
                tuple(outbound.to_addrs or ()), parent.id if parent else None, parent.subject if parent else None,
                _sender(parent), parent.body_text if parent else None))
        return sorted(items, key=lambda i: (i.submitted_at, i.outbound_id))


def _rounds(tx: Tx, outbound_id: int) -> list[QaRound]:
    rounds = list(tx.session.scalars(select(QaRound).where(QaRound.interaction_id == outbound_id)
                                     .order_by(QaRound.round_no)))
    if not rounds:
        raise InvalidState(f"outbound email {outbound_id} has never been submitted for review")
    return rounds


def review_detail(ctx: ActionContext, outbound_id: int) -> ReviewDetail:
    """Every round of an outbound email's review, and the latest one as a redline (its author, or a lead)."""
    with ctx.read() as tx:
        outbound = tx.interaction(outbound_id, lock=False)
        access.require_visible(tx, outbound)
        if outbound.owner_id != tx.actor.id and not access.leads_team(tx.actor, outbound.team_id):
            raise PermissionDenied(f"only the author of outbound email {outbound.id} or a lead of "
                                   f"{access.team_name(tx.session, outbound.team_id)} may see its review")
        users: dict[int, User] = {}
        rounds = _rounds(tx, outbound.id)
        views = []
        for r in rounds:
            author, reviewer = _login(tx.session, r.submitted_by, users), _login(tx.session, r.reviewer_id, users)
            views.append(RoundView(r.round_no, author.login if author else "?", r.submitted_at, r.subject, r.body_text,
                                   r.decision, reviewer.login if reviewer else None, r.decided_at, r.note,
                                   r.reviewed_subject, r.reviewed_text))
        previous = rounds[-2] if len(rounds) > 1 else None
        before = (previous.reviewed_text or previous.body_text) if previous is not None else rounds[-1].body_text
        parent = tx.session.get(Interaction, outbound.parent_id) if outbound.parent_id is not None else None
        owner = _login(tx.session, outbound.owner_id, users)
        return ReviewDetail(
            outbound.id, outbound.state, outbound.purpose, owner.login if owner else None,
            tuple(outbound.to_addrs or ()), tuple(outbound.cc_addrs or ()), outbound.subject or "",
            outbound.body_text or "", outbound.instructions, parent.id if parent else None,
            parent.subject if parent else None, _sender(parent), parent.body_text if parent else None,
            tuple(views), redline(before, rounds[-1].body_text), outbound.body_html)


def _deciding(tx: Tx, outbound_id: int, what: str) -> tuple[Interaction, QaRound]:
    """The outbound email and its open round, once the actor may decide it."""
    outbound = tx.interaction(outbound_id)
    access.require_visible(tx, outbound)
    if not access.leads_team(tx.actor, outbound.team_id):
        raise PermissionDenied(f"only a lead of {access.team_name(tx.session, outbound.team_id)} may {what} outbound "
                               f"email {outbound.id} ({access.who(tx.session, tx.actor)} is not one)")
    if outbound.state != State.REVIEW.value:
        raise InvalidState(f"outbound email {outbound.id} is {outbound.state}, not waiting for review")
    current = _rounds(tx, outbound.id)[-1]
    if current.decision is not None:
        raise InvalidState(f"round {current.round_no} of outbound email {outbound.id} is already {current.decision}")
    if tx.actor.id in (current.submitted_by, outbound.owner_id):
        raise PermissionDenied(f"nobody approves their own: {tx.actor.login} wrote outbound email {outbound.id}, so "
                               "another lead must review it")
    return outbound, current


def approve(ctx: ActionContext, outbound_id: int, *, edited_text: str | None = None,
            edited_subject: str | None = None, note: str | None = None, edited_html: str | None = None) -> str:
    """Approve the open round (S31): the email goes to the outbox. With ``edited_text`` / ``edited_subject``
    the reviewer's version is what is sent (decision ``edited``). Returns the new state (``outbox``).
    ``edited_html`` is the reviewer's HTML part beside ``edited_text``; edited text without it is sent as text
    only (the author's HTML part would say something else).

    A reply that went stale while it waited (the customer wrote again, X2) is not sent: :class:`Conflict`, and
    it goes back to its author as ``needs_attention``.
    """
    if edited_subject is not None:
        header_values([edited_subject], "Subject")
    note = (note or "").strip() or None
    require_no_nul(note, "note", "review note")
    require_no_nul(edited_text, "text", "edited text")
    require_no_nul(edited_html, "html", "edited HTML")
    if note is not None and len(note) > MAX_NOTE:
        raise InvalidInput(f"a review note may hold at most {MAX_NOTE} characters", field="note")
    stale: str | None = None
    state = State.REVIEW.value
    with ctx.tx() as tx:
        outbound, current = _deciding(tx, outbound_id, "approve")
        current.reviewer_id, current.decided_at, current.note = tx.actor.id, utcnow(), note
        why = collision(tx.session, outbound)
        if why is not None:
            current.decision = "stopped"
            outbound.state = State.NEEDS_ATTENTION.value
            _back_to_author(tx, outbound)
            set_qa(tx, outbound, "needs attention")
            tx.record("send_stopped", outbound, reason=why, round_no=current.round_no)
            stale = why
        else:
            text = current.body_text if edited_text is None else edited_text
            subject = current.subject if edited_subject is None else edited_subject.strip()
            edited = text != current.body_text or subject != current.subject
            if edited:
                current.reviewed_text, current.reviewed_subject = text, subject
            outbound.body_text, outbound.subject = text, subject
            if edited_text is not None:
                outbound.body_html = compose.clean_html_part(edited_html) if edited_html and edited_html.strip() else None
            current.decision = "edited" if edited else "approved"
            set_qa(tx, outbound, "approved")
            tx.record("approved", outbound, round_no=current.round_no, edited=edited, note=note)
            dispatch(tx, outbound)
            state = outbound.state
    if stale is not None:
        raise Conflict(f"outbound email {outbound_id} was not approved for sending: {stale}; it went back to its "
                       "author")
    return state


def _back_to_author(tx: Tx, outbound: Interaction) -> None:
    owner = tx.session.get(User, outbound.owner_id) if outbound.owner_id is not None else None
    if owner is not None:
        kind = WorkbinKind.IN_PROGRESS if outbound.purpose in FORWARDS else WorkbinKind.DRAFTS
        bins.place(tx.session, outbound.id, bins.personal_workbin(tx.session, owner, kind), tx.actor)


def reject(ctx: ActionContext, outbound_id: int, note: str) -> None:
    """Send the open round back to its author with a note (S31): state ``rejected``, back in their Drafts, and
    case data ``QA`` = ``rejected: <note>``. The author corrects it and sends again for a new round (S32)."""
    note = (note or "").strip()
    if not note:
        raise InvalidInput("a rejection needs a note saying what to correct", field="note")
    require_no_nul(note, "note", "review note")
    if len(note) > MAX_NOTE:
        raise InvalidInput(f"a review note may hold at most {MAX_NOTE} characters", field="note")
    with ctx.tx() as tx:
        outbound, current = _deciding(tx, outbound_id, "reject")
        current.decision, current.reviewer_id, current.decided_at, current.note = "rejected", tx.actor.id, utcnow(), note
        outbound.state = State.REJECTED.value
        _back_to_author(tx, outbound)
        set_qa(tx, outbound, f"rejected: {note}")
        tx.record("rejected", outbound, round_no=current.round_no, note=note)

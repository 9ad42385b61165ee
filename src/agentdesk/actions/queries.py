"""Read-side queries shared by the GUI and the CLI: lists, details, contacts, team members.

They return frozen dataclasses only, never ORM objects, so results can cross threads and be printed as JSON.
Visibility: agents and leads see their own team's interactions (and anything they own); administrators see
everything. Lists of ``mine`` and ``team`` default to the interactions still open (everything but ``done``
and ``sent``); give ``states`` to choose others, or scope ``all`` (leads and administrators) for every state.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Select, exists, func, or_, select
from sqlalchemy.orm import Session, aliased

from agentdesk import views
from agentdesk.actions import access
from agentdesk.actions.context import ActionContext, Tx
from agentdesk.actions.errors import InvalidInput, NotFound, PermissionDenied
from agentdesk.actions.tags import normalize_tag, tags_of
from agentdesk.routing.models import (
    Attachment,
    CaseData,
    Contact,
    ContactEmail,
    ContactPhone,
    Interaction,
    InteractionTag,
    Note,
    OutboxItem,
    QaRound,
    State,
    Team,
    User,
    Workbin,
    WorkbinItem,
    WorkbinKind,
)
from agentdesk.routing.options import Options
from agentdesk.routing.types import utcnow

# the view dataclasses live at the bottom of the layers (agentdesk.views); re-exported under their old home
from agentdesk.views import AttachmentView as AttachmentView
from agentdesk.views import CaseDataItem as CaseDataItem
from agentdesk.views import ContactView as ContactView
from agentdesk.views import InteractionDetail as InteractionDetail
from agentdesk.views import InteractionSummary as InteractionSummary
from agentdesk.views import MemberView as MemberView
from agentdesk.views import NoteView as NoteView

SCOPES = ("mine", "team", "queue", "all")
#: which snoozed interactions a list holds: ``hide`` the ones snoozed until later (``mine``'s default), ``include``
#: them (every other scope's default), ``only`` them, or only those ``due`` for their follow-up
SNOOZED = ("hide", "include", "only", "due")
#: the states ``mine`` and ``team`` list when no states are given
OPEN_STATES = tuple(s.value for s in State if s not in (State.DONE, State.SENT))
QA_KEY = views.QA_KEY


# -- interactions ----------------------------------------------------------------------------------------------

def _filtered(tx: Tx, *, scope: str, states: Sequence[str] | None, workbin_id: int | None, text: str | None,
              owner: str | None, tag: str | None = None, snoozed: str | None = None,
              mailbox: str | None = None) -> Select[int]:
    """The ids (newest first) matching the filters, within what the actor may see."""
    actor = tx.actor
    if scope not in SCOPES:
        raise InvalidInput(f"unknown scope {scope!r}: use one of {', '.join(SCOPES)}", field="scope")
    if scope == "all" and not (access.is_admin(actor) or actor.role == "lead"):
        raise PermissionDenied(f"{access.who(tx.session, actor)} may not list scope 'all' (leads and admins only)")
    known = {s.value for s in State}
    for state in states or ():
        if state not in known:
            raise InvalidInput(f"unknown state {state!r}: use one of {', '.join(sorted(known))}", field="states")
    stmt = select(Interaction.id).where(access.visible_clause(actor))
    if workbin_id is not None:
        workbin_guard(tx, workbin_id)
        stmt = stmt.join(WorkbinItem, WorkbinItem.interaction_id == Interaction.id).where(
            WorkbinItem.workbin_id == workbin_id)
    elif scope == "mine":
        stmt = stmt.where(Interaction.owner_id == actor.id)
    elif scope in ("team", "queue") and actor.team_id is not None:
        stmt = stmt.where(Interaction.team_id == actor.team_id)
    if scope == "queue" and not states:
        stmt = stmt.where(Interaction.state == State.QUEUED.value)
    elif states:
        stmt = stmt.where(Interaction.state.in_(list(states)))
    elif scope in ("mine", "team") and workbin_id is None:
        stmt = stmt.where(Interaction.state.in_(OPEN_STATES))
    if owner:
        stmt = stmt.where(Interaction.owner_id == access.user_by_login(tx.session, owner).id)
    if snoozed is not None and snoozed not in SNOOZED:
        raise InvalidInput(f"unknown snoozed filter {snoozed!r}: use one of {', '.join(SNOOZED)}", field="snoozed")
    now = utcnow()
    match snoozed or ("hide" if scope == "mine" and workbin_id is None else "include"):
        case "hide":
            stmt = stmt.where(or_(Interaction.snoozed_until.is_(None), Interaction.snoozed_until <= now))
        case "only":
            stmt = stmt.where(Interaction.snoozed_until > now)
        case "due":
            stmt = stmt.where(Interaction.snoozed_until <= now)
    if mailbox is not None:
        stmt = stmt.where(Interaction.mailbox == mailbox)
    if tag is not None:
        stmt = stmt.where(exists().where(InteractionTag.interaction_id == Interaction.id,
                                         InteractionTag.tag == normalize_tag(tag)))
    if text and text.strip():
        pattern = access.like_pattern(text.strip())
        stmt = stmt.where(or_(*(column.ilike(pattern, escape="\\") for column in (
            Interaction.subject, Interaction.from_addr, Interaction.from_name, Interaction.body_text))))
    return stmt.order_by(Interaction.id.desc())


def workbin_guard(tx: Tx, workbin_id: int) -> Workbin:
    """The workbin, if the actor may look into it: their own personal ones, their team's (leads: also their
    team members' personal ones); administrators any."""
    workbin = tx.session.get(Workbin, workbin_id)
    if workbin is None or workbin.retired_at is not None:
        raise NotFound(f"workbin {workbin_id} does not exist")
    actor = tx.actor
    if workbin.kind == WorkbinKind.TEAM.value:
        allowed = access.is_admin(actor) or workbin.team_id == actor.team_id
    else:
        allowed = workbin.owner_id == actor.id or access.leads_team(actor, workbin.team_id)
    if not allowed:
        raise PermissionDenied(f"{access.who(tx.session, actor)} may not open workbin {workbin.name!r} ({workbin.id})")
    return workbin


def list_interactions(ctx: ActionContext, *, scope: str = "mine", states: Sequence[str] | None = None,
                      workbin_id: int | None = None, text: str | None = None, owner: str | None = None,
                      limit: int = 100, offset: int = 0, tag: str | None = None,
                      snoozed: str | None = None,
                    mailbox: str | None = None) -> list[InteractionSummary]:
    """A page of interactions, newest first. ``scope``: mine | team | queue | all (all: leads/admins only)."""
    with ctx.read() as tx:
        stmt = _filtered(tx, scope=scope, states=states, workbin_id=workbin_id, text=text, owner=owner, tag=tag,
                         snoozed=snoozed, mailbox=mailbox)
        ids = list(tx.session.scalars(stmt.limit(max(0, limit)).offset(max(0, offset))))
        return summaries_in(tx.session, tx.actor, ids)


def count_interactions(ctx: ActionContext, *, scope: str = "mine", states: Sequence[str] | None = None,
                       workbin_id: int | None = None, text: str | None = None, owner: str | None = None,
                       tag: str | None = None, snoozed: str | None = None,
                    mailbox: str | None = None) -> int:
    with ctx.read() as tx:
        stmt = _filtered(tx, scope=scope, states=states, workbin_id=workbin_id, text=text, owner=owner, tag=tag,
                         snoozed=snoozed, mailbox=mailbox)
        return int(tx.session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) or 0)


def interaction_ids(ctx: ActionContext, *, scope: str = "mine", states: Sequence[str] | None = None,
                    workbin_id: int | None = None, text: str | None = None, owner: str | None = None,
                    tag: str | None = None, snoozed: str | None = None,
                    mailbox: str | None = None) -> list[int]:
    """Every matching id, newest first (for lazy item models that fetch rows with :func:`summaries`)."""
    with ctx.read() as tx:
        stmt = _filtered(tx, scope=scope, states=states, workbin_id=workbin_id, text=text, owner=owner, tag=tag,
                         snoozed=snoozed, mailbox=mailbox)
        return list(tx.session.scalars(stmt))


def summaries(ctx: ActionContext, ids: Sequence[int]) -> list[InteractionSummary]:
    """The summaries of ``ids`` in the same order; ids that do not exist or are not visible are left out."""
    with ctx.read() as tx:
        return summaries_in(tx.session, tx.actor, ids)


def summaries_in(session: Session, actor: User, ids: Sequence[int]) -> list[InteractionSummary]:
    """:func:`summaries` inside an open transaction (used by the history and workbin queries too)."""
    if not ids:
        return []
    owner = aliased(User)
    has_attachments = exists().where(Attachment.interaction_id == Interaction.id).correlate(Interaction)
    rows = session.execute(
        select(
            Interaction.id, Interaction.direction, Interaction.kind, Interaction.state, Interaction.purpose,
            Interaction.subject, Interaction.from_addr, Interaction.from_name, Interaction.contact_id,
            Contact.name, owner.login, Team.name, Interaction.case_id, Interaction.received_at,
            Interaction.created_at, Interaction.updated_at, Workbin.name, has_attachments, Interaction.version,
            Interaction.parse_flags, Interaction.snoozed_until,
        )
        .outerjoin(Contact, Contact.id == Interaction.contact_id)
        .outerjoin(owner, owner.id == Interaction.owner_id)
        .outerjoin(Team, Team.id == Interaction.team_id)
        .outerjoin(WorkbinItem, WorkbinItem.interaction_id == Interaction.id)
        .outerjoin(Workbin, Workbin.id == WorkbinItem.workbin_id)
        .where(Interaction.id.in_(list(ids)), access.visible_clause(actor))
    ).all()
    tags = tags_of(session, [row[0] for row in rows])
    by_id = {
        row[0]: InteractionSummary(
            id=row[0], direction=row[1], kind=row[2], state=row[3], purpose=row[4], subject=row[5] or "",
            from_addr=row[6], from_name=row[7], contact_id=row[8], contact_name=row[9], owner_login=row[10],
            team=row[11], case_id=row[12], received_at=row[13], created_at=row[14], updated_at=row[15],
            workbin=row[16], has_attachments=bool(row[17]), version=int(row[18]),
            duplicate_message_id="duplicate_message_id" in (row[19] or ()), tags=tags.get(row[0], ()),
            snoozed_until=row[20],
        )
        for row in rows
    }
    return [by_id[i] for i in ids if i in by_id]


def case_items(session: Session, case_id: int | None, options: Options) -> tuple[CaseDataItem, ...]:
    """A case's data, by key; read-only where the options say so, and for the reserved QA key."""
    if case_id is None:
        return ()
    rows = session.execute(
        select(CaseData.key, CaseData.value).where(CaseData.case_id == case_id).order_by(CaseData.key)
    ).all()
    locked = set(options.case_data_read_only) | {QA_KEY}
    return tuple(CaseDataItem(key, value or "", key in locked) for key, value in rows)


def get_interaction(ctx: ActionContext, interaction_id: int) -> InteractionDetail:
    """Everything the email view shows about one interaction."""
    with ctx.read() as tx:
        interaction = access.visible_interaction(tx, interaction_id)
        session = tx.session
        (summary,) = summaries_in(session, tx.actor, [interaction.id])
        notes = tuple(
            NoteView(note_id, login, name, body, created)
            for note_id, login, name, body, created in session.execute(
                select(Note.id, User.login, User.name, Note.body, Note.created_at)
                .join(User, User.id == Note.author_id)
                .where(Note.interaction_id == interaction.id).order_by(Note.created_at, Note.id)
            )
        )
        attachments = tuple(
            AttachmentView(a.id, a.filename, a.content_type, int(a.size or 0), a.content_id, tuple(a.warnings or ()))
            for a in session.scalars(select(Attachment).where(Attachment.interaction_id == interaction.id)
                                     .order_by(Attachment.position, Attachment.id))
        )
        qa = session.scalar(select(QaRound).where(QaRound.interaction_id == interaction.id)
                            .order_by(QaRound.round_no.desc()).limit(1))
        outbox = session.scalar(select(OutboxItem).where(OutboxItem.interaction_id == interaction.id))
        return InteractionDetail(
            summary=summary,
            to=tuple(interaction.to_addrs or ()),
            cc=tuple(interaction.cc_addrs or ()),
            bcc=tuple(interaction.bcc_addrs or ()),
            message_id=interaction.message_id,
            in_reply_to=interaction.in_reply_to,
            body_text=interaction.body_text or "",
            body_html=interaction.body_html,
            instructions=interaction.instructions,
            disposition=interaction.disposition,
            parent_id=interaction.parent_id,
            case_data=case_items(session, interaction.case_id, tx.options),
            notes=notes,
            attachments=attachments,
            qa_status=(qa.decision or "review") if qa is not None else None,
            qa_note=qa.note if qa is not None else None,
            outbox_state=outbox.state if outbox is not None else None,
            last_error=outbox.last_error if outbox is not None else None,
            flags=tuple(str(f) for f in (interaction.parse_flags or ())),
        )


# -- contacts and people ---------------------------------------------------------------------------------------

def _contact_views(session: Session, contacts: Sequence[Contact]) -> list[ContactView]:
    ids = [c.id for c in contacts]
    emails: dict[int, list[str]] = {i: [] for i in ids}
    phones: dict[int, list[str]] = {i: [] for i in ids}
    if ids:
        for contact_id, address in session.execute(select(ContactEmail.contact_id, ContactEmail.address)
                                                   .where(ContactEmail.contact_id.in_(ids))
                                                   .order_by(ContactEmail.position, ContactEmail.id)):
            emails[contact_id].append(address)
        for contact_id, number in session.execute(select(ContactPhone.contact_id, ContactPhone.number)
                                                  .where(ContactPhone.contact_id.in_(ids))
                                                  .order_by(ContactPhone.position, ContactPhone.id)):
            phones[contact_id].append(number)
    return [ContactView(c.id, c.name, c.company, tuple(emails[c.id]), tuple(phones[c.id])) for c in contacts]


def search_contacts(ctx: ActionContext, text: str, *, limit: int = 50) -> list[ContactView]:
    """Contacts of my team and of the shared directory whose name, company, address or number matches."""
    with ctx.read() as tx:
        stmt = select(Contact).where(Contact.retired_at.is_(None), access.contact_visible_clause(tx.actor))
        text = (text or "").strip()
        if text:
            pattern = access.like_pattern(text)
            conditions: list[Any] = [
                Contact.name.ilike(pattern, escape="\\"),
                Contact.company.ilike(pattern, escape="\\"),
                Contact.id.in_(select(ContactEmail.contact_id).where(ContactEmail.address.ilike(pattern, escape="\\"))),
                Contact.id.in_(select(ContactPhone.contact_id).where(ContactPhone.number.ilike(pattern, escape="\\"))),
            ]
            stmt = stmt.where(or_(*conditions))
        contacts = list(tx.session.scalars(stmt.order_by(Contact.name, Contact.id).limit(max(0, limit))))
        return _contact_views(tx.session, contacts)


def get_contact(ctx: ActionContext, contact_id: int) -> ContactView:
    with ctx.read() as tx:
        return _contact_views(tx.session, [visible_contact(tx, contact_id)])[0]


def visible_contact(tx: Tx, contact_id: int) -> Contact:
    contact = tx.session.get(Contact, contact_id)
    if contact is None or contact.retired_at is not None:
        raise NotFound(f"contact {contact_id} does not exist")
    actor = tx.actor
    if not (access.is_admin(actor) or contact.team_id is None or contact.team_id == actor.team_id):
        raise PermissionDenied(
            f"contact {contact_id} belongs to {access.team_name(tx.session, contact.team_id)}; "
            f"{access.who(tx.session, actor)} may not see it"
        )
    return contact


def _member_view(session: Session, user: User) -> MemberView:
    team = access.team_name(session, user.team_id) if user.team_id is not None else None
    return MemberView(user.login, user.name, user.email, user.role, team, user.presence)


def search_team_members(ctx: ActionContext, text: str, *, everyone: bool = False) -> list[MemberView]:
    """Active members of my team (``everyone``: of every team) whose login, name or address matches, by login."""
    with ctx.read() as tx:
        stmt = select(User).where(User.retired_at.is_(None))
        if not everyone and not access.is_admin(tx.actor):
            stmt = stmt.where(User.team_id == tx.actor.team_id)
        text = (text or "").strip()
        if text:
            pattern = access.like_pattern(text)
            stmt = stmt.where(or_(User.login.ilike(pattern, escape="\\"), User.name.ilike(pattern, escape="\\"),
                                  User.email.ilike(pattern, escape="\\")))
        users = tx.session.scalars(stmt.order_by(User.login)).all()
        return [_member_view(tx.session, u) for u in users]


def me(ctx: ActionContext) -> MemberView:
    """The signed-in user (:class:`NotFound` for an unknown or retired login)."""
    with ctx.read() as tx:
        return _member_view(tx.session, tx.actor)

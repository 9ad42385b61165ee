"""Transfer an inbound email to another agent or a team (S3), and a lead's immediate reassignment.

A transfer is an offer: the interaction stays with its owner until the target accepts (it becomes theirs) or
declines; an offer nobody answers within ``transfer_timeout_minutes`` expires (the router calls
:func:`expire_transfer_offers`). One pending offer per interaction at a time. A lead (or an administrator)
may instead reassign an interaction of their team at once, with no offer: the bulk form moves every open
interaction of an absent agent.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session

from agentdesk.actions import access
from agentdesk.actions.context import ActionContext, Tx
from agentdesk.actions.errors import InvalidInput, InvalidState, NotFound, PermissionDenied
from agentdesk.routing import workbins as bins
from agentdesk.routing.db import Database
from agentdesk.routing.models import (
    Direction,
    History,
    Interaction,
    Kind,
    Presence,
    Role,
    State,
    TransferOffer,
    User,
    WorkbinKind,
)
from agentdesk.routing.types import utcnow

PENDING, ACCEPTED, DECLINED, EXPIRED, WITHDRAWN = "pending", "accepted", "declined", "expired", "withdrawn"
#: the states a lead may reassign an interaction from
REASSIGNABLE = (State.QUEUED.value, State.ASSIGNED.value, State.STORED.value, State.DRAFT.value,
                State.REJECTED.value, State.NEEDS_ATTENTION.value)


@dataclass(frozen=True)
class OfferView:
    id: int
    interaction_id: int
    subject: str
    from_login: str
    to_login: str | None
    to_team: str | None
    state: str
    reason: str | None
    created_at: datetime
    expires_at: datetime
    from_name: str = ""  # the people's names, for the desktop (logins are for scripts)
    to_name: str | None = None


def _locked(session: Session, stmt: Select[TransferOffer], *,
            skip_locked: bool = False) -> Select[TransferOffer]:
    if session.get_bind().dialect.name == "postgresql":
        stmt = stmt.with_for_update(skip_locked=skip_locked)
    return stmt.execution_options(populate_existing=True)


def _pending_offer(session: Session, interaction_id: int) -> TransferOffer | None:
    return session.scalars(_locked(session, select(TransferOffer).where(
        TransferOffer.interaction_id == interaction_id, TransferOffer.state == PENDING))).first()


def _target(session: Session, offer: TransferOffer) -> str:
    if offer.to_user_id is not None:
        user = session.get(User, offer.to_user_id)
        return user.login if user is not None else f"user {offer.to_user_id}"
    return f"team {access.team_name(session, offer.to_team_id)}"


def withdraw_offers(tx: Tx, interaction: Interaction, why: str) -> None:
    """Withdraw the interaction's pending transfer offer, if any (it is being stored, closed or reassigned)."""
    offer = _pending_offer(tx.session, interaction.id)
    if offer is None:
        return
    offer.state = WITHDRAWN
    offer.answered_at = utcnow()
    offer.answered_by = tx.actor.id
    tx.record("transfer_withdrawn", interaction, offer_id=offer.id, to=_target(tx.session, offer), why=why)


def transfer(ctx: ActionContext, interaction_id: int, *, to_login: str | None = None, to_team: str | None = None,
             reason: str | None = None) -> int:
    """Offer an assigned inbound email to an agent or a team; returns the offer's id."""
    if (to_login is None) == (to_team is None):
        raise InvalidInput("give exactly one target: an agent's login or a team's name", field="to")
    with ctx.tx() as tx:
        session = tx.session
        interaction = tx.interaction(interaction_id)
        access.require_worker(tx, interaction, "transfer it")
        if interaction.direction != Direction.INBOUND.value or interaction.kind != Kind.EMAIL.value:
            raise InvalidState(f"interaction {interaction.id} is an {interaction.direction} {interaction.kind}; "
                               "only inbound email can be transferred")
        if interaction.state != State.ASSIGNED.value:
            raise InvalidState(f"interaction {interaction.id} is {interaction.state}; only an assigned "
                               "interaction can be transferred")
        pending = _pending_offer(session, interaction.id)
        if pending is not None:
            raise InvalidState(f"interaction {interaction.id} already has a pending transfer offer ({pending.id}) "
                               f"to {_target(session, pending)}")
        to_user_id = to_team_id = None
        if to_login is not None:
            target = access.user_by_login(session, to_login)
            if target.id == interaction.owner_id:
                raise InvalidInput(f"{target.login} already owns interaction {interaction.id}", field="to")
            if target.team_id is None:
                raise InvalidInput(f"{target.login} belongs to no team and cannot take interactions", field="to")
            if target.presence == Presence.OFFLINE.value:
                raise InvalidState(f"{target.login} is offline and cannot answer a transfer offer")
            to_user_id, where = target.id, target.login
        else:
            assert to_team is not None
            team = access.team_by_name(session, to_team)
            to_team_id, where = team.id, f"team {team.name}"
        now = utcnow()
        reason = (reason or "").strip() or None
        offer = TransferOffer(
            interaction_id=interaction.id, from_user_id=tx.actor.id, to_user_id=to_user_id, to_team_id=to_team_id,
            state=PENDING, reason=reason, created_at=now,
            expires_at=now + timedelta(minutes=tx.options.transfer_timeout_minutes),
        )
        session.add(offer)
        session.flush()
        tx.record("transfer_offered", interaction, offer_id=offer.id, to=where, reason=reason,
                  expires_at=offer.expires_at.isoformat())
        return offer.id


def _answerable(tx: Tx, offer_id: int, what: str) -> tuple[TransferOffer, Interaction]:
    session = tx.session
    offer, interaction = _offer_and_interaction(tx, offer_id)
    actor = tx.actor
    if offer.to_user_id is not None:
        mine = offer.to_user_id == actor.id
    else:
        mine = offer.to_team_id is not None and actor.team_id == offer.to_team_id and actor.role != Role.ADMIN.value
    if not mine:
        raise PermissionDenied(f"transfer offer {offer_id} is for {_target(session, offer)}; "
                               f"{access.who(session, actor)} may not {what} it")
    if offer.state != PENDING:
        raise InvalidState(f"transfer offer {offer_id} is already {offer.state}")
    if offer.expires_at <= utcnow():
        raise InvalidState(f"transfer offer {offer_id} expired at {offer.expires_at:%Y-%m-%d %H:%M} UTC; "
                           "the interaction stays with its owner")
    return offer, interaction


def _offer_and_interaction(tx: Tx, offer_id: int) -> tuple[TransferOffer, Interaction]:
    """The offer and its interaction, both locked: the interaction first, as every other action locks them."""
    session = tx.session
    interaction_id = session.scalar(select(TransferOffer.interaction_id).where(TransferOffer.id == offer_id))
    if interaction_id is None:
        raise NotFound(f"transfer offer {offer_id} does not exist")
    interaction = tx.interaction(interaction_id)
    offer = session.scalars(_locked(session, select(TransferOffer).where(TransferOffer.id == offer_id))).one()
    return offer, interaction


def accept_transfer(ctx: ActionContext, offer_id: int) -> int:
    """Take the offered interaction (the target agent, or any agent of the target team, within capacity)."""
    with ctx.tx() as tx:
        offer, interaction = _answerable(tx, offer_id, "accept")
        actor = tx.actor
        if interaction.state != State.ASSIGNED.value:
            raise InvalidState(f"interaction {interaction.id} is {interaction.state} now; the offer cannot be taken")
        held = access.load(tx.session, actor.id)
        if held >= actor.capacity:
            raise InvalidState(f"{actor.login} is at capacity ({held} of {actor.capacity} interactions); "
                               "finish or store one first")
        previous = tx.session.get(User, interaction.owner_id) if interaction.owner_id is not None else None
        now = utcnow()
        # the interaction first: on a team database the acceptor sees it only while the offer is pending
        _hand_over(tx, interaction, actor)
        offer.state, offer.answered_at, offer.answered_by = ACCEPTED, now, actor.id
        tx.record("transfer_accepted", interaction, offer_id=offer.id, from_login=previous.login if previous else None,
                  to=actor.login)
        return interaction.id


def decline_transfer(ctx: ActionContext, offer_id: int, reason: str | None = None) -> None:
    """Decline an offer: the interaction stays with (returns to) its owner."""
    with ctx.tx() as tx:
        offer, interaction = _answerable(tx, offer_id, "decline")
        offer.state, offer.answered_at, offer.answered_by = DECLINED, utcnow(), tx.actor.id
        reason = (reason or "").strip() or None
        tx.record("transfer_declined", interaction, offer_id=offer.id, by=tx.actor.login, reason=reason)


def cancel_transfer(ctx: ActionContext, offer_id: int) -> None:
    """Withdraw one's own pending offer (its maker, the interaction's owner or a lead of the team)."""
    with ctx.tx() as tx:
        offer, interaction = _offer_and_interaction(tx, offer_id)
        if offer.from_user_id != tx.actor.id:
            access.require_worker(tx, interaction, "withdraw its transfer offer")
        if offer.state != PENDING:
            raise InvalidState(f"transfer offer {offer_id} is already {offer.state}")
        withdraw_offers(tx, interaction, "withdrawn by its maker")


def expire_transfer_offers(db: Database, now: datetime | None = None) -> int:
    """Expire every pending offer past its time (the interaction stays with its owner); returns how many.

    Interactions another transaction holds are skipped on PostgreSQL (the next pass expires their offers).
    """
    now = now or utcnow()
    with db.write() as session:
        due = (TransferOffer.state == PENDING, TransferOffer.expires_at <= now)
        interaction_ids = sorted(set(session.scalars(select(TransferOffer.interaction_id).where(*due))))
        if not interaction_ids:
            return 0
        stmt = select(Interaction).where(Interaction.id.in_(interaction_ids)).order_by(Interaction.id)
        if session.get_bind().dialect.name == "postgresql":
            stmt = stmt.with_for_update(skip_locked=True)
        interactions = {i.id: i for i in session.scalars(stmt.execution_options(populate_existing=True))}
        offers = session.scalars(_locked(session, select(TransferOffer).where(
            *due, TransferOffer.interaction_id.in_(list(interactions))).order_by(TransferOffer.id))).all()
        for offer in offers:
            offer.state, offer.answered_at = EXPIRED, now
            interaction = interactions[offer.interaction_id]
            interaction.version = (interaction.version or 0) + 1
            session.add(History(
                event="transfer_expired", actor_id=None, interaction_id=interaction.id, case_id=interaction.case_id,
                contact_id=interaction.contact_id, team_id=interaction.team_id,
                detail={"offer_id": offer.id, "to": _target(session, offer)},
            ))
        return len(offers)


def pending_offers(ctx: ActionContext) -> list[OfferView]:
    """The offers waiting for me: made to me, or to my team, not yet answered or expired."""
    with ctx.read() as tx:
        actor = tx.actor
        targets = [TransferOffer.to_user_id == actor.id]
        if actor.team_id is not None and actor.role != Role.ADMIN.value:
            targets.append(TransferOffer.to_team_id == actor.team_id)
        offers = tx.session.scalars(select(TransferOffer).where(
            TransferOffer.state == PENDING, TransferOffer.expires_at > utcnow(), or_(*targets),
        ).order_by(TransferOffer.id)).all()
        return [_view(tx.session, o) for o in offers]


def my_pending_offers(ctx: ActionContext) -> list[OfferView]:
    """The transfer offers made on my interactions (by me or a lead) that still wait for an answer."""
    with ctx.read() as tx:
        actor = tx.actor
        offers = tx.session.scalars(select(TransferOffer).join(
            Interaction, Interaction.id == TransferOffer.interaction_id).where(
            TransferOffer.state == PENDING, TransferOffer.expires_at > utcnow(),
            or_(TransferOffer.from_user_id == actor.id, Interaction.owner_id == actor.id),
        ).order_by(TransferOffer.id)).all()
        return [_view(tx.session, o) for o in offers]


def _view(session: Session, offer: TransferOffer) -> OfferView:
    interaction = session.get(Interaction, offer.interaction_id)
    maker = session.get(User, offer.from_user_id)
    to_user = session.get(User, offer.to_user_id) if offer.to_user_id is not None else None
    return OfferView(
        id=offer.id, interaction_id=offer.interaction_id, subject=interaction.subject if interaction else "",
        from_login=maker.login if maker else "", to_login=to_user.login if to_user else None,
        to_team=access.team_name(session, offer.to_team_id) if offer.to_team_id is not None else None,
        state=offer.state, reason=offer.reason, created_at=offer.created_at, expires_at=offer.expires_at,
        from_name=(maker.name or maker.login) if maker else "", to_name=(to_user.name or to_user.login) if to_user else None,
    )


def _hand_over(tx: Tx, interaction: Interaction, target: User) -> None:
    """Make ``target`` the owner; a personal workbin place moves to the target's workbin of the same kind."""
    session = tx.session
    workbin = bins.workbin_of(session, interaction.id)
    if workbin is not None and workbin.kind == WorkbinKind.TEAM.value:
        bins.remove(session, interaction.id)
    elif workbin is not None:
        bins.place(session, interaction.id, bins.personal_workbin(session, target, WorkbinKind(workbin.kind)), tx.actor)
    if interaction.state in (State.QUEUED.value, State.STORED.value):
        interaction.state = State.ASSIGNED.value
    interaction.owner_id = target.id
    interaction.team_id = target.team_id
    interaction.assigned_at = utcnow()


def reassign(ctx: ActionContext, interaction_id: int, to_login: str) -> None:
    """A lead's (or an administrator's) immediate reassignment of one interaction of their team, no offer."""
    reassign_many(ctx, [interaction_id], to_login)


def reassign_many(ctx: ActionContext, interaction_ids: Sequence[int], to_login: str) -> list[int]:
    """Reassign several interactions to ``to_login`` at once: all of them, or (on any refusal) none."""
    if not interaction_ids:
        raise InvalidInput("no interactions were given to reassign", field="interaction_ids")
    with ctx.tx() as tx:
        target = access.user_by_login(tx.session, to_login)
        for interaction_id in dict.fromkeys(interaction_ids):
            _reassign_one(tx, tx.interaction(interaction_id), target)
        return list(dict.fromkeys(interaction_ids))


def reassign_all(ctx: ActionContext, from_login: str, to_login: str) -> list[int]:
    """Move every open interaction of ``from_login`` (an absent agent) to ``to_login``; returns their ids.

    A lead moves those of their own team; an administrator every one.
    """
    with ctx.tx() as tx:
        tx.require_role(Role.LEAD, Role.ADMIN, what="reassign another agent's work")
        source = access.user_by_login(tx.session, from_login)
        target = access.user_by_login(tx.session, to_login)
        if source.id == target.id:
            raise InvalidInput(f"{source.login} cannot hand their work to themself", field="to")
        stmt = select(Interaction.id).where(Interaction.owner_id == source.id, Interaction.state.in_(REASSIGNABLE))
        if not access.is_admin(tx.actor):
            stmt = stmt.where(Interaction.team_id == tx.actor.team_id)
        ids = list(tx.session.scalars(stmt.order_by(Interaction.id)))
        for interaction_id in ids:
            _reassign_one(tx, tx.interaction(interaction_id), target)
        return ids


def _reassign_one(tx: Tx, interaction: Interaction, target: User) -> None:
    session = tx.session
    team = access.team_name(session, interaction.team_id)
    if not access.leads_team(tx.actor, interaction.team_id):
        raise PermissionDenied(f"only a lead of {team} or an administrator may reassign interaction "
                               f"{interaction.id} ({access.who(session, tx.actor)} is neither)")
    if interaction.state not in REASSIGNABLE:
        raise InvalidState(f"interaction {interaction.id} is {interaction.state}; only open interactions "
                           f"({', '.join(REASSIGNABLE)}) can be reassigned")
    if target.team_id != interaction.team_id:
        raise InvalidInput(f"{target.login} is not a member of {team}, which interaction {interaction.id} belongs "
                           "to; transfer it instead", field="to")
    if interaction.owner_id == target.id:
        raise InvalidState(f"interaction {interaction.id} is already owned by {target.login}")
    previous = session.get(User, interaction.owner_id) if interaction.owner_id is not None else None
    withdraw_offers(tx, interaction, "reassigned")
    was = interaction.state
    _hand_over(tx, interaction, target)
    tx.record("reassigned", interaction, from_login=previous.login if previous else None, to=target.login,
              state_before=was)

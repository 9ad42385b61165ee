"""Store interactions in workbins and take them out again (S5); list workbins and what they hold.

"My workbin" is personal: an interaction stored there keeps its owner. A team workbin holds interactions that
are nobody's (state ``stored``) until a member of the team pulls one (it becomes theirs). Drafts and In
Progress are kept by the outbound actions, not by hand. Agents see their own personal workbins and their
team's workbins; leads may also look into their team members' personal workbins; administrators into any.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, or_, select

from agentdesk.actions import access
from agentdesk.actions.context import ActionContext, Tx
from agentdesk.actions.errors import InvalidInput, InvalidState, NotFound, PermissionDenied
from agentdesk.actions.queries import InteractionSummary, summaries_in, workbin_guard
from agentdesk.actions.transfer import withdraw_offers
from agentdesk.routing import workbins as bins
from agentdesk.routing.models import Interaction, State, User, Workbin, WorkbinItem, WorkbinKind
from agentdesk.routing.types import utcnow

#: the name of each team's workbin of auto-replies, bounces and loops (the GUI shows it translated)
AUTO_FILED = bins.AUTO_FILED

_KIND_ORDER = {WorkbinKind.DRAFTS.value: 0, WorkbinKind.IN_PROGRESS.value: 1, WorkbinKind.PERSONAL.value: 2,
               WorkbinKind.TEAM.value: 3}
_PERSONAL_KINDS = (WorkbinKind.DRAFTS, WorkbinKind.IN_PROGRESS, WorkbinKind.PERSONAL)


@dataclass(frozen=True)
class WorkbinView:
    id: int
    kind: str
    name: str
    team: str | None
    owner_login: str | None
    count: int


def list_workbins(ctx: ActionContext, *, members: bool = False) -> list[WorkbinView]:
    """My personal workbins (made on first use) and my team's workbins, each with how many items it holds.

    ``members``: a lead also gets their team members' personal workbins (an administrator everyone's).
    """
    with ctx.read() as tx:
        have = set(tx.session.scalars(select(Workbin.kind).where(Workbin.owner_id == tx.actor.id)))
    if not {k.value for k in _PERSONAL_KINDS} <= have:
        with ctx.tx() as tx:
            for kind in _PERSONAL_KINDS:
                bins.personal_workbin(tx.session, tx.actor, kind)
    with ctx.read() as tx:
        actor = tx.actor
        if members and not (access.is_admin(actor) or actor.role == "lead"):
            raise PermissionDenied(f"{access.who(tx.session, actor)} may not look into other agents' workbins")
        shown = [Workbin.owner_id == actor.id]
        team_bins = Workbin.kind == WorkbinKind.TEAM.value
        shown.append(team_bins if access.is_admin(actor) else team_bins & (Workbin.team_id == actor.team_id))
        if members:
            personal = Workbin.kind != WorkbinKind.TEAM.value
            shown.append(personal if access.is_admin(actor) else personal & (Workbin.team_id == actor.team_id))
        counts = (select(WorkbinItem.workbin_id, func.count().label("n")).group_by(WorkbinItem.workbin_id)
                  .subquery())
        rows = tx.session.execute(
            select(Workbin, User.login, func.coalesce(counts.c.n, 0))
            .outerjoin(User, User.id == Workbin.owner_id)
            .outerjoin(counts, counts.c.workbin_id == Workbin.id)
            .where(Workbin.retired_at.is_(None), or_(*shown))
        ).all()
        views = [WorkbinView(w.id, w.kind, w.name, access.team_name(tx.session, w.team_id) if w.team_id else None,
                             login, int(n)) for w, login, n in rows]
        own = tx.actor.login
        return sorted(views, key=lambda v: (0 if v.owner_login == own else 1 if v.owner_login is None else 2,
                                            v.owner_login or "", _KIND_ORDER.get(v.kind, 9), v.name))


def workbin_items(ctx: ActionContext, workbin_id: int) -> list[InteractionSummary]:
    """What a workbin holds, the most recently stored first."""
    with ctx.read() as tx:
        workbin_guard(tx, workbin_id)
        ids = list(tx.session.scalars(select(WorkbinItem.interaction_id).where(WorkbinItem.workbin_id == workbin_id)
                                      .order_by(WorkbinItem.added_at.desc(), WorkbinItem.id.desc())))
        return summaries_in(tx.session, tx.actor, ids)


def _target(tx: Tx, workbin_id: int) -> Workbin:
    workbin = tx.session.get(Workbin, workbin_id)
    if workbin is None or workbin.retired_at is not None:
        raise NotFound(f"workbin {workbin_id} does not exist")
    if workbin.kind in (WorkbinKind.DRAFTS.value, WorkbinKind.IN_PROGRESS.value):
        raise InvalidInput(f"workbin {workbin.name!r} is kept by agentdesk itself; store in My workbin or a "
                           "team workbin", field="workbin")
    return workbin


def _label(workbin: Workbin) -> str:
    return f"{workbin.name!r} ({workbin.id})"


def _store_into(tx: Tx, interaction: Interaction, workbin: Workbin, event: str, **detail: object) -> None:
    """Put an assigned interaction into ``workbin`` (checks done by the caller: worker, state)."""
    session = tx.session
    if workbin.kind == WorkbinKind.PERSONAL.value:
        if workbin.owner_id != interaction.owner_id:
            holder = session.get(User, workbin.owner_id) if workbin.owner_id is not None else None
            raise PermissionDenied(f"workbin {_label(workbin)} is {holder.login if holder else 'nobody'}'s "
                                   f"personal workbin; interaction {interaction.id} may go only into its "
                                   "owner's personal workbin")
        bins.place(session, interaction.id, workbin, tx.actor)
    else:
        if workbin.team_id != interaction.team_id:
            raise InvalidInput(f"team workbin {_label(workbin)} belongs to {access.team_name(session, workbin.team_id)}"
                               f"; interaction {interaction.id} belongs to "
                               f"{access.team_name(session, interaction.team_id)}", field="workbin")
        withdraw_offers(tx, interaction, "stored in a team workbin")
        owner = session.get(User, interaction.owner_id) if interaction.owner_id is not None else None
        detail["from_login"] = owner.login if owner else None
        bins.place(session, interaction.id, workbin, tx.actor)
        interaction.state = State.STORED.value
        interaction.owner_id = None
    tx.record(event, interaction, workbin=workbin.name, workbin_id=workbin.id, kind=workbin.kind, **detail)


def store_in_workbin(ctx: ActionContext, interaction_id: int, workbin_id: int) -> None:
    """Store an assigned interaction in its owner's My workbin (it stays theirs) or a team workbin (nobody's)."""
    with ctx.tx() as tx:
        interaction = tx.interaction(interaction_id)
        access.require_worker(tx, interaction, "store it")
        if interaction.state != State.ASSIGNED.value:
            raise InvalidState(f"interaction {interaction.id} is {interaction.state}; only an assigned interaction "
                               "can be stored")
        workbin = _target(tx, workbin_id)
        current = bins.workbin_of(tx.session, interaction.id)
        if current is not None and current.id == workbin.id:
            raise InvalidState(f"interaction {interaction.id} is already in workbin {_label(workbin)}")
        _store_into(tx, interaction, workbin, "stored")


def pull_from_workbin(ctx: ActionContext, interaction_id: int) -> None:
    """Take an interaction out of its workbin: from a team workbin it becomes mine (members of the team only);
    from a personal workbin it goes back in its owner's hands."""
    with ctx.tx() as tx:
        interaction = access.visible_interaction(tx, interaction_id, lock=True)
        current = bins.workbin_of(tx.session, interaction.id)
        if current is None:
            raise InvalidState(f"interaction {interaction.id} is in no workbin")
        actor = tx.actor
        if current.kind == WorkbinKind.TEAM.value:
            if actor.team_id is None or actor.team_id != current.team_id:
                raise PermissionDenied(f"only members of {access.team_name(tx.session, current.team_id)} may pull "
                                       f"from team workbin {_label(current)} ({access.who(tx.session, actor)} "
                                       "is not one)")
            if interaction.state != State.STORED.value:
                raise InvalidState(f"interaction {interaction.id} is {interaction.state}, not stored")
            bins.remove(tx.session, interaction.id)
            interaction.state = State.ASSIGNED.value
            interaction.owner_id = actor.id
            interaction.assigned_at = utcnow()
        elif current.kind == WorkbinKind.PERSONAL.value:
            access.require_worker(tx, interaction, "take it out of its workbin")
            bins.remove(tx.session, interaction.id)
        else:
            raise InvalidState(f"interaction {interaction.id} is in {current.name!r}, kept by agentdesk: open the "
                               "draft, or mark a finished forward done")
        tx.record("pulled", interaction, workbin=current.name, workbin_id=current.id, kind=current.kind)


def move_to_workbin(ctx: ActionContext, interaction_id: int, workbin_id: int) -> None:
    """Move an interaction from its workbin to another: between team workbins of its team, from a team workbin
    into my own My workbin (it becomes mine), or from My workbin into a team workbin."""
    with ctx.tx() as tx:
        interaction = access.visible_interaction(tx, interaction_id, lock=True)
        current = bins.workbin_of(tx.session, interaction.id)
        if current is None:
            raise InvalidState(f"interaction {interaction.id} is in no workbin; store it instead")
        target = _target(tx, workbin_id)
        if target.id == current.id:
            raise InvalidState(f"interaction {interaction.id} is already in workbin {_label(target)}")
        actor = tx.actor
        if current.kind == WorkbinKind.PERSONAL.value:
            access.require_worker(tx, interaction, "move it")
            _store_into(tx, interaction, target, "moved", from_workbin=current.name)
            return
        if current.kind != WorkbinKind.TEAM.value:
            raise InvalidState(f"interaction {interaction.id} is in {current.name!r}, kept by agentdesk")
        if not (actor.team_id == current.team_id or access.leads_team(actor, current.team_id)):
            raise PermissionDenied(f"only members of {access.team_name(tx.session, current.team_id)} may move items "
                                   f"of team workbin {_label(current)}")
        if target.kind == WorkbinKind.TEAM.value:
            if target.team_id != current.team_id:
                raise InvalidInput(f"team workbin {_label(target)} belongs to another team; transfer the interaction "
                                   "instead", field="workbin")
            bins.place(tx.session, interaction.id, target, actor)
        else:
            if target.owner_id != actor.id:
                raise PermissionDenied(f"workbin {_label(target)} is not {actor.login}'s own")
            if actor.team_id != interaction.team_id:
                raise PermissionDenied(f"{actor.login} is not a member of "
                                       f"{access.team_name(tx.session, interaction.team_id)}")
            bins.place(tx.session, interaction.id, target, actor)
            interaction.state = State.ASSIGNED.value
            interaction.owner_id = actor.id
            interaction.assigned_at = utcnow()
        tx.record("moved", interaction, workbin=target.name, workbin_id=target.id, kind=target.kind,
                  from_workbin=current.name)

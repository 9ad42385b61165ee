"""Who may see and who may work an interaction, shared by the handling actions and the read-side queries.

Agents and leads see their own team's interactions (and anything they own); administrators see everything.
Working an interaction (notes, case data, disposition, transfer, store, mark done …) is for its owner, or a
lead of its team, or an administrator.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, func, or_, select, true
from sqlalchemy.orm import Session

from agentdesk.actions.context import Tx
from agentdesk.actions.errors import InvalidInput, NotFound, PermissionDenied
from agentdesk.routing.models import Contact, Direction, Interaction, Kind, Role, State, Team, User
from agentdesk.views import like_pattern as like_pattern  # its home is the views; kept here for callers


def is_admin(user: User) -> bool:
    return user.role == Role.ADMIN.value


def leads_team(user: User, team_id: int | None) -> bool:
    """Whether ``user`` is an administrator, or a lead of ``team_id``."""
    if is_admin(user):
        return True
    return user.role == Role.LEAD.value and team_id is not None and user.team_id == team_id


def can_see(user: User, interaction: Interaction) -> bool:
    if is_admin(user) or interaction.owner_id == user.id:
        return True
    return interaction.team_id is not None and interaction.team_id == user.team_id


def visible_clause(user: User) -> ColumnElement[bool]:
    """The SQL condition matching the interactions ``user`` may see."""
    if is_admin(user):
        return true()
    if user.team_id is None:
        return Interaction.owner_id == user.id
    return or_(Interaction.team_id == user.team_id, Interaction.owner_id == user.id)


def contact_visible_clause(user: User) -> ColumnElement[bool]:
    """Contacts of the user's team and the shared directory (contacts of no team); administrators see all."""
    if is_admin(user):
        return true()
    if user.team_id is None:
        return Contact.team_id.is_(None)
    return or_(Contact.team_id == user.team_id, Contact.team_id.is_(None))


def team_name(session: Session, team_id: int | None) -> str:
    if team_id is None:
        return "no team"
    name = session.scalar(select(Team.name).where(Team.id == team_id))
    return str(name) if name is not None else f"team {team_id}"


def who(session: Session, user: User) -> str:
    """``sato (agent, team support)``: the acting user, for refusal messages."""
    return f"{user.login} ({user.role}, {team_name(session, user.team_id)})"


def require_visible(tx: Tx, interaction: Interaction) -> None:
    if not can_see(tx.actor, interaction):
        raise PermissionDenied(
            f"interaction {interaction.id} belongs to {team_name(tx.session, interaction.team_id)}; "
            f"{who(tx.session, tx.actor)} may not see it"
        )


def require_worker(tx: Tx, interaction: Interaction, what: str) -> None:
    """Refuse unless the actor owns ``interaction`` or leads its team (``what``: 'add a note to it' …)."""
    require_visible(tx, interaction)
    if interaction.owner_id == tx.actor.id or leads_team(tx.actor, interaction.team_id):
        return
    owner = tx.session.get(User, interaction.owner_id) if interaction.owner_id is not None else None
    holder = f"is owned by {owner.login}" if owner is not None else "has no owner"
    raise PermissionDenied(
        f"interaction {interaction.id} {holder}; only its owner or a lead of "
        f"{team_name(tx.session, interaction.team_id)} may {what} ({who(tx.session, tx.actor)} is neither)"
    )


def visible_interaction(tx: Tx, interaction_id: int, *, lock: bool = False) -> Interaction:
    interaction = tx.interaction(interaction_id, lock=lock)
    require_visible(tx, interaction)
    return interaction


def user_by_login(session: Session, login: str) -> User:
    """An active user; :class:`NotFound` names the login otherwise."""
    if not login or not login.strip():
        raise InvalidInput("no login was given", field="login")
    user = session.scalar(select(User).where(User.login == login.strip()))
    if user is None:
        raise NotFound(f"there is no user with the login {login!r}")
    if user.retired_at is not None:
        raise NotFound(f"the user {login!r} has been retired")
    return user


def team_by_name(session: Session, name: str) -> Team:
    team = session.scalar(select(Team).where(Team.name == name.strip()))
    if team is None:
        raise NotFound(f"there is no team named {name!r}")
    if team.retired_at is not None:
        raise NotFound(f"the team {name!r} has been retired")
    return team


def load(session: Session, user_id: int) -> int:
    """How many interactions count against a user's capacity: inbound email assigned to them."""
    return int(session.scalar(
        select(func.count()).select_from(Interaction).where(
            Interaction.owner_id == user_id,
            Interaction.state == State.ASSIGNED.value,
            Interaction.direction == Direction.INBOUND.value,
            Interaction.kind == Kind.EMAIL.value,
        )
    ) or 0)

"""Workbins: each user's personal ones (Drafts, In Progress, My workbin), made on first use; team workbins."""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from agentdesk.routing.models import User, Workbin, WorkbinItem, WorkbinKind

#: the team workbin that holds mail a machine sent (auto-replies, bounces, our own mail coming back), made by
#: ingest on a team's first such mail
AUTO_FILED = "Auto-filed"

PERSONAL_NAMES = {
    WorkbinKind.DRAFTS: "Drafts",
    WorkbinKind.IN_PROGRESS: "In Progress",
    WorkbinKind.PERSONAL: "My workbin",
}


def personal_workbin(session: Session, user: User, kind: WorkbinKind) -> Workbin:
    """The user's personal workbin of ``kind``, created if it does not exist yet."""
    found = session.scalar(select(Workbin).where(Workbin.kind == kind.value, Workbin.owner_id == user.id))
    if found is None:
        found = Workbin(kind=kind.value, name=PERSONAL_NAMES[kind], owner_id=user.id, team_id=user.team_id)
        session.add(found)
        session.flush()
    return found


def place(session: Session, interaction_id: int, workbin: Workbin, by: User | None) -> None:
    """Put an interaction into ``workbin`` (taking it out of any other)."""
    item = session.scalar(select(WorkbinItem).where(WorkbinItem.interaction_id == interaction_id))
    if item is None:
        session.add(WorkbinItem(workbin_id=workbin.id, interaction_id=interaction_id, added_by=by.id if by else None))
    else:
        item.workbin_id = workbin.id
        item.added_by = by.id if by else None
    session.flush()


def remove(session: Session, interaction_id: int) -> None:
    """Take an interaction out of whatever workbin holds it."""
    session.execute(delete(WorkbinItem).where(WorkbinItem.interaction_id == interaction_id))


def workbin_of(session: Session, interaction_id: int) -> Workbin | None:
    return session.scalar(
        select(Workbin).join(WorkbinItem, WorkbinItem.workbin_id == Workbin.id).where(
            WorkbinItem.interaction_id == interaction_id
        )
    )

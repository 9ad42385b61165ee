"""What is new for me since the last look: interactions assigned to me, review results of my replies and,
for leads, replies waiting for review. Computed from the actions' queries, on whatever thread calls
:func:`look` (the desktop's worker); the GUI's :class:`agentdesk.gui.notices.LiveUpdates` decides when to look
and announces the :class:`News` as signals. The first look is the baseline and announces nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from agentdesk.actions import queries, snooze
from agentdesk.actions.context import ActionContext

#: at most this many new interactions are named one by one; beyond, one message counts them
NAMED = 3
#: new interactions looked at one by one (to tell inbound email from my own drafts)
LOOKED_AT = 200


@dataclass(frozen=True)
class Snapshot:
    """My open interactions, my replies waiting for review, and (leads) my team's waiting replies."""

    mine: frozenset[int]
    in_review: frozenset[int]
    team_review: frozenset[int]
    due: frozenset[int] = frozenset()  # back from a snooze, waiting for their follow-up


@dataclass(frozen=True)
class Arrived:
    interaction_id: int
    subject: str
    sender: str


@dataclass(frozen=True)
class Decided:
    interaction_id: int
    subject: str
    decision: str  # approved | rejected | stopped
    note: str | None


@dataclass(frozen=True)
class News:
    snapshot: Snapshot
    arrived: tuple[Arrived, ...] = ()
    arrived_count: int = 0
    decided: tuple[Decided, ...] = ()
    waiting: int = 0  # new replies waiting for my review (leads)
    changed: bool = False
    due: tuple[Arrived, ...] = ()  # interactions of mine whose follow-up came due since the last look
    next_wake: datetime | None = None  # when the next of my snoozed interactions comes back


def take_snapshot(ctx: ActionContext, lead: bool) -> Snapshot:
    # snoozed or not, they are mine: one coming back from its snooze is no new assignment (it is "due" instead)
    mine = frozenset(queries.interaction_ids(ctx, scope="mine", snoozed="include"))
    in_review = frozenset(queries.interaction_ids(ctx, scope="mine", states=["review"]))
    team = frozenset(queries.interaction_ids(ctx, scope="team", states=["review"])) if lead else frozenset()
    due = frozenset(queries.interaction_ids(ctx, scope="mine", snoozed="due"))
    return Snapshot(mine, in_review, team - in_review, due)


def look(ctx: ActionContext, lead: bool, before: Snapshot | None) -> News:
    """Worker side: a new snapshot and what changed since ``before`` (None: the baseline)."""
    now = take_snapshot(ctx, lead)
    wake = snooze.next_wake(ctx)
    if before is None:
        return News(now, next_wake=wake)
    new_ids = sorted(now.mine - before.mine - now.in_review, reverse=True)
    inbound = [Arrived(s.id, s.subject, s.from_name or s.from_addr or "")
               for s in queries.summaries(ctx, new_ids[:LOOKED_AT]) if s.direction == "inbound"]
    inbound_new = len(inbound) + max(0, len(new_ids) - LOOKED_AT)
    arrived = inbound[:NAMED]
    decided = []
    left = sorted(before.in_review - now.in_review)
    for summary in queries.summaries(ctx, left):
        decision = {"rejected": "rejected", "needs_attention": "stopped"}.get(summary.state, "approved")
        note = queries.get_interaction(ctx, summary.id).qa_note if decision != "approved" else None
        decided.append(Decided(summary.id, summary.subject, decision, note))
    waiting = len(now.team_review - before.team_review)
    changed = now != before
    due = tuple(Arrived(s.id, s.subject, s.from_name or s.from_addr or "")
                for s in queries.summaries(ctx, sorted(now.due - before.due)[:NAMED]))
    return News(now, tuple(arrived), inbound_new, tuple(decided), waiting, changed, due, wake)

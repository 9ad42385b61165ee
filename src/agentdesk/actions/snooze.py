"""Snooze / follow-up: put an interaction out of sight until a time; it comes back marked "follow-up due".

An agent snoozes an interaction they hold (or a lead one of their team) until a time in the future: it leaves
its owner's list (My interactions, ``list`` without ``--snoozed``) and counts against their capacity as before.
At that time it is back in the list with a "follow-up due" mark, which stays until the owner acts: snoozes it
again, clears the follow-up, or marks it done. A snooze is its owner's: when the interaction gets another
owner (a transfer, a reassignment, a team workbin) it is cleared (agentdesk.routing.models). Each change is
one history row (``snoozed``, ``follow_up_cleared``) and bumps the interaction's version, so the change log
tells every desktop.

:func:`parse_until` reads the times people type (``3h``, ``tomorrow``, ``2026-12-08 09:00``) for the CLI;
:func:`presets` gives the desktop's menu the same words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from sqlalchemy import func, select

from agentdesk.actions import access
from agentdesk.actions.context import ActionContext
from agentdesk.actions.errors import InvalidInput, InvalidState
from agentdesk.routing.models import Interaction, State
from agentdesk.routing.types import utcnow

#: the states an interaction can be snoozed in: held by someone, not finished
SNOOZABLE = (State.ASSIGNED.value, State.NEEDS_ATTENTION.value, State.SENT.value, State.FAILED.value)
MAX_DAYS = 366
#: the hour "tomorrow" and "next week" mean, on the agent's clock
MORNING = time(9, 0)
#: how far "later today" is
LATER = timedelta(hours=3)
PRESETS = ("later", "tomorrow", "next-week")


@dataclass(frozen=True)
class SnoozeView:
    interaction_id: int
    until: datetime | None  # None: not snoozed (any follow-up mark cleared)


def presets(now: datetime) -> dict[str, datetime]:
    """The menu's times from ``now`` (aware, on the agent's clock): later today (+3 h), tomorrow 09:00, next week
    (Monday 09:00)."""
    tomorrow = datetime.combine(now.date() + timedelta(days=1), MORNING, now.tzinfo)
    monday = datetime.combine(now.date() + timedelta(days=7 - now.weekday()), MORNING, now.tzinfo)
    return {"later": now + LATER, "tomorrow": tomorrow, "next-week": monday}


_RELATIVE = re.compile(r"^\+?(\d{1,4})\s*(m|min|h|d|w)$")
_UNITS = {"m": "minutes", "min": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def parse_until(text: str, now: datetime | None = None) -> datetime:
    """A snooze time as typed: ``90m``, ``3h``, ``2d``, ``1w``; ``later``, ``tomorrow``, ``next-week``; or a date
    and time (``2026-12-08 09:00``, ``2026-12-08`` meaning 09:00; without a zone, the computer's). Aware."""
    now = now or datetime.now().astimezone()
    value = (text or "").strip().casefold()
    if not value:
        raise InvalidInput("no snooze time was given", field="until")
    if value in PRESETS:
        return presets(now)[value]
    relative = _RELATIVE.match(value)
    if relative:
        return now + timedelta(**{_UNITS[relative.group(2)]: int(relative.group(1))})
    try:
        moment = datetime.fromisoformat(value.upper().replace(" ", "T", 1) if " " in value else value.upper())
    except ValueError:
        raise InvalidInput(f"{text!r} is not a snooze time: give 3h, 90m, 2d, later, tomorrow, next-week, or a date "
                           "and time such as 2026-12-08 09:00", field="until") from None
    if len(value) == 10:  # a date alone: that morning
        moment = datetime.combine(moment.date(), MORNING)
    return moment if moment.tzinfo is not None else moment.astimezone()


def snooze(ctx: ActionContext, interaction_id: int, until: datetime) -> SnoozeView:
    """Snooze an interaction until ``until`` (aware, in the future, within a year)."""
    if until.tzinfo is None:
        raise InvalidInput("a snooze time needs its time zone", field="until")
    now = utcnow()
    if until <= now:
        raise InvalidInput(f"{until.astimezone():%Y-%m-%d %H:%M} has passed: snooze until a time to come",
                           field="until")
    if until > now + timedelta(days=MAX_DAYS):
        raise InvalidInput(f"snooze at most {MAX_DAYS} days ahead", field="until")
    with ctx.tx() as tx:
        interaction = tx.interaction(interaction_id)
        access.require_worker(tx, interaction, "snooze it")
        if interaction.owner_id is None:
            raise InvalidState(f"interaction {interaction.id} has no owner: nobody's list to leave")
        if interaction.state not in SNOOZABLE:
            raise InvalidState(f"interaction {interaction.id} is {interaction.state}: only an interaction in hand "
                               f"({', '.join(SNOOZABLE)}) can be snoozed")
        before = interaction.snoozed_until
        interaction.snoozed_until = until
        tx.record("snoozed", interaction, until=until.isoformat(),
                  before=before.isoformat() if before is not None else None)
        return SnoozeView(interaction.id, until)


def clear_follow_up(ctx: ActionContext, interaction_id: int) -> SnoozeView:
    """Wake a snoozed interaction now, or take the "follow-up due" mark off one that came back."""
    with ctx.tx() as tx:
        interaction = tx.interaction(interaction_id)
        access.require_worker(tx, interaction, "clear its follow-up")
        before = interaction.snoozed_until
        if before is None:
            raise InvalidState(f"interaction {interaction.id} is neither snoozed nor due for a follow-up")
        interaction.snoozed_until = None
        tx.record("follow_up_cleared", interaction, until=before.isoformat(), early=before > utcnow())
        return SnoozeView(interaction.id, None)


def next_wake(ctx: ActionContext) -> datetime | None:
    """When the next of my snoozed interactions comes back (None: none is snoozed)."""
    with ctx.read() as tx:
        value: datetime | None = tx.session.scalar(
            select(func.min(Interaction.snoozed_until)).where(
                Interaction.owner_id == tx.actor.id, Interaction.snoozed_until > utcnow()))
        return value

"""Saved views: a user's named filters of interactions ("Waiting on billing", "VIP due today").

A view keeps what ``agentdesk.actions.queries`` lists by: the list (``scope``: mine, team, queue, all), states,
a tag, a mailbox, and follow-ups (``snoozed``: hide, include, only, due). It is its owner's alone (on
PostgreSQL, row-level security says so too), kept in the routing database so that it follows the user to any
desktop and to the CLI (``agentdesk interactions list --view NAME``). Saving under an existing name replaces
that view. A filter is checked when saved, by running it once, so a view never holds one that is refused.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select

from agentdesk.actions import queries
from agentdesk.actions.context import ActionContext, Tx
from agentdesk.actions.errors import ActionError, InvalidInput, NotFound
from agentdesk.actions.tags import normalize_tag
from agentdesk.routing.models import SavedView

MAX_NAME = 100
MAX_VIEWS = 50
#: the filters a view keeps (the keyword arguments of queries.interaction_ids)
KEYS = ("scope", "states", "tag", "mailbox", "snoozed")


@dataclass(frozen=True)
class ViewDef:
    name: str
    filters: dict[str, Any] = field(default_factory=dict)
    count: int | None = None  # how many interactions it lists now (when asked for)

    def describe(self) -> str:
        """The filter in words, for lists: ``mine · assigned · #vip · follow-up due``."""
        f = self.filters
        parts = [str(f.get("scope", "mine"))]
        parts += [", ".join(f["states"])] if f.get("states") else []
        parts += [f"#{f['tag']}"] if f.get("tag") else []
        parts += [f"mailbox {f['mailbox']}"] if f.get("mailbox") else []
        parts += [{"only": "snoozed", "due": "follow-up due", "include": "snoozed included",
                   "hide": "snoozed hidden"}[f["snoozed"]]] if f.get("snoozed") else []
        return " · ".join(parts)


def _name(text: str) -> str:
    name = " ".join(unicodedata.normalize("NFC", text or "").split())
    if not name:
        raise InvalidInput("a view needs a name", field="name")
    if len(name) > MAX_NAME:
        raise InvalidInput(f"a view's name holds at most {MAX_NAME} characters", field="name")
    if any(unicodedata.category(c).startswith("C") for c in name):
        raise InvalidInput(f"view name {name!r} contains a control character", field="name")
    return name


def clean_filters(*, scope: str = "mine", states: Sequence[str] | None = None, tag: str | None = None,
                  mailbox: str | None = None, snoozed: str | None = None) -> dict[str, Any]:
    """The filters as a view keeps them: only what was given, normalised (the tag, the states' order)."""
    filters: dict[str, Any] = {"scope": scope}
    if states:
        filters["states"] = sorted(dict.fromkeys(states))
    if tag and tag.strip():
        filters["tag"] = normalize_tag(tag)
    if mailbox and mailbox.strip():
        filters["mailbox"] = mailbox.strip()
    if snoozed:
        filters["snoozed"] = snoozed
    return filters


def _row(tx: Tx, name: str, *, exact: bool = False) -> SavedView | None:
    """My view of this name (the same letters in any case, unless ``exact``)."""
    found = tx.session.scalar(select(SavedView).where(SavedView.owner_id == tx.actor.id, SavedView.name == name))
    if found is not None or exact:
        return found
    alike = [v for v in tx.session.scalars(select(SavedView).where(SavedView.owner_id == tx.actor.id))
             if v.name.casefold() == name.casefold()]
    return alike[0] if len(alike) == 1 else None


def save_view(ctx: ActionContext, name: str, **filters: Any) -> ViewDef:
    """Save (or replace) the view ``name`` with ``filters`` (see :func:`clean_filters`)."""
    name = _name(name)
    unknown = sorted(set(filters) - set(KEYS))
    if unknown:
        raise InvalidInput(f"a view keeps no {', '.join(unknown)}; it keeps {', '.join(KEYS)}", field="filters")
    kept = clean_filters(**filters)
    queries.count_interactions(ctx, **kept)  # refused here (unknown state, scope …) rather than when used
    with ctx.tx() as tx:
        row = _row(tx, name, exact=True)
        if row is None:
            count = tx.session.scalar(select(func.count()).select_from(SavedView)
                                      .where(SavedView.owner_id == tx.actor.id)) or 0
            if count >= MAX_VIEWS:
                raise InvalidInput(f"you have {MAX_VIEWS} views, the most one user keeps: delete one first",
                                   field="name")
            last = tx.session.scalar(select(func.max(SavedView.position)).where(SavedView.owner_id == tx.actor.id))
            tx.session.add(SavedView(owner_id=tx.actor.id, name=name, filters=kept, position=(last or 0) + 1))
        else:
            row.filters = kept
        return ViewDef(name, kept)


def delete_view(ctx: ActionContext, name: str) -> None:
    with ctx.tx() as tx:
        row = _row(tx, _name(name))
        if row is None:
            raise NotFound(_missing(tx, name))
        tx.session.delete(row)


def _missing(tx: Tx, name: str) -> str:
    names = tx.session.scalars(select(SavedView.name).where(SavedView.owner_id == tx.actor.id)
                               .order_by(SavedView.position)).all()
    return f"no view named {name!r}; yours are: {', '.join(names) or '(none yet)'}"


def get_view(ctx: ActionContext, name: str) -> ViewDef:
    with ctx.read() as tx:
        row = _row(tx, _name(name))
        if row is None:
            raise NotFound(_missing(tx, name))
        return ViewDef(row.name, dict(row.filters or {}))


def list_views(ctx: ActionContext, *, counts: bool = False) -> list[ViewDef]:
    """My views in the order they were made; ``counts``: with how many interactions each lists now."""
    with ctx.read() as tx:
        rows = [(r.name, dict(r.filters or {})) for r in tx.session.scalars(
            select(SavedView).where(SavedView.owner_id == tx.actor.id).order_by(SavedView.position, SavedView.id))]
    if not counts:
        return [ViewDef(name, filters) for name, filters in rows]
    return [ViewDef(name, filters, _count(ctx, filters)) for name, filters in rows]


def _count(ctx: ActionContext, filters: dict[str, Any]) -> int | None:
    """How many a view lists; None when it no longer may (a lead's team view after a change of role, say)."""
    try:
        return queries.count_interactions(ctx, **filters)
    except ActionError:
        return None

"""Tags on interactions: add and remove them, list the ones in use (the interactions list filters by them).

A tag is short free text an agent puts on an interaction to find it again or to count it (``billing``, ``vip``,
``要確認``). Tags are normalised so that the same word is one tag however it was typed: Unicode NFKC (full-width
letters and digits become ordinary ones), case folded, surrounding spaces and a leading ``#`` dropped, inner
runs of spaces made one ``-``. Anyone who sees an interaction (its team, its owner, an administrator) may tag
it, in any state: tags describe, they do not change who works on it. Each call is one transaction and one
history row (``tags_changed``, what was added and removed), and bumps the interaction's version, so that the
change log tells every desktop.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from agentdesk.actions import access
from agentdesk.actions.context import ActionContext
from agentdesk.actions.errors import InvalidInput
from agentdesk.routing.models import Interaction, InteractionTag

MAX_TAG = 50
MAX_TAGS = 20  # tags on one interaction


@dataclass(frozen=True)
class TagChange:
    """What a call changed: the interaction's tags afterwards, and what was added, removed or left as it was."""

    interaction_id: int
    tags: tuple[str, ...]
    added: tuple[str, ...]
    removed: tuple[str, ...]
    unchanged: tuple[str, ...]  # asked to add but already there, or to remove but not there


@dataclass(frozen=True)
class TagCount:
    tag: str
    count: int  # open interactions (not done, not sent) carrying it


def normalize_tag(text: str) -> str:
    """The stored form of a tag; :class:`InvalidInput` says what is wrong with one that cannot be a tag."""
    value = unicodedata.normalize("NFKC", text or "").strip().lstrip("#").strip().casefold()
    value = "-".join(value.split())
    if not value:
        raise InvalidInput("a tag must not be empty", field="tag")
    bad = sorted({c for c in value if c == "," or unicodedata.category(c).startswith("C")})
    if bad:
        shown = ", ".join("comma" if c == "," else f"U+{ord(c):04X}" for c in bad)
        raise InvalidInput(f"tag {value!r} contains a character a tag cannot hold ({shown})", field="tag")
    if len(value) > MAX_TAG:
        raise InvalidInput(f"tag {value[:20]!r}… is {len(value)} characters long; a tag holds at most {MAX_TAG}",
                           field="tag")
    return value


def normalize_tags(texts: Iterable[str]) -> tuple[str, ...]:
    """Several tags, normalised, in the order given, each once."""
    return tuple(dict.fromkeys(normalize_tag(t) for t in texts))


def split_tags(text: str) -> tuple[str, ...]:
    """Tags typed in one field, separated by commas (``、`` and ``，`` too)."""
    parts = text.replace("、", ",").replace("，", ",").split(",")
    return normalize_tags(p for p in parts if p.strip())


def tags_of(session: Session, ids: Sequence[int]) -> Mapping[int, tuple[str, ...]]:
    """The tags of each interaction of ``ids`` that has any, alphabetical (no visibility check: callers have one)."""
    found: dict[int, list[str]] = {}
    ids = list(ids)
    for start in range(0, len(ids), 500):
        for interaction_id, tag in session.execute(
                select(InteractionTag.interaction_id, InteractionTag.tag)
                .where(InteractionTag.interaction_id.in_(ids[start:start + 500]))
                .order_by(InteractionTag.interaction_id, InteractionTag.tag)):
            found.setdefault(int(interaction_id), []).append(str(tag))
    return {k: tuple(v) for k, v in found.items()}


def change_tags(ctx: ActionContext, interaction_id: int, *, add: Iterable[str] = (),
                remove: Iterable[str] = ()) -> TagChange:
    """Add and remove tags of one interaction in one transaction (a tag in both is refused)."""
    adding, removing = normalize_tags(add), normalize_tags(remove)
    both = sorted(set(adding) & set(removing))
    if both:
        raise InvalidInput(f"tag {both[0]!r} is both added and removed; choose one", field="tag")
    with ctx.tx() as tx:
        interaction = tx.interaction(interaction_id)
        access.require_visible(tx, interaction)
        before = set(tags_of(tx.session, [interaction.id]).get(interaction.id, ()))
        added = tuple(t for t in adding if t not in before)
        removed = tuple(t for t in removing if t in before)
        unchanged = tuple(t for t in (*adding, *removing) if t not in added and t not in removed)
        after = (before | set(added)) - set(removed)
        if len(after) > MAX_TAGS:
            raise InvalidInput(f"interaction {interaction.id} would carry {len(after)} tags; at most {MAX_TAGS}",
                               field="tag")
        if added or removed:
            _write(tx.session, interaction, tx.actor.id, added, removed)
            tx.record("tags_changed", interaction, added=list(added), removed=list(removed))
        return TagChange(interaction.id, tuple(sorted(after)), added, removed, unchanged)


def _write(session: Session, interaction: Interaction, actor_id: int, added: Sequence[str],
           removed: Sequence[str]) -> None:
    if removed:
        session.execute(delete(InteractionTag).where(InteractionTag.interaction_id == interaction.id,
                                                     InteractionTag.tag.in_(list(removed))))
    for tag in added:
        session.add(InteractionTag(interaction_id=interaction.id, team_id=interaction.team_id, tag=tag,
                                   added_by=actor_id))
    session.flush()


def add_tags(ctx: ActionContext, interaction_id: int, tags: Iterable[str]) -> TagChange:
    return change_tags(ctx, interaction_id, add=tags)


def remove_tags(ctx: ActionContext, interaction_id: int, tags: Iterable[str]) -> TagChange:
    return change_tags(ctx, interaction_id, remove=tags)


def tags_in_use(ctx: ActionContext, *, mine: bool = False) -> list[TagCount]:
    """The tags on interactions the actor sees (``mine``: on those they own), most used first, with how many open
    interactions carry each."""
    from agentdesk.actions.queries import OPEN_STATES

    with ctx.read() as tx:
        stmt = (select(InteractionTag.tag, func.count(Interaction.id).filter(Interaction.state.in_(OPEN_STATES)))
                .join(Interaction, Interaction.id == InteractionTag.interaction_id)
                .where(access.visible_clause(tx.actor)))
        if mine:
            stmt = stmt.where(Interaction.owner_id == tx.actor.id)
        rows = tx.session.execute(
            stmt.group_by(InteractionTag.tag)
            .order_by(func.count(Interaction.id).filter(Interaction.state.in_(OPEN_STATES)).desc(),
                      InteractionTag.tag))
        return [TagCount(str(tag), int(count or 0)) for tag, count in rows]

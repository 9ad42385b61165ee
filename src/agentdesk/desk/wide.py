"""Search widened to the whole routing database (team shape): the same query language, answered by SQL there.

The local cache holds what this agent works on; a search that must also find what only the routing database
holds (another agent's interactions of the team, years of closed ones never cached here) runs there, within
what the signed-in user may see. Words and phrases match case-insensitively anywhere in a field (``ILIKE``,
which PostgreSQL answers from ``pg_trgm`` trigram indexes where the administrator created them, and which
finds a Japanese word inside a sentence like the cache's index does); filters are plain conditions. Results
come newest first (the database holds no ranking), a page at a time; the total is counted up to
``COUNT_LIMIT``.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, String, and_, cast, exists, false, func, not_, or_, select, true

from agentdesk.actions import access
from agentdesk.actions.context import ActionContext
from agentdesk.cache.query import And, Filter, Node, Not, Or, Text, parse
from agentdesk.cache.search import COUNT_LIMIT, Hit, SearchResult, _positive_texts, _snippet
from agentdesk.routing.models import Attachment, Contact, Interaction, Team, User
from agentdesk.views import like_pattern


def _like(column: Any, text: str) -> ColumnElement[bool]:
    matched: ColumnElement[bool] = column.ilike(like_pattern(text), escape="\\")
    return matched


def _text(node: Text) -> ColumnElement[bool]:
    text = " ".join(node.text.split())
    columns: dict[str, list[ColumnElement[bool]]] = {
        "subject": [_like(Interaction.subject, text)],
        "sender": [_like(Interaction.from_name, text), _like(Interaction.from_addr, text)],
        "recipients": [_like(cast(Interaction.to_addrs, String), text), _like(cast(Interaction.cc_addrs, String), text)],
        "contact": [exists().where(Contact.id == Interaction.contact_id, _like(Contact.name, text))],
        "body": [_like(Interaction.body_text, text)],
        "attachments": [exists().where(Attachment.interaction_id == Interaction.id, _like(Attachment.filename, text))],
    }
    chosen = columns[node.column] if node.column else [c for cs in columns.values() for c in cs]
    return or_(*chosen)


def _filter(node: Filter) -> ColumnElement[bool]:
    if node.name == "has":
        return exists().where(Attachment.interaction_id == Interaction.id)
    if node.name in ("before", "after"):
        when = datetime.fromtimestamp(float(node.value), UTC)
        received = func.coalesce(Interaction.received_at, Interaction.created_at)
        return received < when if node.name == "before" else received >= when
    if node.name == "state":
        return Interaction.state == str(node.value)
    if node.name == "case":
        return Interaction.case_id == int(node.value)
    if node.name == "owner":
        return exists().where(User.id == Interaction.owner_id, func.lower(User.login) == str(node.value).lower())
    if node.name == "team":
        return exists().where(Team.id == Interaction.team_id, func.lower(Team.name) == str(node.value).lower())
    return false()


def condition(node: Node) -> ColumnElement[bool]:
    """The SQL condition of a parsed query."""
    if isinstance(node, Text):
        return _text(node)
    if isinstance(node, Filter):
        return _filter(node)
    if isinstance(node, Not):
        return not_(condition(node.child))
    if isinstance(node, And):
        return and_(true(), *(condition(c) for c in node.children))
    if isinstance(node, Or):
        return or_(false(), *(condition(c) for c in node.children))
    raise TypeError(node)


def search_routing(ctx: ActionContext, query: str, *, limit: int = 50, offset: int = 0) -> SearchResult:
    """Run ``query`` over every interaction of the routing database the signed-in user may see."""
    if limit < 1 or offset < 0:
        raise ValueError("limit must be at least 1 and offset at least 0")
    root = parse(query)
    terms = _positive_texts(root)
    with ctx.read() as tx:
        where = and_(access.visible_clause(tx.actor), condition(root))
        total = int(tx.session.scalar(select(func.count()).select_from(
            select(Interaction.id).where(where).limit(COUNT_LIMIT + 1).subquery())) or 0)
        rows = tx.session.execute(
            select(Interaction.id, Interaction.subject, Interaction.body_text, Interaction.received_at,
                   Interaction.created_at, Interaction.from_name, Interaction.from_addr, Interaction.state)
            .where(where).order_by(Interaction.id.desc()).limit(limit).offset(offset)).all()
    hits = [Hit(interaction_id=int(r.id), subject=r.subject or "", snippet=_snippet(r.body_text or "", r.subject or "",
                                                                                    terms),
                score=None, received_at=_aware(r.received_at or r.created_at),
                sender=f"{r.from_name} <{r.from_addr}>" if r.from_name and r.from_addr else (r.from_addr or r.from_name or ""),
                state=r.state) for r in rows]
    return SearchResult(total_estimate=min(total, COUNT_LIMIT), total_exact=total <= COUNT_LIMIT, ranked=False,
                        hits=hits)


def _aware(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)

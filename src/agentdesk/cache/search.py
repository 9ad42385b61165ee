"""Full-text search over the cache (X10): a query (``agentdesk.cache.query``) becomes one FTS5 expression
plus SQL conditions, answered ranked by bm25 or newest first, a page at a time.

Speed: bm25 ranking costs time in proportion to the number of hits, while newest-first by the FTS rowid
(interaction ids grow with arrival) stops after one page. When the text part of a query matches more than
``RANK_LIMIT`` interactions, results come newest first even when ranking was asked for
(``SearchResult.ranked`` tells which), and the total is counted only up to ``COUNT_LIMIT``.
One-character Japanese terms, which the two-character index pieces cannot hold, are matched with LIKE.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from agentdesk.cache.query import And, Filter, Node, Not, Or, SearchSyntaxError, Text, parse
from agentdesk.cache.store import CacheStore
from agentdesk.cache.textindex import fts_phrase, is_cjk_run, normalise

__all__ = ["Hit", "SearchResult", "SearchSyntaxError", "search"]

#: above this many text matches, results come newest first (bm25 over every hit would be slow)
RANK_LIMIT = 5_000
#: totals are counted up to this many; beyond it ``SearchResult.total_exact`` is False
COUNT_LIMIT = 5_000
#: bm25 weights of subject, sender, recipients, contact, body, attachments
WEIGHTS = (8.0, 4.0, 2.0, 4.0, 1.0, 1.0)
SNIPPET_CONTEXT = 40

#: cache columns a one-character (LIKE) term looks in, per index column
_LIKE_COLUMNS = {
    "subject": ("subject",), "sender": ("from_name", "from_addr"), "recipients": ("to_addrs", "cc_addrs"),
    "contact": ("contact_name",), "body": ("body_text",), "attachments": ("attachment_names", "attachment_text"),
}


@dataclass(frozen=True)
class Hit:
    interaction_id: int
    subject: str
    snippet: str
    score: float | None  # higher is better; None when the results are newest first
    received_at: datetime | None
    sender: str
    state: str


@dataclass(frozen=True)
class SearchResult:
    total_estimate: int
    total_exact: bool
    ranked: bool
    hits: list[Hit]


@dataclass
class _Sql:
    where: list[str]
    params: list[object]


def _like_term(node: Text) -> bool:
    text = normalise(node.text).strip()
    return len(text) == 1 and is_cjk_run(text)


def _fts_leaf(node: Text) -> str:
    phrase = fts_phrase(node.text)
    if phrase is None:
        raise SearchSyntaxError(f"{node.text!r} has no letters or digits to search for")
    expr = phrase + (" *" if node.prefix else "")
    return f"{{{node.column}}} : {expr}" if node.column else expr


def _fts_expr(node: Node) -> str | None:
    """``node`` as one FTS5 expression, or None when it needs SQL (filters, LIKE terms, bare NOT)."""
    if isinstance(node, Text):
        return None if _like_term(node) else _fts_leaf(node)
    if isinstance(node, Or):
        parts = [_fts_expr(c) for c in node.children]
        return None if None in parts else "(" + " OR ".join(p for p in parts if p) + ")"
    if isinstance(node, And):
        return _fts_and(list(node.children))
    return None


def _fts_and(children: list[Node]) -> str | None:
    positives = [_fts_expr(c) for c in children if not isinstance(c, Not)]
    negatives = [_fts_expr(c.child) for c in children if isinstance(c, Not)]
    if not positives or None in positives or None in negatives:
        return None
    expr = "(" + " AND ".join(p for p in positives if p) + ")"
    for neg in negatives:
        expr = f"({expr} NOT {neg})"
    return expr


def _sql(node: Node, out: _Sql) -> str:
    """``node`` as an SQL condition over ``interactions i``, appending its parameters to ``out.params``."""
    if isinstance(node, Text):
        if _like_term(node):
            text = normalise(node.text).strip()
            columns = _LIKE_COLUMNS[node.column] if node.column else tuple(
                c for cols in _LIKE_COLUMNS.values() for c in cols)
            out.params.extend([f"%{text}%"] * len(columns))
            return "(" + " OR ".join(f"i.{c} LIKE ?" for c in columns) + ")"
        out.params.append(_fts_leaf(node))
        return "i.id IN (SELECT rowid FROM fts WHERE fts MATCH ?)"
    if isinstance(node, Filter):
        return _filter_sql(node, out)
    if isinstance(node, Not):
        return f"NOT {_sql(node.child, out)}"
    joiner = " AND " if isinstance(node, And) else " OR "
    return "(" + joiner.join(_sql(c, out) for c in node.children) + ")"


def _filter_sql(node: Filter, out: _Sql) -> str:
    if node.name == "has":
        return "i.has_attachments = 1"
    column, op = {
        "before": ("i.received_at", "<"), "after": ("i.received_at", ">="), "state": ("i.state", "="),
        "owner": ("i.owner_login", "="), "team": ("i.team_name", "="), "case": ("i.case_id", "="),
    }[node.name]
    out.params.append(int(node.value) if node.name == "case" else node.value)
    return f"coalesce({column} {op} ?, 0)" if node.name in ("before", "after") else f"{column} {op} ?"


def _plan(root: Node) -> tuple[str | None, list[Node]]:
    """The FTS5 expression that drives the query (None: filters only) and the conditions left for SQL."""
    children: list[Node] = list(root.children) if isinstance(root, And) else [root]
    ftsable = [c for c in children if _fts_expr(c.child if isinstance(c, Not) else c) is not None]
    expr = _fts_and(ftsable) if ftsable else None
    if expr is None:
        return None, children
    return expr, [c for c in children if c not in ftsable]


def _positive_texts(node: Node) -> list[str]:
    if isinstance(node, Text):
        return [node.text]
    if isinstance(node, (And, Or)):
        return [t for c in node.children for t in _positive_texts(c)]
    return []


def _snippet(body: str, subject: str, terms: list[str]) -> str:
    text = re.sub(r"\s+", " ", normalise(body or subject)).strip()
    folded = text.casefold()
    best = -1
    found = ""
    for term in terms:
        t = re.sub(r"\s+", " ", normalise(term)).strip().casefold()
        pos = folded.find(t) if t else -1
        if pos >= 0 and (best < 0 or pos < best):
            best, found = pos, text[pos : pos + len(t)]
    if best < 0:
        return text[: SNIPPET_CONTEXT * 2] + ("…" if len(text) > SNIPPET_CONTEXT * 2 else "")
    start = max(0, best - SNIPPET_CONTEXT)
    end = min(len(text), best + len(found) + SNIPPET_CONTEXT)
    return (("…" if start else "") + text[start:best] + "[" + found + "]"
            + text[best + len(found) : end] + ("…" if end < len(text) else ""))


def _count(conn: sqlite3.Connection, sql: str, params: list[object], limit: int) -> int:
    return int(conn.execute(f"SELECT count(*) FROM (SELECT 1 {sql} LIMIT {limit})", params).fetchone()[0])


def search(cache: CacheStore, query: str, *, limit: int = 50, offset: int = 0,
           newest_first: bool = False) -> SearchResult:
    """Run ``query`` over the cache; :class:`SearchSyntaxError` when it cannot be understood."""
    if limit < 1 or offset < 0:
        raise ValueError("limit must be at least 1 and offset at least 0")
    root = parse(query)
    expr, rest = _plan(root)
    out = _Sql([], [])
    conditions = [_sql(n, out) for n in rest]
    conn = cache.conn
    text_hits: int | None = None
    if expr is not None:
        # CROSS JOIN: the FTS table drives (never an index on state or date probing MATCH row by row)
        source = "FROM fts CROSS JOIN interactions i ON i.id = fts.rowid WHERE fts MATCH ?"
        params: list[object] = [expr, *out.params]
        if not newest_first or not conditions:  # to choose the order, or as the total itself
            text_hits = _count(conn, "FROM fts WHERE fts MATCH ?", [expr], RANK_LIMIT + 1)
        ranked = not newest_first and text_hits is not None and text_hits <= RANK_LIMIT
    else:
        source = "FROM interactions i WHERE 1"
        params = list(out.params)
        ranked = False
    body = source + "".join(f" AND {c}" for c in conditions)
    columns = "i.id, i.subject, i.body_text, {score} AS s, i.received_at, i.from_name, i.from_addr, i.state"
    if ranked:
        weights = ", ".join(str(w) for w in WEIGHTS)
        order, score = "ORDER BY s, i.id DESC", f"bm25(fts, {weights})"
    else:
        order, score = ("ORDER BY fts.rowid DESC" if expr is not None else "ORDER BY i.id DESC"), "NULL"
    rows: list[Any]
    if conditions and not ranked and offset + limit <= COUNT_LIMIT + 1:
        # newest first with conditions: one walk gives the total (up to COUNT_LIMIT + 1) and the page's ids, instead
        # of counting every match and then walking them again for the page
        ids = [r[0] for r in conn.execute(f"SELECT i.id {body} {order} LIMIT {COUNT_LIMIT + 1}", params)]
        total = len(ids)
        page = ids[offset : offset + limit]
        found = {r[0]: r for r in conn.execute(
            f"SELECT {columns.format(score='NULL')} FROM interactions i WHERE i.id IN "
            f"({', '.join('?' * len(page))})", page)} if page else {}
        rows = [found[i] for i in page if i in found]
    else:
        if expr is not None and not conditions and RANK_LIMIT >= COUNT_LIMIT and text_hits is not None:
            total = min(text_hits, COUNT_LIMIT + 1)  # the probe already counted them
        else:
            total = _count(conn, body, params, COUNT_LIMIT + 1)
        rows = conn.execute(
            f"SELECT {columns.format(score=score)} {body} {order} LIMIT ? OFFSET ?", [*params, limit, offset],
        ).fetchall()
    terms = _positive_texts(root)
    hits = [
        Hit(interaction_id=r[0], subject=r[1], snippet=_snippet(r[2], r[1], terms),
            score=None if r[3] is None else -float(r[3]),
            received_at=None if r[4] is None else datetime.fromtimestamp(r[4], UTC),
            sender=f"{r[5]} <{r[6]}>" if r[5] and r[6] else (r[6] or r[5] or ""), state=r[7])
        for r in rows
    ]
    return SearchResult(total_estimate=min(total, COUNT_LIMIT), total_exact=total <= COUNT_LIMIT,
                        ranked=ranked, hits=hits)

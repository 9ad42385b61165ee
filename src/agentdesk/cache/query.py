"""The search query language: parsed into a small tree that ``agentdesk.cache.search`` turns into SQL.

What users know from mail clients::

    invoice 請求書                 every word must occur (AND)
    "late delivery"                a phrase
    from:jane  to:support@…        sender / recipients (To and Cc); also subject: body: contact: attachment:
    subject:"invoice overdue"      a field with a phrase
    before:2026-10-01 after:…      received before that day / on or after it (local time; also 2026/10/01)
    has:attachment  state:done     filters; also owner:LOGIN team:NAME case:ID
    -word  -from:spam              negation
    a OR b, (a OR b) c             OR binds looser than AND; parentheses group
    invoic*                        a word prefix

Anything malformed raises :class:`SearchSyntaxError` naming the problem and where it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

#: text fields and the index column each searches
TEXT_FIELDS = {
    "from": "sender", "to": "recipients", "subject": "subject", "body": "body",
    "contact": "contact", "attachment": "attachments", "filename": "attachments",
}
FILTER_FIELDS = ("before", "after", "has", "state", "owner", "team", "case")


#: the interaction states a ``state:`` filter may name: agentdesk.routing.models.State's values, written out so
#: that a search imports no ORM models (half a second of a process-per-query ``agentdesk search``);
#: tests/cache/test_search.py checks that the two agree
STATES = ("queued", "assigned", "stored", "draft", "review", "rejected", "outbox", "sent", "failed",
          "needs_attention", "done")


class SearchSyntaxError(ValueError):
    """A query that cannot be understood; the message says what is wrong and where."""


@dataclass(frozen=True)
class Text:
    """A word or phrase, in every text column or in one (``column``); ``prefix`` for ``word*``."""

    text: str
    column: str | None = None
    prefix: bool = False


@dataclass(frozen=True)
class Filter:
    """A condition on a cached column: ``before``/``after`` hold a POSIX time, the others a string."""

    name: str
    value: str | float


@dataclass(frozen=True)
class Not:
    child: Node


@dataclass(frozen=True)
class And:
    children: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    children: tuple[Node, ...]


Node = Text | Filter | Not | And | Or


@dataclass(frozen=True)
class _Tok:
    kind: str  # "term", "(", ")", "or"
    pos: int
    negated: bool = False
    field: str | None = None
    value: str = ""
    quoted: bool = False


_FIELD = re.compile(r"([A-Za-z]+):")


def _lex(query: str) -> list[_Tok]:
    toks: list[_Tok] = []
    i, n = 0, len(query)
    while i < n:
        c = query[i]
        if c.isspace():
            i += 1
            continue
        start = i
        negated = False
        if c == "-":
            negated = True
            i += 1
            if i >= n or query[i].isspace() or query[i] == ")":
                raise SearchSyntaxError(
                    f"a '-' at position {start + 1} must be followed by what to exclude, e.g. -spam")
            c = query[i]
        if c in "()":
            if c == ")" and negated:
                raise SearchSyntaxError(f"a '-' at position {start + 1} must be followed by what to exclude")
            toks.append(_Tok(c, start, negated=negated))
            i += 1
            continue
        field = None
        m = _FIELD.match(query, i)
        if m:
            field = m.group(1).lower()
            if field not in TEXT_FIELDS and field not in FILTER_FIELDS:
                known = ", ".join(f"{f}:" for f in (*TEXT_FIELDS, *FILTER_FIELDS))
                raise SearchSyntaxError(
                    f"unknown field {m.group(0)!r} at position {i + 1}; known fields: {known} "
                    '(put it in double quotes to search for the text itself)')
            i = m.end()
        if i < n and query[i] == '"':
            end = query.find('"', i + 1)
            if end < 0:
                raise SearchSyntaxError(f'unbalanced quote: the " at position {i + 1} is never closed')
            value, quoted = query[i + 1 : end], True
            i = end + 1
        else:
            j = i
            while j < n and not query[j].isspace() and query[j] not in '()"':
                j += 1
            value, quoted = query[i:j], False
            i = j
        if field is None and not quoted and not negated and value in ("OR", "AND"):
            if value == "OR":
                toks.append(_Tok("or", start))
            continue
        if field is not None and not value.strip():
            raise SearchSyntaxError(f"{field}: at position {start + 1 + negated} needs a value, e.g. {field}:{_example(field)}")
        if field is None and not quoted and not value:
            continue
        toks.append(_Tok("term", start, negated, field, value, quoted))
    return toks


def _example(field: str) -> str:
    return {"before": "2026-10-01", "after": "2026-10-01", "has": "attachment", "state": "done",
            "owner": "sato", "team": "support", "case": "42"}.get(field, "jane")


class _Parser:
    def __init__(self, toks: list[_Tok]) -> None:
        self.toks = toks
        self.i = 0

    def peek(self) -> _Tok | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def parse_or(self) -> Node:
        items = [self.parse_and()]
        while (tok := self.peek()) is not None and tok.kind == "or":
            self.i += 1
            nxt = self.peek()
            if nxt is None or nxt.kind in (")", "or"):
                raise SearchSyntaxError(f"OR at position {tok.pos + 1} needs a term on both sides")
            items.append(self.parse_and())
        return items[0] if len(items) == 1 else Or(tuple(items))

    def parse_and(self) -> Node:
        items: list[Node] = []
        while (tok := self.peek()) is not None and tok.kind not in (")", "or"):
            items.append(self.parse_unary())
        if not items:
            tok = self.peek()
            if tok is not None and tok.kind == "or":
                raise SearchSyntaxError(f"OR at position {tok.pos + 1} needs a term on both sides")
            where = f"at position {tok.pos + 1}" if tok is not None else "at the end"
            raise SearchSyntaxError(f"nothing to search for {where} (empty parentheses?)")
        return items[0] if len(items) == 1 else And(tuple(items))

    def parse_unary(self) -> Node:
        tok = self.toks[self.i]
        self.i += 1
        if tok.kind == "(":
            inner = self.parse_or()
            close = self.peek()
            if close is None or close.kind != ")":
                raise SearchSyntaxError(f"unbalanced parenthesis: the ( at position {tok.pos + 1} is never closed")
            self.i += 1
            return Not(inner) if tok.negated else inner
        node = _term(tok)
        return Not(node) if tok.negated else node


def _term(tok: _Tok) -> Node:
    value = tok.value.strip()
    field = tok.field
    if field in FILTER_FIELDS:
        return _filter(field, value, tok.pos)
    prefix = False
    if not tok.quoted and value.endswith("*"):
        value, prefix = value.rstrip("*"), True
        if not value:
            raise SearchSyntaxError(f"a '*' at position {tok.pos + 1} must end a word, e.g. invoic*")
    return Text(value, TEXT_FIELDS[field] if field else None, prefix)


def _filter(field: str, value: str, pos: int) -> Filter:
    if field in ("before", "after"):
        return Filter(field, _day_start(field, value))
    if field == "has":
        if value.lower() not in ("attachment", "attachments"):
            raise SearchSyntaxError(f"has:{value} at position {pos + 1}: has: knows only has:attachment")
        return Filter("has", "attachment")
    if field == "state":
        if value.lower() not in STATES:
            raise SearchSyntaxError(f"state:{value} at position {pos + 1}: the states are {', '.join(STATES)}")
        return Filter("state", value.lower())
    if field == "case":
        number = value.lstrip("#")
        if not number.isdigit():
            raise SearchSyntaxError(f"case:{value} at position {pos + 1}: a case is a number, e.g. case:42")
        return Filter("case", number)
    return Filter(field, value)


def _day_start(field: str, value: str) -> float:
    m = re.fullmatch(r"(\d{4})[-/](\d{1,2})[-/](\d{1,2})", value)
    try:
        if m is None:
            raise ValueError
        day = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        raise SearchSyntaxError(f"{field}:{value} is not a date; write it as YYYY-MM-DD, e.g. {field}:2026-10-01") from None
    return datetime(day.year, day.month, day.day).astimezone().timestamp()


def parse(query: str) -> Node:
    """The tree of ``query``; :class:`SearchSyntaxError` for an empty or malformed one."""
    toks = _lex(query)
    if not toks:
        raise SearchSyntaxError("the query is empty: give a word, a phrase in quotes or a field such as from:jane")
    parser = _Parser(toks)
    node = parser.parse_or()
    extra = parser.peek()
    if extra is not None:
        raise SearchSyntaxError(f"unbalanced parenthesis: the ) at position {extra.pos + 1} has no matching (")
    return node

"""Search over the cache: English and Japanese words, every operator, paging, ranking and newest first."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from agentdesk.cache import search as search_module
from agentdesk.cache.search import SearchSyntaxError, search
from agentdesk.cache.store import CacheStore
from tests.cache.conftest import Put


def day(month: int, d: int) -> datetime:
    return datetime(2026, month, d, 12, tzinfo=UTC)


@pytest.fixture
def corpus(put: Put) -> None:
    put(1, subject="見積のお願い", body_text="新しいプリンターの見積をお願いします。", contact_name="山田 太郎",
        from_name="山田 太郎", from_addr="yamada@example.jp", received=day(8, 1))
    put(2, subject="Re: invoice", body_text="Thanks, the invoice has been paid. Invoice, invoice, invoice.",
        received=day(8, 15))
    put(3, subject="請求書の再発行について",
        body_text="先月お送りいただいた請求書の金額が見積書と異なっております。ご確認ください。",
        has_attachments=True, attachment_names="請求書.pdf", received=day(9, 10))
    put(4, subject="納期の遅れについて", body_text="注文した商品がまだ届きません。配送状況を教えてください。",
        received=day(9, 20), case_id=77)
    put(5, subject="Invoice overdue", body_text="Hello, the invoice for order 4711 is overdue. Please pay soon.",
        from_name="Bob Smith", from_addr="bob@example.com", state="done", received=day(10, 5))
    put(6, subject="Meeting notes", body_text="Notes from the quarterly meeting about delivery.",
        to_addrs="sales@example.com", cc_addrs="jane@example.org", state="done", owner_login="suzuki",
        team_name="billing", has_attachments=True, attachment_names="agenda.txt",
        attachment_text="Budget review and the new printer.", received=day(10, 20))


def ids(cache: CacheStore, query: str, **kw: object) -> set[int]:
    return {h.interaction_id for h in search(cache, query, **kw).hits}  # type: ignore[arg-type]


@pytest.mark.usefixtures("corpus")
@pytest.mark.parametrize(("query", "expected"), [
    ("請求書", {3}),  # three characters, inside a sentence
    ("請求", {3}),  # two characters
    ("見積", {1, 3}),  # inside 見積書 and 見積を
    ("見積書", {3}),
    ("配送", {4}),
    ("届きません", {4}),
    ("遅", {4}),  # one character
    ("請求額", set()),  # near misses
    ("配達", set()),
    ("届きます", set()),
    ("鯨", set()),
    ("プリンター", {1}),
    ("ﾌﾟﾘﾝﾀｰ", {1}),  # half-width katakana
])
def test_japanese_words_inside_sentences(cache: CacheStore, query: str, expected: set[int]) -> None:
    assert ids(cache, query) == expected


@pytest.mark.usefixtures("corpus")
@pytest.mark.parametrize(("query", "expected"), [
    ("invoice", {2, 5}),
    ("INVOICE", {2, 5}),
    ("ＩＮＶＯＩＣＥ", {2, 5}),  # full-width
    ("４７１１", {5}),
    ("invoice overdue", {5}),  # AND
    ("invoices", set()),
    ('"pay soon"', {5}),
    ('"soon pay"', set()),
    ("printer", {6}),  # text of a text attachment
    ("invoic*", {2, 5}),
    ("from:bob", {5}),
    ("from:yamada@example.jp", {1}),
    ("from:山田", {1}),
    ("to:sales", {6}),
    ("to:jane", {6}),  # Cc counts as a recipient
    ("subject:invoice", {2, 5}),
    ('subject:"invoice overdue"', {5}),
    ("subject:遅れ", {4}),
    ("subject:お願い", {1}),
    ("body:meeting", {6}),
    ("contact:山田", {1}),
    ("attachment:請求書", {3}),
    ("attachment:agenda", {6}),
    ("before:2026-09-01", {1, 2}),
    ("after:2026-10-01", {5, 6}),
    ("after:2026-09-01 before:2026/10/01", {3, 4}),
    ("has:attachment", {3, 6}),
    ("state:done", {5, 6}),
    ("owner:suzuki", {6}),
    ("team:billing", {6}),
    ("case:77", {4}),
    ("-invoice", {1, 3, 4, 6}),
    ("invoice -overdue", {2}),
    ("-from:bob invoice", {2}),
    ("-state:done", {1, 2, 3, 4}),
    ("請求書 OR 納期", {3, 4}),
    ("(invoice OR meeting) state:done", {5, 6}),
    ("has:attachment OR 納期", {3, 4, 6}),
    ("invoice OR -state:done", {1, 2, 3, 4, 5}),
    ("見積 -請求書", {1}),
    ("遅 OR printer", {4, 6}),
    ("subject:invoice has:attachment", set()),
])
def test_operators(cache: CacheStore, query: str, expected: set[int]) -> None:
    assert ids(cache, query) == expected


@pytest.mark.usefixtures("corpus")
def test_ranked_and_newest_first(cache: CacheStore) -> None:
    ranked = search(cache, "invoice")
    assert ranked.ranked and [h.interaction_id for h in ranked.hits] == [2, 5]
    assert ranked.hits[0].score is not None and ranked.hits[0].score > (ranked.hits[1].score or 0)
    newest = search(cache, "invoice", newest_first=True)
    assert not newest.ranked and [h.interaction_id for h in newest.hits] == [5, 2]
    assert newest.hits[0].score is None
    assert newest.hits[0].received_at == day(10, 5)
    assert newest.hits[0].sender == "Bob Smith <bob@example.com>"


@pytest.mark.usefixtures("corpus")
def test_snippets_mark_the_match(cache: CacheStore) -> None:
    (hit,) = search(cache, "請求書").hits
    assert hit.subject == "請求書の再発行について"
    assert "[請求書]" in hit.snippet
    (hit,) = search(cache, "overdue").hits
    assert "is [overdue]" in hit.snippet


def test_paging(cache: CacheStore, put: Put) -> None:
    for n in range(1, 31):
        put(n, subject=f"paging test {n}", body_text="page " * n)
    seen: list[int] = []
    for offset in (0, 10, 20, 30):
        result = search(cache, "paging", limit=10, offset=offset, newest_first=True)
        assert result.total_estimate == 30 and result.total_exact
        seen.extend(h.interaction_id for h in result.hits)
    assert seen == list(range(30, 0, -1))
    ranked = [h.interaction_id for o in (0, 10, 20) for h in search(cache, "page", limit=10, offset=o).hits]
    assert sorted(ranked) == list(range(1, 31))


def test_paging_with_conditions_newest_first(cache: CacheStore, put: Put, monkeypatch: pytest.MonkeyPatch) -> None:
    """Newest first with a filter or a one-character term, the total and the pages come from one walk over the
    matches (up to COUNT_LIMIT + 1); past it, from the walk page by page as before."""
    for n in range(1, 31):
        put(n, subject=f"filter test {n}", body_text="注文 filter", has_attachments=n % 3 == 0, state="done")
    wanted = [n for n in range(30, 0, -1) if n % 3 == 0]
    for query in ("filter has:attachment", "has:attachment", "注 has:attachment", "filter has:attachment state:done"):
        seen: list[int] = []
        for offset in (0, 4, 8, 12):
            result = search(cache, query, limit=4, offset=offset, newest_first=True)
            assert result.total_estimate == 10 and result.total_exact and not result.ranked, query
            assert all(h.score is None and h.subject.startswith("filter test") for h in result.hits)
            seen.extend(h.interaction_id for h in result.hits)
        assert seen == wanted, query
    monkeypatch.setattr(search_module, "COUNT_LIMIT", 5)
    result = search(cache, "filter has:attachment", limit=3, offset=6, newest_first=True)  # past the counted walk
    assert [h.interaction_id for h in result.hits] == wanted[6:9] and not result.total_exact
    result = search(cache, "filter has:attachment", limit=3, offset=3, newest_first=True)
    assert [h.interaction_id for h in result.hits] == wanted[3:6] and result.total_estimate == 5
    assert not result.total_exact


def test_very_common_terms_come_newest_first(cache: CacheStore, put: Put,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    for n in range(1, 13):
        put(n, subject="common", body_text="common " * n)
    monkeypatch.setattr(search_module, "RANK_LIMIT", 5)
    monkeypatch.setattr(search_module, "COUNT_LIMIT", 10)
    result = search(cache, "common", limit=3)
    assert not result.ranked
    assert [h.interaction_id for h in result.hits] == [12, 11, 10]
    assert result.total_estimate == 10 and not result.total_exact


def test_changed_and_deleted_rows_leave_the_index(cache: CacheStore, put: Put) -> None:
    put(1, subject="請求書", body_text="old text")
    put(1, subject="見積", body_text="new text")
    assert ids(cache, "請求書") == set() and ids(cache, "old") == set()
    assert ids(cache, "見積") == {1}
    from agentdesk.cache.mirror import delete_interactions

    with cache.transaction() as conn:
        assert delete_interactions(conn, [1, 99]) == 1
    assert ids(cache, "見積") == set()


@pytest.mark.parametrize(("query", "message"), [
    ('"unclosed phrase', 'unbalanced quote: the " at position 1 is never closed'),
    ('subject:"abc', 'unbalanced quote: the " at position 9'),
    ("before:2026-13-01", "before:2026-13-01 is not a date; write it as YYYY-MM-DD"),
    ("after:yesterday", "after:yesterday is not a date"),
    ("form:jane", "unknown field 'form:' at position 1"),
    ("from:", "from: at position 1 needs a value"),
    ("has:pdf", "has: knows only has:attachment"),
    ("state:closed", "state:closed at position 1: the states are"),
    ("case:abc", "a case is a number"),
    ("(invoice", "the ( at position 1 is never closed"),
    ("invoice)", "the ) at position 8 has no matching ("),
    ("OR invoice", "OR at position 1 needs a term on both sides"),
    ("invoice OR", "OR at position 9 needs a term on both sides"),
    ("- invoice", "a '-' at position 1 must be followed by what to exclude"),
    ("()", "nothing to search for"),
    ("", "the query is empty"),
    ("   ", "the query is empty"),
    ("!!!", "'!!!' has no letters or digits"),
    ("*", "a '*' at position 1 must end a word"),
])
def test_syntax_errors_name_the_problem(cache: CacheStore, query: str, message: str) -> None:
    with pytest.raises(SearchSyntaxError) as info:
        search(cache, query)
    assert message in str(info.value)


def test_bad_paging_arguments(cache: CacheStore) -> None:
    with pytest.raises(ValueError, match="limit must be at least 1"):
        search(cache, "x", limit=0)


def test_state_filter_names_every_routing_state() -> None:
    """The query parser writes the states out (a search imports no ORM models); they must stay the schema's."""
    from agentdesk.cache.query import STATES
    from agentdesk.routing.models import State

    assert tuple(s.value for s in State) == STATES

"""Search widened to the routing database: the same query language, within what the user may see."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from agentdesk.actions.context import ActionContext
from agentdesk.cache.query import SearchSyntaxError
from agentdesk.desk.wide import search_routing
from agentdesk.routing.db import Database
from agentdesk.routing.models import Attachment, Interaction
from tests.support.factories import inbound, seed_center


def found(db: Database, query: str, login: str = "sato") -> set[int]:
    return {h.interaction_id for h in search_routing(ActionContext(db, login), query).hits}


def test_wide_search(db: Database) -> None:
    center = seed_center(db)
    a = inbound(db, center, subject="請求書の再発行", body="先月の請求書をもう一度送ってください。")
    b = inbound(db, center, subject="Late delivery", body="My parcel is late. Order ZX-4711.", owner="suzuki")
    c = inbound(db, center, subject="Refund", body="please refund", team="billing", owner="kato")
    with db.write() as s:
        row = s.get(Interaction, b)
        assert row is not None
        row.attachments.append(Attachment(filename="見積書.pdf", content_type="application/pdf", size=3, data=b"pdf"))
        row.received_at = datetime(2026, 3, 1, 12, tzinfo=UTC)
        first = s.get(Interaction, a)
        assert first is not None
        first.received_at = datetime(2026, 9, 1, 12, tzinfo=UTC)
    assert found(db, "請求書") == {a}  # a word inside a Japanese sentence
    assert found(db, "請求所") == set()  # a near miss is not
    assert found(db, "parcel") == {b}  # suzuki's: the team's, beyond what sato's cache holds
    assert found(db, "refund") == set()  # billing's: not for sato
    assert found(db, "refund", "ito") == {c}
    assert found(db, 'subject:"late delivery"') == {b}
    assert found(db, "from:jane -parcel") == {a}
    assert found(db, "has:attachment") == {b}
    assert found(db, "attachment:見積書") == {b}
    assert found(db, "before:2026-06-01") == {b}
    assert found(db, "after:2026-06-01 請求書") == {a}
    assert found(db, "owner:suzuki") == {b}
    assert found(db, "team:support state:assigned") == {a, b}
    assert found(db, "parcel OR 請求書") == {a, b}
    assert found(db, "contact:jane zx-4711") == {b}
    result = search_routing(ActionContext(db, "sato"), "jane")
    assert [h.interaction_id for h in result.hits] == [b, a]  # newest first
    assert result.total_estimate == 2 and result.total_exact and not result.ranked
    assert "[請求書]" in search_routing(ActionContext(db, "sato"), "請求書").hits[0].snippet
    with pytest.raises(SearchSyntaxError):
        search_routing(ActionContext(db, "sato"), "(unbalanced")


def test_search_all_from_the_command_line(sqlite_db: Database, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    from agentdesk.cli.main import main

    center = seed_center(sqlite_db)
    theirs = inbound(sqlite_db, center, subject="Late delivery", body="parcel", owner="suzuki")
    config = tmp_path / "agentdesk.toml"
    config.write_text(f'[routing]\nurl = "{sqlite_db.url}"\n\n[user]\nlogin = "sato"\n', encoding="utf-8")
    assert main(["search", "parcel", "--all", "--json", "--config", str(config)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert [h["interaction_id"] for h in out["hits"]] == [theirs] and out["ranked"] is False
    assert main(["search", "(parcel", "--all", "--config", str(config)]) == 2
    assert "cannot search for '(parcel'" in capsys.readouterr().err
    assert main(["search", "parcel", "--all", "--as", "nobody", "--config", str(config)]) == 2
    assert "no active user with the login 'nobody'" in capsys.readouterr().err

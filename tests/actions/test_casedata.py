"""Case data (S6, S9): read by whoever sees the interaction, edited by whoever works it; read-only keys."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from agentdesk.actions import ActionContext, InvalidInput, InvalidState, PermissionDenied
from agentdesk.actions.casedata import CaseDataItem, case_data, set_case_data
from agentdesk.routing.db import Database
from agentdesk.routing.models import CaseData, History, Interaction
from tests.support.factories import Center, inbound, seed_center


def as_(db: Database, login: str) -> ActionContext:
    return ActionContext(db, login)


@pytest.fixture
def center(db: Database) -> Center:
    return seed_center(db)


@pytest.fixture
def iid(db: Database, center: Center) -> int:
    interaction_id = inbound(db, center)
    with db.write() as s:
        i = s.get(Interaction, interaction_id)
        assert i is not None and i.case_id is not None
        s.add_all([CaseData(case_id=i.case_id, team_id=i.team_id, key="OrderId", value="4711"),
                   CaseData(case_id=i.case_id, team_id=i.team_id, key="QA", value="rejected")])
    return interaction_id


def test_read_and_edit(db: Database, iid: int) -> None:
    assert case_data(as_(db, "suzuki"), iid) == [CaseDataItem("OrderId", "4711", True), CaseDataItem("QA", "rejected", True)]
    set_case_data(as_(db, "sato"), iid, " Plan ", "Gold")
    set_case_data(as_(db, "tanaka"), iid, "Plan", "ゴールド")
    set_case_data(as_(db, "tanaka"), iid, "Plan", "ゴールド")  # unchanged: no history row
    assert CaseDataItem("Plan", "ゴールド", False) in case_data(as_(db, "sato"), iid)
    with db.read() as s:
        rows = s.execute(select(History.event, History.detail).where(History.interaction_id == iid)
                         .order_by(History.id)).all()
    assert [(e, d) for e, d in rows] == [
        ("case_data_set", {"key": "Plan", "old": None, "new": "Gold"}),
        ("case_data_set", {"key": "Plan", "old": "Gold", "new": "ゴールド"}),
    ]


def test_refusals(db: Database, center: Center, iid: int) -> None:
    with pytest.raises(PermissionDenied, match="'OrderId' is read-only"):
        set_case_data(as_(db, "sato"), iid, "OrderId", "1")
    with pytest.raises(PermissionDenied, match="reserved for the QA review status"):
        set_case_data(as_(db, "tanaka"), iid, "qa", "approved")
    with pytest.raises(PermissionDenied, match="only its owner or a lead"):
        set_case_data(as_(db, "suzuki"), iid, "Plan", "Gold")
    with pytest.raises(PermissionDenied, match="may not see it"):
        case_data(as_(db, "kato"), iid)
    with pytest.raises(PermissionDenied, match="may not see it"):
        set_case_data(as_(db, "ito"), iid, "Plan", "Gold")
    with pytest.raises(InvalidInput, match="must not be empty"):
        set_case_data(as_(db, "sato"), iid, "  ", "x")
    with pytest.raises(InvalidInput, match="longer than 100"):
        set_case_data(as_(db, "sato"), iid, "k" * 101, "x")
    with pytest.raises(InvalidInput, match="control character"):
        set_case_data(as_(db, "sato"), iid, "a\nb", "x")
    with db.write() as s:
        i = s.get(Interaction, iid)
        assert i is not None
        i.state = "done"
    with pytest.raises(InvalidState, match="is done"):
        set_case_data(as_(db, "sato"), iid, "Plan", "Gold")
    caseless = inbound(db, center)
    with db.write() as s:
        i = s.get(Interaction, caseless)
        assert i is not None
        i.case_id = None
    assert case_data(as_(db, "sato"), caseless) == []
    with pytest.raises(InvalidState, match="belongs to no case"):
        set_case_data(as_(db, "sato"), caseless, "Plan", "Gold")
    with db.read() as s:
        assert s.scalar(select(History.id).where(History.event == "case_data_set")) is None

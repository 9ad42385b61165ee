"""Consultation (S11): an internal conversation with a team member, attached to the interaction."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from agentdesk.actions import ActionContext, InvalidInput, InvalidState, NotFound, PermissionDenied
from agentdesk.actions.consult import (
    close_consultation,
    consultation_message,
    consultations,
    my_consultations,
    start_consultation,
)
from agentdesk.routing.db import Database
from agentdesk.routing.models import History, Interaction, User
from tests.support.factories import Center, inbound, seed_center


def as_(db: Database, login: str) -> ActionContext:
    return ActionContext(db, login)


@pytest.fixture
def center(db: Database) -> Center:
    return seed_center(db)


def test_a_consultation(db: Database, center: Center) -> None:
    iid = inbound(db, center)
    cid = start_consultation(as_(db, "sato"), iid, "suzuki", "返金の規定を覚えていますか？")
    assert [c.id for c in my_consultations(as_(db, "suzuki"))] == [cid]
    consultation_message(as_(db, "suzuki"), cid, "30日以内なら全額です。")
    consultation_message(as_(db, "sato"), cid, "ありがとう")
    (view,) = consultations(as_(db, "tanaka"), iid)
    assert (view.started_by, view.with_login, view.state) == ("sato", "suzuki", "open")
    assert [(m.author_login, m.body) for m in view.messages] == [
        ("sato", "返金の規定を覚えていますか？"), ("suzuki", "30日以内なら全額です。"), ("sato", "ありがとう")]
    close_consultation(as_(db, "suzuki"), cid)
    assert consultations(as_(db, "sato"), iid)[0].state == "closed"
    assert my_consultations(as_(db, "suzuki")) == []
    with db.read() as s:
        events = s.execute(select(History.event, History.detail).where(History.interaction_id == iid)
                           .order_by(History.id)).all()
    assert [e for e, _ in events] == ["consultation_started", "consultation_message", "consultation_message",
                                      "consultation_closed"]
    assert events[0][1] == {"consultation_id": cid, "with_login": "suzuki"}
    with pytest.raises(InvalidState, match="is closed"):
        consultation_message(as_(db, "sato"), cid, "もう一つ")


def test_refusals(db: Database, center: Center) -> None:
    iid = inbound(db, center)
    with pytest.raises(InvalidInput, match="cannot consult themself"):
        start_consultation(as_(db, "sato"), iid, "sato", "hello")
    with pytest.raises(InvalidInput, match="kato is not a member of support"):
        start_consultation(as_(db, "sato"), iid, "kato", "hello")
    with pytest.raises(InvalidInput, match="must not be empty"):
        start_consultation(as_(db, "sato"), iid, "suzuki", "   ")
    with pytest.raises(NotFound, match="no user with the login 'ghost'"):
        start_consultation(as_(db, "sato"), iid, "ghost", "hello")
    with pytest.raises(PermissionDenied, match="only its owner or a lead"):
        start_consultation(as_(db, "suzuki"), iid, "tanaka", "hello")
    with db.write() as s:
        suzuki = s.scalar(select(User).where(User.login == "suzuki"))
        assert suzuki is not None
        suzuki.presence = "offline"
    with pytest.raises(InvalidState, match="suzuki is offline"):
        start_consultation(as_(db, "sato"), iid, "suzuki", "hello")
    cid = start_consultation(as_(db, "sato"), iid, "tanaka", "見てもらえますか")
    with pytest.raises(PermissionDenied, match="only the two participants"):
        consultation_message(as_(db, "suzuki"), cid, "割り込み")
    with pytest.raises(PermissionDenied, match="only the two participants"):
        close_consultation(as_(db, "suzuki"), cid)
    with pytest.raises(NotFound, match="consultation 999 does not exist"):
        consultation_message(as_(db, "sato"), 999, "hello")
    with pytest.raises(PermissionDenied, match="may not see it"):
        consultations(as_(db, "kato"), iid)
    with db.write() as s:
        i = s.get(Interaction, iid)
        assert i is not None
        i.state = "done"
    with pytest.raises(InvalidState, match="is done"):
        start_consultation(as_(db, "sato"), iid, "tanaka", "hello")

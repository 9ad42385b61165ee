"""Helpers shared by the outbound-email tests (reply, forward, drafts, send, review)."""

from __future__ import annotations

from datetime import timedelta
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from typing import Any

from sqlalchemy import select

from agentdesk.actions import ActionContext
from agentdesk.actions.outbound import reply, send
from agentdesk.routing.db import Database
from agentdesk.routing.models import CaseData, History, Interaction, OutboxItem, QaRound
from agentdesk.routing.outbox import record
from agentdesk.routing.types import utcnow
from agentdesk.routing.workbins import workbin_of
from tests.support.factories import Center, inbound

#: QA review off (the factories' center reviews team support by default)
NO_QA = {"teams": [], "agents": [], "sample_percent": 0}


def as_(db: Database, login: str) -> ActionContext:
    return ActionContext(db, login)


def row(db: Database, interaction_id: int) -> Interaction:
    with db.read() as s:
        found = s.get(Interaction, interaction_id)
        assert found is not None
        _ = found.attachments  # load before the session closes
        return found


def update(db: Database, interaction_id: int, **values: Any) -> None:
    with db.write() as s:
        found = s.get(Interaction, interaction_id)
        assert found is not None
        for key, value in values.items():
            setattr(found, key, value)


def events(db: Database, interaction_id: int) -> list[tuple[str, dict[str, Any]]]:
    with db.read() as s:
        return [(e, d) for e, d in s.execute(select(History.event, History.detail)
                                             .where(History.interaction_id == interaction_id).order_by(History.id))]


def workbin_name(db: Database, interaction_id: int) -> str | None:
    with db.read() as s:
        found = workbin_of(s, interaction_id)
        return found.name if found is not None else None


def qa_value(db: Database, case_id: int | None) -> str | None:
    with db.read() as s:
        return s.scalar(select(CaseData.value).where(CaseData.case_id == case_id, CaseData.key == "QA"))


def rounds(db: Database, interaction_id: int) -> list[QaRound]:
    with db.read() as s:
        return list(s.scalars(select(QaRound).where(QaRound.interaction_id == interaction_id)
                              .order_by(QaRound.round_no)))


def outbox_item(db: Database, interaction_id: int) -> OutboxItem:
    with db.read() as s:
        item = s.scalar(select(OutboxItem).where(OutboxItem.interaction_id == interaction_id))
        assert item is not None
        return item


def parsed(raw: bytes) -> EmailMessage:
    message = BytesParser(policy=policy.default).parsebytes(raw)
    assert isinstance(message, EmailMessage)
    return message


def text_of(message: EmailMessage) -> str:
    body = message.get_body(("plain",))
    assert body is not None
    return str(body.get_content())


# -- the outbox after a send -----------------------------------------------------------------------------
def sent_reply(db: Database, center: Center, text: str = "確認いたします。") -> int:
    """sato's reply to a new inbound email, handed to the outbox (no QA review in the center)."""
    oid = reply(as_(db, "sato"), inbound(db, center), text=text)
    assert send(as_(db, "sato"), oid) == "outbox"
    return oid


def make_uncertain(db: Database, oid: int, found_in_sent: bool | None, sent_folder: str | None = None) -> None:
    """What the sender leaves after a connection lost once the body went out (``sent_folder``: what the mailbox's
    Sent folder can tell, as the sender records it; None: not recorded)."""
    with db.write() as s:
        item = s.query(OutboxItem).filter_by(interaction_id=oid).one()
        item.state, item.attempts, item.last_error = "uncertain", 1, "no answer after the message was sent"
        item.sent_folder, item.step = sent_folder, "end_of_data" if sent_folder else None
        interaction = s.get(Interaction, oid)
        assert interaction is not None
        record(s, "send_uncertain", interaction, message_id=item.message_id, reason=item.last_error,
               found_in_sent=found_in_sent)


def close_undo_window(db: Database, oid: int) -> None:
    """The undo window of a reply handed to the outbox has passed: it is due now."""
    with db.write() as s:
        item = s.query(OutboxItem).filter_by(interaction_id=oid).one()
        item.not_before = utcnow() - timedelta(seconds=1)

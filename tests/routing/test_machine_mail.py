"""Mail a machine sent (issue 12): auto-replies, bounces and our own mail coming back are filed in the team's
Auto-filed workbin with a history entry, never queued for an agent (and so never answered); a person's mail is
routed as before."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from agentdesk.routing.center import apply_center
from agentdesk.routing.center_file import load_center_file
from agentdesk.routing.db import Database
from agentdesk.routing.models import History, Interaction, State, Workbin, WorkbinItem
from agentdesk.routing.workbins import AUTO_FILED
from tests.routing.test_center import EXAMPLE
from tests.routing.test_ingest import DATA, _ingest
from tests.support.factories import seed_center


def _mail(extra: str = "", sender: str = "jane@example.org", ctype: str = "text/plain; charset=utf-8",
          body: str = "I am out of the office until Monday.") -> bytes:
    return (f"From: Someone <{sender}>\r\nTo: support@example.com\r\nSubject: About my order\r\n"
            f"Message-ID: <{abs(hash((extra, sender, body)))}@example.org>\r\n{extra}Content-Type: {ctype}\r\n\r\n"
            f"{body}\r\n").encode()


MACHINE = {
    "auto_submitted": ("auto_reply", _mail("Auto-Submitted: auto-replied\r\n")),
    "auto_submitted_params": ("auto_reply", _mail("Auto-Submitted: auto-generated; owner-email=x@example.org\r\n")),
    "x_autoreply": ("auto_reply", _mail("X-Autoreply: yes\r\n")),
    "x_autorespond": ("auto_reply", _mail("X-Autorespond: Out of office\r\n")),
    "precedence_auto_reply": ("auto_reply", _mail("Precedence: auto_reply\r\n")),
    "precedence_bulk": ("auto_reply", _mail("Precedence: bulk\r\n")),
    "precedence_junk": ("auto_reply", _mail("Precedence: junk\r\n")),
    "vacation": ("auto_reply", _mail("X-Mailer: vacation 1.2.7\r\n")),
    "dsn": ("bounce", (DATA / "dsn-bounce.eml").read_bytes()),
    "mailer_daemon": ("bounce", _mail(sender="MAILER-DAEMON@mx.example.net", body="Delivery failed.")),
    "postmaster": ("bounce", _mail(sender="postmaster@example.net", body="Your message was not delivered.")),
    "null_return_path": ("bounce", b"Return-Path: <>\r\n" + _mail(body="undeliverable")),
    "loop": ("loop", _mail(sender="support@example.com", body="our own reply came back")),
}


@pytest.mark.parametrize("case", sorted(MACHINE))
def test_machine_mail_is_filed_not_routed(db: Database, case: str) -> None:
    center = seed_center(db)
    reason, raw = MACHINE[case]
    (iid,) = _ingest(db, [raw]).created
    with db.read() as s:
        row = s.get(Interaction, iid)
        assert row is not None
        assert row.state == State.STORED.value and row.owner_id is None  # routing claims only queued mail
        assert f"auto_filed:{reason}" in row.parse_flags
        workbin = s.scalar(select(Workbin).join(WorkbinItem, WorkbinItem.workbin_id == Workbin.id)
                           .where(WorkbinItem.interaction_id == iid))
        assert workbin is not None and workbin.name == AUTO_FILED and workbin.team_id == center.support_id
        events = s.execute(select(History.event, History.detail).where(History.interaction_id == iid)).all()
        assert ("auto_filed", {"reason": reason, "workbin": AUTO_FILED}) in [(e, d) for e, d in events]


def test_a_persons_mail_is_routed(db: Database) -> None:
    seed_center(db)
    raws = [_mail(body="Where is my parcel?"), _mail("Auto-Submitted: no\r\nPrecedence: list\r\n", body="Hi")]
    ids = _ingest(db, raws).created
    with db.read() as s:
        assert [s.get(Interaction, i).state for i in ids] == ["queued", "queued"]  # type: ignore[union-attr]
        assert s.scalar(select(Workbin).where(Workbin.name == AUTO_FILED)) is None


def test_applying_the_center_again_keeps_auto_filed(db: Database) -> None:
    apply_center(db, load_center_file(EXAMPLE))
    _ingest(db, [MACHINE["x_autoreply"][1]])
    report = apply_center(db, load_center_file(EXAMPLE))
    assert not any("Auto-filed" in line for line in report.lines())
    with db.read() as s:
        workbin = s.scalar(select(Workbin).where(Workbin.name == AUTO_FILED))
        assert workbin is not None and workbin.retired_at is None

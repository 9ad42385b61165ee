"""Storing fetched messages: exactly once, raw bytes kept, contact and case linked (X6), bounces filed.

Runs on SQLite and PostgreSQL (the ``db`` fixture); the IMAP side is covered by test_sync.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from agentdesk.mail.parse_worker import ParseWorkers
from agentdesk.routing.db import Database
from agentdesk.routing.ingest import (
    BODY_PENDING,
    BodyParser,
    Incoming,
    IngestError,
    IngestResult,
    ingest_batch,
    lock_mailbox,
    parse_bodies,
    pending_bodies,
    read_delivery_report,
    team_id_for,
)
from agentdesk.routing.models import Case, Contact, ContactEmail, Direction, History, Interaction, State
from tests.support.dovecot import message
from tests.support.factories import Center, seed_center

DATA = Path(__file__).resolve().parents[1] / "data"


def _ingest(db: Database, raws: list[bytes], team: str = "support", mailbox: str = "support") -> IngestResult:
    with db.write() as s:
        lock_mailbox(s, mailbox)
        return ingest_batch(s, mailbox=mailbox, team_id=team_id_for(s, team),
                            messages=[Incoming(raw, uid) for uid, raw in enumerate(raws, 1)],
                            folder="INBOX", uidvalidity=7)


def _interaction(db: Database, interaction_id: int) -> Interaction:
    with db.read() as s:
        found = s.get(Interaction, interaction_id)
        assert found is not None
        return found


def test_each_message_once_with_its_exact_bytes(db: Database) -> None:
    center = seed_center(db)
    raws = [message(n) for n in range(1, 26)]
    raws.append(b"From: x@example.org\nSubject: no id, LF only\n\nbody \xff\xfe raw\n")
    first = _ingest(db, raws)
    assert len(first.created) == 26 and first.duplicates == 0
    again = _ingest(db, raws)
    assert again.created == [] and again.duplicates == 26
    with db.read() as s:
        rows = s.scalars(select(Interaction).order_by(Interaction.id)).all()
        assert [r.raw for r in rows] == raws
        assert {r.state for r in rows} == {State.QUEUED.value}
        assert {r.team_id for r in rows} == {center.support_id}
        assert all(r.direction == Direction.INBOUND.value and r.mailbox == "support" for r in rows)
        assert [r.imap_uid for r in rows] == list(range(1, 27)) and rows[0].imap_uidvalidity == 7
        assert rows[-1].message_id is None and (rows[-1].dedup_key or "").startswith("raw:")
        assert rows[0].subject == "Question number 1" and rows[0].from_addr == "customer@example.org"
        events = s.execute(select(History.event, func.count()).group_by(History.event)).all()
        assert dict(events) == {"received": 26}


def test_same_message_id_in_one_batch_is_stored_once(db: Database) -> None:
    seed_center(db)
    raw = message(1)
    result = _ingest(db, [raw, raw])
    assert len(result.created) == 1 and result.duplicates == 1


def test_contacts_by_address(db: Database) -> None:
    center = seed_center(db)
    known = message(1, sender="Jane@Example.org")
    new1 = b"From: =?UTF-8?B?5bGx55SwIOWkqumDjg==?= <taro@example.jp>\r\nMessage-ID: <a@x>\r\nSubject: s\r\n\r\nhi\r\n"
    new2 = b"From: Taro <TARO@example.jp>\r\nMessage-ID: <b@x>\r\nSubject: s\r\n\r\nhi\r\n"
    result = _ingest(db, [known, new1, new2])
    jane, taro1, taro2 = (_interaction(db, i) for i in result.created)
    assert jane.contact_id == center.jane_id
    assert taro1.contact_id == taro2.contact_id != center.jane_id
    with db.read() as s:
        contact = s.get(Contact, taro1.contact_id)
        assert contact is not None
        assert contact.name == "山田 太郎" and contact.team_id == center.support_id
        assert s.scalars(select(ContactEmail.address).where(ContactEmail.contact_id == contact.id)).all() == [
            "taro@example.jp"]
    assert taro1.from_name == "山田 太郎"


def test_cases_follow_replies_and_tokens(db: Database) -> None:
    seed_center(db)
    first = b"From: a@example.org\r\nMessage-ID: <first@example.org>\r\nSubject: Broken parcel\r\n\r\nx\r\n"
    result = _ingest(db, [first])
    case_id = _interaction(db, result.created[0]).case_id
    assert case_id is not None
    reply = b"From: a@example.org\r\nMessage-ID: <r1@example.org>\r\nIn-Reply-To: <first@example.org>\r\nSubject: Re: x\r\n\r\nx\r\n"
    refs = (b"From: b@example.org\r\nMessage-ID: <r2@example.org>\r\nReferences: <unknown@x> <r1@example.org>\r\n"
            b"Subject: other\r\n\r\nx\r\n")
    token = f"From: c@example.org\r\nMessage-ID: <t@example.org>\r\nSubject: Re: [#{case_id}] still broken\r\n\r\nx\r\n"
    no_case = b"From: c@example.org\r\nMessage-ID: <n@example.org>\r\nSubject: [#999999] nope\r\n\r\nx\r\n"
    fresh = b"From: d@example.org\r\nMessage-ID: <f@example.org>\r\nSubject: new matter\r\n\r\nx\r\n"
    in_batch = b"From: d@example.org\r\nMessage-ID: <g@example.org>\r\nIn-Reply-To: <f@example.org>\r\n\r\nx\r\n"
    result = _ingest(db, [reply, refs, token.encode(), no_case, fresh, in_batch])
    cases = [_interaction(db, i).case_id for i in result.created]
    assert cases[:3] == [case_id] * 3
    assert len({cases[3], cases[4], case_id}) == 3
    assert cases[5] == cases[4]
    with db.read() as s:
        assert s.get(Case, cases[4]).subject == "new matter"  # type: ignore[union-attr]


def test_case_token_of_another_team_starts_a_new_case(db: Database) -> None:
    seed_center(db)
    billing = _ingest(db, [b"From: a@example.org\r\nMessage-ID: <b1@x>\r\nSubject: invoice\r\n\r\nx\r\n"],
                      team="billing", mailbox="billing")
    billing_case = _interaction(db, billing.created[0]).case_id
    raw = f"From: a@example.org\r\nMessage-ID: <s1@x>\r\nSubject: [#{billing_case}] hi\r\n\r\nx\r\n".encode()
    support = _interaction(db, _ingest(db, [raw]).created[0])
    assert support.case_id != billing_case


def test_custom_case_token_option(db: Database) -> None:
    seed_center(db, case_token=r"Ticket:(\d+)")
    first = _interaction(db, _ingest(db, [message(1)]).created[0])
    raw = f"From: a@example.org\r\nMessage-ID: <c1@x>\r\nSubject: about Ticket:{first.case_id}\r\n\r\nx\r\n"
    assert _interaction(db, _ingest(db, [raw.encode()]).created[0]).case_id == first.case_id


def _outbound(db: Database, center: Center, message_id: str) -> int:
    with db.write() as s:
        case = Case(team_id=center.support_id, contact_id=center.jane_id, subject="your order")
        s.add(case)
        s.flush()
        row = Interaction(direction=Direction.OUTBOUND.value, state=State.SENT.value, team_id=center.support_id,
                          case_id=case.id, contact_id=center.jane_id, mailbox="support", message_id=message_id,
                          subject="Re: your order", owner_id=center.users["sato"])
        s.add(row)
        s.flush()
        return row.id


def test_bounce_marks_the_outbound_failed(db: Database) -> None:
    center = seed_center(db)
    outbound_id = _outbound(db, center, "<sent.reply.42@example.com>")
    raw = (DATA / "dsn-bounce.eml").read_bytes()
    result = _ingest(db, [raw])
    assert result.created == [] and result.bounced == [outbound_id]
    again = _ingest(db, [raw])
    assert again.bounced == [] and again.duplicates == 1
    with db.read() as s:
        outbound = s.get(Interaction, outbound_id)
        assert outbound is not None and outbound.state == State.FAILED.value
        events = s.scalars(select(History).where(History.interaction_id == outbound_id)).all()
        assert [e.event for e in events] == ["bounce"]
        assert "5.1.1" in events[0].detail["reason"] and "User unknown" in events[0].detail["reason"]
        report = s.get(Interaction, result.reports[0])
        assert report is not None and report.raw == raw
        assert report.parent_id == outbound_id and report.state == State.DONE.value
        assert report.case_id == outbound.case_id
        assert s.scalar(select(func.count()).select_from(Interaction).where(
            Interaction.state == State.QUEUED.value)) == 0


def test_bounce_for_unknown_message_is_filed_not_queued(db: Database) -> None:
    seed_center(db)
    result = _ingest(db, [(DATA / "dsn-bounce.eml").read_bytes()])
    assert len(result.created) == 1 and result.bounced == []
    assert _interaction(db, result.created[0]).state == State.STORED.value  # in Auto-filed (test_machine_mail)


def test_delivery_report_reader() -> None:
    report = read_delivery_report((DATA / "dsn-bounce.eml").read_bytes())
    assert report.original_message_id == "<sent.reply.42@example.com>"
    assert report.action == "failed" and report.status == "5.1.1"
    assert read_delivery_report(b"garbage").original_message_id is None


def test_unknown_team_is_a_clear_error(db: Database) -> None:
    seed_center(db)
    with db.read() as s, pytest.raises(IngestError, match="'sales'"):
        team_id_for(s, "sales")


def test_bodies_are_parsed_in_a_second_step(db: Database) -> None:
    seed_center(db)
    created = _ingest(db, [message(1, body="本文です\r\n")]).created
    assert BODY_PENDING in _interaction(db, created[0]).parse_flags
    assert pending_bodies(db) == created
    assert parse_bodies(db, created) == 1
    row = _interaction(db, created[0])
    assert BODY_PENDING not in row.parse_flags and "本文です" in row.body_text
    assert pending_bodies(db) == []
    assert parse_bodies(db, created) == 0  # done once


def test_report_quoting_only_headers_is_filed_too(db: Database) -> None:
    center = seed_center(db)
    outbound_id = _outbound(db, center, "<sent.reply.43@example.com>")
    result = _ingest(db, [(DATA / "dsn-headers-only.eml").read_bytes()])
    assert result.bounced == [outbound_id] and result.created == []
    assert _interaction(db, outbound_id).state == State.FAILED.value


def test_bounce_without_a_report_is_filed_when_its_body_is_read(db: Database) -> None:
    center = seed_center(db)
    outbound_id = _outbound(db, center, "<sent.reply.44@example.com>")
    raw = (b"From: MAILER-DAEMON@mx.example.com\r\nTo: support@example.com\r\n"
           b"Subject: failure notice\r\nMessage-ID: <qmail.1@mx.example.com>\r\n\r\n"
           b"Hi. This is the qmail-send program. I'm afraid I wasn't able to deliver your message.\r\n"
           b"<gone@example.org>:\r\nSorry, no mailbox here by that name.\r\n\r\n--- Below this line is a copy of the message.\r\n\r\n"
           b"From: support@example.com\r\nMessage-ID: <sent.reply.44@example.com>\r\nSubject: Re: refund\r\n\r\nText\r\n")
    created = _ingest(db, [raw]).created
    assert len(created) == 1  # headers alone cannot tell: queued until the body is read
    parse_bodies(db, created)
    bounce = _interaction(db, created[0])
    assert bounce.state == State.DONE.value and bounce.parent_id == outbound_id and "bounce" in bounce.parse_flags
    assert _interaction(db, outbound_id).state == State.FAILED.value
    with db.read() as s:
        assert s.scalars(select(History.event).where(History.interaction_id == outbound_id)).all() == ["bounce"]


def _bodies(db: Database, ids: list[int]) -> list[tuple[str, str | None, list[str], list[tuple[str, str, int]]]]:
    with db.read() as s:
        rows = s.scalars(select(Interaction).where(Interaction.id.in_(ids)).order_by(Interaction.id)).all()
        return [(r.body_text, r.body_html, sorted(r.parse_flags),
                 [(a.filename, a.content_type, a.size) for a in r.attachments]) for r in rows]


def test_helper_processes_parse_like_the_inline_step(db: Database) -> None:
    seed_center(db)
    raws = [path.read_bytes() for path in sorted(DATA.glob("*.eml"))]
    inline = _ingest(db, raws, mailbox="inline").created
    helped = _ingest(db, raws, mailbox="helped").created
    assert parse_bodies(db, inline) == len(raws)
    with BodyParser(db, workers=2, pool_threshold=1, chunk=7) as parser:
        parser.submit(helped)
    assert parser.done == len(raws)
    assert _bodies(db, helped) == _bodies(db, inline)
    assert pending_bodies(db) == []


def _ingest_prepared(db: Database, raws: list[bytes], mailbox: str) -> IngestResult:
    """As a big sync stores a batch that a parse helper read first (header fields, fingerprint, body)."""
    prepared = ParseWorkers(1)
    try:
        read = prepared.prepare(raws).result(timeout=120)
    finally:
        prepared.close()
    with db.write() as s:
        lock_mailbox(s, mailbox)
        return ingest_batch(s, mailbox=mailbox, team_id=team_id_for(s, "support"),
                            messages=[Incoming(raw, uid, p) for uid, (raw, p) in enumerate(zip(raws, read, strict=True), 1)],
                            folder="INBOX", uidvalidity=7)


def test_messages_read_by_a_helper_are_stored_with_their_bodies(db: Database) -> None:
    seed_center(db)
    raws = [path.read_bytes() for path in sorted(DATA.glob("*.eml"))]
    inline = _ingest(db, raws, mailbox="inline").created
    assert parse_bodies(db, inline) == len(raws)
    result = _ingest_prepared(db, raws, mailbox="helped")
    helped = result.created + result.reports
    assert len(helped) == len(raws) and pending_bodies(db) == []
    assert set(result.raws) == set(result.reports)  # only a delivery report's body is left to parse after
    parse_bodies(db, list(result.raws))
    assert _bodies(db, sorted(helped)) == _bodies(db, sorted(inline))
    with db.read() as s:  # the same header fields as the inline path read
        fields = [(r.subject, r.from_addr, r.message_id, r.to_addrs, r.state) for r in
                  s.scalars(select(Interaction).where(Interaction.id.in_(inline + helped)).order_by(Interaction.id))]
    assert fields[:len(raws)] == fields[len(raws):]


def test_a_bounce_read_by_a_helper_is_filed_as_it_is_stored(db: Database) -> None:
    center = seed_center(db)
    outbound_id = _outbound(db, center, "<sent.reply.45@example.com>")
    raw = (b"From: MAILER-DAEMON@mx.example.com\r\nTo: support@example.com\r\n"
           b"Subject: failure notice\r\nMessage-ID: <qmail.2@mx.example.com>\r\n\r\n"
           b"I'm afraid I wasn't able to deliver your message.\r\n\r\n--- Below this line is a copy of the message.\r\n"
           b"\r\nFrom: support@example.com\r\nMessage-ID: <sent.reply.45@example.com>\r\nSubject: Re: x\r\n\r\nText\r\n")
    created = _ingest_prepared(db, [raw], mailbox="support").created
    bounce = _interaction(db, created[0])
    assert bounce.state == State.DONE.value and bounce.parent_id == outbound_id and "bounce" in bounce.parse_flags
    assert BODY_PENDING not in bounce.parse_flags
    assert _interaction(db, outbound_id).state == State.FAILED.value


def test_a_dead_helper_is_replaced(db: Database) -> None:
    seed_center(db)
    created = _ingest(db, [message(n, body=f"本文 {n}\r\n") for n in range(1, 6)]).created
    parser = BodyParser(db, workers=1, pool_threshold=1, chunk=2)
    try:
        parser.submit(created[:2])
        parser.drain()
        pool = parser._pool
        assert pool is not None and pool._procs
        for proc in pool._procs:  # the helper dies (killed, out of memory …)
            proc.kill()
            proc.wait(timeout=30)
        parser.submit(created[2:])
    finally:
        parser.close()
    assert parser.done == 5
    assert [b[0].strip() for b in _bodies(db, created)] == [f"本文 {n}" for n in range(1, 6)]

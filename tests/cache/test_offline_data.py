"""What the cache keeps for offline work besides the email's text (issue 5): case data and QA status following the
routing database, contacts with their numbers and histories, the sanitised body of an opened HTML message, and
a case data edit asked offline carried out (or refused) once the database is back."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import delete, select, update

from agentdesk.actions.casedata import set_case_data
from agentdesk.actions.context import ActionContext
from agentdesk.actions.errors import PermissionDenied
from agentdesk.actions.queries import CaseDataItem, get_interaction
from agentdesk.actions.reading import read_message
from agentdesk.actions.transfer import reassign
from agentdesk.cache import casedata, contacts, opened
from agentdesk.cache.drafts import DraftStore
from agentdesk.cache.mirror import upsert_interactions
from agentdesk.cache.offline_view import KEPT_HTML
from agentdesk.cache.store import SCHEMA_VERSION, CacheStore
from agentdesk.cache.sync import sync_from_routing
from agentdesk.desk.local import DeskCache
from agentdesk.desk.offline import OfflineQueue
from agentdesk.routing.db import Database
from agentdesk.routing.models import (
    Attachment,
    CaseData,
    Contact,
    ContactEmail,
    ContactPhone,
    Interaction,
    QaRound,
)
from agentdesk.routing.models import utcnow as routing_now
from tests.cache.conftest import BASE
from tests.cache.test_follow import wait_until
from tests.support.factories import Center, inbound, seed_center
from tests.support.tcp_proxy import SwitchProxy


def _case(db: Database, interaction_id: int) -> int:
    with db.read() as s:
        case_id = s.scalar(select(Interaction.case_id).where(Interaction.id == interaction_id))
    assert case_id is not None
    return int(case_id)


def _items(cache: CacheStore, interaction_id: int) -> list[CaseDataItem]:
    found = casedata.read(cache.conn, interaction_id)
    assert found is not None
    return list(found.items)


def test_case_data_follows_the_routing_database(db: Database, cache: CacheStore) -> None:
    center = seed_center(db)
    a = inbound(db, center, subject="請求書の件")
    b = inbound(db, center, subject="Other matter")
    ctx = ActionContext(db, "sato")
    with db.write() as s:
        s.add(CaseData(case_id=_case(db, a), team_id=center.support_id, key="OrderId", value="4711"))
    set_case_data(ctx, a, "Plan", "Gold")
    sync_from_routing(cache, db, "sato")
    assert _items(cache, a) == [CaseDataItem("OrderId", "4711", True), CaseDataItem("Plan", "Gold", False)]
    assert _items(cache, b) == []
    assert _items(cache, a) == list(get_interaction(ctx, a).case_data)  # as the live view shows it

    set_case_data(ctx, a, "Plan", "Silver")  # an edit: its interaction changes, its case is read again
    set_case_data(ctx, a, "顧客番号", "A-12")
    sync_from_routing(cache, db, "sato")
    assert [(i.key, i.value) for i in _items(cache, a)] == [("OrderId", "4711"), ("Plan", "Silver"),
                                                            ("顧客番号", "A-12")]

    with db.write() as s:  # another writer changes a value without touching the interaction: the mark finds it
        s.execute(update(CaseData).where(CaseData.case_id == _case(db, a), CaseData.key == "OrderId")
                  .values(value="4712", updated_at=routing_now()))
    sync_from_routing(cache, db, "sato")
    assert _items(cache, a)[0] == CaseDataItem("OrderId", "4712", True)

    with db.write() as s:  # a key deleted there goes here once its case is read again
        s.execute(delete(CaseData).where(CaseData.case_id == _case(db, a), CaseData.key == "顧客番号"))
    set_case_data(ctx, a, "Plan", "Bronze")
    sync_from_routing(cache, db, "sato")
    assert [(i.key, i.value) for i in _items(cache, a)] == [("OrderId", "4712"), ("Plan", "Bronze")]

    with db.write() as s:  # a review round: the QA status and the reviewer's note
        s.add(QaRound(interaction_id=b, team_id=center.support_id, round_no=1, submitted_by=center.users["sato"],
                      subject="Re", body_text="x", decision="rejected", note="言い回しを直してください"))
        row = s.get(Interaction, b)
        assert row is not None
        row.version += 1
    sync_from_routing(cache, db, "sato")
    got = casedata.read(cache.conn, b)
    assert got is not None and (got.qa_status, got.qa_note) == ("rejected", "言い回しを直してください")

    with db.write() as s:  # it leaves sato's sight: its case data goes with it
        moved = s.get(Interaction, a)
        assert moved is not None
        moved.team_id = center.billing_id
        moved.owner_id = center.users["kato"]
    sync_from_routing(cache, db, "sato")
    assert casedata.read(cache.conn, a) is None
    assert cache.count("case_data") == 0


def _more_contacts(db: Database, center: Center) -> None:
    with db.write() as s:
        s.add(Contact(name="Bob Stone", company="ACME Corp", team_id=center.support_id,
                      emails=[ContactEmail(address="bob@acme.example")],
                      phones=[ContactPhone(number="+81 6 9999 0000"), ContactPhone(number="090-1111-2222")]))
        s.add(Contact(name="山田 太郎", company="山田商店", team_id=None, emails=[ContactEmail(address="t@yamada.jp")]))
        s.add(Contact(name="Gone Person", team_id=center.support_id, retired_at=routing_now()))
        s.add(Contact(name="Billing Only", team_id=center.billing_id))


def test_contacts_and_their_history_read_from_the_cache(db: Database, cache: CacheStore) -> None:
    center = seed_center(db)
    _more_contacts(db, center)
    first = inbound(db, center, subject="納期の遅れ", body="まだ届きません")
    second = inbound(db, center, subject="Invoice copy", body="please resend the invoice")
    sync_from_routing(cache, db, "sato")
    names = [c.name for c in contacts.search_contacts(cache.conn, "")]
    assert names == ["Bob Stone", "Jane Doe", "山田 太郎"]  # not retired, not another team's
    assert [c.name for c in contacts.search_contacts(cache.conn, "acme")] == ["Bob Stone"]  # company, any case
    assert [c.name for c in contacts.search_contacts(cache.conn, "1111")] == ["Bob Stone"]  # a number
    assert [c.name for c in contacts.search_contacts(cache.conn, "JANE@")] == ["Jane Doe"]  # an address
    assert [c.name for c in contacts.search_contacts(cache.conn, "山田")] == ["山田 太郎"]
    assert contacts.search_contacts(cache.conn, "100%_") == []
    jane = contacts.get_contact(cache.conn, center.jane_id)
    assert jane is not None and jane.emails == ("jane@example.org",) and jane.phones == ("+81 3 1234 5678",)
    bob = contacts.search_contacts(cache.conn, "bob")[0]
    assert bob.phones == ("+81 6 9999 0000", "090-1111-2222") and bob.company == "ACME Corp"
    assert [s.id for s in contacts.contact_history(cache.conn, center.jane_id)] == [second, first]
    assert [s.id for s in contacts.contact_history(cache.conn, center.jane_id, text="invoice")] == [second]
    assert contacts.contact_history(cache.conn, bob.id) == []

    with db.write() as s:  # a new number follows
        s.add(ContactPhone(contact_id=center.jane_id, number="03-0000-1111", position=1))
    sync_from_routing(cache, db, "sato")
    jane = contacts.get_contact(cache.conn, center.jane_id)
    assert jane is not None and jane.phones == ("+81 3 1234 5678", "03-0000-1111")


HTML_RAW = (
    "From: Jane Doe <jane@example.org>\r\nTo: support@example.com\r\nSubject: HTML mail\r\nMIME-Version: 1.0\r\n"
    "Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
    '<html><body><p style="color: #123456; background: url(https://track.example/bg.png)">注文番号 <b>4711</b> '
    'について</p><img src="https://track.example/pixel.gif" alt="pixel"><img src="cid:logo@x" alt="logo">'
    '<a href="https://evil.example/login">https://bank.example.com</a></body></html>\r\n'
    "--b\r\nContent-Type: image/png\r\nContent-ID: <logo@x>\r\nContent-Transfer-Encoding: base64\r\n\r\n"
    "iVBORw0KGgo=\r\n--b\r\nContent-Type: application/pdf; name=quote.pdf\r\n"
    "Content-Disposition: attachment; filename=quote.pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n"
    "JVBERi0xLjQK\r\n--b--\r\n"
)


def _html_interaction(db: Database, center: Center) -> int:
    iid = inbound(db, center, subject="HTML mail", body="注文番号 4711 について")
    with db.write() as s:
        row = s.get(Interaction, iid)
        assert row is not None
        row.raw = HTML_RAW.encode("utf-8")
        row.attachments = [Attachment(filename="quote.pdf", content_type="application/pdf", size=9)]
    return iid


def test_an_opened_html_message_is_kept_without_anything_remote(sqlite_db: Database, tmp_path: Path) -> None:
    center = seed_center(sqlite_db)
    iid = _html_interaction(sqlite_db, center)
    plain = inbound(sqlite_db, center, subject="Plain", body="just text")
    ctx = ActionContext(sqlite_db, "sato")
    desk = DeskCache(ctx, tmp_path / "data").start()
    try:
        assert desk.wait_ready()
        wait_until(lambda: desk.interaction(iid) is not None and desk.interaction(plain) is not None,
                   "the first pass")
        assert desk.offline_view(iid).message.flags == ("offline",)  # type: ignore[union-attr]  # not opened yet
        detail = get_interaction(ctx, iid)
        shown = read_message(ctx, iid, allow_remote=True)  # the agent had allowed the images
        assert "track.example/pixel.gif" in shown.html
        assert desk.keep_message(iid, detail.summary.version, shown, detail.attachments)
        assert desk.keep_message(plain, 1, read_message(ctx, plain), ())

        view = desk.offline_view(iid)
        assert view is not None and view.detail.cached
        message = view.message
        assert message.is_html and KEPT_HTML in message.flags and "offline" in message.flags
        assert "<b>4711</b>" in message.html and "color: #123456" in message.html
        assert "pixel.gif" not in message.html and "bg.png" not in message.html  # the host stays as a tooltip
        assert "data:" not in message.html and "url(" not in message.html and "<img" not in message.html
        assert "[logo]" in message.html and "[pixel]" in message.html
        assert [link.href_host for link in message.suspicious_links] == ["evil.example"]
        assert [(a.filename, a.content_type, a.size) for a in view.detail.attachments] == [
            ("quote.pdf", "application/pdf", 9)]
        text_view = desk.offline_view(plain)
        assert text_view is not None and not text_view.message.is_html and "just text" in text_view.message.html
    finally:
        desk.close()


def test_kept_bodies_are_bounded(cache: CacheStore, monkeypatch: pytest.MonkeyPatch) -> None:
    with cache.transaction() as conn:
        upsert_interactions(conn, [replace(BASE, id=n) for n in range(1, 6)])
    monkeypatch.setattr(opened, "MAX_KEPT", 3)
    for n in range(1, 6):
        assert opened.keep(cache.conn, n, 1, f"<p>body {n}</p>", (), ())
    assert sorted(r[0] for r in cache.conn.execute("SELECT interaction_id FROM opened_messages")) == [3, 4, 5]
    assert not opened.keep(cache.conn, 99, 1, "<p>not cached</p>", (), ())  # not in the mirror
    assert not opened.keep(cache.conn, 1, 1, '<iframe src="https://x.example"></iframe>', (), ())
    assert opened.offline_html('<p title="?src=1">url( in the text</p>') == '<p title="?src=1">url( in the text</p>'


def test_a_case_edit_offline_waits_then_is_made_or_refused(pg_db: Database, tmp_path: Path) -> None:
    center = seed_center(pg_db)
    a = inbound(pg_db, center, subject="請求書が届きません")
    b = inbound(pg_db, center, subject="Late delivery")
    with pg_db.write() as s:
        s.add(CaseData(case_id=_case(pg_db, a), team_id=center.support_id, key="OrderId", value="4711"))
    with SwitchProxy(pg_db.url.port or 5432) as proxy:
        far = Database(pg_db.url.set(port=proxy.port, query={"connect_timeout": "3"}))
        desk = DeskCache(ActionContext(far, "sato"), tmp_path / "data")
        desk.follower.retry_seconds = 0.3
        desk.start()
        try:
            assert desk.wait_ready()
            wait_until(lambda: desk.online is True and desk.interaction(b) is not None, "the first pass")
            proxy.cut()
            wait_until(lambda: desk.online is False, "the follower to notice the cut")
            assert desk.set_case_data(desk.ctx, a, "Plan", "Gold") is False  # waits
            assert desk.set_case_data(desk.ctx, b, "Plan", "Silver") is False
            with pytest.raises(PermissionDenied, match="'OrderId' is read-only"):
                desk.set_case_data(desk.ctx, a, "OrderId", "1")  # refused at once, never queued
            cached = desk.case_data(a)
            assert cached is not None and cached.waiting == ("Plan",)
            assert [(i.key, i.value, i.read_only) for i in cached.items] == [("OrderId", "4711", True),
                                                                              ("Plan", "Gold", False)]
            assert [(p.kind, p.interaction_id, p.args) for p in desk.waiting()] == [
                ("case_data", a, {"key": "Plan", "value": "Gold"}), ("case_data", b, {"key": "Plan", "value": "Silver"})]

            reassign(ActionContext(pg_db, "tanaka"), b, "suzuki")  # meanwhile b is given to someone else
            proxy.restore()
            wait_until(lambda: not desk.waiting(), "the waiting edits to run")
            finished = {p.interaction_id: p for p in desk.finished()}
            assert finished[a].status == "done"
            assert finished[b].status == "refused"
            assert finished[b].reason == f"interaction {b} moved meanwhile: it is now with someone else"
            with pg_db.read() as s:
                values = dict(s.execute(select(CaseData.case_id, CaseData.value).where(CaseData.key == "Plan")).all())
            assert values == {_case(pg_db, a): "Gold"}
            wait_until(lambda: desk.case_data(a) is not None and desk.case_data(a).waiting == ()  # type: ignore[union-attr]
                       and CaseDataItem("Plan", "Gold", False) in desk.case_data(a).items,  # type: ignore[union-attr]
                       "the cache to follow the edit")
        finally:
            desk.close()
            far.dispose()


def test_a_version_2_file_is_upgraded_keeping_drafts_and_waiting_actions(sqlite_db: Database, tmp_path: Path) -> None:
    from agentdesk.cache.store import _SCHEMA, _V2, _split_sql

    center = seed_center(sqlite_db)
    iid = inbound(sqlite_db, center, subject="請求書の件")
    set_case_data(ActionContext(sqlite_db, "sato"), iid, "Plan", "Gold")
    path = tmp_path / "c.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    for statement in _split_sql(_SCHEMA + ";\n" + _V2):  # what agentdesk wrote before case data was kept
        conn.execute(statement)
    conn.execute("PRAGMA user_version = 2")
    conn.execute("INSERT INTO drafts VALUES ('k', 7, '', '', '', 'old', 'body', NULL, '', NULL, 1.0, 'check')")
    conn.execute("INSERT INTO pending_actions (kind, interaction_id, args, created_at) "
                 f"VALUES ('note', {iid}, '{{\"body\": \"電話済み\"}}', 1.0)")
    conn.execute("INSERT INTO meta VALUES ('scope', 'old'), ('mark', '2026-01-01T00:00:00')")
    conn.close()
    with CacheStore.open(path) as cache:
        assert cache.rebuilt_from is None
        assert cache.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 3
        (draft,) = DraftStore(cache).unsent_drafts()
        assert (draft.subject, draft.instructions) == ("old", "check")
        assert [(p.kind, p.args) for p in OfflineQueue(cache).waiting()] == [("note", {"body": "電話済み"})]
        assert cache.get_meta("scope") is None  # the next pass reloads in full, bringing the case data
        sync_from_routing(cache, sqlite_db, "sato")
        assert _items(cache, iid) == [CaseDataItem("Plan", "Gold", False)]
        assert cache.conn.execute("SELECT phones FROM contacts").fetchone()[0] == "+81 3 1234 5678"


def test_a_deleted_cache_rebuilds_with_its_case_data(db: Database, tmp_path: Path) -> None:
    center = seed_center(db)
    iid = inbound(db, center)
    set_case_data(ActionContext(db, "sato"), iid, "Plan", "Gold")
    path = tmp_path / "c.sqlite3"
    with CacheStore.open(path) as cache:
        sync_from_routing(cache, db, "sato")
        assert cache.count("case_data") == 1
    for leftover in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        leftover.unlink(missing_ok=True)
    with CacheStore.open(path) as cache:
        assert cache.count("case_data") == 0
        sync_from_routing(cache, db, "sato")
        assert _items(cache, iid) == [CaseDataItem("Plan", "Gold", False)]
        assert contacts.get_contact(cache.conn, center.jane_id) is not None

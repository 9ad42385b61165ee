"""The cache follows the routing database: new, changed, moved and deleted interactions, contacts, scope."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select, update

from agentdesk.cache.search import search
from agentdesk.cache.store import CacheStore
from agentdesk.cache.sync import SyncError, sync_from_routing
from agentdesk.routing.db import Database
from agentdesk.routing.models import Attachment, Contact, Direction, Interaction, State, User
from tests.support.factories import inbound, seed_center


def found(cache: CacheStore, query: str) -> set[int]:
    return {h.interaction_id for h in search(cache, query).hits}


def cached_state(cache: CacheStore, interaction_id: int) -> str | None:
    row = cache.conn.execute("SELECT state FROM interactions WHERE id = ?", (interaction_id,)).fetchone()
    return None if row is None else str(row[0])


def test_sync_follows_the_routing_database(db: Database, cache: CacheStore) -> None:
    center = seed_center(db)
    first = inbound(db, center, subject="請求書の件", body="先月の請求書が届いていません。")
    queued = inbound(db, center, subject="Late delivery", body="Where is my parcel?", owner=None)
    other_team = inbound(db, center, subject="Billing question", body="refund please", team="billing",
                         owner="kato")
    assert sync_from_routing(cache, db, "sato") == 2
    assert found(cache, "請求書") == {first}
    assert found(cache, "parcel") == {queued}
    assert found(cache, "refund") == set()  # another team's: not visible to sato
    assert sync_from_routing(cache, db, "sato") == 0  # nothing changed, nothing rewritten

    with db.write() as s:  # an action: mark done, and change the text of the other
        i = s.get(Interaction, first)
        assert i is not None
        i.state, i.version = State.DONE.value, i.version + 1
        q = s.get(Interaction, queued)
        assert q is not None
        q.body_text, q.version = "The parcel never came.", q.version + 1
    added = inbound(db, center, subject="見積のお願い", body="プリンターの見積をお願いします。")
    assert sync_from_routing(cache, db, "sato") == 3
    assert cached_state(cache, first) == "done"
    assert found(cache, "state:done 請求書") == {first}
    assert found(cache, "where") == set() and found(cache, '"never came"') == {queued}
    assert found(cache, "見積") == {added}

    with db.write() as s:  # a transfer to the other team: it leaves sato's sight
        t = s.get(Interaction, queued)
        assert t is not None
        t.team_id = center.billing_id
        deleted = s.get(Interaction, added)
        assert deleted is not None
        s.delete(deleted)
    assert sync_from_routing(cache, db, "sato") == 2
    assert cached_state(cache, queued) is None and cached_state(cache, added) is None
    assert found(cache, "parcel") == set() and found(cache, "見積") == set()
    assert cache.count() == 1
    assert other_team not in found(cache, "-nothing")


def test_rows_missed_by_the_mark_are_caught_by_the_fingerprint(db: Database, cache: CacheStore) -> None:
    center = seed_center(db)
    inbound(db, center, subject="one")
    sync_from_routing(cache, db, "sato")
    late = inbound(db, center, subject="late commit")
    with db.write() as s:  # as if committed long after it was stamped (clock skew, a slow transaction)
        row = s.get(Interaction, late)
        assert row is not None
        s.execute(update(Interaction).where(Interaction.id == late)
                  .values(updated_at=row.created_at.replace(year=2000)))
    assert sync_from_routing(cache, db, "sato") == 1
    assert found(cache, "late") == {late}


def test_contacts_and_renames(db: Database, cache: CacheStore) -> None:
    center = seed_center(db)
    interaction = inbound(db, center, subject="hello")
    sync_from_routing(cache, db, "sato")
    assert found(cache, "contact:jane") == {interaction}
    row = cache.conn.execute("SELECT name, emails FROM contacts WHERE id = ?", (center.jane_id,)).fetchone()
    assert row == ("Jane Doe", "jane@example.org")
    with db.write() as s:
        jane = s.get(Contact, center.jane_id)
        assert jane is not None
        jane.name = "山田 花子"
    sync_from_routing(cache, db, "sato")
    assert found(cache, "contact:jane") == set()
    assert found(cache, "contact:山田") == {interaction}


def test_attachment_text_is_indexed(db: Database, cache: CacheStore) -> None:
    center = seed_center(db)
    with db.write() as s:
        out = Interaction(direction=Direction.OUTBOUND.value, state=State.DRAFT.value,
                          owner_id=center.users["sato"], team_id=center.support_id, subject="Quote",
                          body_text="See attached.", to_addrs=["jane@example.org"])
        out.attachments = [
            Attachment(filename="quote.txt", content_type="text/plain", data="総額は十万円です".encode(), size=24),
            Attachment(filename="photo.jpg", content_type="image/jpeg", data=b"\xff\xd8 zebra", size=8),
        ]
        s.add(out)
        s.flush()
        outbound_id = out.id
    raw = (b"From: jane@example.org\r\nTo: support@example.com\r\nSubject: log\r\nMIME-Version: 1.0\r\n"
           b"Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nsee log\r\n"
           b"--b\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Disposition: attachment; filename=a.log\r\n"
           b"\r\nERROR disk quota exceeded\r\n--b--\r\n")
    inbound_id = inbound(db, center, subject="log", body="see log")
    with db.write() as s:
        i = s.get(Interaction, inbound_id)
        assert i is not None
        i.raw = raw
        i.attachments = [Attachment(filename="a.log", content_type="text/plain", size=26)]
    sync_from_routing(cache, db, "sato")
    assert found(cache, "十万円") == {outbound_id}
    assert found(cache, "zebra") == set()  # not a text attachment
    assert found(cache, "attachment:quota") == {inbound_id}
    assert found(cache, "has:attachment") == {outbound_id, inbound_id}


def test_a_change_of_team_starts_over(db: Database, cache: CacheStore) -> None:
    center = seed_center(db)
    support = inbound(db, center, subject="support mail")
    billing = inbound(db, center, subject="billing mail", team="billing", owner="kato")
    sync_from_routing(cache, db, "suzuki")
    assert found(cache, "mail") == {support}
    with db.write() as s:
        user = s.scalar(select(User).where(User.login == "suzuki"))
        assert user is not None
        user.team_id = center.billing_id
    sync_from_routing(cache, db, "suzuki")
    assert found(cache, "mail") == {billing}


def test_unknown_login(db: Database, cache: CacheStore) -> None:
    seed_center(db)
    with pytest.raises(SyncError, match="there is no user with the login 'nobody'"):
        sync_from_routing(cache, db, "nobody")


def test_a_deleted_cache_is_rebuilt_with_nothing_lost(db: Database, tmp_path: Path) -> None:
    center = seed_center(db)
    made = [inbound(db, center, subject=f"件名 {n}", body=f"本文 番号{n} invoice") for n in range(5)]
    path = tmp_path / "deleted.sqlite3"
    cache = CacheStore.open(path)
    sync_from_routing(cache, db, "sato")
    before = search(cache, "invoice")
    cache.close()
    path.unlink()
    cache = CacheStore.open(path)
    assert cache.count() == 0
    assert sync_from_routing(cache, db, "sato") == 5
    assert search(cache, "invoice") == before
    assert found(cache, "本文") == set(made)
    cache.close()


def test_histories_and_cases_follow(db: Database, cache: CacheStore) -> None:
    from agentdesk.actions.context import ActionContext
    from agentdesk.actions.notes import add_note, set_disposition
    from agentdesk.actions.transfer import reassign
    from agentdesk.cache.histories import read_case, read_history
    from agentdesk.cache.mirror import read_interaction

    center = seed_center(db)
    mine = inbound(db, center, subject="請求書の件")
    elsewhere = inbound(db, center, subject="Refund", team="billing", owner="kato")
    sato, ito = ActionContext(db, "sato"), ActionContext(db, "ito")
    add_note(ito, elsewhere, "billing's own note")  # history sato may not see yet
    sync_from_routing(cache, db, "sato")
    add_note(sato, mine, "お客様に電話済み")
    set_disposition(sato, mine, "resolved")
    sync_from_routing(cache, db, "sato")
    assert [e.event for e in read_history(cache.conn, mine)] == ["note_added", "disposition_set"]
    assert read_history(cache.conn, mine)[0].actor_login == "sato"
    assert read_history(cache.conn, elsewhere) == []
    cached = read_interaction(cache.conn, mine)
    assert cached is not None and cached.subject == "請求書の件" and cached.has_attachments is False
    case = read_case(cache.conn, cached.case_id or 0)
    assert case is not None and case["interactions"] == [mine]

    with db.write() as s:  # billing's interaction comes to sato's team: it brings its whole history
        moved = s.get(Interaction, elsewhere)
        assert moved is not None
        moved.team_id, moved.version = center.support_id, moved.version + 1
    reassign(ActionContext(db, "tanaka"), elsewhere, "sato")
    sync_from_routing(cache, db, "sato")
    assert read_history(cache.conn, elsewhere)[0].event == "note_added"
    assert read_interaction(cache.conn, 10_000) is None

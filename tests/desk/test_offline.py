"""Offline work: with PostgreSQL unreachable (its connection cut at a proxy) the agent reads, searches, drafts
and writes notes; send, transfer, done and note wait in order and are carried out, or refused, once it is back."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from agentdesk.actions.context import ActionContext
from agentdesk.actions.notes import set_disposition
from agentdesk.actions.outbound import reply
from agentdesk.actions.transfer import reassign
from agentdesk.cache.drafts import DraftStore
from agentdesk.cache.follow import CacheFollower
from agentdesk.cache.search import search
from agentdesk.cache.store import CacheStore
from agentdesk.cache.sync import sync_from_routing
from agentdesk.desk.offline import OfflineError, OfflineQueue, replay, run_or_queue
from agentdesk.routing.db import Database
from agentdesk.routing.models import Interaction, Note
from tests.cache.test_follow import wait_until
from tests.support.factories import inbound, seed_center
from tests.support.tcp_proxy import SwitchProxy


@pytest.fixture
def cache(tmp_path: Path) -> Iterator[CacheStore]:
    store = CacheStore.open(tmp_path / "cache.sqlite3")
    yield store
    store.close()


def test_offline_then_back(pg_db: Database, tmp_path: Path) -> None:
    center = seed_center(pg_db)
    a = inbound(pg_db, center, subject="請求書が届きません", body="先月の請求書をお願いします。")
    b = inbound(pg_db, center, subject="Late delivery", body="Where is my parcel?")
    c = inbound(pg_db, center, subject="返品について", body="返品したいです。")
    d = inbound(pg_db, center, subject="見積のお願い")
    direct = ActionContext(pg_db, "sato")
    for iid in (a, c):
        set_disposition(direct, iid, "resolved")
    draft_id = reply(direct, d, text="ご連絡ありがとうございます。")
    port = pg_db.url.port or 5432
    proxy = SwitchProxy(port)
    with proxy:
        far = Database(pg_db.url.set(port=proxy.port, query={"connect_timeout": "3"}))
        ctx = ActionContext(far, "sato")
        path = tmp_path / "cache.sqlite3"
        cache = CacheStore.open(path)
        sync_from_routing(cache, far, "sato")
        queue = OfflineQueue(cache)
        follower = CacheFollower(path, far, "sato", retry_seconds=0.3, safety_seconds=600,
                                 on_online=lambda: _replay(path, ctx)).start()
        try:
            wait_until(lambda: follower.online is True, "the follower to be online")
            proxy.cut()
            wait_until(lambda: follower.online is False, "the follower to notice the cut")

            # still working: reading and searching the cache, drafting, a note
            assert {h.interaction_id for h in search(cache, "請求書").hits} == {a}
            assert cache.conn.execute("SELECT subject FROM interactions WHERE id = ?", (b,)).fetchone()[0] == \
                "Late delivery"
            drafts = DraftStore(cache)
            drafts.save(f"outbound-{draft_id}", interaction_id=draft_id, to=["jane@example.org"],
                        subject="Re: 見積のお願い", body_text="下書き")
            assert run_or_queue(queue, ctx, "note", a, body="電話で確認済み") is None
            assert run_or_queue(queue, ctx, "done", a) is None
            assert run_or_queue(queue, ctx, "transfer", b, to_login="suzuki", reason="担当外") is None
            assert run_or_queue(queue, ctx, "done", c) is None
            assert run_or_queue(queue, ctx, "note", a, body="完了後の追記") is None  # after its own "done"
            assert [(p.kind, p.interaction_id) for p in queue.waiting()] == [
                ("note", a), ("done", a), ("transfer", b), ("done", c), ("note", a)]

            reassign(ActionContext(pg_db, "tanaka"), c, "suzuki")  # meanwhile a lead moves c elsewhere

            proxy.restore()
            wait_until(lambda: not queue.waiting() and follower.online is True, "the queue to be carried out")
            finished = {(p.kind, p.interaction_id): p for p in queue.finished()}
            assert [finished[k].status for k in [("note", a), ("done", a), ("transfer", b)]] == ["done"] * 3
            assert [p.status for p in queue.finished() if p.interaction_id == a] == ["done"] * 3
            refused = finished[("done", c)]
            assert refused.status == "refused"
            assert refused.reason == f"interaction {c} moved meanwhile: it is now with someone else"
            with pg_db.read() as s:
                assert s.scalar(select(Interaction.state).where(Interaction.id == a)) == "done"
                assert s.scalar(select(Interaction.state).where(Interaction.id == c)) == "assigned"
                assert s.scalars(select(Note.body).where(Note.interaction_id == a).order_by(Note.id)).all() == [
                    "電話で確認済み", "完了後の追記"]
            saved = drafts.get(f"outbound-{draft_id}")
            assert saved is not None and saved.body_text == "下書き"
            drafts.close()
        finally:
            follower.stop()
            cache.close()
            far.dispose()


def _replay(path: Path, ctx: ActionContext) -> None:
    with CacheStore.open(path) as cache:
        replay(OfflineQueue(cache), ctx)


def test_a_stale_send_waiting_offline_is_stopped(db: Database, tmp_path: Path) -> None:
    center = seed_center(db)
    iid = inbound(db, center)
    ctx = ActionContext(db, "sato")
    oid = reply(ctx, iid, text="お待たせしました。")
    with CacheStore.open(tmp_path / "cache.sqlite3") as cache:
        sync_from_routing(cache, db, "sato")
        queue = OfflineQueue(cache)
        queue.enqueue("send", oid)
        with db.write() as s:  # the customer wrote again while the send waited
            first = s.get(Interaction, iid)
            assert first is not None
            s.add(Interaction(direction="inbound", state="assigned", owner_id=first.owner_id, team_id=first.team_id,
                              case_id=first.case_id, contact_id=first.contact_id, subject="Re: 納期",
                              body_text="まだですか?"))
        result = replay(queue, ctx)
        assert result.done == [] and not result.interrupted
        (refused,) = queue.finished()
        assert refused.status == "refused" and "the customer wrote again" in (refused.reason or "")
    with db.read() as s:
        assert s.scalar(select(Interaction.state).where(Interaction.id == oid)) == "needs_attention"


def test_bad_queued_actions_are_refused_at_once(cache: CacheStore) -> None:
    queue = OfflineQueue(cache)
    with pytest.raises(OfflineError, match="'approve' cannot wait"):
        queue.enqueue("approve", 1)
    with pytest.raises(OfflineError, match="unknown argument"):
        queue.enqueue("done", 1, force=True)
    with pytest.raises(OfflineError, match="a note must not be empty"):
        queue.enqueue("note", 1, body="  ")
    first = queue.enqueue("note", 1, body="memo")
    queue.enqueue("done", 1)
    assert queue.cancel(first) and not queue.cancel(first)
    assert [p.kind for p in queue.waiting()] == ["done"]

"""The desk cache as the desktop uses it: opened off the caller's thread, drafts to Drafts, queued actions run."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from agentdesk.actions.context import ActionContext
from agentdesk.actions.notes import set_disposition
from agentdesk.actions.outbound import reply
from agentdesk.desk.autosave import DraftContent
from agentdesk.desk.local import DeskCache
from agentdesk.routing.db import Database
from agentdesk.routing.models import Interaction, Note
from tests.cache.test_follow import wait_until
from tests.support.factories import inbound, seed_center


def test_desk_cache(db: Database, tmp_path: Path) -> None:
    center = seed_center(db)
    ctx = ActionContext(db, "sato")
    iid = inbound(db, center, subject="請求書の件", body="請求書を再発行してください。")
    oid = reply(ctx, iid, text="")
    changes: list[int] = []
    desk = DeskCache(ctx, tmp_path / "data", on_change=lambda: changes.append(1)).start()
    try:
        assert desk.wait_ready()
        wait_until(lambda: desk.online is True, "the first pass")
        wait_until(lambda: bool(desk.search("請求書").hits), "the interaction in the cache")
        desk.save_draft(oid, DraftContent(oid, to=("jane@example.org",), subject="Re: 請求書の件",
                                          body_text="再発行いたしました。"))
        assert desk.keeper.flush()
        wait_until(lambda: not desk.draft_offers(), "the draft to reach Drafts")
        with db.read() as s:
            assert s.scalar(select(Interaction.body_text).where(Interaction.id == oid)) == "再発行いたしました。"

        set_disposition(ctx, iid, "resolved")
        desk.queue("note", iid, body="再発行済み")  # as if the database had been away when it was asked
        desk.queue("done", iid)
        wait_until(lambda: not desk.waiting(), "the queued actions to run")
        state = desk.snapshot()
        assert [(a.kind, a.status) for a in state.finished] == [("done", "done"), ("note", "done")]
        with db.read() as s:
            assert s.scalar(select(Interaction.state).where(Interaction.id == iid)) == "done"
            assert s.scalars(select(Note.body).where(Note.interaction_id == iid)).all() == ["再発行済み"]
        assert changes
    finally:
        desk.close()

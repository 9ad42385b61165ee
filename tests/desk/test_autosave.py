"""The outbound window's autosave: on disk as typed, in the Drafts workbin a moment later, back after a kill."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from sqlalchemy import select

from agentdesk.actions.context import ActionContext
from agentdesk.actions.errors import InvalidInput
from agentdesk.actions.outbound import reply
from agentdesk.cache.drafts import Draft
from agentdesk.cache.store import CacheStore
from agentdesk.desk.autosave import DraftContent, DraftKeeper, draft_key, push_to_routing
from agentdesk.routing.db import Database
from agentdesk.routing.models import Interaction
from tests.cache.test_follow import wait_until
from tests.support.factories import inbound, seed_center
from tests.support.typist import type_then_kill


def body_in_routing(db: Database, oid: int) -> str:
    with db.read() as s:
        return str(s.scalar(select(Interaction.body_text).where(Interaction.id == oid)))


def test_typed_text_reaches_the_drafts_workbin(db: Database, tmp_path: Path) -> None:
    center = seed_center(db)
    ctx = ActionContext(db, "sato")
    oid = reply(ctx, inbound(db, center), text="")
    keeper = DraftKeeper(tmp_path / "cache.sqlite3", push=push_to_routing(ctx), push_delay=0.1)
    try:
        for n in range(1, 30):
            keeper.submit(draft_key(oid), DraftContent(oid, to=("jane@example.org",), subject="Re: 納期",
                                                       body_text="お世話になっております。"[: n % 13] + f"#{n}"))
        assert keeper.flush()
        wait_until(lambda: not keeper.offers(), "the draft to reach Drafts")
        assert body_in_routing(db, oid) == "お世話になっております。"[: 29 % 13] + "#29"
    finally:
        keeper.close()


def test_offline_drafts_wait_and_are_offered_back(tmp_path: Path) -> None:
    calls: list[Draft] = []
    up = False

    def push(draft: Draft) -> None:
        if not up:
            raise OSError("connection refused")
        if draft.interaction_id == 13:
            raise InvalidInput("outbound email 13 was sent; it can no longer be edited")
        calls.append(draft)

    path = tmp_path / "cache.sqlite3"
    keeper = DraftKeeper(path, push=push, push_delay=0.05, retry_seconds=0.1)
    keeper.submit(draft_key(7), DraftContent(7, to=("a@example.org",), subject="件名", body_text="本文",
                                             instructions=None))
    keeper.submit(draft_key(13), DraftContent(13, body_text="gone"))
    assert keeper.flush()
    wait_until(lambda: keeper.last_error == "connection refused", "the push to fail")
    keeper.close()

    keeper = DraftKeeper(path, push=push, push_delay=0.05, retry_seconds=30)  # the next start
    try:
        offered = {d.key: d for d in keeper.offers()}
        assert set(offered) == {"outbound-7", "outbound-13"}
        assert (offered["outbound-7"].subject, offered["outbound-7"].body_text) == ("件名", "本文")
        up = True
        keeper.sync_pending()
        wait_until(lambda: not keeper.offers(), "the drafts to be pushed")
        assert [d.key for d in calls] == ["outbound-7"]
        with CacheStore.open(path) as cache:  # the refused one is kept here, with the reason
            from agentdesk.cache.drafts import DraftStore

            store = DraftStore(cache)
            assert store.sync_error("outbound-13") == "outbound email 13 was sent; it can no longer be edited"
            store.close()
        keeper.discard("outbound-13")
        assert keeper.latest("outbound-13") is None
    finally:
        keeper.close()


_TYPIST = """
import sys, time
from pathlib import Path
from agentdesk.desk.autosave import DraftContent, DraftKeeper
keeper = DraftKeeper(Path(sys.argv[1]))
text = ""
last_handover = 0.0
n = 0
while True:  # an agent typing 50 characters a second; the window hands the draft over every 0.5 s (as its timer)
    n += 1
    text += "あいうえおかきくけこ"[n % 10]
    now = time.monotonic()
    print(n, now, flush=True)
    if now - last_handover >= 0.5:
        keeper.submit("outbound-1", DraftContent(1, to=("jane@example.org",), subject="Re: 納期", body_text=text))
        last_handover = now
    time.sleep(0.02)
"""


def test_a_kill_while_typing_loses_at_most_the_last_second(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite3"
    CacheStore.open(path).close()
    proc = subprocess.Popen([sys.executable, "-c", _TYPIST, str(path)], stdout=subprocess.PIPE, text=True)
    typed = type_then_kill(proc)
    assert len(typed) >= 150, "the typist did not get going"
    keeper = DraftKeeper(path)  # the next start
    try:
        (draft,) = keeper.offers()
    finally:
        keeper.close()
    saved = len(draft.body_text)
    assert draft.body_text == "".join("あいうえおかきくけこ"[n % 10] for n in range(1, saved + 1))
    last = max(typed)
    lost_from = typed.get(saved + 1, typed[last])
    assert typed[last] - lost_from <= 1.0, f"{last - saved} keystrokes lost, typed over {typed[last] - lost_from:.2f} s"

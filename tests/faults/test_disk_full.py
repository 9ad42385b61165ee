"""Disk full for the local cache: the cache file lives on a tiny filesystem (a tmpfs mounted for the test; root
only: without root it skips locally and fails in CI) that is then filled up. The autosave says clearly that the
draft could not be saved on this computer, keeps the last saved version, keeps the newest text to save and
saves it as soon as there is room again; its writer never dies. The outbound window says so in its status line
(tests/gui/test_pending.py)."""

from __future__ import annotations

from pathlib import Path

from agentdesk.desk.autosave import DraftContent, DraftKeeper, draft_key
from tests.faults.harness import Tally
from tests.support.smallfs import fill, small_filesystem
from tests.support.smtpd import wait_until


def test_disk_full_keeps_drafts_says_so_and_resumes(tmp_path: Path) -> None:
    with small_filesystem(tmp_path / "cache") as folder:
        path = folder / "cache.sqlite3"
        key = draft_key(7)
        keeper = DraftKeeper(path, retry_seconds=0.1)
        try:
            keeper.submit(key, DraftContent(7, to=("jane@example.org",), subject="納期", body_text="最初の版"))
            assert keeper.flush()
            filler = fill(folder)
            big = "お待たせしております。" * 20_000
            keeper.submit(key, DraftContent(7, to=("jane@example.org",), subject="納期", body_text=big))
            wait_until(lambda: keeper.save_error is not None, what="the failed save to be reported")
            assert keeper.save_error is not None and "full" in keeper.save_error, keeper.save_error
            saved = keeper.latest(key)
            assert saved is not None and saved.body_text == "最初の版"  # the last saved version is kept
            keeper.submit(key, DraftContent(7, to=("jane@example.org",), subject="納期", body_text=big + "続き"))
            wait_until(lambda: keeper.save_error is not None, what="the next save to fail too")
            filler.unlink()  # room again
            wait_until(lambda: keeper.save_error is None, what="the save to resume")
            saved = keeper.latest(key)
            assert saved is not None and saved.body_text == big + "続き"  # the newest text, nothing lost
            keeper.submit(key, DraftContent(7, to=("jane@example.org",), subject="納期", body_text="最後"))
            assert keeper.flush()
        finally:
            keeper.close()
        again = DraftKeeper(path)  # the next start offers it back
        try:
            assert [(d.key, d.body_text) for d in again.offers()] == [(key, "最後")]
        finally:
            again.close()
    Tally("disk full (local cache)", "sqlite cache", trials=1, retried=1, actions=4).save()

"""Drafts survive anything: saved whole, attachments copied, offered back after a SIGKILL."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from agentdesk.cache.drafts import DraftError, DraftStore
from agentdesk.cache.store import CacheStore


def test_save_restore_discard(cache: CacheStore, tmp_path: Path) -> None:
    pdf = tmp_path / "見積書.pdf"
    pdf.write_bytes(b"%PDF-1.4 quote")
    drafts = DraftStore(cache)
    drafts.save("new-1", to=["jane@example.org"], cc=["bob@example.com"], subject="お見積り",
                body_text="いつもお世話になっております。", body_html="<p>いつも</p>",
                attachment_paths=[pdf], notes="called first", disposition="resolved")
    drafts.save("reply-7", interaction_id=7, subject="Re: invoice", body_text="Thanks")
    draft = drafts.get("new-1")
    assert draft is not None
    assert (draft.interaction_id, draft.to, draft.cc, draft.bcc) == (None, ("jane@example.org",),
                                                                     ("bob@example.com",), ())
    assert (draft.subject, draft.body_html, draft.notes, draft.disposition) == (
        "お見積り", "<p>いつも</p>", "called first", "resolved")
    (att,) = draft.attachments
    assert (att.filename, att.content_type, att.size, att.data) == (
        "見積書.pdf", "application/pdf", 14, b"%PDF-1.4 quote")
    assert {d.key for d in drafts.unsent_drafts()} == {"new-1", "reply-7"}
    assert drafts.unsent_drafts()[0].key == "reply-7"  # most recently saved first

    pdf.unlink()  # the file went away: the copy taken at the first save still comes back
    drafts.save("new-1", to=["jane@example.org"], subject="お見積り v2", attachment_paths=[pdf])
    again = drafts.get("new-1")
    assert again is not None and again.subject == "お見積り v2"
    assert again.attachments[0].data == b"%PDF-1.4 quote" and again.cc == ()

    assert drafts.discard("new-1") and not drafts.discard("new-1")
    assert drafts.get("new-1") is None
    assert cache.conn.execute("SELECT count(*) FROM draft_attachments").fetchone()[0] == 0
    drafts.close()


def test_bad_drafts_are_refused_whole(cache: CacheStore, tmp_path: Path) -> None:
    drafts = DraftStore(cache)
    drafts.save("k", subject="before")
    with pytest.raises(DraftError, match=r"attachment .*missing\.txt: cannot be read"):
        drafts.save("k", subject="after", attachment_paths=[tmp_path / "missing.txt"])
    with pytest.raises(DraftError, match=r"to: 'a@example\.org\\nBcc: x@evil' holds a line break"):
        drafts.save("k", to=["a@example.org\nBcc: x@evil"])
    with pytest.raises(DraftError, match="a draft needs a key"):
        drafts.save("", subject="x")
    draft = drafts.get("k")
    assert draft is not None and draft.subject == "before"


_WRITER = """
import sys, time
from pathlib import Path
from agentdesk.cache.drafts import DraftStore
from agentdesk.cache.store import CacheStore
cache = CacheStore.open(Path(sys.argv[1]))
drafts = DraftStore(cache)
n = 0
while True:
    n += 1
    drafts.save("reply-1", interaction_id=1, to=["jane@example.org"], subject="Re: 納期",
                body_text="お世話になっております。" * n + f"#{n}")
    print(n, flush=True)
    time.sleep(0.1)
"""


def test_a_draft_survives_sigkill(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite3"
    CacheStore.open(path).close()
    proc = subprocess.Popen([sys.executable, "-c", _WRITER, str(path)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    last = 0
    deadline = time.monotonic() + 60
    try:
        while last < 15 and time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            last = int(line)
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    assert last >= 15, "the writer did not save 15 times within 60 seconds"
    with CacheStore.open(path) as cache:
        assert cache.rebuilt_from is None
        (draft,) = DraftStore(cache).unsent_drafts()
    saved = int(draft.body_text.rsplit("#", 1)[1])
    assert saved >= last  # every save reported before the kill is there (at most one more)
    assert draft.body_text == "お世話になっております。" * saved + f"#{saved}"

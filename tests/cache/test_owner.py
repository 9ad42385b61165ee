"""One user's cache at a time on a desktop: another user's files go when a new user signs in, after their
unsent work is counted."""

from __future__ import annotations

import time
from pathlib import Path

from agentdesk.cache.owner import claim, recorded_owner, unsent_work
from agentdesk.cache.store import CacheStore, cache_path

URL = "postgresql://t_sato@db.example.com/agentdesk"


def _cache(data_dir: Path, login: str, *, drafts: int = 0, waiting: int = 0, synced: int = 0) -> Path:
    path = cache_path(data_dir, login, URL.replace("t_sato", f"t_{login}"))
    with CacheStore.open(path) as cache:
        now = time.time()
        for n in range(drafts + synced):
            cache.conn.execute("INSERT INTO draft_sync (key, saved_at, synced_at) VALUES (?, ?, ?)",
                               (f"outbound-{n}", now, now if n >= drafts else None))
        for n in range(waiting):
            cache.conn.execute("INSERT INTO pending_actions (kind, interaction_id, args, created_at) "
                               "VALUES ('done', ?, '{}', ?)", (n, now))
    return path


def test_signing_in_deletes_every_other_users_cache_and_records_the_owner(tmp_path: Path) -> None:
    sato = _cache(tmp_path, "sato")
    suzuki = _cache(tmp_path, "suzuki", synced=2)
    lookalike = _cache(tmp_path, "sato-t")  # a login that starts like sato's is another user's
    (tmp_path / "cache" / f"{sato.name}.damaged-1700000000").write_bytes(b"x")
    assert recorded_owner(tmp_path) is None
    deleted = claim(tmp_path, "suzuki")
    assert suzuki.exists() and not sato.exists() and not lookalike.exists()
    assert {p.name for p in deleted} >= {sato.name, lookalike.name, f"{sato.name}.damaged-1700000000"}
    assert recorded_owner(tmp_path) == "suzuki"
    assert claim(tmp_path, "suzuki") == []  # the same user again: nothing goes


def test_unsent_drafts_and_waiting_actions_are_counted_first(tmp_path: Path) -> None:
    _cache(tmp_path, "sato", drafts=2, waiting=1, synced=3)
    _cache(tmp_path, "kato", synced=1)  # everything of kato's reached the database: nothing to ask about
    found = unsent_work(tmp_path, "suzuki")
    assert [(w.login, w.drafts, w.waiting) for w in found] == [("sato", 2, 1)]
    assert unsent_work(tmp_path, "sato") == []  # one's own cache is never counted as lost


def test_an_empty_data_folder_is_fine(tmp_path: Path) -> None:
    assert unsent_work(tmp_path, "sato") == [] and claim(tmp_path, "sato") == []
    assert recorded_owner(tmp_path) == "sato"

"""Fixtures for the cache tests: an open cache file, and rows written straight into its mirror."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from agentdesk.cache.mirror import CachedInteraction, upsert_interactions
from agentdesk.cache.store import CacheStore

BASE = CachedInteraction(
    id=0, direction="inbound", kind="email", state="assigned", purpose=None, owner_id=1, owner_login="sato",
    team_id=1, team_name="support", case_id=None, contact_id=1, contact_name="Jane Doe",
    from_addr="jane@example.org", from_name="Jane Doe", to_addrs="support@example.com", cc_addrs="",
    subject="", body_text="", attachment_names="", attachment_text="", has_attachments=False,
    received_at=datetime(2026, 9, 1, 12, tzinfo=UTC).timestamp(), updated_at=0.0, version=1,
)


@pytest.fixture
def cache(tmp_path: Path) -> Iterator[CacheStore]:
    store = CacheStore.open(tmp_path / "cache.sqlite3")
    yield store
    store.close()


Put = Callable[..., CachedInteraction]


@pytest.fixture
def put(cache: CacheStore) -> Put:
    """``put(id, subject=…, body_text=…, received=datetime, …)``: write one row into the mirror."""

    def _put(interaction_id: int, *, received: datetime | None = None, **fields: object) -> CachedInteraction:
        fields.setdefault("case_id", interaction_id)
        row = replace(BASE, id=interaction_id, **fields)  # type: ignore[arg-type]
        if received is not None:
            row = replace(row, received_at=received.timestamp())
        with cache.transaction() as conn:
            upsert_interactions(conn, [row])
        return row

    return _put

"""The desk's offline policy (agentdesk.desk.reading): each read asks PostgreSQL, and with its connection cut at
a proxy answers from the desktop's cache, saying so; without a cache the failure is raised as before. The
services are built by one function, typed (agentdesk.desk.services)."""

from __future__ import annotations

from pathlib import Path

import pytest

from agentdesk.actions.context import ActionContext
from agentdesk.actions.errors import NotFound
from agentdesk.actions.notes import set_disposition
from agentdesk.actions.reading import read_message
from agentdesk.cache.follow import is_unreachable
from agentdesk.config.paths import Paths
from agentdesk.desk.reading import ONLINE_ONLY, Answer, Opened, Reading
from agentdesk.desk.services import DeskServices, build_services
from agentdesk.routing.db import Database
from tests.cache.test_follow import wait_until
from tests.support.factories import inbound, seed_center
from tests.support.tcp_proxy import SwitchProxy


def _paths(tmp_path: Path) -> Paths:
    return Paths(config_dir=tmp_path / "config", data_dir=tmp_path / "data", log_dir=tmp_path / "log")


def test_reads_fall_back_to_the_cache_when_the_database_is_cut(pg_db: Database, tmp_path: Path) -> None:
    center = seed_center(pg_db)
    first = inbound(pg_db, center, subject="請求書の再発行", body="請求書をもう一度お送りください。")
    inbound(pg_db, center, subject="Late delivery", body="Where is my parcel?")
    set_disposition(ActionContext(pg_db, "sato"), first, "resolved")  # a history event
    with SwitchProxy(pg_db.url.port or 5432) as proxy:
        far = Database(pg_db.url.set(port=proxy.port, query={"connect_timeout": "3"}))
        ctx = ActionContext(far, "sato")
        services = build_services(ctx, _paths(tmp_path), tmp_path / "config" / "agentdesk.toml",
                                  cache_in_child=False)
        assert isinstance(services, DeskServices) and isinstance(services.reading, Reading)
        desk = services.cache.start()
        try:
            assert desk.wait_ready()
            wait_until(lambda: desk.interaction(first) is not None and bool(desk.history(first)),
                       "the interaction and its history in the cache")
            reads = services.reading

            online = reads.open_interaction(ctx, first)
            assert online.offline is False and online.value is not None
            assert online.value.detail.subject == "請求書の再発行" and online.value.message is None
            contact_id = online.value.detail.summary.contact_id
            assert contact_id is not None
            # the email view keeps the body it showed, for the offline view
            assert desk.keep_message(first, online.value.detail.summary.version, read_message(ctx, first), ())
            assert [e.event for e in reads.interaction_history(ctx, first).value]

            proxy.cut()
            opened = reads.open_interaction(ctx, first)
            assert opened.offline is True and opened.reason
            assert isinstance(opened.value, Opened) and opened.value.cached
            assert opened.value.detail.subject == "請求書の再発行"
            assert opened.value.message is not None and "offline" in opened.value.message.flags

            history = reads.interaction_history(ctx, first)
            assert history.offline is True and [e.interaction_id for e in history.value][:1] == [first]
            contacts = reads.search_contacts(ctx, "")
            assert contacts.offline is True and contact_id in {c.id for c in contacts.value}
            mine = reads.contact_history(ctx, contact_id)
            assert mine.offline is True and first in {s.id for s in mine.value}
            members = reads.search_team_members(ctx, "", everyone=True)
            assert members == Answer([], offline=True, reason=members.reason)
            assert reads.open_interaction(ctx, 999_999).value is None  # not kept here: nothing to show

            # without a cache, the unreachable database is the caller's to present, as before
            with pytest.raises(Exception) as raised:
                ONLINE_ONLY.open_interaction(ctx, first)
            assert is_unreachable(raised.value)

            proxy.restore()
            back = reads.open_interaction(ctx, first)
            assert back.offline is False
            # a refusal is never covered up by the cache
            with pytest.raises(NotFound):
                reads.open_interaction(ctx, 999_999)
        finally:
            desk.close()
            far.dispose()

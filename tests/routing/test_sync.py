"""Mailbox sync against a real Dovecot: exactly once across passes, dropped connections, UIDVALIDITY changes,
after_ingest, concurrent routers. The core runs on SQLite and PostgreSQL (the ``db`` fixture)."""

from __future__ import annotations

import contextlib
import threading
from typing import Any

import pytest
from sqlalchemy import func, select

from agentdesk.config import set_secret
from agentdesk.config.mailboxes import MailboxSettings, parse_mailbox
from agentdesk.mail.imap import ImapConnection, ImapError
from agentdesk.routing.db import Database
from agentdesk.routing.engine import Engine
from agentdesk.routing.models import Interaction, MailboxState
from agentdesk.routing.sync import load_position, sync_folder
from tests.mail.corpus import corpus
from tests.support.dovecot import Dovecot, ImapUser, dovecot_fixture, message
from tests.support.factories import seed_center
from tests.support.tcp_proxy import CuttingProxy

__all__ = ["dovecot_fixture"]


def _mailbox(dovecot: Dovecot, user: ImapUser, *, after_ingest: str = "keep", port: int | None = None,
             **imap: Any) -> MailboxSettings:
    set_secret("imap:support", user.password)
    table = dovecot.imap_table(user, **imap)
    if port is not None:
        table.update(port=port, security="none")
        table.pop("ca_file", None)
    return parse_mailbox({"name": "support", "address": "support@example.com", "team": "support",
                          "after_ingest": after_ingest, "imap": table})


def _sync(db: Database, mailbox: MailboxSettings, **kwargs: Any) -> Any:
    assert mailbox.imap is not None
    with ImapConnection(mailbox.imap) as conn:
        return sync_folder(db, mailbox, conn, **kwargs)


def _stored(db: Database) -> list[bytes]:
    with db.read() as s:
        return [r for r in s.scalars(select(Interaction.raw).where(Interaction.mailbox == "support")
                                     .order_by(Interaction.id)) if r is not None]


def _assert_exactly_once(db: Database, raws: list[bytes]) -> None:
    stored = _stored(db)
    assert sorted(stored) == sorted(raws), f"{len(stored)} stored for {len(raws)} on the server"
    with db.read() as s:
        keys = s.scalars(select(Interaction.dedup_key).where(Interaction.mailbox == "support")).all()
        assert len(keys) == len(set(keys))


def test_sync_ingests_each_message_once(db: Database, dovecot: Dovecot) -> None:
    seed_center(db)
    user = dovecot.new_user()
    raws = [message(n) for n in range(1, 31)]
    raws[3] = raws[3].replace(b"Subject: ", b"Subject: =?ISO-2022-JP?B?GyRCRnxLXDhsGyhC?= ")
    dovecot.append(user, raws)
    mailbox = _mailbox(dovecot, user, batch_size=7)
    seen: list[tuple[int, int]] = []
    first = _sync(db, mailbox, progress=lambda done, total: seen.append((done, total)))
    assert len(first.created) == 30 and first.total == 30
    assert seen == [(0, 30), (7, 30), (14, 30), (21, 30), (28, 30), (30, 30)]
    assert _stored(db) == raws  # exact bytes, in UID order
    second = _sync(db, mailbox)
    assert second.created == [] and second.total == 0
    position = load_position(db, "support", "INBOX")
    assert position is not None and position.last_uid == 30 and position.highest_modseq is not None
    more = [message(n) for n in range(31, 34)]
    dovecot.append(user, more)
    third = _sync(db, mailbox)
    assert len(third.created) == 3
    _assert_exactly_once(db, raws + more)


def test_connection_cut_mid_fetch_then_next_pass_completes(db: Database, dovecot: Dovecot) -> None:
    seed_center(db)
    user = dovecot.new_user()
    raws = [message(n, body="y" * 3000 + "\r\n") for n in range(1, 61)]
    dovecot.append(user, raws)
    with CuttingProxy(dovecot.imap_port, cut_after=100_000) as proxy:
        mailbox = _mailbox(dovecot, user, port=proxy.port, batch_size=20)
        with pytest.raises(ImapError):
            _sync(db, mailbox)
        assert proxy.cut_count == 1
        partial = len(_stored(db))
        assert 0 < partial < 60  # some batches committed before the cut
        result = _sync(db, mailbox)
        assert len(result.created) == 60 - partial
    _assert_exactly_once(db, raws)


def test_engine_retries_a_dropped_connection_within_a_pass(db: Database, dovecot: Dovecot) -> None:
    seed_center(db)
    user = dovecot.new_user()
    raws = [message(n, body="z" * 3000 + "\r\n") for n in range(1, 41)]
    dovecot.append(user, raws)
    with CuttingProxy(dovecot.imap_port, cut_after=50_000, cuts=2) as proxy:
        mailbox = _mailbox(dovecot, user, port=proxy.port, batch_size=10)
        report = Engine(db, [mailbox], connect_attempts=4).run_once()
        assert report.errors == {} and proxy.cut_count == 2
    _assert_exactly_once(db, raws)
    assert report.ingested == 40


def test_uidvalidity_change_between_syncs(db: Database, dovecot: Dovecot) -> None:
    seed_center(db)
    user = dovecot.new_user()
    old = [message(n) for n in range(1, 6)]
    no_id = b"From: q@example.org\r\nSubject: no id\r\n\r\nsame bytes twice\r\n"
    dovecot.append(user, [*old, no_id], folder="Support")
    mailbox = _mailbox(dovecot, user, folder="Support", batch_size=4)
    assert len(_sync(db, mailbox).created) == 6
    before = load_position(db, "support", "Support")
    with dovecot.client(user) as client:
        client.delete_folder("Support")
    new = [message(n) for n in range(6, 9)]
    dovecot.append(user, [new[0], *old, no_id, *new[1:]], folder="Support")
    result = _sync(db, mailbox)
    after = load_position(db, "support", "Support")
    assert before is not None and after is not None and after.uidvalidity != before.uidvalidity
    assert result.uidvalidity_changed and result.rematched == 5 and len(result.created) == 3
    assert result.duplicates == 1  # the message without a Message-ID was fetched and matched by its bytes
    _assert_exactly_once(db, [*old, no_id, *new])
    with db.read() as s:
        uids = dict(s.execute(select(Interaction.raw, Interaction.imap_uid)).all())
        assert uids[old[0]] == 2 and uids[new[0]] == 1  # stored messages point at their new UIDs
        assert uids[no_id] == 7
        assert set(s.scalars(select(Interaction.imap_uidvalidity)).all()) == {after.uidvalidity}
    assert _sync(db, mailbox).total == 0


def test_uidvalidity_change_during_a_sync(db: Database, dovecot: Dovecot) -> None:
    seed_center(db)
    user = dovecot.new_user()
    raws = [message(n) for n in range(1, 13)]
    dovecot.append(user, raws, folder="Support")
    mailbox = _mailbox(dovecot, user, folder="Support", batch_size=3)
    extra = [message(n) for n in range(13, 16)]
    recreated = threading.Event()

    def recreate(done: int, total: int) -> None:
        if done == 3 and not recreated.is_set():  # after the first batch committed
            recreated.set()
            with dovecot.client(user) as client:
                client.delete_folder("Support")
            dovecot.append(user, [*reversed(raws), *extra], folder="Support")

    with contextlib.suppress(ImapError):  # Dovecot may drop a session whose selected folder was deleted
        _sync(db, mailbox, progress=recreate)
    assert recreated.is_set()
    result = _sync(db, mailbox)
    assert result.uidvalidity_changed
    _assert_exactly_once(db, raws + extra)
    assert _sync(db, mailbox).total == 0


def test_after_ingest_seen_and_move(db: Database, dovecot: Dovecot) -> None:
    seed_center(db)
    user = dovecot.new_user()
    dovecot.append(user, [message(n) for n in range(1, 6)])
    seen = _mailbox(dovecot, user, after_ingest="seen")
    assert len(_sync(db, seen).created) == 5
    with dovecot.client(user) as client:
        client.select_folder("INBOX", readonly=True)
        assert client.search(["UNSEEN"]) == []
    # messages stored but left on the server (as after a crash before the move) are moved on the next pass
    dovecot.append(user, [message(6)])
    move = _mailbox(dovecot, user, after_ingest="move:Processed")
    assert len(_sync(db, move).created) == 1
    with dovecot.client(user) as client:
        assert client.select_folder("INBOX")[b"EXISTS"] == 0
        assert client.select_folder("Processed")[b"EXISTS"] == 6
    assert len(_stored(db)) == 6
    assert _sync(db, move).total == 0


def test_two_routers_at_once_store_each_message_once(db: Database, dovecot: Dovecot) -> None:
    seed_center(db)
    user = dovecot.new_user()
    raws = [message(n) for n in range(1, 121)]
    dovecot.append(user, raws)
    mailbox = _mailbox(dovecot, user, batch_size=15)
    errors: list[BaseException] = []

    def run() -> None:
        try:
            _sync(db, mailbox)
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert errors == []
    _assert_exactly_once(db, raws)
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(MailboxState)) == 1


@pytest.mark.dovecot
def test_every_corpus_message_is_ingested_once_and_parsed(db: Database, dovecot: Dovecot) -> None:
    seed_center(db)
    user = dovecot.new_user()
    raws = [path.read_bytes() for path in corpus()]
    dovecot.append(user, raws)
    report = Engine(db, [_mailbox(dovecot, user)]).run_once()
    assert report.errors == {} and report.ingested == len(raws)
    with dovecot.client(user) as client:
        client.select_folder("INBOX", readonly=True)
        held = [d[b"BODY[]"] for d in client.fetch(client.search("ALL"), ["BODY.PEEK[]"]).values()]
    assert sorted(_stored(db)) == sorted(held)  # once each, byte for byte as the server holds them
    with db.read() as s:
        rows = s.execute(select(Interaction.raw, Interaction.parse_flags, Interaction.body_text,
                                Interaction.state)).all()
    for raw, flags, body, state in rows:
        assert "body_pending" not in flags
        filed = any(f.startswith("auto_filed:") for f in flags)  # bounces and auto-replies: Auto-filed
        assert state == "stored" if filed else state in ("queued", "assigned")  # routed where an agent is free
        assert body.strip() or "unparseable" in flags or "parse_failed" in flags, raw[:200]

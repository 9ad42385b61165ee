"""Dedup by class at ingest (issue 12), with the corpus in tests/data/dedup: (a) byte-identical and (b) transport-only
copies are one interaction, (c) a mailing list's copy is one interaction with the copy recorded, (d) a different
message reusing a Message-ID is kept, flagged; replies land in the right case; old databases upgrade."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy import select

from agentdesk.cli.main import main
from agentdesk.mail.fingerprint import content_fingerprint, copy_kind
from agentdesk.routing import migrate
from agentdesk.routing.db import Database
from agentdesk.routing.engine import Engine
from agentdesk.routing.models import Interaction, InteractionCopy
from tests.cli.test_interactions import write_config
from tests.routing.test_ingest import _ingest
from tests.routing.test_sync import _mailbox
from tests.support.dovecot import Dovecot, dovecot_fixture
from tests.support.factories import seed_center

__all__ = ["dovecot_fixture"]

DEDUP = Path(__file__).resolve().parents[1] / "data" / "dedup"
MID = "<CAF3k9x-order4711@mail.example.net>"


def eml(name: str) -> bytes:
    return (DEDUP / f"{name}.eml").read_bytes()


def _rows(db: Database) -> list[Interaction]:
    with db.read() as s:
        return list(s.scalars(select(Interaction).order_by(Interaction.id)))


def _copies(db: Database) -> list[InteractionCopy]:
    with db.read() as s:
        return list(s.scalars(select(InteractionCopy).order_by(InteractionCopy.id)))


def test_fingerprint_ignores_transport_headers_only() -> None:
    assert content_fingerprint(eml("original")) == content_fingerprint(eml("redelivered"))
    assert content_fingerprint(eml("original")) != content_fingerprint(eml("list-footer"))
    assert content_fingerprint(eml("original")) != content_fingerprint(eml("reused-message-id"))
    assert copy_kind(eml("original"), eml("original")) == "identical"
    assert copy_kind(eml("original"), eml("redelivered")) == "transport"
    assert copy_kind(eml("original"), eml("list-footer")) == "list_copy"
    assert copy_kind(eml("list-footer"), eml("original")) == "list_copy"
    assert copy_kind(eml("multipart"), eml("multipart-list-copy")) == "list_copy"
    assert copy_kind(eml("original"), eml("reused-message-id")) is None
    changed = eml("original").replace(b"Two of the three cups", b"All three cups")
    assert copy_kind(eml("original"), changed) is None  # an edited body is another message


def test_each_class_at_ingest(db: Database) -> None:
    seed_center(db)
    first = _ingest(db, [eml("original"), eml("original"), eml("redelivered")])
    assert len(first.created) == 1 and first.duplicates == 2
    second = _ingest(db, [eml("list-footer"), eml("reused-message-id"), eml("reused-message-id")])
    assert len(second.created) == 1 and second.duplicates == 2
    rows = _rows(db)
    assert [r.raw for r in rows] == [eml("original"), eml("reused-message-id")]
    original, reused = rows
    assert original.message_id == reused.message_id == MID
    assert "duplicate_message_id" not in original.parse_flags
    assert "duplicate_message_id" in reused.parse_flags
    assert reused.dedup_key == f"{original.dedup_key}:{content_fingerprint(eml('reused-message-id'))}"
    copies = _copies(db)
    assert [(c.interaction_id, c.kind) for c in copies] == [
        (original.id, "identical"), (original.id, "transport"), (original.id, "list_copy"), (reused.id, "identical")]
    assert copies[0].raw is None and copies[1].raw == eml("redelivered") and copies[2].raw == eml("list-footer")
    assert [c.imap_uid for c in copies] == [2, 3, 1, 3]
    again = _ingest(db, [eml("redelivered"), eml("list-footer"), eml("reused-message-id")])
    assert again.created == [] and again.duplicates == 3


def test_show_warns_of_a_duplicate_message_id(sqlite_db: Database, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    seed_center(sqlite_db)
    _ingest(sqlite_db, [eml("original"), eml("reused-message-id")])
    first, second = (r.id for r in _rows(sqlite_db))
    config = write_config(sqlite_db, tmp_path, login="root")
    assert main(["--config", config, "interactions", "show", str(second)]) == 0
    assert f"Warning:     duplicate Message-ID — {MID} is also used by another message" in capsys.readouterr().out
    assert main(["--config", config, "interactions", "show", str(first)]) == 0
    assert "duplicate Message-ID" not in capsys.readouterr().out


def test_a_list_copy_first_then_the_direct_one(db: Database) -> None:
    seed_center(db)
    assert len(_ingest(db, [eml("multipart-list-copy")]).created) == 1
    assert _ingest(db, [eml("multipart")]).created == []
    assert [c.kind for c in _copies(db)] == ["list_copy"]


def test_a_reply_to_a_reused_message_id_lands_in_the_right_case(db: Database) -> None:
    seed_center(db)
    _ingest(db, [eml("multipart")])
    _ingest(db, [eml("original")])
    _ingest(db, [eml("reused-message-id")])
    rows = {r.raw: r for r in _rows(db)}
    multipart, original, reused = rows[eml("multipart")], rows[eml("original")], rows[eml("reused-message-id")]
    assert original.case_id != reused.case_id  # a different message: a case of its own
    # In-Reply-To names the reused id (two cases); References also name the multipart message: its case wins
    reply = _ingest(db, [eml("reply-to-reused-id")]).created[0]
    with db.read() as s:
        assert s.get(Interaction, reply).case_id == multipart.case_id  # type: ignore[union-attr]
    # a reply naming only the reused id goes to the case of the latest message with that id
    bare = eml("reply-to-reused-id").replace(b"<reply-77@", b"<reply-78@").replace(
        b"References: <20261104140211.77ab@example.jp> ", b"References: ")
    second = _ingest(db, [bare]).created[0]
    with db.read() as s:
        assert s.get(Interaction, second).case_id == reused.case_id  # type: ignore[union-attr]


def test_existing_databases_get_fingerprints(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    try:
        migrate.upgrade(db, "0011")
        with db.engine.begin() as conn:
            conn.execute(sa.text("INSERT INTO teams (name) VALUES ('support')"))
            conn.execute(sa.text(
                "INSERT INTO interactions (direction, kind, state, team_id, mailbox, dedup_key, message_id, "
                "\"references\", to_addrs, cc_addrs, bcc_addrs, subject, body_text, raw, parse_flags, created_at, "
                "updated_at, version) VALUES ('inbound', 'email', 'queued', 1, 'support', 'mid:old', :mid, '[]', "
                "'[]', '[]', '[]', 'old', '', :raw, '[]', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 1)"),
                {"mid": MID, "raw": eml("original")})
        migrate.upgrade(db)
        with db.engine.connect() as conn:
            assert conn.execute(sa.text("SELECT fingerprint FROM interaction_fingerprints")).scalar_one() == \
                content_fingerprint(eml("original"))
    finally:
        db.dispose()


@pytest.mark.dovecot
def test_the_corpus_through_dovecot(db: Database, dovecot: Dovecot) -> None:
    seed_center(db)
    user = dovecot.new_user()
    names = ["original", "original", "redelivered", "list-footer", "multipart-list-copy", "multipart",
             "reused-message-id", "reply-to-reused-id"]
    dovecot.append(user, [eml(n) for n in names])
    report = Engine(db, [_mailbox(dovecot, user)]).run_once()
    assert report.errors == {}
    rows = _rows(db)
    assert sorted(r.raw or b"" for r in rows) == sorted(
        eml(n) for n in ("original", "multipart-list-copy", "reused-message-id", "reply-to-reused-id"))
    assert sorted(c.kind for c in _copies(db)) == ["identical", "list_copy", "list_copy", "transport"]
    flagged = [r for r in rows if "duplicate_message_id" in r.parse_flags]
    assert [r.raw for r in flagged] == [eml("reused-message-id")]
    by_raw = {r.raw: r for r in rows}
    assert by_raw[eml("reply-to-reused-id")].case_id == by_raw[eml("multipart-list-copy")].case_id

"""Keeping the cache in step with the routing database, incrementally and read-only.

A pass reads the interactions this user may see whose ``updated_at`` is past the last high-water mark
(minus an overlap: desktops stamp rows with their own clocks, and a transaction can commit after a later
one), and rewrites only those whose ``version`` or ``updated_at`` differ from the cached copy. Deletions and
rows that left the user's sight (a transfer to another team) are caught by comparing a fingerprint of the
visible id set (count, sum, sum of squares); only when it differs is the whole id list read and diffed,
which also brings back rows the cache lacks. A change of the user's role or team starts over. Contacts are
compared in full each pass (they carry no change stamp); a renamed contact re-indexes its interactions. The
histories and cases of the cached interactions follow too (``agentdesk.cache.histories``), and their case data
and QA status (``agentdesk.cache.casedata``, by the rows' ``updated_at``).
"""

from __future__ import annotations

import email
import email.policy
import logging
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, func, or_, select, true
from sqlalchemy.orm import Session

from agentdesk.cache import casedata, histories, mirror
from agentdesk.cache.mirror import CachedContact, CachedInteraction
from agentdesk.cache.store import CacheStore
from agentdesk.mail.charsets import decode_lossy
from agentdesk.routing.db import Database
from agentdesk.routing.models import (
    Attachment,
    Contact,
    ContactEmail,
    ContactPhone,
    Interaction,
    Role,
    Team,
    User,
)

log = logging.getLogger(__name__)

#: how far before the high-water mark each pass looks again (clock skew between desktops, late commits)
OVERLAP = timedelta(minutes=10)
_BATCH = 500
#: attachments whose text is indexed: text/* types, at most this many bytes each
TEXT_ATTACHMENT_LIMIT = 1_000_000


class SyncError(Exception):
    """The cache cannot follow the routing database for this user (unknown login …)."""


def visible_clause(user: User) -> ColumnElement[bool]:
    """The interactions ``user`` may see: their team's and their own; administrators see everything."""
    if user.role == Role.ADMIN.value:
        return true()
    if user.team_id is None:
        return Interaction.owner_id == user.id
    return or_(Interaction.team_id == user.team_id, Interaction.owner_id == user.id)


def _contact_clause(user: User) -> ColumnElement[bool]:
    if user.role == Role.ADMIN.value:
        return true()
    if user.team_id is None:
        return Contact.team_id.is_(None)
    return or_(Contact.team_id == user.team_id, Contact.team_id.is_(None))


def _ts(value: datetime | None) -> float | None:
    return None if value is None else value.timestamp()


def sync_from_routing(cache: CacheStore, db: Database, login: str) -> int:
    """Bring the cache of ``login`` up to date; returns how many interactions were added, changed or removed."""
    with db.read() as session:
        user = session.scalar(select(User).where(User.login == login))
        if user is None:
            raise SyncError(f"there is no user with the login {login!r} in the routing database")
        scope = f"{user.id}:{user.role}:{user.team_id}:{db.url.render_as_string(hide_password=True)}"
        fresh = cache.get_meta("scope") != scope
        mark_text = None if fresh else cache.get_meta("mark")
        visible = visible_clause(user)

        recent = select(Interaction.id, Interaction.version, Interaction.updated_at).where(visible)
        if mark_text is not None:
            recent = recent.where(Interaction.updated_at >= datetime.fromisoformat(mark_text) - OVERLAP)
        candidates = {r.id: (r.version, r.updated_at) for r in session.execute(recent)}
        cached = {} if fresh else {
            r[0]: (r[1], r[2]) for r in cache.conn.execute("SELECT id, version, updated_at FROM interactions")
        }
        changed = {
            i for i, (version, updated) in candidates.items()
            if cached.get(i) != (version, _ts(updated))
        }
        removed: set[int] = set()
        if not fresh and _fingerprint(session, visible) != _cache_fingerprint(cache):
            routing_ids = set(session.scalars(select(Interaction.id).where(visible)))
            removed = set(cached) - routing_ids
            changed |= routing_ids - set(cached)
        rows = [row for batch in _batches(sorted(changed)) for row in _fetch(session, batch, visible)]
        contacts = _fetch_contacts(session, user)
        history_mark = None if fresh else cache.get_meta("history_mark")
        events = histories.fetch_history(session, visible, None if history_mark is None else int(history_mark),
                                         sorted(changed - set(cached)))
        cases = histories.fetch_cases(session, (r.case_id for r in rows if r.case_id is not None))
        case_data = casedata.fetch(session, visible, None if fresh else cache.get_meta("case_data_mark"), OVERLAP,
                                   [(r.id, r.case_id) for r in rows])
        marks = [updated for _, updated in candidates.values()]
        new_mark = max(marks).isoformat() if marks else mark_text

    with cache.transaction() as conn:
        if fresh:
            mirror.clear(conn)
        n = mirror.upsert_interactions(conn, rows)
        n += mirror.delete_interactions(conn, removed)
        histories.forget(conn, removed)
        top = histories.store(conn, events, cases)
        casedata.store(conn, case_data, fresh=fresh)
        casedata.forget(conn, removed)
        if case_data.mark is not None:
            cache.set_meta("case_data_mark", case_data.mark)
        conn.executemany("DELETE FROM opened_messages WHERE interaction_id = ?", [(i,) for i in removed])
        if top is not None:
            cache.set_meta("history_mark", str(top))
        _apply_contacts(conn, contacts)
        cache.set_meta("scope", scope)
        if new_mark is not None:
            cache.set_meta("mark", new_mark)
        cache.set_meta("synced_at", datetime.now().astimezone().isoformat())
    if n:
        log.info("cache %s: %d interactions changed", cache.path, n)
    return n


def _fingerprint(session: Session, visible: ColumnElement[bool]) -> tuple[int, int, int]:
    row = session.execute(select(
        func.count(), func.coalesce(func.sum(Interaction.id), 0),
        func.coalesce(func.sum(Interaction.id * Interaction.id), 0),
    ).where(visible)).one()
    return int(row[0]), int(row[1]), int(row[2])


def _cache_fingerprint(cache: CacheStore) -> tuple[int, int, int]:
    row = cache.conn.execute(
        "SELECT count(*), coalesce(sum(id), 0), coalesce(sum(id * id), 0) FROM interactions"
    ).fetchone()
    return int(row[0]), int(row[1]), int(row[2])


def _batches(ids: Sequence[int]) -> Iterable[list[int]]:
    for start in range(0, len(ids), _BATCH):
        yield list(ids[start : start + _BATCH])


def _fetch(session: Session, ids: list[int], visible: ColumnElement[bool]) -> list[CachedInteraction]:
    attachments: dict[int, list[Attachment]] = {}
    for a in session.scalars(select(Attachment).where(Attachment.interaction_id.in_(ids))
                             .order_by(Attachment.interaction_id, Attachment.position)):
        attachments.setdefault(a.interaction_id, []).append(a)
    rows = []
    query = (
        select(Interaction, User.login, Team.name, Contact.name)
        .outerjoin(User, User.id == Interaction.owner_id)
        .outerjoin(Team, Team.id == Interaction.team_id)
        .outerjoin(Contact, Contact.id == Interaction.contact_id)
        .where(Interaction.id.in_(ids), visible)
    )
    for interaction, owner_login, team_name, contact_name in session.execute(query):
        i: Interaction = interaction
        files = attachments.get(i.id, [])
        rows.append(CachedInteraction(
            id=i.id, direction=i.direction, kind=i.kind, state=i.state, purpose=i.purpose,
            owner_id=i.owner_id, owner_login=owner_login, team_id=i.team_id, team_name=team_name,
            case_id=i.case_id, contact_id=i.contact_id, contact_name=contact_name,
            from_addr=i.from_addr, from_name=i.from_name, to_addrs=", ".join(i.to_addrs or []),
            cc_addrs=", ".join(i.cc_addrs or []), subject=i.subject or "", body_text=i.body_text or "",
            attachment_names="\n".join(a.filename for a in files),
            attachment_text=_attachment_text(i, files), has_attachments=bool(files),
            received_at=_ts(i.received_at or i.created_at), updated_at=i.updated_at.timestamp(),
            version=i.version,
        ))
        session.expunge(i)  # keep the identity map (and the raw bytes) from growing over a big first pass
    return rows


def _is_text(content_type: str) -> bool:
    return content_type.lower().split(";")[0].strip().startswith("text/")


def _attachment_text(interaction: Interaction, files: list[Attachment]) -> str:
    """The text of text-like attachments: from their stored bytes, or (inbound) from the raw message."""
    texts: list[str] = []
    need_raw = False
    for a in files:
        if not _is_text(a.content_type):
            continue
        if a.data is not None:
            texts.append(decode_lossy(a.data[:TEXT_ATTACHMENT_LIMIT], None))
        else:
            need_raw = True
    if need_raw and interaction.raw:
        texts.extend(_raw_attachment_texts(interaction.raw))
    return "\n".join(texts)


def _raw_attachment_texts(raw: bytes) -> list[str]:
    try:
        message = email.message_from_bytes(raw, policy=email.policy.compat32)
    except Exception as exc:  # a message the parser cannot read still has its body indexed
        log.warning("attachment text not indexed: %s", exc)
        return []
    texts = []
    for part in message.walk():
        if part.is_multipart() or not part.get_filename() or not _is_text(part.get_content_type()):
            continue
        payload = part.get_payload(decode=True)
        if isinstance(payload, bytes):
            texts.append(decode_lossy(payload[:TEXT_ATTACHMENT_LIMIT], part.get_content_charset()))
    return texts


def _fetch_contacts(session: Session, user: User) -> list[CachedContact]:
    """The contact directory this user may search (retired contacts left out, as in the live search)."""
    shown = (_contact_clause(user), Contact.retired_at.is_(None))
    emails: dict[int, list[str]] = {}
    query = (select(ContactEmail.contact_id, ContactEmail.address).join(Contact)
             .where(*shown).order_by(ContactEmail.contact_id, ContactEmail.position, ContactEmail.id))
    for contact_id, address in session.execute(query):
        emails.setdefault(contact_id, []).append(address)
    phones: dict[int, list[str]] = {}
    for contact_id, number in session.execute(
            select(ContactPhone.contact_id, ContactPhone.number).join(Contact).where(*shown)
            .order_by(ContactPhone.contact_id, ContactPhone.position, ContactPhone.id)):
        phones.setdefault(contact_id, []).append(number)
    return [
        CachedContact(id=c.id, team_id=c.team_id, name=c.name, company=c.company,
                      emails=", ".join(emails.get(c.id, [])), phones=", ".join(phones.get(c.id, [])))
        for c in session.execute(
            select(Contact.id, Contact.team_id, Contact.name, Contact.company).where(*shown)
        )
    ]


def _apply_contacts(conn: Any, contacts: list[CachedContact]) -> None:
    cached = {r[0]: CachedContact(*r) for r in conn.execute(
        "SELECT id, team_id, name, company, emails, phones FROM contacts")}
    changed = [c for c in contacts if cached.get(c.id) != c]
    mirror.upsert_contacts(conn, changed)
    for c in changed:
        old = cached.get(c.id)
        if old is not None and old.name != c.name:
            mirror.rename_contact(conn, c.id, c.name)
    gone = set(cached) - {c.id for c in contacts}
    conn.executemany("DELETE FROM contacts WHERE id = ?", [(i,) for i in gone])

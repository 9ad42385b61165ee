"""Which fetched messages are new, and which are other copies of a message already stored (issue 12).

Like a mail archive, by class:

(a) byte-identical, and (b) the same message redelivered with only transport headers changed (Received,
    Delivered-To, Return-Path, X-* trace, DKIM/ARC re-signing): the same content fingerprint
    (:func:`agentdesk.mail.fingerprint.content_fingerprint`) in the mailbox → one interaction;
(c) a mailing list's copy (a footer, a ``[list]`` subject tag, list headers) of a stored message with the same
    Message-ID → one interaction (:func:`agentdesk.mail.fingerprint.copy_kind` looks closer);
(d) the same Message-ID with different content → an interaction of its own, flagged ``duplicate_message_id``,
    with the dedup key ``mid:<sha of the id>:<fingerprint>``.

Every copy of (a)–(c) is recorded in ``interaction_copies`` (kind, where it was seen, its bytes unless identical).
The fast path costs one indexed query per batch; the slow path runs only for a Message-ID seen before with
another fingerprint.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol, cast

from sqlalchemy import Table, insert, or_, select
from sqlalchemy.orm import Session

from agentdesk.mail.fingerprint import copy_kind
from agentdesk.mail.headers import HeaderInfo
from agentdesk.routing.models import Direction, Interaction, InteractionCopy, InteractionFingerprint
from agentdesk.routing.types import utcnow

DUPLICATE_MESSAGE_ID = "duplicate_message_id"


class Fetched(Protocol):
    """What ingest knows of one fetched message (``routing.ingest._Item``)."""

    key: str
    fingerprint: str
    flags: list[str]
    interaction_id: int | None

    @property
    def info(self) -> HeaderInfo: ...

    @property
    def raw(self) -> bytes: ...

    @property
    def uid(self) -> int | None: ...


@dataclass
class Copy:
    """A fetched message that is another copy of ``target`` (a stored interaction's id, or a message of the same
    batch stored just before it)."""

    item: Any
    target: Any
    kind: str  # identical | transport | list_copy


@dataclass
class Sorted:
    fresh: list[Any]
    copies: list[Copy]


def sort(session: Session, mailbox: str, items: Sequence[Any]) -> Sorted:
    """Split ``items`` (in arrival order) into new messages and copies of stored or earlier ones."""
    keys = {i.key for i in items}
    fps = {i.fingerprint for i in items}
    stored = session.execute(
        select(Interaction.id, Interaction.dedup_key, InteractionFingerprint.fingerprint)
        .outerjoin(InteractionFingerprint, InteractionFingerprint.interaction_id == Interaction.id)
        .where(Interaction.mailbox == mailbox, or_(
            Interaction.dedup_key.in_(keys),
            Interaction.id.in_(select(InteractionFingerprint.interaction_id).where(
                InteractionFingerprint.mailbox == mailbox, InteractionFingerprint.fingerprint.in_(fps)))))
        .order_by(Interaction.id)
    ).all()
    by_fp: dict[str, Any] = {}
    by_key: dict[str, Any] = {}
    for row_id, key, fp in stored:
        if fp:
            by_fp.setdefault(fp, row_id)
        if key:
            by_key[key] = row_id
    by_mid: dict[str, list[Any]] = {}  # fresh items of this batch per Message-ID
    out = Sorted([], [])
    raws: dict[int, bytes] = {}
    for item in items:
        target = by_fp.get(item.fingerprint)
        if target is None and item.key in by_key and not item.key.startswith("mid:"):
            target = by_key[item.key]  # no Message-ID: the same bytes (a row stored before fingerprints)
        if target is not None:
            out.copies.append(Copy(item, target, _kind(session, target, item.raw, raws)))
            continue
        mid = item.info.message_id
        if mid and (item.key in by_key or mid in by_mid):
            found = _closer_look(session, mailbox, mid, item, by_mid.get(mid, []), raws)
            if found is not None:
                out.copies.append(found)
                continue
            item.key = f"{item.key}:{item.fingerprint}"
            item.flags.append(DUPLICATE_MESSAGE_ID)
        out.fresh.append(item)
        by_fp[item.fingerprint] = item
        by_key[item.key] = item
        if mid:
            by_mid.setdefault(mid, []).append(item)
    return out


def _stored_raw(session: Session, row_id: int, cache: dict[int, bytes]) -> bytes:
    if row_id not in cache:
        cache[row_id] = session.scalar(select(Interaction.raw).where(Interaction.id == row_id)) or b""
    return cache[row_id]


def _kind(session: Session, target: Any, raw: bytes, cache: dict[int, bytes]) -> str:
    other = _stored_raw(session, target, cache) if isinstance(target, int) else target.raw
    return "identical" if other == raw else "transport"


def _closer_look(session: Session, mailbox: str, mid: str, item: Any, batch: list[Any],
                 cache: dict[int, bytes]) -> Copy | None:
    """The slow path: every stored message (and earlier one of the batch) with this Message-ID, compared."""
    rows = session.execute(select(Interaction.id, Interaction.raw).where(
        Interaction.mailbox == mailbox, Interaction.message_id == mid,
        Interaction.direction == Direction.INBOUND.value, Interaction.raw.is_not(None)).order_by(Interaction.id)).all()
    candidates: list[tuple[Any, bytes]] = [(row_id, raw or b"") for row_id, raw in rows]
    candidates += [(earlier, earlier.raw) for earlier in batch]
    for target, raw in candidates:
        if isinstance(target, int):
            cache[target] = raw
        kind = copy_kind(raw, item.raw)
        if kind is not None:
            return Copy(item, target, kind)
    return None


def remember(session: Session, stored: Sequence[Any], *, mailbox: str) -> None:
    """The fingerprints of the messages just stored as interactions."""
    rows = [{"interaction_id": item.interaction_id, "mailbox": mailbox, "fingerprint": item.fingerprint}
            for item in stored if item.interaction_id is not None]
    if rows:
        session.execute(insert(cast(Table, InteractionFingerprint.__table__)), rows)  # Core: no ORM bulk


def record(session: Session, copies: Sequence[Copy], *, team_id: int | None, mailbox: str, folder: str | None,
           uidvalidity: int | None) -> None:
    """Write ``interaction_copies`` rows for ``copies`` (their targets of this batch must have been stored)."""
    rows = []
    for copy in copies:
        target = copy.target if isinstance(copy.target, int) else copy.target.interaction_id
        if target is None:  # its original was not stored as an interaction (cannot happen: kept for safety)
            continue
        raw = copy.item.raw
        rows.append({"interaction_id": target, "team_id": team_id, "kind": copy.kind, "mailbox": mailbox,
                     "folder": folder, "imap_uidvalidity": uidvalidity, "imap_uid": copy.item.uid,
                     "raw_sha256": hashlib.sha256(raw).hexdigest(), "size": len(raw),
                     "raw": None if copy.kind == "identical" else raw, "seen_at": utcnow()})
    if rows:
        session.execute(insert(cast(Table, InteractionCopy.__table__)), rows)

"""Storing fetched messages as queued inbound interactions: dedup, contact, case, bounces, history.

The fast path reads only headers (:mod:`agentdesk.mail.headers`) and keeps the raw bytes exactly as fetched,
with bulk inserts (the ORM's unit of work cost more than the rest of ingest); bodies are parsed afterwards by
:class:`BodyParser` / :func:`parse_bodies` — in helper processes while a big sync goes on — and interactions
waiting for it carry the ``body_pending`` flag. A message is a duplicate when its mailbox already holds one with the same Message-ID, or, lacking a
Message-ID, the same bytes (``Interaction.dedup_key``). Threading follows X6: In-Reply-To / References
matching a known Message-ID of the team, then a case token in the subject (``Options.case_token``), else a
new case. A delivery-status report that answers one of our outbound messages is filed under it and marks it
failed instead of queueing work for an agent.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections import deque
from collections.abc import Mapping, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import Message
from typing import Any

from sqlalchemy import Connection, Table, bindparam, delete, insert, select, text, update
from sqlalchemy.orm import Session

from agentdesk.mail.fingerprint import content_fingerprint
from agentdesk.mail.headers import HeaderInfo, message_ids, parse_headers
from agentdesk.mail.machine import machine_reason
from agentdesk.mail.parse import ParsedMessage
from agentdesk.mail.parse_worker import ParseWorkers, Prepared, parse_or_none
from agentdesk.routing import dedup
from agentdesk.routing.db import Database
from agentdesk.routing.models import (
    Attachment,
    Case,
    Contact,
    ContactEmail,
    Direction,
    FromAddress,
    History,
    Interaction,
    Kind,
    State,
    Team,
    Workbin,
    WorkbinItem,
    WorkbinKind,
)
from agentdesk.routing.options import Options, load_options
from agentdesk.routing.types import utcnow
from agentdesk.routing.workbins import AUTO_FILED

log = logging.getLogger(__name__)

BODY_PENDING = "body_pending"
_DEFAULT_TOKEN = re.compile(Options.case_token)


class IngestError(Exception):
    """A message cannot be stored for a reason an administrator must fix (e.g. the mailbox's team is unknown)."""


@dataclass(frozen=True)
class Incoming:
    """One message as fetched: its raw bytes and, from IMAP, its UID."""

    raw: bytes
    uid: int | None = None
    #: its header fields, fingerprint and body parse, done beforehand by a parse helper during a big sync (the
    #: row is then stored with its body); None: the header is read here and the body parsed after the commit
    prepared: Prepared | None = None


@dataclass
class IngestResult:
    """What one batch did."""

    created: list[int] = field(default_factory=list)  # new inbound interaction ids (queued)
    duplicates: int = 0
    duplicate_uids: dict[str, int] = field(default_factory=dict)  # dedup key → UID of the copy just seen
    bounced: list[int] = field(default_factory=list)  # outbound interaction ids a report was filed under
    reports: list[int] = field(default_factory=list)  # the stored reports themselves (state done)
    raws: dict[int, bytes] = field(default_factory=dict)  # the raw bytes of every interaction stored here


def _t(model: Any) -> Table:
    """The table of ``model``: Core statements on it skip the ORM's bulk machinery (a third of ingest's time)."""
    table: Table = model.__table__
    return table


def dedup_key(info: HeaderInfo, raw: bytes) -> str:
    """``mid:`` + sha256 of the Message-ID, or ``raw:`` + sha256 of the bytes when there is none."""
    if info.message_id:
        return "mid:" + hashlib.sha256(info.message_id.encode("utf-8", "surrogatepass")).hexdigest()
    return "raw:" + hashlib.sha256(raw).hexdigest()


def lock_mailbox(session: Session, mailbox: str) -> None:
    """Serialise writers of one mailbox: a transaction advisory lock on PostgreSQL (SQLite's IMMEDIATE
    transaction already serialises every writer)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(hashtext(:key))"), {"key": f"agentdesk:mailbox:{mailbox}"})


def team_id_for(session: Session, team: str) -> int:
    team_id = session.scalar(select(Team.id).where(Team.name == team, Team.retired_at.is_(None)))
    if team_id is None:
        raise IngestError(f"the team {team!r} named by the mailbox does not exist (or is retired)")
    return int(team_id)


def _case_token(options: Options) -> re.Pattern[str]:
    try:
        return re.compile(options.case_token)
    except re.error:
        log.warning("option case_token %r is not a valid regular expression; using the default", options.case_token)
        return _DEFAULT_TOKEN


@dataclass(eq=False)  # compared by identity: two new cases are never the same case
class _NewCase:
    """A case this batch creates (inserted in bulk; ``id`` is known after the insert)."""

    values: dict[str, Any]
    id: int | None = None


@dataclass
class _Item:
    incoming: Incoming
    info: HeaderInfo
    key: str
    fingerprint: str = ""
    flags: list[str] = field(default_factory=list)  # added to the header's flags (duplicate_message_id)
    interaction_id: int | None = None  # once stored
    filed: str | None = None  # mail a machine sent (auto_reply, bounce, loop): filed, not routed
    case: _NewCase | int | None = None
    contact_id: int | None = None
    parsed: ParsedMessage | None = None  # the body's parse, when prepared beforehand (None: the parser failed)
    has_parse: bool = False  # stored with its body: nothing left to parse

    @property
    def raw(self) -> bytes:
        return self.incoming.raw

    @property
    def uid(self) -> int | None:
        return self.incoming.uid


def _contacts(session: Session, team_id: int, items: Sequence[_Item]) -> None:
    """Link each item's sender to a contact of the team (or a shared one); new addresses make new contacts."""
    addresses = {i.info.from_addr for i in items if i.info.from_addr}
    if not addresses:
        return
    rows = session.execute(
        select(ContactEmail.address, Contact.id, Contact.team_id)
        .join(Contact, Contact.id == ContactEmail.contact_id)
        .where(ContactEmail.address.in_(addresses), Contact.retired_at.is_(None),
               (Contact.team_id == team_id) | Contact.team_id.is_(None))
        .order_by(Contact.id)
    ).all()
    known: dict[str, int] = {}
    for found, contact_id, contact_team in rows:  # the team's own contact wins over a shared one
        if found not in known or contact_team == team_id:
            known[found] = contact_id
    new: dict[str, dict[str, Any]] = {}
    for item in items:
        sender = item.info.from_addr
        if sender and sender not in known and sender not in new:
            new[sender] = {"team_id": team_id, "name": (item.info.from_name or sender)[:200], "attributes": {},
                           "created_at": utcnow()}
    if new:
        ids = session.execute(insert(_t(Contact)).returning(_t(Contact).c.id, sort_by_parameter_order=True),
                              list(new.values())).scalars()
        known.update(zip(new, ids, strict=True))
        session.execute(insert(_t(ContactEmail)), [{"contact_id": known[a], "address": a, "position": 0} for a in new])
    for item in items:
        item.contact_id = known.get(item.info.from_addr) if item.info.from_addr else None


def _resolve_case(session: Session, team_id: int, case_id: int) -> int | None:
    """The live case behind ``case_id`` (following merges), if it belongs to the team."""
    for _ in range(20):
        row = session.execute(select(Case.team_id, Case.merged_into_id).where(Case.id == case_id)).first()
        if row is None or row.team_id != team_id:
            return None
        if row.merged_into_id is None:
            return case_id
        case_id = row.merged_into_id
    return None


def _pick_case(by_mid: Mapping[str, list[tuple[_NewCase | int, int | None]]], mid: str, refs: Sequence[str],
               contact_id: int | None) -> _NewCase | int:
    """The case a reference to ``mid`` means when messages of several cases share that Message-ID (a sender
    that reuses ids) and no other reference of the message is clear: the case another of its references also
    points at, else the case of a message from the same contact, else the case of the latest message with that
    id."""
    options = by_mid[mid]
    cases = [case for case, _ in options]
    if all(case == cases[0] for case in cases):
        return cases[0]
    others = [case for ref in refs if ref != mid for case, _ in by_mid.get(ref, [])]
    for case in reversed(cases):
        if case in others:
            return case
    for case, contact in reversed(options):
        if contact_id is not None and contact == contact_id:
            return case
    return cases[-1]


def _cases(session: Session, team_id: int, items: Sequence[_Item], options: Options) -> None:
    """X6: In-Reply-To / References, then a case token in the subject, else a new case."""
    wanted = {m for i in items for m in [i.info.in_reply_to, *i.info.references] if m}
    by_mid: dict[str, list[tuple[_NewCase | int, int | None]]] = {}  # Message-ID → (case, contact), oldest first
    if wanted:
        for mid, case_id, contact_id in session.execute(
            select(Interaction.message_id, Interaction.case_id, Interaction.contact_id)
            .where(Interaction.team_id == team_id, Interaction.message_id.in_(wanted),
                   Interaction.case_id.is_not(None))
            .order_by(Interaction.id)
        ):
            if mid is not None and case_id is not None:
                by_mid.setdefault(mid, []).append((case_id, contact_id))
    token = _case_token(options)
    new: list[_NewCase] = []
    for item in items:
        refs = [item.info.in_reply_to] if item.info.in_reply_to else []
        refs += [m for m in reversed(item.info.references) if m not in refs]
        ambiguous = None  # a reference to a Message-ID that messages of several cases share
        for mid in refs:
            if mid in by_mid:
                if all(case == by_mid[mid][0][0] for case, _ in by_mid[mid]):
                    item.case = by_mid[mid][0][0]
                    break
                ambiguous = ambiguous or mid
        if item.case is None and ambiguous is not None:
            item.case = _pick_case(by_mid, ambiguous, refs, item.contact_id)
        if item.case is None:
            match = token.search(item.info.subject)
            if match and match.groups() and (match.group(1) or "").isdigit():
                item.case = _resolve_case(session, team_id, int(match.group(1)))
        if item.case is None:
            item.case = _NewCase({"team_id": team_id, "contact_id": item.contact_id, "subject": item.info.subject,
                                  "created_at": utcnow(), "merged_into_id": None})
            new.append(item.case)
        if item.info.message_id:
            by_mid.setdefault(item.info.message_id, []).append((item.case, item.contact_id))
    if new:
        ids = session.execute(insert(_t(Case)).returning(_t(Case).c.id, sort_by_parameter_order=True),
                              [c.values for c in new]).scalars()
        for case, case_id in zip(new, ids, strict=True):
            case.id = case_id


def _values(item: _Item, mailbox: str, team_id: int, uidvalidity: int | None) -> dict[str, Any]:
    """The columns of one new inbound interaction (the same keys for every message: one bulk INSERT)."""
    info = item.info
    case_id = item.case.id if isinstance(item.case, _NewCase) else item.case
    now = utcnow()
    flags = [*info.flags, *item.flags]
    body_text, body_html = "", None
    if not item.has_parse:
        flags.append(BODY_PENDING)
    elif item.parsed is None:
        flags.append("parse_failed")
    else:  # as _store_bodies writes it
        flags += [str(f) for f in item.parsed.flags if str(f) not in flags]
        body_text, body_html = item.parsed.text or "", item.parsed.html or None
    return {
        "direction": Direction.INBOUND.value, "kind": Kind.EMAIL.value,
        "state": State.STORED.value if item.filed else State.QUEUED.value,
        "team_id": team_id, "case_id": case_id, "contact_id": item.contact_id, "mailbox": mailbox,
        "dedup_key": item.key, "imap_uidvalidity": uidvalidity, "imap_uid": item.incoming.uid,
        "message_id": info.message_id, "in_reply_to": info.in_reply_to, "references": list(info.references),
        "from_addr": info.from_addr, "from_name": info.from_name[:200] if info.from_name else None,
        "to_addrs": [a.address for a in info.to], "cc_addrs": [a.address for a in info.cc],
        "subject": info.subject, "body_text": body_text, "body_html": body_html, "raw": item.incoming.raw,
        "parse_flags": flags, "received_at": now, "created_at": now, "updated_at": now,
    }


def _interaction(item: _Item, mailbox: str, team_id: int, uidvalidity: int | None) -> Interaction:
    return Interaction(**_values(item, mailbox, team_id, uidvalidity))


def _received(interaction: Interaction, folder: str | None, **extra: Any) -> History:
    detail: dict[str, Any] = {"mailbox": interaction.mailbox, "folder": folder, "uid": interaction.imap_uid}
    detail.update(extra)
    return History(event="received", interaction_id=interaction.id, case_id=interaction.case_id,
                   contact_id=interaction.contact_id, team_id=interaction.team_id, detail=detail)


def ingest_batch(session: Session, *, mailbox: str, team_id: int, messages: Sequence[Incoming],
                 folder: str | None = None, uidvalidity: int | None = None) -> IngestResult:
    """Store ``messages`` in the caller's write transaction (which should hold :func:`lock_mailbox`)."""
    result = IngestResult()
    items: list[_Item] = []
    for incoming in messages:
        if incoming.prepared is not None:
            info, fingerprint, parsed = incoming.prepared
            items.append(_Item(incoming, info, dedup_key(info, incoming.raw), fingerprint, parsed=parsed,
                               has_parse=True))
            continue
        info = parse_headers(incoming.raw)
        items.append(_Item(incoming, info, dedup_key(info, incoming.raw), content_fingerprint(incoming.raw)))
    found = dedup.sort(session, mailbox, items)
    for copy in found.copies:
        result.duplicates += 1
        if copy.kind == "identical" and copy.item.uid is not None:
            result.duplicate_uids.setdefault(copy.item.key, copy.item.uid)
    regular: list[_Item] = []
    for item in found.fresh:
        if item.info.is_delivery_report:
            filed = _file_report(session, item, mailbox=mailbox, team_id=team_id, folder=folder,
                                 uidvalidity=uidvalidity)
            if filed is not None:
                item.interaction_id = filed[1]
                result.bounced.append(filed[0])
                result.reports.append(filed[1])
                continue
        regular.append(item)
    if regular:
        result.created.extend(_store_regular(session, regular, mailbox=mailbox, team_id=team_id, folder=folder,
                                             uidvalidity=uidvalidity))
    dedup.remember(session, found.fresh, mailbox=mailbox)
    dedup.record(session, found.copies, team_id=team_id, mailbox=mailbox, folder=folder, uidvalidity=uidvalidity)
    result.raws = {item.interaction_id: item.raw for item in found.fresh
                   if item.interaction_id is not None and not item.has_parse}
    return result


def _store_regular(session: Session, regular: list[_Item], *, mailbox: str, team_id: int, folder: str | None,
                   uidvalidity: int | None) -> list[int]:
    options = load_options(session)
    own = {a.lower() for a in session.scalars(select(FromAddress.address))}
    for item in regular:
        item.filed = machine_reason(item.info, item.raw, own)
        if item.filed:
            item.flags.append(f"auto_filed:{item.filed}")
    _contacts(session, team_id, regular)
    _cases(session, team_id, regular, options)
    # In bulk (one INSERT … RETURNING and one INSERT for the history): the ORM's unit of work costs more
    # than everything else ingest does.
    rows = [_values(item, mailbox, team_id, uidvalidity) for item in regular]
    table = _t(Interaction)
    ids = list(session.execute(insert(table).returning(table.c.id, sort_by_parameter_order=True), rows).scalars())
    now = utcnow()
    session.execute(insert(_t(History)), [
        {"event": "received", "actor_id": None, "interaction_id": row_id, "case_id": row["case_id"],
         "contact_id": row["contact_id"], "team_id": row["team_id"], "created_at": now,
         "detail": {"mailbox": mailbox, "folder": folder, "uid": row["imap_uid"]}}
        for row_id, row in zip(ids, rows, strict=True)
    ])
    for item, row_id in zip(regular, ids, strict=True):
        item.interaction_id = row_id
    _store_prepared(session, [(item, row) for item, row in zip(regular, rows, strict=True) if item.has_parse])
    filed = [item for item in regular if item.filed]
    if filed:
        _file_machine_mail(session, team_id, filed)
    return ids


def _store_prepared(session: Session, stored: Sequence[tuple[_Item, dict[str, Any]]]) -> None:
    """The attachments of messages stored with their parsed bodies, and the bounces only their body shows (as
    :func:`_store_bodies` does for bodies parsed after the commit)."""
    attachments = [_attachment_row(item.interaction_id, n, a) for item, _ in stored if item.parsed is not None
                   and item.interaction_id is not None for n, a in enumerate(item.parsed.attachments)]
    if attachments:
        session.execute(insert(_t(Attachment)), attachments)
    for item, row in stored:
        if item.parsed is None or not item.parsed.is_bounce or "bounce" in row["parse_flags"]:
            continue
        record = session.get(Interaction, item.interaction_id, populate_existing=True)
        if record is not None:  # rare: filed under the outbound message it quotes
            flags = list(row["parse_flags"])
            _file_plain_bounce(session, record, item.parsed.bounced_message_id, flags)
            record.parse_flags = flags
            session.flush()


def _file_machine_mail(session: Session, team_id: int, filed: Sequence[_Item]) -> None:
    """Auto-replies, bounces and loops go to the team's Auto-filed workbin (state ``stored``: never routed, never
    answered), each with an ``auto_filed`` history entry saying why."""
    workbin_id = session.scalar(select(Workbin.id).where(
        Workbin.kind == WorkbinKind.TEAM.value, Workbin.team_id == team_id, Workbin.name == AUTO_FILED,
        Workbin.retired_at.is_(None)))
    if workbin_id is None:
        workbin_id = session.scalar(insert(Workbin).values(
            kind=WorkbinKind.TEAM.value, name=AUTO_FILED, team_id=team_id, owner_id=None).returning(Workbin.id))
    session.execute(insert(_t(WorkbinItem)), [{"workbin_id": workbin_id, "interaction_id": item.interaction_id,
                                           "added_by": None, "added_at": utcnow()} for item in filed])
    session.execute(insert(_t(History)), [
        {"event": "auto_filed", "actor_id": None, "interaction_id": item.interaction_id,
         "case_id": item.case.id if isinstance(item.case, _NewCase) else item.case, "contact_id": item.contact_id,
         "team_id": team_id, "created_at": utcnow(), "detail": {"reason": item.filed, "workbin": AUTO_FILED}}
        for item in filed])


# -- delivery-status reports ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class DeliveryReport:
    """What a delivery-status notification says about the message it answers."""

    original_message_id: str | None
    action: str | None
    status: str | None
    reason: str


def read_delivery_report(raw: bytes) -> DeliveryReport:
    """Find the answered Message-ID and the failure reason in a ``multipart/report`` (never raises)."""
    original: str | None = None
    action = status = diagnostic = recipient = None
    try:
        msg = message_from_bytes(raw, policy=policy.compat32)
        for part in msg.walk():
            ctype = part.get_content_type()
            if ctype == "message/delivery-status":
                for block in part.get_payload() or []:
                    if not isinstance(block, Message):
                        continue
                    action = action or block.get("Action")
                    status = status or block.get("Status")
                    diagnostic = diagnostic or block.get("Diagnostic-Code")
                    recipient = recipient or block.get("Final-Recipient") or block.get("Original-Recipient")
            elif ctype == "message/rfc822" and original is None:
                inner = part.get_payload()
                if isinstance(inner, list) and inner and isinstance(inner[0], Message):
                    found = message_ids(str(inner[0].get("Message-ID", "")))
                    original = found[0] if found else None
            elif ctype == "text/rfc822-headers" and original is None:
                payload = part.get_payload(decode=True)
                if isinstance(payload, bytes):
                    found = message_ids(parse_headers(payload).message_id)
                    original = found[0] if found else None
    except Exception:
        log.warning("a delivery report could not be read", exc_info=True)
    action = (str(action).strip().lower() or None) if action else None
    status = str(status).strip() if status else None
    words = [w for w in (action, status, str(diagnostic).strip() if diagnostic else None,
                         f"recipient {str(recipient).strip()}" if recipient else None) if w]
    return DeliveryReport(original, action, status, "; ".join(words) or "delivery report without details")


def _file_report(session: Session, item: _Item, *, mailbox: str, team_id: int, folder: str | None,
                 uidvalidity: int | None) -> tuple[int, int] | None:
    """File a bounce under the outbound interaction it answers: (outbound id, report id), or None when it
    answers nothing of ours."""
    report = read_delivery_report(item.incoming.raw)
    original = report.original_message_id or _parsed_bounce_id(item.incoming.raw)
    if not original:
        return None
    outbound = session.scalars(
        select(Interaction).where(Interaction.message_id == original,
                                  Interaction.direction == Direction.OUTBOUND.value)
        .order_by((Interaction.team_id == team_id).desc(), Interaction.id.desc()).limit(1)
        .execution_options(populate_existing=True)
    ).first()
    if outbound is None:
        return None
    item.case = outbound.case_id
    item.contact_id = outbound.contact_id
    item.has_parse = False  # a report's body is parsed after the commit, as before
    record = _interaction(item, mailbox, outbound.team_id or team_id, uidvalidity)
    record.state = State.DONE.value
    record.done_at = utcnow()
    record.parent_id = outbound.id
    record.parse_flags = [*record.parse_flags, "bounce"]
    session.add(record)
    session.flush()
    failed = report.action == "failed" or (report.action is None and (report.status or "").startswith("5"))
    event = "bounce" if failed else "delivery_report"
    if failed:
        outbound.state = State.FAILED.value
    outbound.version = (outbound.version or 0) + 1
    session.add(History(event=event, interaction_id=outbound.id, case_id=outbound.case_id,
                        contact_id=outbound.contact_id, team_id=outbound.team_id,
                        detail={"reason": report.reason, "status": report.status, "action": report.action,
                                "report_interaction_id": record.id}))
    session.add(_received(record, folder, report_for=outbound.id))
    session.flush()
    return outbound.id, record.id


def _parsed_bounce_id(raw: bytes) -> str | None:
    parsed = parse_or_none(raw)
    if parsed is None or not parsed.is_bounce or not parsed.bounced_message_id:
        return None
    return str(parsed.bounced_message_id)


# -- the second step: bodies --------------------------------------------------------------------------------
def _attachment_row(interaction_id: int, position: int, part: Any) -> dict[str, Any]:
    def get(*names: str, default: Any = None) -> Any:
        for name in names:
            value = part.get(name) if isinstance(part, dict) else getattr(part, name, None)
            if value is not None:
                return value
        return default

    return {
        "interaction_id": interaction_id,
        "position": position,
        "filename": str(get("filename", "name", default="") or "")[:500] or f"attachment-{position + 1}",
        "content_type": str(get("content_type", "mime_type", default="application/octet-stream"))[:200],
        "size": int(get("size", default=0) or 0),
        "content_id": (str(get("content_id", "cid")) or None) if get("content_id", "cid") else None,
        "data": None,
        "warnings": [str(w) for w in (get("warnings", default=()) or ())],
    }


def _store_bodies(session: Session, parsed: Mapping[int, ParsedMessage | None]) -> int:
    """Write parsed bodies of interactions still marked ``body_pending`` (in bulk: one UPDATE executemany and
    one INSERT executemany per call; bounces found only now go through the ORM)."""
    if not parsed:
        return 0
    pending = {
        row_id: list(flags or []) for row_id, flags in session.execute(
            select(Interaction.id, Interaction.parse_flags).where(Interaction.id.in_(list(parsed))))
        if BODY_PENDING in (flags or [])
    }
    updates: list[dict[str, Any]] = []
    attachments: list[dict[str, Any]] = []
    bounces: list[tuple[int, ParsedMessage, list[str]]] = []
    for row_id, flags in pending.items():
        result = parsed[row_id]
        flags = [f for f in flags if f != BODY_PENDING]
        if result is None:
            flags.append("parse_failed")
            updates.append({"row_id": row_id, "body_text": "", "body_html": None, "parse_flags": flags,
                            "updated_at": utcnow()})
            continue
        flags += [str(f) for f in result.flags if str(f) not in flags]
        attachments += [_attachment_row(row_id, n, a) for n, a in enumerate(result.attachments)]
        if result.is_bounce and "bounce" not in flags:
            bounces.append((row_id, result, flags))
        updates.append({"row_id": row_id, "body_text": result.text or "", "body_html": result.html or None,
                        "parse_flags": flags, "updated_at": utcnow()})
    if attachments:
        session.execute(delete(Attachment).where(Attachment.interaction_id.in_(list(pending))))
        session.execute(insert(_t(Attachment)), attachments)
    for row_id, result, flags in bounces:  # rare: load the row, file it under the outbound message it quotes
        row = session.get(Interaction, row_id, populate_existing=True)
        if row is not None:
            _file_plain_bounce(session, row, result.bounced_message_id, flags)
            session.flush()
    if updates:
        table = _t(Interaction)
        session.execute(update(table).where(table.c.id == bindparam("row_id")), updates)  # SET: the other keys
    return len(updates)


def _raws(db: Database, ids: Sequence[int]) -> dict[int, bytes]:
    with db.read() as session:
        rows = session.execute(select(Interaction.id, Interaction.raw)
                               .where(Interaction.id.in_(list(ids)), Interaction.raw.is_not(None)))
        return {row[0]: row[1] for row in rows if row[1] is not None}


class BodyParser:
    """The second step, off the fast path: parse the bodies of stored messages and write them back.

    With ``workers`` > 0 and a batch of at least ``pool_threshold`` messages, parsing runs in helper processes
    (:mod:`agentdesk.mail.parse_worker`) while the caller goes on fetching; :meth:`drain` writes what is
    done, from the caller's thread (so that SQLite sees one writer). Without workers it parses inline. A
    message left ``body_pending`` by a crash is found again by :func:`pending_bodies`.
    """

    def __init__(self, db: Database, *, workers: int = 0, pool_threshold: int = 100, chunk: int = 200) -> None:
        self.db = db
        self.workers = workers
        self.pool_threshold = pool_threshold
        self.chunk = chunk
        self.done = 0
        self._pool: ParseWorkers | None = None
        self._idle: Connection | None = None
        self._inflight: deque[tuple[list[int], Future[list[ParsedMessage | None]]]] = deque()

    def __enter__(self) -> BodyParser:
        # SQLite checkpoints and resets its write-ahead log whenever the last connection to the file closes,
        # i.e. after every transaction here (no pool): one idle connection held meanwhile saves that work.
        if self.db.is_sqlite and self._idle is None:
            self._idle = self.db.engine.connect()
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            self.close()
        finally:
            if self._idle is not None:
                self._idle.close()
                self._idle = None

    def prepare(self, raws: Sequence[bytes]) -> Future[list[Prepared]] | None:
        """Header fields, fingerprints and parses of ``raws`` in a helper process (:class:`Incoming`'s
        ``prepared``), or None without helpers."""
        pool = self._executor()
        return pool.prepare(raws) if pool is not None else None

    def _executor(self) -> ParseWorkers | None:
        if self._pool is None and self.workers > 0:
            self._pool = ParseWorkers(self.workers)
        return self._pool

    def submit(self, ids: Sequence[int], known: Mapping[int, bytes] | None = None) -> None:
        """Parse ``ids`` (inline now, or queued for the workers); ``known`` gives raw bytes the caller has in
        hand (the rest are read from the database)."""
        ids = list(ids)
        pool = self._executor() if len(ids) >= self.pool_threshold or self._pool is not None else None
        for start in range(0, len(ids), self.chunk):
            part = ids[start:start + self.chunk]
            raws = {row_id: known[row_id] for row_id in part if row_id in known} if known else {}
            if len(raws) < len(part):
                raws.update(_raws(self.db, [row_id for row_id in part if row_id not in raws]))
            if pool is None:
                parsed = {row_id: parse_or_none(raws[row_id]) for row_id in part if row_id in raws}
                self._write(parsed)
                continue
            order = [row_id for row_id in part if row_id in raws]
            self._inflight.append((order, pool.submit([raws[row_id] for row_id in order])))
        self.drain(wait=False)

    def drain(self, *, wait: bool = True) -> int:
        """Write the parses that are finished (all of them with ``wait``); returns how many were written."""
        written = 0
        while self._inflight and (wait or self._inflight[0][1].done()):
            order, future = self._inflight.popleft()
            try:
                results = future.result()
            except Exception as exc:  # a dead worker: parse this chunk here instead
                log.warning("a body worker failed (%s); parsing its messages inline", exc)
                raws = _raws(self.db, order)
                results = [parse_or_none(raws[i]) if i in raws else None for i in order]
            written += self._write(dict(zip(order, results, strict=True)))
        return written

    def _write(self, parsed: Mapping[int, ParsedMessage | None]) -> int:
        with self.db.write() as session:
            count = _store_bodies(session, parsed)
        self.done += count
        return count

    def close(self) -> None:
        """Finish what is queued and stop the workers."""
        try:
            self.drain(wait=True)
        finally:
            if self._pool is not None:
                self._pool.close()
                self._pool = None


def parse_bodies(db: Database, interaction_ids: Sequence[int], *, chunk: int = 100, workers: int = 0) -> int:
    """Fill body text, HTML, flags and attachments for interactions still marked ``body_pending``; returns how
    many were parsed."""
    if not interaction_ids:
        return 0
    with BodyParser(db, workers=workers, chunk=chunk) as parser:
        parser.submit(interaction_ids)
    return parser.done


def _file_plain_bounce(session: Session, row: Interaction, original: str | None, flags: list[str]) -> None:
    """A bounce without a delivery-status report, recognised only once its body was read: filed under the
    outbound message it quotes, if that is ours and the bounce is still waiting in the queue."""
    if not original or row.state not in (State.QUEUED.value, State.STORED.value) or row.owner_id is not None:
        return
    if row.state == State.STORED.value and not any(f.startswith("auto_filed:") for f in flags):
        return  # stored by a person: left where they put it
    outbound = session.scalars(
        select(Interaction).where(Interaction.message_id == original, Interaction.direction == Direction.OUTBOUND.value)
        .order_by((Interaction.team_id == row.team_id).desc(), Interaction.id.desc()).limit(1)
        .execution_options(populate_existing=True)
    ).first()
    if outbound is None:
        return
    reason = f"bounced: {row.subject}".strip()
    if row.state == State.STORED.value:  # out of Auto-filed: it is kept under the outbound message now
        session.execute(delete(WorkbinItem).where(WorkbinItem.interaction_id == row.id))
    row.state, row.done_at, row.parent_id, row.case_id = State.DONE.value, utcnow(), outbound.id, outbound.case_id
    flags.append("bounce")
    outbound.state = State.FAILED.value
    outbound.version = (outbound.version or 0) + 1
    session.add(History(event="bounce", interaction_id=outbound.id, case_id=outbound.case_id,
                        contact_id=outbound.contact_id, team_id=outbound.team_id,
                        detail={"reason": reason, "status": None, "action": "failed", "report_interaction_id": row.id}))
    session.add(History(event="filed_as_bounce", interaction_id=row.id, case_id=row.case_id,
                        contact_id=row.contact_id, team_id=row.team_id, detail={"report_for": outbound.id}))


def pending_bodies(db: Database, *, limit: int = 1000) -> list[int]:
    """Ids of inbound interactions whose body was never parsed (after a crash between the two steps)."""
    with db.read() as session:
        candidates = session.execute(
            select(Interaction.id, Interaction.parse_flags)
            .where(text("body_text = ''"),  # as the partial index says it, literally (migration 0016)
                   Interaction.direction == Direction.INBOUND.value, Interaction.raw.is_not(None))
            .order_by(Interaction.id.desc()).limit(limit * 10)
        ).all()
    return [i for i, flags in candidates if BODY_PENDING in (flags or [])][:limit]


def update_uids(session: Session, *, mailbox: str, uidvalidity: int, uids: dict[str, int]) -> int:
    """After a UIDVALIDITY change: point the interactions already stored (by dedup key) at their new UIDs."""
    changed = 0
    for key, uid in uids.items():
        result = session.execute(update(Interaction)
                                 .where(Interaction.mailbox == mailbox, Interaction.dedup_key == key)
                                 .values(imap_uidvalidity=uidvalidity, imap_uid=uid))
        changed += int(getattr(result, "rowcount", 0) or 0)
    return changed

"""Storing fetched messages as queued inbound interactions: dedup, contact, case, bounces, history.

The fast path reads only headers (:mod:`agentdesk.mail.headers`) and keeps the raw bytes exactly as fetched;
bodies are parsed afterwards by :func:`parse_bodies` (interactions waiting for it carry the ``body_pending``
flag). A message is a duplicate when its mailbox already holds one with the same Message-ID, or, lacking a
Message-ID, the same bytes (``Interaction.dedup_key``). Threading follows X6: In-Reply-To / References
matching a known Message-ID of the team, then a case token in the subject (``Options.case_token``), else a
new case. A delivery-status report that answers one of our outbound messages is filed under it and marks it
failed instead of queueing work for an agent.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import Message
from typing import Any

from sqlalchemy import select, text, update
from sqlalchemy.orm import Session

from agentdesk.mail.headers import HeaderInfo, message_ids, parse_headers
from agentdesk.routing.db import Database
from agentdesk.routing.models import (
    Attachment,
    Case,
    Contact,
    ContactEmail,
    Direction,
    History,
    Interaction,
    Kind,
    State,
    Team,
)
from agentdesk.routing.options import Options, load_options
from agentdesk.routing.types import utcnow

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


@dataclass
class IngestResult:
    """What one batch did."""

    created: list[int] = field(default_factory=list)  # new inbound interaction ids (queued)
    duplicates: int = 0
    duplicate_uids: dict[str, int] = field(default_factory=dict)  # dedup key → UID of the copy just seen
    bounced: list[int] = field(default_factory=list)  # outbound interaction ids a report was filed under
    reports: list[int] = field(default_factory=list)  # the stored reports themselves (state done)


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


@dataclass
class _Item:
    incoming: Incoming
    info: HeaderInfo
    key: str
    case: Case | int | None = None
    contact_id: int | None = None


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
    new: dict[str, Contact] = {}
    for item in items:
        sender = item.info.from_addr
        if sender and sender not in known and sender not in new:
            new[sender] = Contact(team_id=team_id, name=(item.info.from_name or sender)[:200],
                                  emails=[ContactEmail(address=sender)])
    if new:
        session.add_all(new.values())
        session.flush()
        known.update({address: contact.id for address, contact in new.items()})
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


def _cases(session: Session, team_id: int, items: Sequence[_Item], options: Options) -> None:
    """X6: In-Reply-To / References, then a case token in the subject, else a new case."""
    wanted = {m for i in items for m in [i.info.in_reply_to, *i.info.references] if m}
    by_mid: dict[str, Case | int] = {}
    if wanted:
        for mid, case_id in session.execute(
            select(Interaction.message_id, Interaction.case_id)
            .where(Interaction.team_id == team_id, Interaction.message_id.in_(wanted),
                   Interaction.case_id.is_not(None))
            .order_by(Interaction.id)
        ):
            if mid is not None and case_id is not None:
                by_mid.setdefault(mid, case_id)
    token = _case_token(options)
    for item in items:
        refs = [item.info.in_reply_to] if item.info.in_reply_to else []
        refs += [m for m in reversed(item.info.references) if m not in refs]
        for mid in refs:
            if mid in by_mid:
                item.case = by_mid[mid]
                break
        if item.case is None:
            match = token.search(item.info.subject)
            if match and match.groups() and (match.group(1) or "").isdigit():
                item.case = _resolve_case(session, team_id, int(match.group(1)))
        if item.case is None:
            item.case = Case(team_id=team_id, contact_id=item.contact_id, subject=item.info.subject)
            session.add(item.case)
        if item.info.message_id:
            by_mid.setdefault(item.info.message_id, item.case)
    session.flush()


def _interaction(item: _Item, mailbox: str, team_id: int, uidvalidity: int | None) -> Interaction:
    info = item.info
    case_id = item.case.id if isinstance(item.case, Case) else item.case
    return Interaction(
        direction=Direction.INBOUND.value, kind=Kind.EMAIL.value, state=State.QUEUED.value, team_id=team_id,
        case_id=case_id, contact_id=item.contact_id, mailbox=mailbox, dedup_key=item.key,
        imap_uidvalidity=uidvalidity, imap_uid=item.incoming.uid, message_id=info.message_id,
        in_reply_to=info.in_reply_to, references=list(info.references), from_addr=info.from_addr,
        from_name=info.from_name[:200] if info.from_name else None,
        to_addrs=[a.address for a in info.to], cc_addrs=[a.address for a in info.cc], subject=info.subject,
        body_text="", raw=item.incoming.raw, parse_flags=[*info.flags, BODY_PENDING], received_at=utcnow(),
    )



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
        info = parse_headers(incoming.raw)
        items.append(_Item(incoming, info, dedup_key(info, incoming.raw)))
    existing = set(session.scalars(select(Interaction.dedup_key).where(
        Interaction.mailbox == mailbox, Interaction.dedup_key.in_({i.key for i in items}))))
    fresh: list[_Item] = []
    for item in items:
        if item.key in existing:
            result.duplicates += 1
            if item.incoming.uid is not None:
                result.duplicate_uids.setdefault(item.key, item.incoming.uid)
            continue
        existing.add(item.key)
        fresh.append(item)
    if not fresh:
        return result
    regular: list[_Item] = []
    for item in fresh:
        if item.info.is_delivery_report:
            filed = _file_report(session, item, mailbox=mailbox, team_id=team_id, folder=folder,
                                 uidvalidity=uidvalidity)
            if filed is not None:
                result.bounced.append(filed[0])
                result.reports.append(filed[1])
                continue
        regular.append(item)
    if not regular:
        return result
    options = load_options(session)
    _contacts(session, team_id, regular)
    _cases(session, team_id, regular, options)
    rows = [_interaction(item, mailbox, team_id, uidvalidity) for item in regular]
    session.add_all(rows)
    session.flush()
    session.add_all([_received(row, folder) for row in rows])
    session.flush()
    result.created.extend(row.id for row in rows)
    return result


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


def _parse_module() -> Any | None:
    if importlib.util.find_spec("agentdesk.mail.parse") is None:
        return None
    return importlib.import_module("agentdesk.mail.parse")


def _parsed_bounce_id(raw: bytes) -> str | None:
    module = _parse_module()
    if module is None:
        return None
    try:
        parsed = module.parse_message(raw)
    except Exception:
        return None
    value = getattr(parsed, "bounced_message_id", None)
    return str(value) if value and getattr(parsed, "is_bounce", False) else None


# -- the second step: bodies --------------------------------------------------------------------------------
def _attachment(position: int, part: Any) -> Attachment:
    def get(*names: str, default: Any = None) -> Any:
        for name in names:
            value = part.get(name) if isinstance(part, dict) else getattr(part, name, None)
            if value is not None:
                return value
        return default

    return Attachment(
        position=position,
        filename=str(get("filename", "name", default="") or "")[:500] or f"attachment-{position + 1}",
        content_type=str(get("content_type", "mime_type", default="application/octet-stream"))[:200],
        size=int(get("size", default=0) or 0),
        content_id=(str(get("content_id", "cid")) or None) if get("content_id", "cid") else None,
        warnings=[str(w) for w in (get("warnings", default=()) or ())],
    )


def parse_bodies(db: Database, interaction_ids: Sequence[int], *, chunk: int = 100) -> int:
    """Fill body text, HTML, flags and attachments from ``agentdesk.mail.parse`` for interactions still marked
    ``body_pending``; returns how many were parsed (0 when that module is not installed)."""
    module = _parse_module()
    if module is None or not interaction_ids:
        return 0
    done = 0
    ids = list(interaction_ids)
    for start in range(0, len(ids), chunk):
        with db.write() as session:
            rows = session.scalars(select(Interaction).where(Interaction.id.in_(ids[start:start + chunk]))
                                   .execution_options(populate_existing=True)).all()
            for row in rows:
                if BODY_PENDING not in (row.parse_flags or []) or row.raw is None:
                    continue
                flags = [f for f in row.parse_flags if f != BODY_PENDING]
                try:
                    parsed = module.parse_message(row.raw)
                    row.body_text = str(getattr(parsed, "text", "") or "")
                    html = getattr(parsed, "html", None)
                    row.body_html = str(html) if html else None
                    flags += [str(f) for f in (getattr(parsed, "flags", ()) or ()) if str(f) not in flags]
                    row.attachments = [_attachment(n, a)
                                       for n, a in enumerate(getattr(parsed, "attachments", ()) or ())]
                    if getattr(parsed, "is_bounce", False) and "bounce" not in flags:
                        _file_plain_bounce(session, row, getattr(parsed, "bounced_message_id", None), flags)
                except Exception:
                    log.warning("interaction %s: its body could not be parsed; it is shown raw", row.id,
                                exc_info=True)
                    flags.append("parse_failed")
                row.parse_flags = flags
                done += 1
    return done


def _file_plain_bounce(session: Session, row: Interaction, original: str | None, flags: list[str]) -> None:
    """A bounce without a delivery-status report, recognised only once its body was read: filed under the
    outbound message it quotes, if that is ours and the bounce is still waiting in the queue."""
    if not original or row.state != State.QUEUED.value or row.owner_id is not None:
        return
    outbound = session.scalars(
        select(Interaction).where(Interaction.message_id == original, Interaction.direction == Direction.OUTBOUND.value)
        .order_by((Interaction.team_id == row.team_id).desc(), Interaction.id.desc()).limit(1)
        .execution_options(populate_existing=True)
    ).first()
    if outbound is None:
        return
    reason = f"bounced: {row.subject}".strip()
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
            .where(Interaction.direction == Direction.INBOUND.value, Interaction.body_text == "",
                   Interaction.raw.is_not(None))
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

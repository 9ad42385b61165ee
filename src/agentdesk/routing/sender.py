"""The outbox sender: sends each due message exactly once, even with several routers and after a crash.

``send_due(db, mailboxes)`` claims due rows one at a time (PostgreSQL: ``FOR UPDATE SKIP LOCKED``; SQLite: a
conditional ``UPDATE … WHERE state = 'queued'`` in an IMMEDIATE transaction), marks each ``sending`` and
COMMITS before any network call, then sends and records the outcome: ``sent`` | back to ``queued`` with backoff
| ``failed`` with the server's words | ``uncertain`` (the final dot went out and no answer came).

Before each step of the SMTP conversation (connecting, recipients, data, end_of_data) the row records, durably,
the step it is about to take, and the server's answer to the final dot as soon as it comes. A row left in
``sending`` by a sender that died is found by the next pass: if its final dot was never written it is queued
again at once (SMTP takes a message only at its final dot, so it is delivered once); with a recorded answer,
that answer's outcome is committed; otherwise it becomes ``uncertain``. Whether a sender is alive is known without clocks: it holds
a lock for as long as it sends (``agentdesk.routing.sendlock``).

An uncertain message of a mailbox whose server files every message it takes in the Sent folder is decided there,
after the mailbox's grace period, without a person (``agentdesk.routing.sentcopy``); elsewhere the agent
decides. Every sent message of a mailbox with a Sent folder gets one copy there: ``pending`` is recorded in the
same transaction as ``sent``, and the copy is filed (after a search for its Message-ID) by this pass or the next.
"""

from __future__ import annotations

import logging
import ssl
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from agentdesk.config.mailboxes import MailboxSettings, ServerSettings
from agentdesk.mail.sentfolder import ImapServer, SentFolderError, has_message_id
from agentdesk.mail.smtp import Outcome, SendResult, SmtpServer, send_message
from agentdesk.routing import sentcopy
from agentdesk.routing.db import Database
from agentdesk.routing.models import Direction, Interaction, OutboxItem, State
from agentdesk.routing.options import Options, load_options
from agentdesk.routing.outbox import record
from agentdesk.routing.sendlock import Claim, sender_gone
from agentdesk.routing.sentcopy import SendReport, SendTarget, TargetLookup
from agentdesk.routing.types import utcnow

__all__ = ["SendReport", "SendTarget", "TargetLookup", "default_backoff", "imap_from_settings", "recover_interrupted",
           "send_due", "sent_folder_has", "target_from_settings"]

log = logging.getLogger(__name__)


#: how soon a mailbox waiting for a person to sign in again is tried again
SIGN_IN_RETRY = timedelta(minutes=2)


def default_backoff(attempts: int) -> timedelta:
    """30 s after the first failure, doubling, at most an hour."""
    return timedelta(seconds=min(30 * 2 ** max(0, attempts - 1), 3600))


# -- mailbox settings → targets --------------------------------------------------------------------------------
def _context(settings: ServerSettings) -> ssl.SSLContext:
    if settings.ca_file is not None:
        return ssl.create_default_context(cafile=str(settings.ca_file))
    return ssl.create_default_context()


def imap_from_settings(mailbox: MailboxSettings) -> ImapServer | None:
    """The mailbox's IMAP server for its Sent folder (password read now), or None without ``[mailboxes.imap]``."""
    i = mailbox.imap
    if i is None:
        return None
    tokens = _tokens(i)
    return ImapServer(i.host, i.port, i.security, i.username, "" if tokens else i.password(),
                      _context(i) if i.security != "none" else None, i.timeout, tokens=tokens,
                      find_sent=not i.sent_folder_named)


def _tokens(settings: ServerSettings) -> Any:
    """The mailbox's OAuth token source (``auth = "oauth2"``), or None for a password."""
    if settings.oauth is None:
        return None
    from agentdesk.mail.oauth import token_source

    return token_source(settings.oauth)


def target_from_settings(mailbox: MailboxSettings) -> SendTarget | None:
    """The send target of a configured mailbox (passwords read now, from the keyring or ``password_env``).

    A missing SMTP password is an error (nothing can be sent); a missing IMAP password only costs the Sent
    folder (no search before a retry, no filed copy), and is logged."""
    s = mailbox.smtp
    if s is None:
        return None
    tokens = _tokens(s)
    smtp = SmtpServer(s.host, s.port, s.security, s.username, None if tokens else s.password(),
                      _context(s) if s.security != "none" else None, s.timeout, tokens=tokens)
    try:
        imap = imap_from_settings(mailbox)
    except Exception as exc:
        log.warning("mailbox %r: the Sent folder cannot be used: %s", mailbox.name, exc)
        imap = None
    i = mailbox.imap
    return SendTarget(smtp, imap, i.sent_folder if i else "Sent", bool(i and i.server_files_sent),
                      timedelta(seconds=i.sent_grace_seconds if i else 300))


def _lookup(mailboxes: TargetLookup | Sequence[MailboxSettings]) -> TargetLookup:
    if callable(mailboxes):
        return mailboxes
    by_name = {m.name: m for m in mailboxes}
    cache: dict[str, SendTarget | None] = {}

    def find(name: str | None) -> SendTarget | None:
        if name is None or name not in by_name:
            return None
        if name not in cache:
            cache[name] = target_from_settings(by_name[name])
        return cache[name]

    return find


# -- a sender that died ---------------------------------------------------------------------------------------
#: the steps after which the final dot may have reached the server
_PAST_THE_DOT = ("end_of_data",)
_GONE = "the sender stopped while sending (crash or kill)"


def _mark_uncertain(session: Session, item_id: int, reason: str, now: datetime, grace: timedelta | None,
                    **detail: Any) -> bool:
    values: dict[str, Any] = {"state": "uncertain", "last_error": reason, "uncertain_at": now}
    if grace is not None:
        values["not_before"] = now + grace  # when the Sent folder decides it
    changed = session.execute(
        update(OutboxItem).where(OutboxItem.id == item_id, OutboxItem.state == "sending")
        .values(**values).execution_options(synchronize_session=False)
    ).rowcount  # type: ignore[attr-defined]
    if changed == 1:
        item = session.get(OutboxItem, item_id, populate_existing=True)
        assert item is not None
        interaction = session.get(Interaction, item.interaction_id, populate_existing=True)
        assert interaction is not None
        record(session, "send_uncertain", interaction, message_id=item.message_id, reason=reason, **detail)
    return bool(changed == 1)


def _requeue_interrupted(session: Session, item: OutboxItem, now: datetime) -> bool:
    reason = (f"{_GONE} at the step {item.step or 'claimed'!r}, before the end of the message was written: "
              "the server did not take it; it is sent again")
    changed = session.execute(
        update(OutboxItem).where(OutboxItem.id == item.id, OutboxItem.state == "sending")
        .values(state="queued", last_error=reason, not_before=now).execution_options(synchronize_session=False)
    ).rowcount  # type: ignore[attr-defined]
    if changed == 1:
        interaction = session.get(Interaction, item.interaction_id, populate_existing=True)
        assert interaction is not None
        record(session, "send_deferred", interaction, message_id=item.message_id, error=reason,
               attempts=item.attempts, next_attempt=now.isoformat(), interrupted=True, step=item.step)
    return bool(changed == 1)


def _apply_answer(session: Session, item: OutboxItem, now: datetime, file_copies: bool) -> bool:
    """A dead sender had recorded the server's answer to the final dot (``step`` ``answered_*``, its words in
    ``last_error``) but not committed the outcome: commit it now, as the sender would have."""
    outcome = (item.step or "").removeprefix("answered_")
    words = item.last_error or ""
    values: dict[str, Any]
    if outcome == "sent":
        copy = "server" if item.sent_folder == "server" else \
            "pending" if item.sent_folder == "agentdesk" and file_copies else None
        values = {"state": "sent", "sent_at": now, "last_error": None, "sent_copy": copy, "sent_copy_error": None}
    elif outcome == "permanent":
        values = {"state": "failed"}
    else:
        values = {"state": "queued", "not_before": now}
    changed = session.execute(
        update(OutboxItem).where(OutboxItem.id == item.id, OutboxItem.state == "sending").values(**values)
        .execution_options(synchronize_session=False)
    ).rowcount  # type: ignore[attr-defined]
    if changed != 1:
        return False
    interaction = session.get(Interaction, item.interaction_id, populate_existing=True)
    assert interaction is not None
    if outcome == "sent":
        interaction.state = State.SENT.value
        record(session, "sent", interaction, message_id=item.message_id, attempts=item.attempts, server=words,
               recovered=True)
    elif outcome == "permanent":
        interaction.state = State.FAILED.value
        record(session, "send_failed", interaction, message_id=item.message_id, error=words,
               attempts=item.attempts, recovered=True)
    else:
        record(session, "send_deferred", interaction, message_id=item.message_id, error=words,
               attempts=item.attempts, next_attempt=now.isoformat(), recovered=True)
    return True


def _grace(find: TargetLookup | None, item: OutboxItem) -> timedelta | None:
    """The Sent folder's grace period for an uncertain row of a mailbox whose server files what it takes."""
    if item.sent_folder != "server":
        return None
    target = None
    if find is not None:
        try:
            target = find(item.mailbox)
        except Exception:  # no password …: the default grace; the decision itself will say what is wrong
            target = None
    return target.grace if target is not None else sentcopy.DEFAULT_GRACE


def recover(db: Database, find: TargetLookup | None = None) -> tuple[list[int], list[int], list[int]]:
    """Rows left in ``sending`` by a sender that is gone: (queued again, uncertain, answered). A row whose final
    dot was never written is queued again at once; one whose answer was recorded gets the outcome that answer
    says; one whose final dot may have gone out without a recorded answer becomes ``uncertain``."""
    requeued: list[int] = []
    uncertain: list[int] = []
    answered: list[int] = []
    now = utcnow()
    with db.write() as s:
        file_copies = load_options(s).file_sent_copy
        stmt = select(OutboxItem).where(OutboxItem.state == "sending").order_by(OutboxItem.id) \
            .execution_options(populate_existing=True)
        if db.is_postgres:
            stmt = stmt.with_for_update(skip_locked=True)
        for item in list(s.scalars(stmt)):
            if not sender_gone(db, s, item.id):
                continue
            if (item.step or "").startswith("answered_"):
                if _apply_answer(s, item, now, file_copies):
                    answered.append(item.id)
            elif item.step in _PAST_THE_DOT:
                reason = (f"{_GONE} after the end of the message was written and before the server's answer "
                          "was recorded; the server may or may not have taken it")
                if _mark_uncertain(s, item.id, reason, now, _grace(find, item), interrupted=True, step=item.step):
                    uncertain.append(item.id)
            elif _requeue_interrupted(s, item, now):
                requeued.append(item.id)
    for item_id in requeued:
        log.warning("outbox item %d was being sent when its sender stopped, before its end of data: queued again",
                    item_id)
    for item_id in uncertain:
        log.warning("outbox item %d was being sent when its sender stopped, after its end of data: uncertain",
                    item_id)
    for item_id in answered:
        log.warning("outbox item %d was answered when its sender stopped: the recorded answer is applied", item_id)
    return requeued, uncertain, answered


def recover_interrupted(db: Database, find: TargetLookup | None = None) -> list[int]:
    """:func:`recover`, every row it changed."""
    requeued, uncertain, answered = recover(db, find)
    return sorted(requeued + uncertain + answered)


# -- one claimed row -------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Claimed:
    id: int
    interaction_id: int
    mailbox: str | None
    message_id: str
    envelope_from: str
    envelope_to: tuple[str, ...]
    raw: bytes
    attempts: int  # including this one
    created_at: datetime


def _newer_inbound(session: Session, interaction: Interaction, since: datetime) -> int | None:
    if interaction.case_id is None:
        return None
    return session.scalar(
        select(Interaction.id).where(
            Interaction.case_id == interaction.case_id, Interaction.direction == Direction.INBOUND.value,
            Interaction.created_at > since,
        ).order_by(Interaction.id).limit(1)
    )


def _take(claim: Claim, session: Session, now: datetime, report: SendReport) -> _Claimed | bool | None:
    """Claim the next due row: a :class:`_Claimed`, ``True`` when a row was held back (look again), or None."""
    stmt = (select(OutboxItem).where(OutboxItem.state == "queued", OutboxItem.not_before <= now)
            .order_by(OutboxItem.not_before, OutboxItem.id).limit(1).execution_options(populate_existing=True))
    if claim.db.is_postgres:
        stmt = stmt.with_for_update(skip_locked=True)
    item = session.scalars(stmt).first()
    if item is None:
        return None
    interaction = session.get(Interaction, item.interaction_id, populate_existing=True,
                              with_for_update=claim.db.is_postgres)
    assert interaction is not None
    if item.hold_if_customer_writes:
        newer = _newer_inbound(session, interaction, item.created_at)
        if newer is not None:
            item.state = "cancelled"
            item.last_error = f"held: the customer wrote again (interaction {newer}) before it was sent"
            interaction.state = State.NEEDS_ATTENTION.value
            record(session, "send_held", interaction, message_id=item.message_id, newer_interaction_id=newer)
            report.held.append(item.id)
            return True
    if not claim.hold(session, item.id):
        return None
    changed = session.execute(
        update(OutboxItem).where(OutboxItem.id == item.id, OutboxItem.state == "queued")
        .values(state="sending", attempts=OutboxItem.attempts + 1, step=None, step_at=None)
        .execution_options(synchronize_session=False)
    ).rowcount  # type: ignore[attr-defined]
    if changed != 1:
        return None
    return _Claimed(item.id, item.interaction_id, item.mailbox, item.message_id, item.envelope_from,
                    tuple(item.envelope_to), item.raw, item.attempts + 1, item.created_at)


def _finish(session: Session, claimed: _Claimed, result: SendResult, now: datetime,
            backoff: Callable[[int], timedelta], give_up_after: timedelta, target: SendTarget | None,
            copy: str | None, **detail: Any) -> str:
    """Record the outcome of an attempt; returns the row's new state. ``copy`` is the Sent copy a success gets
    (``pending`` | ``filed`` | ``server`` | None), recorded in the same transaction as ``sent``."""
    item = session.get(OutboxItem, claimed.id, populate_existing=True)
    interaction = session.get(Interaction, claimed.interaction_id, populate_existing=True)
    assert item is not None and interaction is not None
    if item.state not in ("sending", "uncertain"):
        log.error("outbox item %d changed to %s while it was being sent", item.id, item.state)
        return item.state
    outcome = result.outcome
    error = result.detail
    if outcome is Outcome.TEMPORARY and now - claimed.created_at > give_up_after and not result.sign_in:
        outcome = Outcome.PERMANENT
        error = f"gave up after {claimed.attempts} attempts: {result.detail}"
    if outcome is Outcome.SENT:
        item.state, item.sent_at = "sent", utcnow()
        item.last_error = ("refused recipients: " + "; ".join(f"{r}: {w}" for r, w in result.refused.items())
                           if result.refused else None)
        item.sent_copy, item.sent_copy_error = copy, None
        item.filed_in_sent = copy == "filed"
        interaction.state = State.SENT.value
        record(session, "sent", interaction, message_id=claimed.message_id, attempts=claimed.attempts,
               server=result.detail, refused=result.refused, **detail)
    elif outcome is Outcome.TEMPORARY:
        # a mailbox waiting for a person to sign in again keeps its mail queued (never given up) and looks
        # again every few minutes; a sending limit waits as long as the provider asks
        wait = backoff(claimed.attempts)
        if result.sign_in:
            wait = min(wait, SIGN_IN_RETRY)
        if result.retry_after is not None:
            wait = max(wait, timedelta(seconds=result.retry_after))
        item.state, item.last_error = "queued", error
        item.not_before = now + wait
        extra = {"sign_in": True} if result.sign_in else {}
        if result.retry_after is not None:
            extra["throttled"] = True
        record(session, "send_deferred", interaction, message_id=claimed.message_id, error=error,
               attempts=claimed.attempts, next_attempt=item.not_before.isoformat(), step=item.step, **extra)
    elif outcome is Outcome.PERMANENT:
        item.state, item.last_error = "failed", error
        interaction.state = State.FAILED.value
        record(session, "send_failed", interaction, message_id=claimed.message_id, error=error,
               attempts=claimed.attempts)
    else:
        item.state, item.last_error, item.uncertain_at = "uncertain", error, utcnow()
        if target is not None and target.decides_uncertain:
            item.not_before = item.uncertain_at + target.grace  # when the Sent folder decides it
        record(session, "send_uncertain", interaction, message_id=claimed.message_id, reason=error,
               step=item.step, **detail)
    return item.state


def sent_folder_has(mailbox: SendTarget | MailboxSettings, message_id: str) -> bool:
    """Does the mailbox's Sent folder hold ``message_id``? (for the agent deciding on an uncertain message)
    Raises :class:`SentFolderError` when the folder cannot be searched or no IMAP server is configured."""
    if isinstance(mailbox, MailboxSettings):
        try:
            imap = imap_from_settings(mailbox)
        except Exception as exc:  # no password stored …
            raise SentFolderError(f"mailbox {mailbox.name!r}: {exc}") from None
        folder = mailbox.imap.sent_folder if mailbox.imap else "Sent"
    else:
        imap, folder = mailbox.imap, mailbox.sent_folder
    if imap is None:
        raise SentFolderError("this mailbox has no IMAP server configured, so its Sent folder cannot be searched")
    return has_message_id(imap, folder, message_id)


def _search_quietly(target: SendTarget | None, message_id: str) -> bool | None:
    if target is None or target.imap is None:
        return None
    try:
        return has_message_id(target.imap, target.sent_folder, message_id)
    except SentFolderError as exc:
        log.warning("searching the Sent folder for %s failed: %s", message_id, exc)
        return None


def _step_recorder(claim: Claim, item_id: int, target: SendTarget) -> Callable[[str], None]:
    """Record, durably, the step about to be taken (``on_step`` of :func:`send_message`)."""

    def step(name: str) -> None:
        values: dict[str, Any] = {"step": name, "step_at": utcnow()}
        if name == "connecting":
            values["sent_folder"] = target.sent_folder_kind
        with claim.tx() as session:
            changed = session.execute(
                update(OutboxItem).where(OutboxItem.id == item_id, OutboxItem.state == "sending").values(**values)
                .execution_options(synchronize_session=False)
            ).rowcount  # type: ignore[attr-defined]
        if changed != 1:
            raise RuntimeError(f"outbox item {item_id} is no longer being sent by this sender")

    return step


def _answer_recorder(claim: Claim, item_id: int) -> Callable[[SendResult], None]:
    """Record, durably, the server's answer to the final dot as soon as it came (``on_answer``)."""

    def answered(result: SendResult) -> None:
        with claim.tx() as session:
            session.execute(
                update(OutboxItem).where(OutboxItem.id == item_id, OutboxItem.state == "sending")
                .values(step=f"answered_{result.outcome.value}", step_at=utcnow(), last_error=result.detail)
                .execution_options(synchronize_session=False))

    return answered


def _copy_for(target: SendTarget | None, options: Options, found_in_sent: bool) -> str | None:
    """The Sent copy a sent message gets: the server's own, one already there, one to file, or none."""
    if target is None or target.imap is None:
        return None
    if target.server_files_sent:
        return "server"
    if found_in_sent:
        return "filed"
    return "pending" if options.file_sent_copy else None


def _send_one(db: Database, find: TargetLookup, options: Options, now: datetime, report: SendReport,
              backoff: Callable[[int], timedelta], give_up_after: timedelta) -> bool:
    """Claim and send one due row; False when nothing is due."""
    with Claim(db) as claim:
        with claim.tx() as session:
            claimed = _take(claim, session, now, report)
        if claimed is None:
            return False
        if not isinstance(claimed, _Claimed):
            return True  # held back because the customer wrote again: look for the next one
        target_error = f"no SMTP server is configured for mailbox {claimed.mailbox!r}"
        try:
            target: SendTarget | None = find(claimed.mailbox)
        except Exception as exc:  # a missing password, an unreadable CA file …
            target, target_error = None, f"mailbox {claimed.mailbox!r}: {exc}"
        detail: dict[str, Any] = {}
        if target is None:
            result = SendResult(Outcome.TEMPORARY, target_error)
        elif claimed.attempts > 1 and _search_quietly(target, claimed.message_id):
            result = SendResult(Outcome.SENT, "found in the Sent folder before a retry; not sent again")
            detail["found_in_sent"] = True
        else:
            result = send_message(target.smtp, claimed.envelope_from, claimed.envelope_to, claimed.raw,
                                  on_step=_step_recorder(claim, claimed.id, target),
                                  on_answer=_answer_recorder(claim, claimed.id))
        copy = _copy_for(target, options, bool(detail.get("found_in_sent")))
        with claim.tx() as session:
            state = _finish(session, claimed, result, now, backoff, give_up_after, target, copy, **detail)
        if state == "sent" and copy == "pending" and target is not None:
            sentcopy.file_held(db, claim, claimed.id, target, report)  # still holding the row's lock
        claim.release()
    by_state = {"sent": report.sent, "queued": report.retrying, "failed": report.failed,
                "uncertain": report.uncertain}
    if state in by_state:
        by_state[state].append(claimed.id)
    if state != "sent":
        report.errors[claimed.id] = result.detail
    elif detail.get("found_in_sent"):
        report.found_in_sent.append(claimed.id)
    return True


def send_due(db: Database, mailboxes: TargetLookup | Sequence[MailboxSettings], *, now: datetime | None = None,
             limit: int | None = None, backoff: Callable[[int], timedelta] = default_backoff,
             give_up_after: timedelta = timedelta(days=2)) -> SendReport:
    """Send every due outbox row (``not_before <= now``), one at a time; safe to run in several routers.

    ``mailboxes`` is the configured mailboxes or a function from a mailbox name to its :class:`SendTarget`.
    A temporary failure is retried after ``backoff(attempts)`` until the message is ``give_up_after`` old.
    First, rows a dead sender left are recovered, the Sent copies a crash left pending are filed and uncertain
    rows of mailboxes whose server files what it takes are decided by their Sent folder.
    """
    report = SendReport()
    find = _lookup(mailboxes)
    report.requeued, recovered_uncertain, answered = recover(db, find)
    report.recovered = sorted(report.requeued + recovered_uncertain + answered)
    report.uncertain.extend(recovered_uncertain)
    sentcopy.file_pending(db, find, report)
    sentcopy.decide_by_sent_folder(db, find, report, now=now)
    with db.read() as s:
        options = load_options(s)
    done = 0
    while limit is None or done < limit:
        if not _send_one(db, find, options, now or utcnow(), report, backoff, give_up_after):
            break
        done += 1
    return report

"""Syncing one mailbox folder into the routing database: new UIDs in batches, each batch and the folder's
position (``MailboxState``) committed together, so a crash or a dropped connection at any point loses and
duplicates nothing.

When UIDVALIDITY changes, every message of the folder is matched again: first by its Message-ID header
alone (cheap), so only what is really new is downloaded, and stored messages are pointed at their new UIDs;
dedup keys make the rest exactly-once. ``after_ingest`` (``keep`` | ``seen`` | ``move:FOLDER``) is applied
after each committed batch, and re-applied at the start of a pass for anything a crash left behind.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from agentdesk.config.mailboxes import MailboxSettings
from agentdesk.mail.headers import parse_headers
from agentdesk.mail.imap import Fetched, FolderStatus, ImapConnection
from agentdesk.mail.parse_worker import Prepared
from agentdesk.routing.db import Database
from agentdesk.routing.ingest import (
    Incoming,
    IngestResult,
    dedup_key,
    ingest_batch,
    lock_mailbox,
    team_id_for,
    update_uids,
)
from agentdesk.routing.models import Interaction, MailboxState

log = logging.getLogger(__name__)

ProgressFn = Callable[[int, int], None]
StopFn = Callable[[], bool]
#: told the ids stored by each committed batch and their raw bytes (e.g. to parse their bodies while the sync
#: goes on, without reading them back)
StoredFn = Callable[[Sequence[int], Mapping[int, bytes]], None]
#: reads fetched messages in a helper process before they are stored (header fields, fingerprint, body): a future
#: of what :func:`agentdesk.mail.parse_worker.prepare_many` answers, or None when there is no helper
PrepareFn = Callable[[Sequence[bytes]], "Future[list[Prepared]] | None"]


@dataclass(frozen=True)
class FolderPosition:
    """Where the last sync of a folder stopped."""

    uidvalidity: int | None
    last_uid: int
    highest_modseq: int | None


@dataclass
class SyncResult:
    """What one sync of one folder did."""

    mailbox: str
    folder: str
    total: int = 0  # messages the server had that were new to us
    created: list[int] = field(default_factory=list)
    reports: list[int] = field(default_factory=list)
    duplicates: int = 0
    bounced: int = 0
    rematched: int = 0
    uidvalidity_changed: bool = False
    stopped: bool = False


def load_position(db: Database, mailbox: str, folder: str) -> FolderPosition | None:
    with db.read() as session:
        row = session.scalars(select(MailboxState).where(MailboxState.mailbox == mailbox,
                                                         MailboxState.folder == folder)).first()
        if row is None:
            return None
        return FolderPosition(row.uidvalidity, row.last_uid, row.highest_modseq)


def _save_position(session: Session, mailbox: str, folder: str, status: FolderStatus, last_uid: int, *,
                   modseq: bool = True) -> None:
    """Advance the folder's position; ``modseq=False`` leaves HIGHESTMODSEQ unknown (after_ingest still due)."""
    highest = status.highest_modseq if modseq else None
    row = session.scalars(select(MailboxState).where(MailboxState.mailbox == mailbox, MailboxState.folder == folder)
                          .execution_options(populate_existing=True)).first()
    if row is None:
        session.add(MailboxState(mailbox=mailbox, folder=folder, uidvalidity=status.uidvalidity,
                                 last_uid=last_uid, highest_modseq=highest))
        return
    if row.uidvalidity == status.uidvalidity:
        row.last_uid = max(row.last_uid, last_uid)
    else:
        row.uidvalidity, row.last_uid = status.uidvalidity, last_uid
    row.highest_modseq = highest


def _chunks(uids: Sequence[int], size: int) -> list[list[int]]:
    return [list(uids[i:i + size]) for i in range(0, len(uids), size)]


class FolderSync:
    """One sync pass of one mailbox's configured folder over an open connection."""

    def __init__(self, db: Database, mailbox: MailboxSettings, conn: ImapConnection, *,
                 progress: ProgressFn | None = None, should_stop: StopFn | None = None,
                 batch_size: int | None = None, on_stored: StoredFn | None = None,
                 prepare: PrepareFn | None = None) -> None:
        if mailbox.imap is None:
            raise ValueError(f"mailbox {mailbox.name!r} has no [mailboxes.imap]")
        self.db = db
        self.mailbox = mailbox
        self.folder = mailbox.imap.folder
        self.conn = conn
        self.progress = progress
        self.should_stop = should_stop or (lambda: False)
        self.on_stored = on_stored
        self.prepare = prepare
        self.batch_size = batch_size or mailbox.imap.batch_size
        self.result = SyncResult(mailbox.name, self.folder)

    def run(self) -> SyncResult:
        with self.db.read() as session:
            self.team_id = team_id_for(session, self.mailbox.team)
        position = load_position(self.db, self.mailbox.name, self.folder)
        status = self.conn.select(self.folder, readonly=self.mailbox.after_ingest == "keep")
        if position is not None and position.uidvalidity not in (None, status.uidvalidity):
            log.warning("mailbox %s folder %s: UIDVALIDITY changed from %s to %s; matching messages again",
                        self.mailbox.name, self.folder, position.uidvalidity, status.uidvalidity)
            self.result.uidvalidity_changed = True
            self._rematch(status)
            return self.result
        last_uid = position.last_uid if position else 0
        self._housekeeping(status, position)
        if status.uidnext is not None and status.uidnext <= last_uid + 1:
            return self.result  # nothing new: one SELECT, no write
        uids = self.conn.uids_from(last_uid + 1)
        self.result.total = len(uids)
        self._report(0)
        chunks = _chunks(uids, self.batch_size)
        if self.mailbox.after_ingest == "keep" and len(chunks) > 1:
            self._pipelined(chunks, status)
            return self.result
        done = 0
        for chunk in chunks:
            if self.should_stop():
                self.result.stopped = True
                break
            self._store_fetched(chunk, self.conn.fetch_raw(chunk), status)
            self._after_ingest(chunk)
            done += len(chunk)
            self._report(done)
        return self.result

    def _pipelined(self, chunks: list[list[int]], status: FolderStatus) -> None:
        """Fetch the next batch while this one is stored (the connection is used by the fetching thread only
        meanwhile), and with ``prepare`` have each fetched batch read by a parse helper on another core (header
        fields, fingerprints, bodies) meanwhile too, so that this thread only stores and each message is stored
        with its body. Batches are still committed one by one, in UID order: a failed fetch stops the sync after
        the batches before it; a failed helper leaves its batch to the usual path (headers read here, bodies
        parsed after the commit). Only with ``after_ingest = "keep"``: marking or moving messages would need the
        connection between two fetches."""
        done = 0

        def fetch(chunk: list[int]) -> tuple[list[Fetched], Future[list[Prepared]] | None]:
            fetched = self.conn.fetch_raw(chunk)
            return fetched, (self.prepare([f.raw for f in fetched]) if self.prepare is not None and fetched else None)

        with ThreadPoolExecutor(1, thread_name_prefix=f"fetch-{self.mailbox.name}") as fetcher:
            ahead = fetcher.submit(fetch, chunks[0])
            for index, chunk in enumerate(chunks):
                if self.should_stop():
                    self.result.stopped = True
                    break
                fetched, preparing = ahead.result()
                if index + 1 < len(chunks):
                    ahead = fetcher.submit(fetch, chunks[index + 1])
                self._store_fetched(chunk, fetched, status, _prepared(preparing, len(fetched)))
                done += len(chunk)
                self._report(done)

    def _store_fetched(self, chunk: list[int], fetched: list[Fetched], status: FolderStatus,
                       prepared: list[Prepared] | None = None) -> None:
        if len(fetched) < len(chunk):
            log.warning("mailbox %s: %d of %d messages vanished before they could be fetched",
                        self.mailbox.name, len(chunk) - len(fetched), len(chunk))
        if prepared is None:
            self._store([Incoming(f.raw, f.uid) for f in fetched], status, chunk[-1])
        else:
            self._store([Incoming(f.raw, f.uid, p) for f, p in zip(fetched, prepared, strict=True)], status,
                        chunk[-1])

    def _report(self, done: int) -> None:
        if self.progress is not None:
            self.progress(done, self.result.total)

    def _store(self, messages: Sequence[Incoming], status: FolderStatus, last_uid: int,
               known: dict[str, int] | None = None) -> None:
        with self.db.write() as session:
            lock_mailbox(session, self.mailbox.name)
            batch = ingest_batch(session, mailbox=self.mailbox.name, team_id=self.team_id, messages=messages,
                                 folder=self.folder, uidvalidity=status.uidvalidity) if messages else IngestResult()
            moved = {**batch.duplicate_uids, **(known or {})} if self.result.uidvalidity_changed else known
            if moved:
                update_uids(session, mailbox=self.mailbox.name, uidvalidity=status.uidvalidity, uids=moved)
            _save_position(session, self.mailbox.name, self.folder, status, last_uid,
                           modseq=self.mailbox.after_ingest == "keep")
        self.result.created.extend(batch.created)
        self.result.reports.extend(batch.reports)
        self.result.duplicates += batch.duplicates
        self.result.bounced += len(batch.bounced)
        if self.on_stored is not None and (batch.created or batch.reports):
            self.on_stored(batch.created + batch.reports, batch.raws)

    def _rematch(self, status: FolderStatus) -> None:
        uids = self.conn.uids_from(1)
        self.result.total = len(uids)
        self._report(0)
        if not uids:
            self._store([], status, 0)
            return
        done = 0
        for chunk in _chunks(uids, self.batch_size):
            if self.should_stop():
                self.result.stopped = True
                return
            headers = self.conn.fetch_message_ids(chunk)
            keys: dict[int, str] = {}
            for uid, header in headers.items():
                info = parse_headers(header + b"\r\n")
                if info.message_id:
                    keys[uid] = dedup_key(info, b"")
            with self.db.read() as session:
                stored = set(session.scalars(select(Interaction.dedup_key).where(
                    Interaction.mailbox == self.mailbox.name, Interaction.dedup_key.in_(set(keys.values())))))
            known = {keys[uid]: uid for uid in chunk if keys.get(uid) in stored}
            missing = [uid for uid in chunk if keys.get(uid) not in stored]
            fetched = self.conn.fetch_raw(missing) if missing else []
            self._store([Incoming(f.raw, f.uid) for f in fetched], status, chunk[-1], known)
            self.result.rematched += len(known)
            self._after_ingest(chunk)
            done += len(chunk)
            self._report(done)

    def _after_ingest(self, uids: Sequence[int]) -> None:
        if not uids or self.mailbox.after_ingest == "keep":
            return
        target = self.mailbox.move_to
        if target:
            self.conn.move(uids, target)
        else:
            self.conn.mark_seen(uids)

    def _housekeeping(self, status: FolderStatus, position: FolderPosition | None) -> None:
        """Apply ``after_ingest`` to stored messages a crash left untouched on the server."""
        if position is None or position.last_uid < 1 or self.mailbox.after_ingest == "keep":
            return
        if status.highest_modseq is not None and status.highest_modseq == position.highest_modseq:
            return
        left = self.conn.uids_through(position.last_uid, unseen=self.mailbox.move_to is None)
        if left:
            log.info("mailbox %s: applying after_ingest=%s to %d stored messages", self.mailbox.name,
                     self.mailbox.after_ingest, len(left))
            for chunk in _chunks(left, self.batch_size):
                self._after_ingest(chunk)
            status = self.conn.select(self.folder)
        with self.db.write() as session:
            lock_mailbox(session, self.mailbox.name)
            _save_position(session, self.mailbox.name, self.folder, status, position.last_uid)


def _prepared(future: Future[list[Prepared]] | None, count: int) -> list[Prepared] | None:
    """What a parse helper read of a batch; None (the usual path) when there was none or it failed."""
    if future is None:
        return None
    try:
        prepared = future.result()
    except Exception as exc:
        log.warning("a parse helper failed (%s); its batch is read here", exc)
        return None
    return prepared if len(prepared) == count else None


def sync_folder(db: Database, mailbox: MailboxSettings, conn: ImapConnection, *,
                progress: ProgressFn | None = None, should_stop: StopFn | None = None,
                batch_size: int | None = None, on_stored: StoredFn | None = None,
                prepare: PrepareFn | None = None) -> SyncResult:
    """Ingest what is new in ``mailbox``'s folder over ``conn`` (connected); see :class:`FolderSync`."""
    return FolderSync(db, mailbox, conn, progress=progress, should_stop=should_stop, batch_size=batch_size,
                      on_stored=on_stored, prepare=prepare).run()

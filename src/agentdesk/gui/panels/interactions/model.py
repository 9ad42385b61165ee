"""A lazy table model over interaction ids: the ids come in one query, rows are fetched a page at a time.

Like Anki's browser table, the model holds only ids; a row's summary is fetched (with its page of neighbours)
the first time a view asks for it, on the worker thread, and cached. 100,000 interactions cost a list of ints
until they are scrolled into view.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from datetime import UTC, datetime
from functools import partial
from typing import Any

from agentdesk.gui import display
from agentdesk.gui.ops import Ops
from agentdesk.gui.qt import (
    QAbstractTableModel,
    QColor,
    QModelIndex,
    QPainter,
    QPersistentModelIndex,
    QPixmap,
    Qt,
    Signal,
)

Index = QModelIndex | QPersistentModelIndex

#: fetch_ids(ctx) -> list[int];  fetch_summaries(ctx, ids) -> list of InteractionSummary
FetchIds = Callable[..., Sequence[int]]
FetchSummaries = Callable[..., Sequence[Any]]

COLUMNS = ("subject", "contact", "state", "age", "tags", "viewers")
ID_ROLE = int(Qt.ItemDataRole.UserRole) + 1
SLA_ROLE = int(Qt.ItemDataRole.UserRole) + 2
SLA_COLOURS = {display.Sla.OK: "#1a7f37", display.Sla.WARN: "#b7791f", display.Sla.LATE: "#c62828"}
# the state column of sends that need the agent: uncertain (decide whether it was sent) or refused
TRANSFER_COLOUR = "#7c3aed"
SEND_COLOURS = dict(zip(display.SEND_TROUBLE, ("#b45309", "#c62828"), strict=True))


class InteractionTableModel(QAbstractTableModel):
    """Rows of interactions; unknown rows show a placeholder until their page arrives."""

    PAGE = 200

    sig_ids_loaded = Signal(int)
    """The id list was (re)loaded; carries the row count."""
    sig_ids_changing = Signal()
    """Rows are about to be inserted or removed in place (not a reset): views note what they must keep put."""
    sig_held_changed = Signal(int)
    """How many new interactions are held back above the list (shown with :meth:`release_held`)."""
    sig_page_loaded = Signal(int)
    """A page of summaries arrived; carries how many rows are cached now."""

    def __init__(self, ops: Ops, fetch_ids: FetchIds, fetch_summaries: FetchSummaries) -> None:
        super().__init__()
        self._ops = ops
        self._fetch_ids = fetch_ids
        self._fetch_summaries = fetch_summaries
        self._ids: list[int] = []
        self._cache: dict[int, Any] = {}
        self._stale: set[int] = set()  # cached rows shown until their page is fetched again
        #: True while the view must not move (the pointer is over it, a row is chosen): new rows that would go
        #: on top are held back, counted by sig_held_changed, until release_held (set by the panel)
        self.hold_new: Callable[[], bool] = lambda: False
        self._held: list[int] = []
        self.show_next = False  # the next update comes from the agent's own action: nothing is held
        self._last: list[int] = []
        self._requested: set[int] = set()
        self._generation = 0
        self._now = datetime.now(UTC)
        self._viewers: dict[int, tuple[str, ...]] = {}
        self._transfers: dict[int, Any] = {}  # interaction id -> its pending transfer offer (OfferView)
        # keyword arguments of fetch_ids (the list's filter: tag …), read when the ids are fetched
        self.filters: dict[str, Any] = {}

    # -- loading -------------------------------------------------------------------------------------------
    def reload(self, *, show_new: bool = False) -> None:
        """Fetch the id list again (after a change); ``show_new``: the agent's own action made the change, so new
        rows are shown at once rather than held while the agent points at the list."""
        fetch_ids = self._ids_fetcher()
        if self._ids or self._generation:
            self._ops.run(fetch_ids, owner=self, on_done=lambda ids: self._on_ids_fetched(ids, hold=not show_new))
            return
        # The first load brings the first page with the ids, in the same job: the list shows its rows at once,
        # not after the other panels' first loads queued meanwhile on the worker.
        fetch_summaries, page = self._fetch_summaries, self.PAGE

        def ids_and_first_page(ctx: Any) -> tuple[Sequence[int], Sequence[Any]]:
            ids = fetch_ids(ctx)
            return ids, (fetch_summaries(ctx, list(ids[:page])) if ids else [])

        self._ops.run(ids_and_first_page, on_done=lambda found: self._on_ids_fetched(*found), owner=self)

    def _ids_fetcher(self) -> FetchIds:
        """``fetch_ids`` with the list's filter as it is now."""
        return partial(self._fetch_ids, **self.filters) if self.filters else self._fetch_ids

    def refresh_rows(self, changed: Collection[int]) -> None:
        """Follow the change feed: the id list again (what joined or left, one query of ids), and only the rows of
        ``changed`` fetched again; every other row keeps what it shows, with no fetch."""
        if not self._ids and not self._generation:
            self.reload()
            return
        wanted = frozenset(int(i) for i in changed)
        self._ops.run(self._ids_fetcher(), on_done=lambda ids: self._on_ids_fetched(ids, changed=wanted), owner=self)

    def release_held(self) -> None:
        """Insert the new rows held back on top."""
        if self._held:
            self._on_ids_fetched(list(self._last), hold=False)

    @property
    def held(self) -> int:
        return len(self._held)

    def _on_ids_fetched(self, ids: Sequence[int], first_page: Sequence[Any] = (), *,
                        changed: frozenset[int] | None = None, hold: bool = True) -> None:
        fresh = [int(i) for i in ids]
        self._last = list(fresh)
        hold, self.show_next = hold and not self.show_next, False
        held: list[int] = []
        if self._ids and hold and self.hold_new():
            current = set(self._ids)
            top = next((n for n, i in enumerate(fresh) if i in current), 0)
            held, fresh = fresh[:top], fresh[top:]
        if held != self._held:
            self._held = held
            self.sig_held_changed.emit(len(held))
        if not self._ids or not fresh or not _same_order(self._ids, fresh):
            self.beginResetModel()
            self._generation += 1
            self._ids = fresh
            self._cache.clear()
            self._stale.clear()
            self._requested.clear()
            if first_page:
                self._cache.update((int(summary.id), summary) for summary in first_page)
                self._requested.add(0)
            self.endResetModel()
            self.sig_ids_loaded.emit(len(self._ids))
            return
        # The same rows with some gone and some new: removed and inserted in place (never a reset), so that the
        # views keep their selection and current row on the same interaction, and can keep what is under the
        # pointer where it is (the panel scrolls by what was inserted above it). Rows already shown keep their
        # text until their page is fetched again: no flicker.
        self.sig_ids_changing.emit()
        self._generation += 1
        self._requested.clear()
        keep = set(fresh)
        for first, last in reversed(_runs([row for row, i in enumerate(self._ids) if i not in keep])):
            self.beginRemoveRows(QModelIndex(), first, last)
            del self._ids[first:last + 1]
            self.endRemoveRows()
        row = 0
        while row < len(fresh):
            if row < len(self._ids) and self._ids[row] == fresh[row]:
                row += 1
                continue
            end = row
            while end < len(fresh) and (row >= len(self._ids) or fresh[end] != self._ids[row]):
                end += 1
            self.beginInsertRows(QModelIndex(), row, end - 1)
            self._ids[row:row] = fresh[row:end]
            self.endInsertRows()
            row = end
        self._cache = {i: v for i, v in self._cache.items() if i in keep}
        if changed is None:  # a reload: every row fetched again
            self._stale = set(self._cache)
            if self._ids:
                self.dataChanged.emit(self.index(0, 0), self.index(len(self._ids) - 1, len(COLUMNS) - 1))
        else:  # the feed said which changed: those rows only
            self._stale = (self._stale | changed) & set(self._cache)
            for row in sorted(self.row_of(i) for i in self._stale):
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))
        self.sig_ids_loaded.emit(len(self._ids))

    def _request(self, row: int) -> None:
        page = row // self.PAGE
        if page in self._requested:
            return
        self._requested.add(page)
        # only what the page lacks or what changed (after the feed named rows, the others are kept as they are)
        ids = [i for i in self._ids[page * self.PAGE:(page + 1) * self.PAGE] if i not in self._cache or i in self._stale]
        if not ids:
            return
        generation = self._generation
        self._ops.run(self._fetch_summaries, ids,
                      on_done=lambda rows: self._on_page_fetched(generation, page, rows), owner=self)

    def _on_page_fetched(self, generation: int, page: int, rows: Sequence[Any]) -> None:
        if generation != self._generation:
            return
        for summary in rows:
            self._cache[int(summary.id)] = summary
            self._stale.discard(int(summary.id))
        first = page * self.PAGE
        last = min(len(self._ids), first + self.PAGE) - 1
        if last >= first:
            self.dataChanged.emit(self.index(first, 0), self.index(last, len(COLUMNS) - 1))
        self.sig_page_loaded.emit(len(self._cache))

    def set_viewers(self, viewers: dict[int, tuple[str, ...]]) -> None:
        """Who else has each interaction open (X2): interaction id → their names."""
        changed = {i for i in set(viewers) | set(self._viewers) if viewers.get(i) != self._viewers.get(i)}
        self._viewers = dict(viewers)
        column = COLUMNS.index("viewers")
        for interaction_id in changed:
            row = self.row_of(interaction_id)
            if row >= 0:
                self.dataChanged.emit(self.index(row, column), self.index(row, column))

    def set_transfers(self, offers: Sequence[Any]) -> None:
        """The transfer offers made on these interactions that wait for an answer: their state says so."""
        fresh = {int(o.interaction_id): o for o in offers}
        changed = set(fresh) ^ set(self._transfers) | {i for i in fresh if fresh[i] != self._transfers.get(i)}
        self._transfers = fresh
        column = COLUMNS.index("state")
        for interaction_id in changed:
            row = self.row_of(interaction_id)
            if row >= 0:
                self.dataChanged.emit(self.index(row, column), self.index(row, column))

    def transfer_of(self, interaction_id: int) -> Any | None:
        """The pending transfer offer of an interaction (None when there is none or it has timed out)."""
        offer = self._transfers.get(interaction_id)
        return offer if display.offer_open(offer) else None

    def viewers_of(self, interaction_id: int) -> tuple[str, ...]:
        return self._viewers.get(interaction_id, ())

    def has_tags(self) -> bool:
        """Whether any row fetched so far carries a tag (the view shows the tags column only then)."""
        return any(getattr(summary, "tags", ()) for summary in self._cache.values())

    def has_viewers(self) -> bool:
        return any(self.row_of(i) >= 0 for i in self._viewers)

    def tick(self) -> None:
        """Advance the clock the ages and SLA colours are computed against."""
        self._now = datetime.now(UTC)
        if self._ids:
            age = COLUMNS.index("age")
            self.dataChanged.emit(self.index(0, age), self.index(len(self._ids) - 1, age))

    # -- what views ask --------------------------------------------------------------------------------------
    @property
    def fetched_rows(self) -> int:
        return len(self._cache)

    def interaction_id(self, row: int) -> int:
        return self._ids[row]

    def row_of(self, interaction_id: int) -> int:
        try:
            return self._ids.index(interaction_id)
        except ValueError:
            return -1

    def summary(self, row: int) -> Any | None:
        return self._cache.get(self._ids[row]) if 0 <= row < len(self._ids) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if not 0 <= section < len(COLUMNS):
            return None
        titles = {"subject": self.tr("Subject"), "contact": self.tr("Contact"), "state": self.tr("State"),
                  "age": self.tr("Age"), "tags": self.tr("Tags"), "viewers": self.tr("Viewing")}
        return titles[COLUMNS[section]]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._ids):
            return None
        row, column = index.row(), COLUMNS[index.column()]
        if role == ID_ROLE:
            return self._ids[row]
        summary = self._cache.get(self._ids[row])
        if summary is None or self._ids[row] in self._stale:
            self._request(row)
        if summary is None:
            return "…" if role == Qt.ItemDataRole.DisplayRole and column == "subject" else None
        if column == "viewers":
            return self._viewers_data(self._ids[row], role)
        offer = self.transfer_of(self._ids[row]) if column == "state" else None
        if offer is not None:
            if role == Qt.ItemDataRole.DisplayRole:
                return display.transfer_pending(offer)
            if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
                return display.transfer_pending_hint(offer)
            if role == Qt.ItemDataRole.ForegroundRole:
                return QColor(TRANSFER_COLOUR)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._text(summary, column, tooltip=role == Qt.ItemDataRole.ToolTipRole)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self._text(summary, column, tooltip=True)
        send = display.send_trouble(summary)
        if role == Qt.ItemDataRole.ForegroundRole and column == "state" and send is not None:
            return QColor(SEND_COLOURS[send])
        if role == Qt.ItemDataRole.ForegroundRole and column == "state" and display.follow_up(summary) == "due":
            return QColor(display.FOLLOW_UP_COLOUR)
        level = display.sla(summary.state, _since(summary), self._now)
        if role == SLA_ROLE:
            return level.value
        if role == Qt.ItemDataRole.ForegroundRole and column == "age" and level in SLA_COLOURS:
            return QColor(SLA_COLOURS[level])
        if role == Qt.ItemDataRole.DecorationRole and column == "subject" and level in SLA_COLOURS:
            return sla_dot(level)
        return None

    def _viewers_data(self, interaction_id: int, role: int) -> Any:
        names = self._viewers.get(interaction_id, ())
        if not names:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return ", ".join(names)
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return self.tr("Also open by %1").replace("%1", ", ".join(names))
        if role == Qt.ItemDataRole.ForegroundRole:
            return QColor("#b45309")
        return None

    def _text(self, summary: Any, column: str, *, tooltip: bool) -> str:
        if column == "subject":
            subject = summary.subject or self.tr("(no subject)")
            if getattr(summary, "duplicate_message_id", False):
                subject = f"{subject} — {self.tr('⚠ duplicate Message-ID')}"
            if tooltip:
                who = display.sender(_contact_name(summary), getattr(summary, "from_addr", None))
                return f"{subject}\n{who}" if who else subject
            return f"☎ {subject}" if summary.kind == "call" else subject
        if column == "contact":
            return str(display.sender(_contact_name(summary), getattr(summary, "from_addr", None)) if tooltip
                       else _contact_name(summary) or getattr(summary, "from_addr", None) or "")
        if column == "tags":
            tags = tuple(getattr(summary, "tags", ()) or ())
            return ", ".join(tags) if tooltip else "  ".join(f"#{t}" for t in tags)
        if column == "state":
            if tooltip and display.send_trouble(summary) == "uncertain":
                return display.uncertain_send_hint()
            follow_up = display.follow_up_text(summary)
            if follow_up is not None and display.send_trouble(summary) is None:
                # a snoozed interaction's state is its owner's business; what they need to know is the follow-up
                return f"{display.interaction_state(summary)} — {follow_up}" if tooltip else follow_up
            return display.interaction_state(summary)
        since = _since(summary)
        return display.when(since) if tooltip else display.age(since, self._now)


def _same_order(old: list[int], new: list[int]) -> bool:
    """The ids both lists hold come in the same order (rows can be removed and inserted in place)."""
    both = set(old) & set(new)
    return [i for i in old if i in both] == [i for i in new if i in both]


def _runs(rows: list[int]) -> list[tuple[int, int]]:
    """Sorted row numbers as (first, last) runs of neighbours."""
    runs: list[tuple[int, int]] = []
    for row in rows:
        if runs and runs[-1][1] == row - 1:
            runs[-1] = (runs[-1][0], row)
        else:
            runs.append((row, row))
    return runs


_DOTS: dict[display.Sla, QPixmap] = {}


def sla_dot(level: display.Sla) -> QPixmap:
    """A small round mark in the SLA colour, drawn once per level."""
    if level not in _DOTS:
        pixmap = QPixmap(10, 10)
        pixmap.fill(QColor(0, 0, 0, 0))
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(SLA_COLOURS[level]))
        painter.drawEllipse(1, 1, 8, 8)
        painter.end()
        _DOTS[level] = pixmap
    return _DOTS[level]


def _since(summary: Any) -> datetime | None:
    for name in ("received_at", "assigned_at", "created_at"):
        value = getattr(summary, name, None)
        if isinstance(value, datetime):
            return value
    return None


def _contact_name(summary: Any) -> str | None:
    for name in ("contact_name", "from_name"):
        value = getattr(summary, name, None)
        if value:
            return str(value)
    return None

"""Background operations: run an ``agentdesk.actions`` function on a worker thread, answer on the GUI thread.

Every database call of the desktop goes through :class:`Ops` (as Anki's ``CollectionOp`` does): the function runs
on one worker thread (database work is serialised, which also keeps SQLite's single writer calm), and its result
or its failure comes back to the GUI thread as a callback. Failures get a default presentation: an
:class:`~agentdesk.actions.errors.ActionError` becomes a calm status-bar message (or a message box with the
action's message, for operations the user started and must see refused); an unreachable database turns the
status bar to "offline", and so does an answer the desk gave from the local cache instead
(:class:`agentdesk.desk.reading.Answer` with ``offline``); anything else is logged with its traceback and shown as a short generic message. No
traceback ever reaches the user.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from sqlalchemy.exc import DBAPIError, OperationalError

from agentdesk.actions.context import ActionContext
from agentdesk.actions.errors import ActionError
from agentdesk.desk.reading import Answer
from agentdesk.gui.qt import (
    QCoreApplication,
    QMessageBox,
    QObject,
    QRunnable,
    Qt,
    QThreadPool,
    QWidget,
    Signal,
    Slot,
    is_alive,
)

log = logging.getLogger(__name__)

Callback = Callable[[Any], None]


def error_title(error: ActionError) -> str:
    """A translated title for an action's refusal, by its stable code."""
    titles = {
        "not_found": QCoreApplication.translate("Ops", "Not found"),
        "permission_denied": QCoreApplication.translate("Ops", "Not allowed"),
        "invalid_state": QCoreApplication.translate("Ops", "Not possible now"),
        "invalid_input": QCoreApplication.translate("Ops", "Please check your input"),
        "unfilled_fields": QCoreApplication.translate("Ops", "Fields to fill"),
        "conflict": QCoreApplication.translate("Ops", "Changed meanwhile"),
    }
    return titles.get(error.code, QCoreApplication.translate("Ops", "Refused"))


def is_connection_error(error: BaseException) -> bool:
    """True when the database could not be reached (as opposed to a refused statement)."""
    return isinstance(error, OperationalError) or (isinstance(error, DBAPIError) and error.connection_invalidated)


class _Relay(QObject):
    """Lives on the GUI thread; the worker emits on it, so the delivery slot runs on the GUI thread."""

    sig_completed = Signal(bool, object)
    """The job ended: (succeeded, result or exception)."""

    def __init__(self, deliver: Callable[[_Relay, bool, object], None]) -> None:
        super().__init__()
        self._deliver = deliver
        self.sig_completed.connect(self.on_self_completed)

    @Slot(bool, object)
    def on_self_completed(self, ok: bool, payload: object) -> None:
        self._deliver(self, ok, payload)


class _Job(QRunnable):
    def __init__(self, relay: _Relay, fn: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._relay = relay
        self._call = (fn, args, kwargs)

    def run(self) -> None:
        fn, args, kwargs = self._call
        try:
            result = fn(*args, **kwargs)
        except BaseException as exc:
            self._relay.sig_completed.emit(False, exc)
        else:
            self._relay.sig_completed.emit(True, result)


class _Pending:
    __slots__ = ("changes", "database", "modal", "on_done", "on_error", "owner", "parent")

    def __init__(self, on_done: Callback | None, on_error: Callable[[BaseException], bool] | None,
                 owner: QObject | None, changes: str | None, modal: bool, parent: QWidget | None,
                 database: bool) -> None:
        self.database = database  # an action on the routing database: its success says the database answers
        self.on_done = on_done
        self.on_error = on_error
        self.owner = owner
        self.changes = changes
        self.modal = modal
        self.parent = parent


class Ops(QObject):
    """Runs actions for the signed-in user off the GUI thread."""

    sig_status_message = Signal(str)
    """A calm, translated message for the status bar."""
    sig_connection_changed = Signal(bool)
    """The routing database became reachable (True) or unreachable (False)."""
    sig_data_changed = Signal(str)
    """A mutating operation succeeded; the string names what changed ("notes", "interactions" …)."""
    sig_busy_changed = Signal(int)
    """How many operations are pending (0: idle)."""
    sig_refusal_shown = Signal(str)
    """A refused action's message was shown in a message box."""

    def __init__(self, ctx: ActionContext | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._pending: dict[_Relay, _Pending] = {}
        self._online: bool | None = None
        self.dialog_parent: QWidget | None = None
        self.last_refusal: QMessageBox | None = None

    @property
    def pending(self) -> int:
        return len(self._pending)

    @property
    def online(self) -> bool | None:
        return self._online

    def run(self, fn: Callable[..., Any], *args: Any, on_done: Callback | None = None,
            on_error: Callable[[BaseException], bool] | None = None, owner: QObject | None = None,
            changes: str | None = None, modal: bool = False, **kwargs: Any) -> None:
        """Call ``fn(ctx, *args, **kwargs)`` on the worker.

        ``on_done(result)`` runs on the GUI thread; ``on_error(exc)`` may handle a failure (return True) before
        the default presentation. ``owner``: skip the callbacks once this object is gone. ``changes``: announce
        ``sig_data_changed(changes)`` after success. ``modal``: show a refusal in a message box.
        """
        if self.ctx is None:
            raise RuntimeError("nobody is signed in: use Ops.call for work that needs no user")
        self._start(fn, (self.ctx, *args), kwargs, _Pending(on_done, on_error, owner, changes, modal,
                                                           self.dialog_parent, database=True))

    def call(self, fn: Callable[..., Any], *args: Any, on_done: Callback | None = None,
             on_error: Callable[[BaseException], bool] | None = None, owner: QObject | None = None,
             changes: str | None = None, modal: bool = False, **kwargs: Any) -> None:
        """Call ``fn(*args, **kwargs)`` on the worker (no user context), with the same callbacks as :meth:`run`.
        Its success says nothing of the routing database (it may read only the local cache); its failure to
        connect does say it is away."""
        self._start(fn, args, kwargs, _Pending(on_done, on_error, owner, changes, modal, self.dialog_parent,
                                               database=False))

    def _start(self, fn: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any],
               pending: _Pending) -> None:
        relay = _Relay(self._deliver)
        self._pending[relay] = pending
        self.sig_busy_changed.emit(len(self._pending))
        self._pool.start(_Job(relay, fn, args, kwargs))

    def wait(self, msecs: int = 10000) -> bool:
        """Block until the worker is idle (shutdown only)."""
        return bool(self._pool.waitForDone(msecs))

    def _deliver(self, relay: _Relay, ok: bool, payload: object) -> None:
        pending = self._pending.pop(relay)
        relay.deleteLater()
        self.sig_busy_changed.emit(len(self._pending))
        alive = pending.owner is None or is_alive(pending.owner)
        if ok:
            if isinstance(payload, Answer) and payload.offline:  # the desk answered from the local cache
                log.warning("routing database unreachable, answered from the local cache: %s", payload.reason)
                self._set_online(False)
                self.sig_status_message.emit(QCoreApplication.translate("Ops", "The database cannot be reached; working offline."))
            elif pending.database:
                self._set_online(True)
            if alive and pending.on_done is not None:
                pending.on_done(payload)
            if pending.changes:
                self.sig_data_changed.emit(pending.changes)
            return
        assert isinstance(payload, BaseException)
        if alive and pending.on_error is not None and pending.on_error(payload):
            return
        self.present(payload, modal=pending.modal, parent=pending.parent if alive else None,
                     database=pending.database)

    def present(self, error: BaseException, *, modal: bool = False, parent: QWidget | None = None,
                database: bool = True) -> None:
        """The default presentation of a failure (``database``: it came from the routing database, whose refusal
        says it answers; a refusal from the local cache says nothing of it)."""
        if isinstance(error, ActionError):
            if database:
                self._set_online(True)
            if modal:
                self.show_refusal(error, parent)
            else:
                self.sig_status_message.emit(f"{error_title(error)}: {error.message}")
            return
        if is_connection_error(error):
            log.warning("routing database unreachable: %s", error)
            self._set_online(False)
            self.sig_status_message.emit(QCoreApplication.translate("Ops", "The database cannot be reached; working offline."))
            return
        log.error("operation failed", exc_info=error)
        self.sig_status_message.emit(QCoreApplication.translate("Ops", "Something went wrong; the details are in the log."))

    def show_refusal(self, error: ActionError, parent: QWidget | None) -> QMessageBox:
        """A window-modal message box with the action's message (it does not block the event loop)."""
        box = QMessageBox(QMessageBox.Icon.Warning, error_title(error), error.message,
                          QMessageBox.StandardButton.Ok, parent)
        box.setObjectName("refusal_box")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.last_refusal = box
        box.open()
        self.sig_refusal_shown.emit(error.message)
        return box

    def report_connection(self, online: bool) -> None:
        """Another watcher of the database (the live-update feed) found it reachable (True) or not."""
        self._set_online(online)

    def _set_online(self, online: bool) -> None:
        if online != self._online:
            self._online = online
            self.sig_connection_changed.emit(online)

"""Acting on the open interaction through the window — shortcuts, menus, buttons — checked in the database."""

from __future__ import annotations

from pytestqt.qtbot import QtBot
from sqlalchemy import select

from agentdesk.gui.mainwindow import MainWindow
from agentdesk.gui.qt import QDialogButtonBox, QKeySequence, Qt
from agentdesk.routing.db import Database
from agentdesk.routing.models import CaseData, Interaction, Note, TransferOffer, Workbin, WorkbinItem
from tests.gui.conftest import MakeWindow, wait_loaded
from tests.support.factories import Center, inbound


def _open(qtbot: QtBot, window: MainWindow, interaction_id: int) -> None:
    wait_loaded(qtbot, window, window.interactions.model.rowCount() or 1)
    model = window.interactions.model
    qtbot.waitUntil(lambda: model.row_of(interaction_id) >= 0, timeout=20000)
    with qtbot.waitSignal(window.email.sig_interaction_loaded, timeout=20000):
        window.interactions.view.selectRow(model.row_of(interaction_id))
    qtbot.waitUntil(lambda: window.ops.pending == 0, timeout=20000)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)


def _keys(qtbot: QtBot, window: MainWindow, sequence: str) -> None:
    """Press a shortcut in the (active) main window."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    qtbot.keySequence(window, QKeySequence(sequence))


def _scalar(db: Database, stmt: object) -> object:
    with db.read() as s:
        return s.scalar(stmt)  # type: ignore[call-overload]


def test_add_a_note(qtbot: QtBot, sqlite_db: Database, center: Center, make_window: MakeWindow) -> None:
    iid = inbound(sqlite_db, center)
    window = make_window()
    _open(qtbot, window, iid)
    _keys(qtbot, window, "Ctrl+Shift+N")
    qtbot.waitUntil(lambda: window.notes.editor.hasFocus(), timeout=5000)
    window.notes.editor.insertPlainText("倉庫に確認済み")  # QTest types ASCII only
    with qtbot.waitSignal(window.notes.sig_note_added, timeout=20000):
        qtbot.mouseClick(window.notes.add_button, Qt.MouseButton.LeftButton)
    assert _scalar(sqlite_db, select(Note.body).where(Note.interaction_id == iid)) == "倉庫に確認済み"
    qtbot.waitUntil(lambda: "倉庫に確認済み" in window.notes.view.toPlainText(), timeout=20000)
    assert window.notes.editor.toPlainText() == ""


def test_mark_done_needs_a_disposition_then_closes(qtbot: QtBot, sqlite_db: Database, center: Center,
                                                  make_window: MakeWindow) -> None:
    iid = inbound(sqlite_db, center)
    window = make_window()
    _open(qtbot, window, iid)
    with qtbot.waitSignal(window.ops.sig_refusal_shown, timeout=20000) as refused:
        _keys(qtbot, window, "Ctrl+Shift+D")
    assert "disposition" in refused.args[0]
    assert window.ops.last_refusal is not None and window.ops.last_refusal.isVisible()
    window.ops.last_refusal.button(window.ops.last_refusal.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: bool(window.interaction_commands.disposition_menu.actions()), timeout=20000)
    resolved = window.interaction_commands.disposition_menu.findChild(type(window.commands["note"]),
                                                                       "disposition_resolved")
    assert resolved is not None
    resolved.trigger()
    qtbot.waitUntil(lambda: _scalar(sqlite_db, select(Interaction.disposition).where(Interaction.id == iid))
                    == "resolved", timeout=20000)
    qtbot.waitUntil(lambda: window.email.detail.disposition == "resolved", timeout=20000)
    _keys(qtbot, window, "Ctrl+Shift+D")
    qtbot.waitUntil(lambda: _scalar(sqlite_db, select(Interaction.state).where(Interaction.id == iid)) == "done",
                    timeout=20000)
    qtbot.waitUntil(lambda: window.interactions.model.rowCount() == 0, timeout=20000)
    qtbot.waitUntil(lambda: window.email.detail.state == "done", timeout=20000)
    assert not window.commands["mark_done"].isEnabled()


def test_store_in_my_workbin(qtbot: QtBot, sqlite_db: Database, center: Center, make_window: MakeWindow) -> None:
    iid = inbound(sqlite_db, center)
    window = make_window()
    _open(qtbot, window, iid)
    menu = window.interaction_commands.store_menu
    qtbot.waitUntil(lambda: bool(menu.actions()), timeout=20000)
    mine = _scalar(sqlite_db, select(Workbin.id).where(Workbin.kind == "personal",
                                                       Workbin.owner_id == center.users["sato"]))
    action = next(a for a in menu.actions() if a.objectName() == f"store_in_{mine}")
    action.trigger()
    qtbot.waitUntil(lambda: _scalar(sqlite_db, select(WorkbinItem.workbin_id)
                                    .where(WorkbinItem.interaction_id == iid)) == mine, timeout=20000)
    bins = window.workbins.bins
    qtbot.waitUntil(lambda: any(b.id == mine and b.count == 1 for b in bins.records()), timeout=20000)


def test_transfer_to_an_agent(qtbot: QtBot, sqlite_db: Database, center: Center, make_window: MakeWindow) -> None:
    iid = inbound(sqlite_db, center)
    window = make_window()
    _open(qtbot, window, iid)
    _keys(qtbot, window, "Ctrl+Shift+T")
    dialog = window.interaction_commands.transfer_dialog
    qtbot.waitUntil(dialog.isVisible, timeout=5000)
    dialog.search.setText("鈴木")
    qtbot.waitUntil(lambda: [m.login for m in dialog.members.records()] == ["suzuki"], timeout=20000)
    dialog.view.selectRow(0)
    qtbot.keyClicks(dialog.reason, "billing question")
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _scalar(sqlite_db, select(TransferOffer.to_user_id)
                                    .where(TransferOffer.interaction_id == iid)) == center.users["suzuki"],
                    timeout=20000)
    assert _scalar(sqlite_db, select(TransferOffer.reason).where(TransferOffer.interaction_id == iid)) == \
        "billing question"


def test_call_hands_the_number_to_the_softphone(qtbot: QtBot, sqlite_db: Database, center: Center,
                                                make_window: MakeWindow) -> None:
    iid = inbound(sqlite_db, center)
    window = make_window()
    _open(qtbot, window, iid)
    handed: list[str] = []
    window.interaction_commands.open_url = lambda url: handed.append(url.toString())
    with qtbot.waitSignal(window.interaction_commands.sig_call_started, timeout=20000) as started:
        _keys(qtbot, window, "Ctrl+Shift+L")
    assert handed == ["tel:+81312345678"]
    call_id = started.args[1]
    assert _scalar(sqlite_db, select(Interaction.kind).where(Interaction.id == call_id)) == "call"
    qtbot.waitUntil(lambda: window.interactions.model.row_of(call_id) >= 0, timeout=20000)


def test_edit_case_data_except_read_only_keys(qtbot: QtBot, sqlite_db: Database, center: Center,
                                              make_window: MakeWindow) -> None:
    iid = inbound(sqlite_db, center)
    with sqlite_db.write() as s:
        case_id = s.get(Interaction, iid).case_id  # type: ignore[union-attr]
        s.add_all([CaseData(case_id=case_id, key="OrderId", value="4711"),
                   CaseData(case_id=case_id, key="Plan", value="Gold")])
    window = make_window()
    _open(qtbot, window, iid)
    model, view = window.casedata.model, window.casedata.view
    keys = [item.key for item in model.records()]
    assert keys == ["OrderId", "Plan"]
    assert not model.flags(model.index(0, 1)) & Qt.ItemFlag.ItemIsEditable
    assert model.flags(model.index(1, 1)) & Qt.ItemFlag.ItemIsEditable
    view.setCurrentIndex(model.index(1, 1))
    view.edit(model.index(1, 1))
    editor = view.focusWidget()
    qtbot.waitUntil(lambda: view.focusWidget() is not view, timeout=5000)
    editor = view.focusWidget()
    editor.selectAll()  # type: ignore[union-attr]
    qtbot.keyClicks(editor, "Platinum")
    with qtbot.waitSignal(window.casedata.sig_case_data_changed, timeout=20000):
        qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert _scalar(sqlite_db, select(CaseData.value).where(CaseData.case_id == case_id,
                                                           CaseData.key == "Plan")) == "Platinum"
    qtbot.waitUntil(lambda: [i.value for i in model.records()] == ["4711", "Platinum"], timeout=20000)


def test_contact_search_finds_the_directory_and_the_team(qtbot: QtBot, center: Center,
                                                         make_window: MakeWindow) -> None:
    window = make_window()
    panel = window.contacts
    with qtbot.waitSignal(panel.sig_search_finished, timeout=20000):
        qtbot.keyClicks(panel.search, "jane")
    assert [c.name for c in panel.contacts.records()] == ["Jane Doe"]
    panel.contact_view.selectRow(0)
    assert "+81 3 1234 5678" in panel.details.text()
    with qtbot.waitSignal(panel.sig_search_finished, timeout=20000):
        panel.search.setText("田中")
    assert [m.login for m in panel.members.records()] == ["tanaka"]


def test_accept_a_transfer_offer(qtbot: QtBot, sqlite_db: Database, center: Center, make_window: MakeWindow) -> None:
    from agentdesk.actions import transfer
    from agentdesk.actions.context import ActionContext
    from agentdesk.gui.qt import QPushButton

    iid = inbound(sqlite_db, center, subject="Offered")
    transfer.transfer(ActionContext(sqlite_db, "sato"), iid, to_login="suzuki", reason="you know this customer")
    window = make_window("suzuki")
    panel = window.interactions
    qtbot.waitUntil(lambda: panel.offers.isVisible(), timeout=20000)
    accept = panel.offers.findChild(QPushButton, "accept_offer")
    assert accept is not None
    with qtbot.waitSignal(panel.sig_offer_answered, timeout=20000):
        qtbot.mouseClick(accept, Qt.MouseButton.LeftButton)
    assert _scalar(sqlite_db, select(Interaction.owner_id).where(Interaction.id == iid)) == center.users["suzuki"]
    qtbot.waitUntil(lambda: panel.model.row_of(iid) >= 0 and not panel.offers.isVisible(), timeout=20000)


def test_consult_a_team_member(qtbot: QtBot, sqlite_db: Database, center: Center, make_window: MakeWindow) -> None:
    from agentdesk.routing.models import Consultation, ConsultationMessage

    iid = inbound(sqlite_db, center)
    window = make_window()
    _open(qtbot, window, iid)
    panel = window.consultation
    _keys(qtbot, window, "Ctrl+Shift+U")
    qtbot.waitUntil(lambda: window.docks["consultation"].isVisible() and panel.member_combo.count() > 0,
                    timeout=20000)
    panel.member_combo.setCurrentIndex(panel.member_combo.findData("suzuki"))
    qtbot.keyClicks(panel.editor, "Have you seen this customer before?")
    with qtbot.waitSignal(panel.sig_consultation_changed, timeout=20000):
        qtbot.mouseClick(panel.send_button, Qt.MouseButton.LeftButton)
    assert _scalar(sqlite_db, select(Consultation.with_user_id).where(Consultation.interaction_id == iid)) == \
        center.users["suzuki"]
    qtbot.waitUntil(lambda: "seen this customer" in panel.view.toPlainText() and panel.close_button.isVisible(),
                    timeout=20000)
    with qtbot.waitSignal(panel.sig_consultation_changed, timeout=20000):
        qtbot.mouseClick(panel.close_button, Qt.MouseButton.LeftButton)
    assert _scalar(sqlite_db, select(Consultation.state).where(Consultation.interaction_id == iid)) == "closed"
    assert _scalar(sqlite_db, select(ConsultationMessage.body)) == "Have you seen this customer before?"


def test_presence_from_the_status_bar(qtbot: QtBot, sqlite_db: Database, center: Center,
                                      make_window: MakeWindow) -> None:
    from agentdesk.routing.models import User

    window = make_window()
    assert "Ready" in window.presence_button.text()
    window.presence_menu.findChild(type(window.commands["note"]), "presence_not_ready").trigger()
    qtbot.waitUntil(lambda: _scalar(sqlite_db, select(User.presence).where(User.login == "sato")) == "not_ready",
                    timeout=20000)
    qtbot.waitUntil(lambda: "Not ready" in window.presence_button.text(), timeout=20000)


def test_history_shows_what_happened(qtbot: QtBot, sqlite_db: Database, center: Center,
                                     make_window: MakeWindow) -> None:
    from agentdesk.actions import notes
    from agentdesk.actions.context import ActionContext

    iid = inbound(sqlite_db, center)
    notes.add_note(ActionContext(sqlite_db, "sato"), iid, "checked the order")
    window = make_window()
    _open(qtbot, window, iid)
    panel = window.history
    qtbot.waitUntil(lambda: any(e.event == "note_added" for e in panel.events.records()), timeout=20000)
    row = next(i for i, e in enumerate(panel.events.records()) if e.event == "note_added")
    assert panel.events.data(panel.events.index(row, 2)) == "Note added"
    qtbot.waitUntil(lambda: [s.id for s in panel.contact_items.records()] == [iid], timeout=20000)
    with qtbot.waitSignal(window.email.sig_interaction_loaded, timeout=20000):
        panel.contact_view.doubleClicked.emit(panel.contact_items.index(0, 1))

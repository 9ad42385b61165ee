"""The full Tab order (issue 4, "keyboard first"): in every dock panel of the main window, on every page of the
setup assistant and in Preferences, Tab reaches each control that can be used, once, in reading order, never
sticks and never lands on something hidden; each control has a name for a screen reader."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from agentdesk.actions import outbound
from agentdesk.actions.casedata import set_case_data
from agentdesk.actions.context import ActionContext
from agentdesk.gui.dialogs.preferences import PreferencesDialog
from agentdesk.gui.dialogs.setup import PAGE_MAILBOX, PAGE_USER, SetupWizard
from agentdesk.gui.mainwindow import MainWindow
from agentdesk.gui.qt import QApplication, Qt, QWidget, QWizard
from agentdesk.routing.db import Database
from tests.gui.conftest import MakeWindow, wait_loaded
from tests.gui.test_setup_wizard import wizard  # noqa: F401 (the fixture, reused)
from tests.support.factories import Center, inbound
from tests.support.keyboard import check_group, describe, on_screen, reachable, tab_cycle

PANELS = ("interactions", "workbins", "email", "casedata", "contacts", "history", "notes", "consultation",
          "approval", "pending")


def _activate(qtbot: QtBot, window: QWidget) -> None:
    window.raise_()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)


@pytest.fixture
def lead_window(qtbot: QtBot, sqlite_db: Database, center: Center, make_window: MakeWindow) -> MainWindow:
    """The lead's window with an interaction open (with case data) and a reply of sato's waiting for review."""
    iid = inbound(sqlite_db, center, owner="tanaka", subject="Where is my parcel?")
    set_case_data(ActionContext(sqlite_db, "tanaka"), iid, "Plan", "Gold")
    sato = ActionContext(sqlite_db, "sato")
    draft = outbound.reply(sato, inbound(sqlite_db, center), text="Your parcel left our warehouse today.")
    assert outbound.send(sato, draft) == "review"
    window = make_window("tanaka")
    window.resize(1600, 1000)
    wait_loaded(qtbot, window, 1)
    window.on_interactions_interaction_selected(iid)
    qtbot.waitUntil(lambda: window.email.interaction_id == iid, timeout=20000)
    assert window.approval is not None
    qtbot.waitUntil(lambda: window.approval is not None and window.approval.queue.rowCount() == 1, timeout=20000)
    qtbot.waitUntil(lambda: window.ops.pending == 0, timeout=20000)
    _activate(qtbot, window)
    return window


@pytest.mark.parametrize("name", PANELS)
def test_tab_goes_through_each_panel_once_in_reading_order(qtbot: QtBot, lead_window: MainWindow, name: str) -> None:
    window = lead_window
    number = (list(window.docks).index(name) + 1) % 10
    assert window.commands[f"focus_{name}"].shortcut().toString() == f"Alt+{number}"
    qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key(Qt.Key.Key_0.value + number),
                   Qt.KeyboardModifier.AltModifier)  # Alt+N: raises a dock tabbed behind another
    panel = window.panels[name]
    qtbot.waitUntil(lambda: on_screen(panel), timeout=5000)
    start = panel.first_control()
    assert start is not None, f"the {name} panel has nothing Tab can reach"
    chosen = panel.focusProxy()  # a panel may name the control Alt+N goes to (notes: the editor)
    while chosen is not None and chosen.focusProxy() is not None:
        chosen = chosen.focusProxy()
    assert QApplication.focusWidget() is (chosen or start), \
        f"Alt+N put the focus on {describe(QApplication.focusWidget())}"
    tab_cycle(qtbot, start)  # once round: entering a list picks its first row, which can change other panels
    qtbot.waitUntil(lambda: window.ops.pending == 0, timeout=20000)
    start = panel.first_control()
    assert start is not None
    cycle = tab_cycle(qtbot, start)
    check_group(cycle, start, panel, f"the {name} panel")
    assert tab_cycle(qtbot, start, backwards=True) == cycle[::-1], "Shift+Tab is not Tab backwards"


def test_tab_never_enters_a_dock_tabbed_away(qtbot: QtBot, lead_window: MainWindow) -> None:
    window = lead_window
    window.focus_dock("notes")  # consultation and pending are behind it; the approval panel behind the email
    cycle = tab_cycle(qtbot, window.notes.first_control() or window.notes)
    for name in ("consultation", "pending", "approval"):
        panel = window.panels[name]
        assert not any(panel.isAncestorOf(w) for w in cycle), f"Tab entered the {name} panel, tabbed away"
    assert any(window.email.isAncestorOf(w) for w in cycle)


# -- the setup assistant and Preferences ---------------------------------------------------------------------------
def _check_page(qtbot: QtBot, assistant: SetupWizard, what: str) -> None:
    page = assistant.currentPage()
    controls = reachable(page)
    assert controls, what
    start = controls[0]
    cycle = tab_cycle(qtbot, start)
    check_group(cycle, start, page, what)
    # the wizard's own buttons come after the page, and nothing of the window is missed
    everything = [start, *cycle]
    for which in (QWizard.WizardButton.BackButton, QWizard.WizardButton.NextButton,
                  QWizard.WizardButton.FinishButton, QWizard.WizardButton.CancelButton):
        button = assistant.button(which)
        if on_screen(button) and button.isEnabled():
            assert button in everything, f"{what}: Tab never reaches {describe(button)}"


def _next(qtbot: QtBot, assistant: SetupWizard, page: int) -> None:
    qtbot.mouseClick(assistant.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: assistant.currentId() == page, timeout=30000)


def test_tab_goes_through_every_page_of_the_setup_assistant(qtbot: QtBot,
                                                            wizard: SetupWizard) -> None:  # noqa: F811
    _activate(qtbot, wizard)
    _check_page(qtbot, wizard, "the database page (standalone)")
    qtbot.mouseClick(wizard.database.ui.postgres_radio, Qt.MouseButton.LeftButton)
    _check_page(qtbot, wizard, "the database page (PostgreSQL)")
    qtbot.mouseClick(wizard.database.ui.standalone_radio, Qt.MouseButton.LeftButton)
    _next(qtbot, wizard, PAGE_USER)
    _check_page(qtbot, wizard, "the user page")
    ui = wizard.user.ui
    qtbot.keyClicks(ui.login_edit, "sato")
    qtbot.keyClicks(ui.name_edit, "Sato Hanako")
    qtbot.keyClicks(ui.email_edit, "sato@example.com")
    _next(qtbot, wizard, PAGE_MAILBOX)
    _check_page(qtbot, wizard, "the mailbox page")
    wizard.mailbox.ui.same_login_check.click()  # the SMTP login fields become usable
    _check_page(qtbot, wizard, "the mailbox page (its own SMTP login)")
    mailbox = wizard.mailbox
    for provider in ("microsoft", "generic"):  # the sign-in choice shows the provider's fields and Sign in
        mailbox.auth_combo.setCurrentIndex(mailbox.auth_combo.findData(provider))
        _check_page(qtbot, wizard, f"the mailbox page (sign in with {provider})")


def test_tab_goes_through_preferences(qtbot: QtBot, center: Center, make_window: MakeWindow) -> None:
    window = make_window()
    dialog = PreferencesDialog(window.session, window)
    qtbot.addWidget(dialog)
    dialog.show()
    _activate(qtbot, dialog)
    controls = reachable(dialog)
    cycle = tab_cycle(qtbot, controls[0])
    check_group(cycle, controls[0], dialog, "Preferences")


def test_tab_goes_through_the_transfer_and_forward_dialogs(qtbot: QtBot, lead_window: MainWindow) -> None:
    from agentdesk.gui.dialogs.forward import ForwardDialog
    from agentdesk.gui.dialogs.transfer import TransferDialog

    transfer = TransferDialog(lead_window.ops, "Where is my parcel?", lead_window)
    forward = ForwardDialog("Where is my parcel?", "inline", lead_window)
    for dialog, what in ((transfer, "Transfer"), (forward, "Forward")):
        qtbot.addWidget(dialog)
        dialog.show()
        _activate(qtbot, dialog)
        qtbot.waitUntil(lambda: lead_window.ops.pending == 0, timeout=20000)
        controls = reachable(dialog)
        tab_cycle(qtbot, controls[0])  # once round (entering the list picks its first row)
        controls = reachable(dialog)
        cycle = tab_cycle(qtbot, controls[0])
        check_group(cycle, controls[0], dialog, what)
        dialog.reject()

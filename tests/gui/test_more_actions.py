"""More of S1–S33 through the window: reply all keeps the CC (S2), forward as an attachment by its shortcut
(S18, S29), a second review round shown as a redline to the lead (S32, X1), and contact search showing the
chosen contact's history."""

from __future__ import annotations

from email.message import EmailMessage

from pytestqt.qtbot import QtBot
from sqlalchemy import select

from agentdesk.actions import drafts, outbound, queries, review
from agentdesk.actions.context import ActionContext
from agentdesk.gui.qt import QDialogButtonBox, Qt
from agentdesk.routing.db import Database
from agentdesk.routing.models import Interaction
from tests.gui.conftest import MakeWindow
from tests.gui.test_actions import _keys, _open, _scalar
from tests.gui.test_compose import _compose
from tests.gui.test_email_view import ingested
from tests.support.factories import Center, inbound


def _with_cc() -> bytes:
    msg = EmailMessage()
    msg["From"] = "Jane Doe <jane@example.org>"
    msg["To"] = "support@example.com"
    msg["Cc"] = "Bob Doe <bob@example.org>"
    msg["Subject"] = "Delivery address"
    msg["Message-ID"] = "<cc-1@example.org>"
    msg.set_content("Please deliver to my office instead.\n\nJane")
    return msg.as_bytes()


def test_reply_all_keeps_the_cc(qtbot: QtBot, sqlite_db: Database, center: Center, make_window: MakeWindow) -> None:
    iid = ingested(sqlite_db, center, _with_cc())
    window = make_window()
    _open(qtbot, window, iid)
    _keys(qtbot, window, "Ctrl+Shift+R")
    compose = _compose(qtbot, window)
    assert "jane@example.org" in compose.to_edit.text()
    assert "bob@example.org" in compose.cc_edit.text() and compose.cc_field.isVisible()
    assert _scalar(sqlite_db, select(Interaction.cc_addrs).where(Interaction.id == compose.outbound_id)) == \
        ["bob@example.org"]


def test_forward_as_attachment_by_its_shortcut(qtbot: QtBot, sqlite_db: Database, center: Center,
                                               make_window: MakeWindow) -> None:
    iid = inbound(sqlite_db, center)
    window = make_window()
    _open(qtbot, window, iid)
    _keys(qtbot, window, "Ctrl+Shift+G")
    dialog = window.interaction_commands.forward_dialog
    qtbot.waitUntil(dialog.isVisible, timeout=5000)
    assert dialog.windowTitle() == "Forward as attachment"
    qtbot.keyClicks(dialog.to_edit, "warehouse@example.net")
    dialog.instructions.setPlainText("Please check the parcel's status.")
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    compose = _compose(qtbot, window)
    assert compose.is_forward and not compose.body.isVisible() and compose.forwarded.isVisible()
    qtbot.waitUntil(lambda: "注文した商品がまだ届きません。" in compose.forwarded.toPlainText(), timeout=20000)
    assert "Attached unchanged" in compose.forwarded.toPlainText()
    fid = compose.outbound_id
    assert _scalar(sqlite_db, select(Interaction.purpose).where(Interaction.id == fid)) == "forward_attachment"
    with qtbot.waitSignal(compose.sig_sent, timeout=20000):
        qtbot.mouseClick(compose.send_button, Qt.MouseButton.LeftButton)
    assert _scalar(sqlite_db, select(Interaction.state).where(Interaction.id == fid)) == "review"  # QA for support
    assert _scalar(sqlite_db, select(Interaction.instructions).where(Interaction.id == fid)) == \
        "Please check the parcel's status."


def test_second_round_is_a_redline_for_the_lead(qtbot: QtBot, sqlite_db: Database, center: Center,
                                                make_window: MakeWindow) -> None:
    iid = inbound(sqlite_db, center)
    sato, tanaka = ActionContext(sqlite_db, "sato"), ActionContext(sqlite_db, "tanaka")
    draft = outbound.reply(sato, iid, text="We will ship it tomorrow.")
    outbound.send(sato, draft)
    review.reject(tanaka, draft, "Give the tracking number.")
    text = queries.get_interaction(sato, draft).body_text.replace("We will ship it tomorrow.",
                                                                  "It left today, tracking number 1234.")
    drafts.save_draft(sato, draft, text=text)
    outbound.send(sato, draft)
    window = make_window("tanaka")
    panel = window.approval
    assert panel is not None
    qtbot.waitUntil(lambda: panel.queue.rowCount() == 1, timeout=20000)
    with qtbot.waitSignal(window.email.sig_interaction_loaded, timeout=20000):  # its case data and notes follow
        panel.view.selectRow(0)
    qtbot.waitUntil(lambda: "tracking number 1234" in panel.reply.toPlainText(), timeout=20000)
    html = panel.reply.toHtml()
    assert "line-through" in html  # the first round's text, struck out
    assert window.casedata.qa_frame.isVisible()


def test_contact_search_shows_the_contacts_history(qtbot: QtBot, sqlite_db: Database, center: Center,
                                                  make_window: MakeWindow) -> None:
    iid = inbound(sqlite_db, center)
    window = make_window()
    contacts, history = window.contacts, window.history
    qtbot.waitUntil(lambda: contacts.contacts.rowCount() > 0, timeout=20000)
    contacts.contact_view.selectRow(0)
    qtbot.waitUntil(lambda: [s.id for s in history.contact_items.records()] == [iid], timeout=20000)
    assert history.tabs.currentIndex() == 1


def test_forward_offers_only_the_ways_the_center_allows(qtbot: QtBot, sqlite_db: Database,
                                                       make_window: MakeWindow) -> None:
    """S29: with forward = "attachment" the Forward button has no drop-down and forwards as an attachment;
    "Forward as attachment" stays, and nothing offers an inline forward."""
    from tests.support.factories import seed_center

    center = seed_center(sqlite_db, forward="attachment")
    iid = inbound(sqlite_db, center)
    window = make_window()
    commands = window.interaction_commands
    qtbot.waitUntil(lambda: not commands._forward_modes["inline"], timeout=10000)
    _open(qtbot, window, iid)
    forward = window.commands["forward"]
    qtbot.waitUntil(forward.isEnabled, timeout=10000)
    assert forward.menu() is None
    assert window.commands["forward_attachment"].isEnabled()
    assert not commands._forward_items["inline"].isVisible()
    _keys(qtbot, window, "Ctrl+Shift+F")
    dialog = commands.forward_dialog
    qtbot.waitUntil(dialog.isVisible, timeout=5000)
    assert dialog.windowTitle() == "Forward as attachment"
    dialog.reject()


def test_writing_a_reply_is_announced_to_the_others(qtbot: QtBot, sqlite_db: Database, center: Center,
                                                    make_window: MakeWindow) -> None:
    """X2: while sato's reply window is open, suzuki's desk sees sato "writing" on the email; closing the
    window makes it "viewing" again."""
    from agentdesk.actions.presence import PresenceBoard

    iid = inbound(sqlite_db, center)
    window = make_window()
    _open(qtbot, window, iid)
    board = PresenceBoard(ActionContext(sqlite_db, "suzuki"))
    try:
        def sato_is(activity: str) -> bool:
            return [(p.login, p.activity) for p in board.others(iid)] == [("sato", activity)]

        qtbot.waitUntil(lambda: sato_is("viewing"), timeout=10000)
        _keys(qtbot, window, "Ctrl+R")
        compose = _compose(qtbot, window)
        qtbot.waitUntil(lambda: sato_is("writing"), timeout=10000)
        compose.close()
        qtbot.waitUntil(lambda: sato_is("viewing"), timeout=10000)
    finally:
        board.close()

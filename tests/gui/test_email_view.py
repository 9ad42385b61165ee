"""The email view through the window: sanitised HTML with remote images blocked until allowed, cid: images inline,
deceptive links flagged and confirmed, quoted history collapsed and expanded by a click, attachments opened and
saved, the party menu of a call record, and who else has the interaction open (X2, by actions.presence)."""

from __future__ import annotations

import http.server
import struct
import threading
import zlib
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import update

from agentdesk.actions import presence
from agentdesk.actions.context import ActionContext
from agentdesk.gui.mainwindow import MainWindow
from agentdesk.gui.panels.interactions.model import COLUMNS
from agentdesk.gui.qt import QDialogButtonBox, QFileDialog, QLineEdit, QMessageBox, QPoint, Qt, QTextBrowser
from agentdesk.routing.db import Database
from agentdesk.routing.ingest import Incoming, ingest_batch, parse_bodies
from agentdesk.routing.models import Interaction, State
from tests.gui.conftest import MakeWindow
from tests.support.factories import Center, inbound


def _png() -> bytes:
    """A 4×4 orange PNG."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    rows = b"".join(b"\x00" + b"\xf5\x9e\x0b" * 4 for _ in range(4))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 4, 4, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


PNG = _png()


def ingested(db: Database, center: Center, raw: bytes, *, owner: str = "sato") -> int:
    """``raw`` ingested as the router does (headers, then bodies and attachments), then assigned to ``owner``."""
    with db.write() as s:
        result = ingest_batch(s, mailbox="support", team_id=center.support_id, messages=[Incoming(raw)])
    (iid,) = result.created
    parse_bodies(db, [iid])
    with db.write() as s:
        s.execute(update(Interaction).where(Interaction.id == iid).values(
            state=State.ASSIGNED.value, owner_id=center.users[owner]))
    return iid


def html_mail(image_url: str) -> bytes:
    msg = EmailMessage()
    msg["From"] = "Jane Doe <jane@example.org>"
    msg["To"] = "support@example.com"
    msg["Subject"] = "請求書の件 / About my invoice"
    msg["Message-ID"] = "<html-1@example.org>"
    msg.set_content("plain part")
    msg.add_alternative(
        f'<p>請求書をご確認ください。</p><p><img src="{image_url}" alt="tracker"></p>'
        '<p><img src="cid:logo@example.org" alt="logo"></p>'
        '<p><a href="https://evil.example.net/login">www.example-bank.com</a> and '
        '<a href="https://docs.example.org/faq">the FAQ</a></p>'
        "<blockquote>前回のメール<br>引用された行</blockquote>", subtype="html")
    html_part = msg.get_payload()[1]  # type: ignore[index]
    html_part.add_related(PNG, maintype="image", subtype="png", cid="<logo@example.org>")
    msg.add_attachment(b"%PDF-1.4 invoice 4711", maintype="application", subtype="pdf", filename="invoice-4711.pdf")
    msg.add_attachment(b"MZ not really a program", maintype="application", subtype="octet-stream",
                       filename="setup.exe")
    return msg.as_bytes()


class _Images(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.server.hits.append(self.path)  # type: ignore[attr-defined]
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.send_header("Content-Length", str(len(PNG)))
        self.end_headers()
        self.wfile.write(PNG)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def image_server() -> Iterator[http.server.HTTPServer]:
    """A loopback HTTP server that answers every path with a small PNG and counts the requests."""
    server = http.server.HTTPServer(("127.0.0.1", 0), _Images)
    server.hits = []  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    thread.join(10)


def _show(qtbot: QtBot, window: MainWindow, iid: int) -> None:
    """Choose ``iid`` in My interactions and wait until its body is shown."""
    model = window.interactions.model
    qtbot.waitUntil(lambda: model.row_of(iid) >= 0, timeout=20000)
    with qtbot.waitSignal(window.email.sig_message_shown, timeout=20000):
        window.interactions.view.selectRow(model.row_of(iid))
    qtbot.waitUntil(lambda: window.ops.pending == 0, timeout=20000)


def click_link(qtbot: QtBot, browser: QTextBrowser, href_start: str) -> None:
    """Click, with the mouse, the first link of ``browser`` whose target starts with ``href_start``."""
    document = browser.document()
    block = document.begin()
    while block.isValid():
        iterator = block.begin()
        while not iterator.atEnd():
            fragment = iterator.fragment()
            fmt = fragment.charFormat()
            if fmt.isAnchor() and fmt.anchorHref().startswith(href_start):
                cursor = browser.textCursor()
                cursor.setPosition(fragment.position() + max(0, fragment.length() // 2))
                rect = browser.cursorRect(cursor)
                browser.ensureCursorVisible()
                point = QPoint(rect.center().x(), rect.center().y())
                qtbot.mouseClick(browser.viewport(), Qt.MouseButton.LeftButton, pos=point)
                return
            iterator += 1
        block = block.next()
    raise AssertionError(f"no link to {href_start!r} in {browser.toHtml()[:400]}")


def test_remote_images_blocked_until_shown_and_cid_inline(qtbot: QtBot, sqlite_db: Database, center: Center,
                                                         make_window: MakeWindow,
                                                         image_server: http.server.HTTPServer) -> None:
    url = f"http://127.0.0.1:{image_server.server_address[1]}/pixel.png"
    iid = ingested(sqlite_db, center, html_mail(url))
    window = make_window()
    _show(qtbot, window, iid)
    view = window.email
    assert "請求書をご確認ください。" in view.body.toPlainText()
    assert view.images_bar.isVisible() and "A remote image was blocked" in view.images_text.text()
    assert image_server.hits == []  # nothing fetched before the agent asks
    assert url not in view.message.html  # type: ignore[union-attr]
    assert "data:image/png;base64," in view.message.html  # type: ignore[union-attr]  # the cid: image, inline
    with qtbot.waitSignal(view.sig_message_shown, timeout=20000):
        qtbot.mouseClick(view.images_button, Qt.MouseButton.LeftButton)  # "Show images": this message
    qtbot.waitUntil(lambda: url in view.body.remote_images, timeout=20000)
    assert image_server.hits == ["/pixel.png"]
    assert not view.images_bar.isVisible()


def test_always_show_images_from_a_sender(qtbot: QtBot, sqlite_db: Database, center: Center,
                                          make_window: MakeWindow, image_server: http.server.HTTPServer) -> None:
    url = f"http://127.0.0.1:{image_server.server_address[1]}/logo.png"
    first = ingested(sqlite_db, center, html_mail(url))
    second = inbound(sqlite_db, center, subject="plain")
    window = make_window()
    _show(qtbot, window, first)
    with qtbot.waitSignal(window.email.sig_message_shown, timeout=20000):
        window.email.images_sender.trigger()  # the bar's drop-down: always for jane@example.org
    qtbot.waitUntil(lambda: url in window.email.body.remote_images, timeout=20000)
    _show(qtbot, window, second)
    _show(qtbot, window, first)  # opened again: the sender is trusted, no bar
    assert not window.email.images_bar.isVisible()
    assert window.email.message is not None and window.email.message.remote_allowed


def test_deceptive_link_is_flagged_and_confirmed(qtbot: QtBot, sqlite_db: Database, center: Center,
                                                 make_window: MakeWindow) -> None:
    iid = ingested(sqlite_db, center, html_mail("https://tracker.example.com/p.gif"))
    window = make_window()
    _show(qtbot, window, iid)
    view = window.email
    opened: list[str] = []
    view.open_url = lambda u: opened.append(u.toString())
    assert view.links_bar.isVisible()
    assert "example-bank.com" in view.links_bar.text() and "evil.example.net" in view.links_bar.text()
    assert "(→ evil.example.net)" in view.body.toPlainText()  # the real target beside the link's text
    click_link(qtbot, view.body, "https://docs.example.org")
    assert opened == ["https://docs.example.org/faq"]  # an honest link opens at once
    click_link(qtbot, view.body, "https://evil.example.net")
    box = view.link_box
    qtbot.waitUntil(box.isVisible, timeout=5000)
    assert "https://evil.example.net/login" in box.text()
    anyway = next(b for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.AcceptRole)
    qtbot.mouseClick(anyway, Qt.MouseButton.LeftButton)
    assert opened[-1] == "https://evil.example.net/login"


def test_quoted_history_collapses_and_expands_by_a_click(qtbot: QtBot, sqlite_db: Database, center: Center,
                                                        make_window: MakeWindow) -> None:
    iid = inbound(sqlite_db, center, body="注文した商品がまだ届きません。\n\n2026/11/01 Example Support:\n"
                                          "> 発送は3営業日以内です\n> よろしくお願いします")
    window = make_window()
    _show(qtbot, window, iid)
    body = window.email.body
    assert "注文した商品" in body.toPlainText() and "発送は3営業日以内です" not in body.toPlainText()
    click_link(qtbot, body, "agentdesk:quote/1")
    qtbot.waitUntil(lambda: "発送は3営業日以内です" in body.toPlainText(), timeout=5000)
    click_link(qtbot, body, "agentdesk:quote/1")
    qtbot.waitUntil(lambda: "発送は3営業日以内です" not in body.toPlainText(), timeout=5000)


def test_attachments_open_after_a_warning_and_save(qtbot: QtBot, sqlite_db: Database, center: Center,
                                                   make_window: MakeWindow, tmp_path: Path) -> None:
    iid = ingested(sqlite_db, center, html_mail("https://tracker.example.com/p.gif"))
    window = make_window()
    _show(qtbot, window, iid)
    panel = window.email.attachments
    handed: list[str] = []
    panel.open_url = lambda u: handed.append(u.toLocalFile())
    names = [panel.list.item(i).text() for i in range(panel.list.count())]
    assert any("invoice-4711.pdf" in n for n in names) and any("⚠ setup.exe" in n for n in names)
    assert panel.warnings.isVisible() and "setup.exe" in panel.warnings.text()
    # the PDF opens at once, as a temporary copy
    panel.list.setCurrentRow(next(i for i, n in enumerate(names) if "invoice" in n))
    with qtbot.waitSignal(panel.sig_attachment_opened, timeout=20000):
        qtbot.mouseClick(panel.open_button, Qt.MouseButton.LeftButton)
    assert Path(handed[-1]).read_bytes() == b"%PDF-1.4 invoice 4711"
    # the program asks first
    panel.list.setCurrentRow(next(i for i, n in enumerate(names) if "setup" in n))
    qtbot.mouseClick(panel.open_button, Qt.MouseButton.LeftButton)
    box = panel.confirm_box
    assert box is not None
    qtbot.waitUntil(box.isVisible, timeout=5000)
    assert len(handed) == 1
    anyway = box.findChild(type(panel.open_button), "open_anyway")
    with qtbot.waitSignal(panel.sig_attachment_opened, timeout=20000):
        qtbot.mouseClick(anyway, Qt.MouseButton.LeftButton)
    assert Path(handed[-1]).name == "setup.exe"
    # save the PDF where the agent chooses
    panel.list.setCurrentRow(next(i for i, n in enumerate(names) if "invoice" in n))
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    dialog = panel.save_dialog
    assert isinstance(dialog, QFileDialog)
    qtbot.waitUntil(dialog.isVisible, timeout=5000)
    name_edit = next(e for e in dialog.findChildren(QLineEdit) if e.isVisible())
    assert name_edit.text() == "invoice-4711.pdf"  # the attachment's own name is suggested
    dialog.setDirectory(str(tmp_path))  # the agent picks a folder
    save = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save)
    qtbot.waitUntil(save.isEnabled, timeout=5000)
    target = tmp_path / "invoice-4711.pdf"
    with qtbot.waitSignal(panel.sig_attachment_saved, timeout=20000):
        qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert target.read_bytes() == b"%PDF-1.4 invoice 4711"


def test_call_record_party_menu_offers_new_email(qtbot: QtBot, sqlite_db: Database, center: Center,
                                                 make_window: MakeWindow) -> None:
    window = make_window()
    window.interaction_commands.open_url = lambda _url: True
    contacts = window.contacts
    qtbot.waitUntil(lambda: contacts.contacts.rowCount() > 0, timeout=20000)
    contacts.contact_view.selectRow(0)
    with qtbot.waitSignal(window.interaction_commands.sig_call_started, timeout=20000) as started:
        qtbot.mouseClick(contacts.call_button, Qt.MouseButton.LeftButton)
    call_id = started.args[1]
    model = window.interactions.model
    qtbot.waitUntil(lambda: model.row_of(call_id) >= 0, timeout=20000)
    qtbot.waitUntil(lambda: model.data(model.index(model.row_of(call_id), 0)) != "…", timeout=20000)
    assert str(model.data(model.index(model.row_of(call_id), 0))).startswith("☎")
    with qtbot.waitSignal(window.email.sig_message_shown, timeout=20000):
        window.interactions.view.selectRow(model.row_of(call_id))
    qtbot.waitUntil(lambda: window.email.party_button.isVisible(), timeout=20000)
    menu = window.email.party_menu
    new_email = next(a for a in menu.actions() if a.text() == "New email to jane@example.org")
    new_email.trigger()
    qtbot.waitUntil(lambda: bool(window.compose_windows), timeout=20000)
    draft_id = next(iter(window.compose_windows))
    with sqlite_db.read() as s:
        draft = s.get(Interaction, draft_id)
        assert draft is not None and draft.to_addrs == ["jane@example.org"] and draft.contact_id == center.jane_id


def test_who_else_has_it_open(qtbot: QtBot, sqlite_db: Database, center: Center, make_window: MakeWindow) -> None:
    iid = inbound(sqlite_db, center)
    suzuki = presence.PresenceBoard(ActionContext(sqlite_db, "suzuki"))
    try:
        suzuki.hold(iid, "viewing")
        window = make_window()
        model = window.interactions.model
        column = COLUMNS.index("viewers")
        qtbot.waitUntil(lambda: model.row_of(iid) >= 0 and model.viewers_of(iid) == ("鈴木 一郎",), timeout=20000)
        qtbot.waitUntil(lambda: model.data(model.index(model.row_of(iid), column)) == "鈴木 一郎", timeout=20000)
        assert not window.interactions.view.isColumnHidden(column)
        _show(qtbot, window, iid)
        qtbot.waitUntil(lambda: window.email.viewers_label.isVisible(), timeout=20000)
        assert "鈴木 一郎" in window.email.viewers_label.text()
        # opening it announced sato to the others
        qtbot.waitUntil(lambda: [p.login for p in suzuki.others(iid)] == ["sato"], timeout=20000)
        suzuki.hold(iid, "writing")
        qtbot.waitUntil(lambda: model.viewers_of(iid) == ("鈴木 一郎 (writing)",), timeout=20000)
        suzuki.release(iid)
        qtbot.waitUntil(lambda: model.viewers_of(iid) == (), timeout=20000)
        qtbot.waitUntil(lambda: not window.email.viewers_label.isVisible(), timeout=20000)
        assert window.interactions.view.isColumnHidden(column)
        window.close()  # leaving: sato is no longer shown to the others
        qtbot.waitUntil(lambda: suzuki.others(iid) == [], timeout=20000)
    finally:
        suzuki.close()


def test_collapse_folds_each_outermost_quote() -> None:
    from agentdesk.gui.panels.email import quoting

    source = ('<div>Thanks.</div><blockquote class="agentdesk-quote">On Mon, Jane wrote:<br>first'
              "<blockquote>older</blockquote></blockquote><div>Best</div>")
    assert quoting.quote_count(source) == 1
    folded = quoting.collapse(source, frozenset(), show_label="show %1", hide_label="hide")
    assert "first" not in folded and "older" not in folded and "show 2" in folded and "Best" in folded
    shown = quoting.collapse(source, frozenset({1}), show_label="show %1", hide_label="hide")
    assert "older" in shown and "hide" in shown


def test_redline_groups_nearby_changes() -> None:
    from agentdesk.actions.review import redline
    from agentdesk.gui.panels.approval.widget import grouped

    segments = grouped(redline("Thank you for your patience. See you.", "I am sorry we were late. See you."))
    assert [op for op, _ in segments] == ["delete", "insert", "equal"]
    assert segments[0][1] == "Thank you for your patience" and segments[1][1] == "I am sorry we were late"


def test_signatures_fold_when_asked() -> None:
    from agentdesk.gui.panels.email import quoting

    source = '<div class="agentdesk-body">Hello</div><div class="agentdesk-signature">-- \nJane Doe\nAcme</div>'
    assert "Jane Doe" in quoting.collapse(source, frozenset(), show_label="show %1", hide_label="hide")
    folded = quoting.collapse(source, frozenset(), show_label="show %1", hide_label="hide",
                              signature_label="signature")
    assert "Jane Doe" not in folded and "signature" in folded and "Hello" in folded
    assert "Jane Doe" in quoting.collapse(source, frozenset({1}), show_label="show %1", hide_label="hide",
                                          signature_label="signature")


def test_a_duplicate_message_id_is_flagged_in_the_header(qtbot: QtBot, sqlite_db: Database, center: Center,
                                                         make_window: MakeWindow) -> None:
    dedup = Path(__file__).resolve().parents[1] / "data" / "dedup"
    first = ingested(sqlite_db, center, (dedup / "original.eml").read_bytes())
    second = ingested(sqlite_db, center, (dedup / "reused-message-id.eml").read_bytes())
    window = make_window()
    _show(qtbot, window, second)
    qtbot.waitUntil(window.email.links_bar.isVisible, timeout=20000)
    assert "Duplicate Message-ID" in window.email.links_bar.text()
    _show(qtbot, window, first)
    qtbot.waitUntil(lambda: not window.email.links_bar.isVisible(), timeout=20000)


def test_a_duplicate_message_id_is_flagged_in_the_list(qtbot: QtBot, sqlite_db: Database, center: Center,
                                                       make_window: MakeWindow) -> None:
    dedup = Path(__file__).resolve().parents[1] / "data" / "dedup"
    first = ingested(sqlite_db, center, (dedup / "original.eml").read_bytes())
    second = ingested(sqlite_db, center, (dedup / "reused-message-id.eml").read_bytes())
    window = make_window()
    model = window.interactions.model
    qtbot.waitUntil(lambda: model.row_of(first) >= 0 and model.row_of(second) >= 0, timeout=20000)
    column = COLUMNS.index("subject")
    text = {iid: str(model.data(model.index(model.row_of(iid), column))) for iid in (first, second)}
    assert text[second].endswith("⚠ duplicate Message-ID") and "duplicate" not in text[first]

"""Take the README's screenshots: ``DISPLAY=:97 python docs/screenshots/make_screenshots.py``.

Seeds a throwaway standalone contact center (the demo's invented shop: Japanese and English customers), then
opens the real windows under an X server (start one first: ``Xvfb :97 -screen 0 1600x1000x24 &``) and grabs,
in English and in Japanese: the main window (main-*.png), a reply in the outbound window (outbound-*.png), a
forward with instructions (forward-*.png) and the team lead's approval panel (approval-*.png), at 1600×1000
in the light theme; then the main window at 1024×700 and 1600×1000, light and dark
(main-<language>-<width>x<height>-<theme>.png). Each window gets the layout a first start at its size gets.
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import timedelta
from email.message import EmailMessage
from email.utils import format_datetime, formataddr
from pathlib import Path

HERE = Path(__file__).resolve().parent
WORK = Path(tempfile.mkdtemp(prefix="agentdesk-shots-"))
os.environ["AGENTDESK_HOME"] = str(WORK / "home")

from sqlalchemy import select, update  # noqa: E402

from agentdesk.actions import calls, casedata, consult, forward, notes, outbound, presence, queries, review  # noqa: E402
from agentdesk.actions.context import ActionContext  # noqa: E402
from agentdesk.demo import center as demo_center  # noqa: E402
from agentdesk.demo import mails as demo_mails  # noqa: E402
from agentdesk.routing import migrate  # noqa: E402
from agentdesk.routing.db import Database  # noqa: E402
from agentdesk.routing.ingest import Incoming, ingest_batch, parse_bodies  # noqa: E402
from agentdesk.routing.models import Interaction, State, Team, User  # noqa: E402
from agentdesk.routing.types import utcnow  # noqa: E402

SIZE = (1600, 1000)
#: the main window again at these sizes and themes
VARIANTS = [((1024, 700), "light"), ((1024, 700), "dark"), ((1600, 1000), "light"), ((1600, 1000), "dark")]


def product_mail() -> bytes:
    """An HTML customer mail with a remote product photo, an inline logo, quoted history and attachments."""
    msg = EmailMessage()
    msg["From"] = formataddr(("中村 由美", "yumi.nakamura@example.org"))
    msg["To"] = formataddr(("Example Store サポート", "support@example.com"))
    msg["Subject"] = "Re: 請求書と注文明細の確認のお願い（A-10288）"
    msg["Date"] = format_datetime(utcnow() - timedelta(minutes=12))
    msg["Message-ID"] = "<shot-invoice-2@mail.example.org>"
    msg.set_content("Example Store ご担当者様\n\n先ほどの件の続きです。請求書の金額 ¥54,800 が、注文明細の合計 ¥52,000 "
                    "と合いません。\n送料が二重に計上されているように見えます。\n\n"
                    "修正した請求書を再発行していただけますか。支払期日は 11 月 30 日です。\n\n中村 由美\n中村商店\n")
    msg.add_alternative(
        "<p>Example Store ご担当者様</p>"
        "<p>先ほどの件の続きです。請求書の金額 <b>¥54,800</b> が、注文明細の合計 <b>¥52,000</b> と合いません。"
        "送料が二重に計上されているように見えます。</p>"
        '<p><img src="https://cdn.example.net/products/tote-bag.jpg" width="320" alt="商品写真"></p>'
        "<p>修正した請求書を再発行していただけますか。支払期日は 11 月 30 日です。</p>"
        "<p>中村 由美<br>中村商店</p>"
        '<div class="gmail_quote">2026年11月24日(火) 9:02 Example Store サポート &lt;support@example.com&gt;:'
        "<blockquote>中村様<br>お問い合わせありがとうございます。<br>担当者より改めてご連絡いたします。</blockquote>"
        "</div>", subtype="html")
    pdf = b"%PDF-1.4\n% invoice A-10288\n" + bytes(range(256)) * 480
    msg.add_attachment(pdf, maintype="application", subtype="pdf", filename="請求書_A-10288.pdf")
    rows = "".join(f"T-{100 + n},オーガニックコットン T シャツ {n},10,2500,25000\n" for n in range(120))
    msg.add_attachment(("品番,商品名,数量,単価,小計\n" + rows).encode(), maintype="text", subtype="csv",
                       filename="注文明細_A-10288.csv")
    return msg.as_bytes()


def seed(db: Database) -> dict[str, int]:
    """The demo center with a morning's mail handled: returns the ids the screenshots open."""
    demo_center.seed(db)
    now = utcnow()
    raws = [demo_mails.stream_message(n, now - timedelta(minutes=m))
            for n, m in ((0, 540), (1, 190), (5, 45), (6, 25), (7, 95), (8, 15))]
    raws.append(product_mail())
    with db.write() as s:
        team_id = s.scalar(select(Team.id).where(Team.name == "support"))
        assert team_id is not None
        created = ingest_batch(s, mailbox="support", team_id=team_id, messages=[Incoming(r) for r in raws]).created
    parse_bodies(db, created)
    ages = (540, 190, 45, 25, 95, 15, 12)
    with db.write() as s:
        sato = s.scalar(select(User.id).where(User.login == "sato"))
        for iid, minutes in zip(created, ages, strict=True):
            s.execute(update(Interaction).where(Interaction.id == iid).values(
                state=State.ASSIGNED.value, owner_id=sato, received_at=now - timedelta(minutes=minutes),
                assigned_at=now - timedelta(minutes=minutes)))
    delay, size, cancel, gift, damaged, shipping, invoice = created
    as_sato, as_tanaka = (ActionContext(db, login) for login in ("sato", "tanaka"))
    casedata.set_case_data(as_sato, invoice, "注文番号 / Order", "A-10288")
    casedata.set_case_data(as_sato, invoice, "請求額 / Billed", "¥54,800")
    casedata.set_case_data(as_sato, invoice, "支払期日 / Due", "2026-11-30")
    notes.add_note(as_sato, invoice, "経理に確認中: 送料 ¥2,800 が二重計上の可能性。")
    notes.add_note(as_sato, invoice, "Billing confirmed the double shipping fee; a corrected invoice is on its way.")
    consult.start_consultation(as_sato, invoice, "suzuki", "再発行の請求書は PDF で送ってよいですか？")
    calls.call_contact(as_sato, gift)
    # two replies waiting for the lead: one fresh, one in its second round (a redline against the first)
    first = outbound.reply(as_sato, delay, response="配送遅延のお詫び")
    outbound.send(as_sato, first, confirm_checks=("unfilled_field",))
    second = outbound.reply(as_sato, size, response="Order status")
    outbound.send(as_sato, second, confirm_checks=("unfilled_field",))
    review.reject(as_tanaka, second, "Offer the exchange first, and give the return label link.")
    from agentdesk.actions import drafts

    text = queries.get_interaction(as_sato, second).body_text.replace(
        "Thank you for your patience. Your order has left our warehouse and should reach you within 2–3 business "
        "days.", "I am sorry we sent the wrong size. A jacket in size L left our warehouse today, and a free "
        "return label for the size M is in the parcel.")
    drafts.save_draft(as_sato, second, text=text)
    outbound.send(as_sato, second, confirm_checks=("unfilled_field",))
    # a reply being written, and a forward with instructions
    draft = outbound.reply(as_sato, cancel, response="Refund instructions")
    fwd = forward.forward(as_sato, invoice, mode="attachment", to=["keiri@example.com"], cc=["tanaka@example.com"],
                          instructions="経理ご担当者様\n\n中村商店様の請求書（A-10288）で送料が二重に計上されています。"
                                       "\n修正版の請求書を本日中に再発行し、私宛てにお送りください。\n\n佐藤")
    notes.add_note(as_sato, gift, "Gift wrap is free for orders over ¥5,000.")
    with db.write() as s:  # the lead holds two emails of her own
        tanaka = s.scalar(select(User.id).where(User.login == "tanaka"))
        s.execute(update(Interaction).where(Interaction.id.in_([shipping, damaged])).values(owner_id=tanaka))
    notes.add_note(as_sato, second, "Customer prefers an exchange; label link added in round 2.")
    return {"invoice": invoice, "draft": draft, "forward": fwd, "second": second, "gift": gift,
            "shipping": shipping}


def main() -> int:
    from agentdesk.config.paths import default_paths
    from agentdesk.gui import look
    from agentdesk.gui.app import TRANSLATORS, apply_look, create_application
    from agentdesk.gui.compose.window import ComposeWindow
    from agentdesk.gui.mainwindow import MainWindow
    from agentdesk.gui.ops import Ops
    from agentdesk.gui.qt import QApplication, QWidget
    from agentdesk.gui.session import DeskSession

    db = Database(f"sqlite:///{WORK / 'routing.sqlite3'}")
    migrate.upgrade(db)
    ids = seed(db)
    suzuki = presence.PresenceBoard(ActionContext(db, "suzuki"))  # a colleague has the invoice email open
    suzuki.hold(ids["invoice"], "viewing")
    app = create_application(["agentdesk"], language="en")

    def settle(ops: Ops, rounds: int = 60) -> None:
        for _ in range(rounds):
            app.processEvents()
            ops.wait(2000)
            app.processEvents()
        for _ in range(20):
            app.processEvents()

    def shot(widget: QWidget, name: str) -> None:
        path = HERE / name
        widget.grab().save(str(path))
        print(f"wrote {path}")

    for language in ("en", "ja"):
        TRANSLATORS.install(app, language)
        paths = default_paths()
        windows = []
        for login in ("sato", "tanaka"):
            (paths.config_dir / "window.ini").unlink(missing_ok=True)  # the default layout, every time
            ctx = ActionContext(db, login)
            session = DeskSession(ctx=ctx, me=queries.me(ctx), paths=paths, config_file=paths.config_file,
                                  language=language)
            ops = Ops(ctx)
            window = MainWindow(session, ops)
            window.resize(*SIZE)
            window.show()
            windows.append((window, ops))
            settle(ops)
            window.reset_layout()  # the layout a first start at this size gets
            window.resize(*SIZE)
            settle(ops, 5)
        (main, ops), (lead, lead_ops) = windows
        live = getattr(main, "live", None)
        if live is not None and hasattr(live, "stop"):
            live.stop()
        suzuki.heartbeat()
        main.presence.poll()
        main.interactions.select_interaction(ids["invoice"])
        settle(ops)
        main.raise_()
        shot(main, f"main-{language}.png")
        for (width, height), theme in VARIANTS:
            apply_look(app, look.Look(theme=theme))
            main.resize(width, height)
            settle(ops, 5)
            main.reset_layout()
            main.resize(width, height)
            main.interactions.select_interaction(ids["invoice"])
            settle(ops, 10)
            shot(main, f"main-{language}-{width}x{height}-{theme}.png")
        apply_look(app, look.Look())
        main.resize(*SIZE)
        main.reset_layout()
        settle(ops, 5)

        compose = main.open_compose(ids["draft"])
        compose.resize(1180, 760)
        settle(ops)
        compose.add_cc_button.click()
        settle(ops, 5)
        body = compose.body.textCursor()  # the first line in bold: the rich-text editor at work
        body.movePosition(body.MoveOperation.Start)
        body.movePosition(body.MoveOperation.EndOfBlock, body.MoveMode.KeepAnchor)
        compose.body.setTextCursor(body)
        compose.editor.on_bold_triggered(True)
        body.clearSelection()
        compose.body.setTextCursor(body)
        settle(ops, 5)
        shot(compose, f"outbound-{language}.png")
        compose.close()
        settle(ops, 5)

        fwd = main.open_compose(ids["forward"])
        fwd.resize(1180, 760)
        settle(ops)
        shot(fwd, f"forward-{language}.png")
        fwd.close()
        settle(ops, 5)

        lead.docks["approval"].raise_()
        lead.approval.view.selectRow(next(i for i, item in enumerate(lead.approval.queue.records())
                                          if item.outbound_id == ids["second"]))
        settle(lead_ops)
        lead.raise_()
        shot(lead, f"approval-{language}.png")
        suzuki.heartbeat()
        for window, window_ops in windows:
            window.close()
            settle(window_ops, 5)
            window.deleteLater()
        app.processEvents()
        assert isinstance(compose, ComposeWindow)
    QApplication.processEvents()
    suzuki.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

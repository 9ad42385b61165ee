"""``agentdesk demo`` end to end, headless: a seeded email arrives over IMAP (pymap, so the UID fallback path), is
routed to an agent, answered with a standard response, approved by the lead after Demo ▸ Switch user, and
delivered by the engine over SMTP into the demo's own mail server. Also: ``--reset`` starts over, and nothing is
written outside the demo folder (nor to the keyring)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from email import message_from_bytes
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from agentdesk.actions import outbound, queries, review
from agentdesk.actions.context import ActionContext
from agentdesk.cli import main as cli_main
from agentdesk.demo import center, desktop, mails
from agentdesk.demo.desktop import Demo, open_demo
from agentdesk.demo.world import MARKER, DemoError, DemoWorld, demo_root, reset
from agentdesk.routing.models import Interaction, MailboxState
from tests.support.smtpd import wait_until

OFFSCREEN_NOISE = r"This plugin does not support (propagateSizeHints\(\)|raise\(\)|grabbing the (keyboard|mouse))"
pytestmark = [pytest.mark.qt_log_ignore(OFFSCREEN_NOISE), pytest.mark.slow]

#: the stream's interval in tests: only the first batch arrives by itself
QUIET = 3600.0


class RecordingKeyring(KeyringBackend):
    """Stands for the user's OS keyring: remembers every use."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.used: list[str] = []

    def get_password(self, service: str, username: str) -> str | None:
        self.used.append(f"get {service} {username}")
        return None

    def set_password(self, service: str, username: str, password: str) -> None:
        self.used.append(f"set {service} {username}")

    def delete_password(self, service: str, username: str) -> None:
        self.used.append(f"delete {service} {username}")


@pytest.fixture
def users_keyring(monkeypatch: pytest.MonkeyPatch) -> Iterator[RecordingKeyring]:
    """The "real" keyring while the demo runs; the demo must never use it. Env and keyring restored after."""
    before = keyring.get_keyring()
    recording = RecordingKeyring()
    keyring.set_keyring(recording)
    # open_demo() points AGENTDESK_HOME / AGENTDESK_CONFIG at the demo folder: monkeypatch puts them back
    monkeypatch.setenv("AGENTDESK_HOME", os.environ.get("AGENTDESK_HOME", ""))
    monkeypatch.setenv("AGENTDESK_CONFIG", "")
    yield recording
    keyring.set_keyring(before)


def opened(qtbot: QtBot, **kwargs: object) -> Demo:
    demo = open_demo(language="en", interval=QUIET, **kwargs)  # type: ignore[arg-type]
    assert demo.desk.window is not None  # Demo.close() closes it (and the old ones are deleted at a switch)
    return demo


def my_inbound(demo: Demo, login: str) -> list[queries.InteractionSummary]:
    assert demo.world.db is not None
    return [s for s in queries.list_interactions(ActionContext(demo.world.db, login))
            if s.direction == "inbound" and s.state == "assigned"]


def test_an_email_arrives_is_routed_answered_approved_by_the_lead_and_delivered(
        qtbot: QtBot, tmp_path: Path, users_keyring: RecordingKeyring) -> None:
    demo = opened(qtbot, root=tmp_path / "demo")
    try:
        world, desk = demo.world, demo.desk
        assert world.db is not None and world.imap is not None and world.smtp is not None
        window = desk.window
        assert window is not None and window.approval is None  # the newcomer starts as an agent
        # the first batch arrives at once, is ingested over IMAP and routed; the newcomer's window shows theirs
        qtbot.waitUntil(lambda: len(my_inbound(demo, center.FIRST_LOGIN)) > 0, timeout=30000)
        qtbot.waitUntil(lambda: window.interactions.model.rowCount() > 0, timeout=30000)
        english = next((s for s in my_inbound(demo, center.FIRST_LOGIN)
                        if s.from_addr and s.from_addr.endswith("example.net") and s.from_addr != mails.DEALS.address),
                       None)
        first = english or my_inbound(demo, center.FIRST_LOGIN)[0]
        agent = ActionContext(world.db, center.FIRST_LOGIN)
        response = "Thank you for contacting us" if english else "お問い合わせのお礼"
        draft = outbound.reply(agent, first.id, response=response)
        assert outbound.send(agent, draft) == "review"  # qa_review is on for the support team

        # Demo ▸ Switch user ▸ the team lead: the window signs in again, now with the approval panel
        menu = desk.menu
        assert menu is not None
        with qtbot.waitSignal(desk.sig_user_switched, timeout=10000):
            menu.user_actions[center.LEAD_LOGIN].trigger()
        lead_window = desk.window
        assert lead_window is not None and lead_window is not window and lead_window.approval is not None
        assert lead_window.session.ctx.login == center.LEAD_LOGIN
        assert desk.menu is not None and desk.menu.user_actions[center.LEAD_LOGIN].isChecked()
        lead = ActionContext(world.db, center.LEAD_LOGIN)
        assert draft in [item.outbound_id for item in review.review_queue(lead)]
        # the lead approves in the approval panel
        approval = lead_window.approval
        qtbot.waitUntil(lambda: approval.queue.rowCount() > 0, timeout=30000)
        row = next(r for r in range(approval.queue.rowCount()) if approval.queue.record(r).outbound_id == draft)
        approval.view.selectRow(row)
        qtbot.waitUntil(lambda: approval.detail is not None and approval.approve_button.isEnabled(), timeout=30000)
        approval.approve_button.click()
        qtbot.waitUntil(lambda: queries.get_interaction(lead, draft).state in ("outbox", "sent"), timeout=30000)

        # the engine sends it over SMTP; the demo's SMTP server files it in the customer's mailbox
        inbound_id = queries.get_interaction(agent, first.id).message_id

        def delivered() -> list[bytes]:
            return [m.data for m in list(world.smtp.delivered)  # type: ignore[union-attr]
                    if message_from_bytes(m.data).get("In-Reply-To", "").strip() == inbound_id]

        qtbot.waitUntil(lambda: len(delivered()) == 1, timeout=60000)
        sent = message_from_bytes(delivered()[0])
        assert first.from_addr is not None and first.from_addr in sent["To"]
        assert center.SUPPORT_ADDRESS in sent["From"]
        reply_id = sent["Message-ID"]
        customers = [message_from_bytes(raw) for raw in world.imap.messages("customers")]
        assert reply_id in [m["Message-ID"] for m in customers]
        text = next(m for m in customers if m["Message-ID"] == reply_id).get_payload(decode=True)
        assert (b"Thank you for contacting Example Store" if english else "お問い合わせいただき".encode()) in text
        qtbot.waitUntil(lambda: queries.get_interaction(lead, draft).state == "sent", timeout=30000)
        # and a copy is filed in the support mailbox's Sent folder
        qtbot.waitUntil(lambda: reply_id in [message_from_bytes(r)["Message-ID"]
                                             for r in world.imap.messages("support", "Sent")], timeout=30000)

        # Demo ▸ A customer writes now: one more email of the stream, at once
        desk.menu.email_action.trigger()  # type: ignore[union-attr]
        qtbot.waitUntil(lambda: world._delivered_count() == mails.FIRST_BATCH + 1, timeout=30000)
    finally:
        demo.close()
    assert demo.world.imap is None and demo.world.smtp is None  # servers stopped with the window
    assert users_keyring.used == []


def test_a_customer_thanks_for_a_delivered_reply_in_the_same_case(tmp_path: Path) -> None:
    """Headless (no Qt): the world alone, as a router would see it. The reply the SMTP server delivered makes
    its customer answer, and that answer is ingested into the same case."""
    world = DemoWorld(tmp_path / "demo", interval=QUIET, thanks_delay=0.2).start()
    try:
        assert world.db is not None
        lead = ActionContext(world.db, center.LEAD_LOGIN)
        # a customer who answers (not the newsletter sender of the stream), whoever of the team it went to
        thankful = {c.address for c in (mails.YAMAMOTO, mails.COOPER, mails.NAKAMURA, mails.WILSON,
                                          mails.KOBAYASHI, mails.GARCIA, mails.ITO)}

        def routed() -> list[queries.InteractionSummary]:
            return [s for s in queries.list_interactions(lead, scope="team")
                    if s.direction == "inbound" and s.state == "assigned" and s.from_addr in thankful]

        wait_until(lambda: bool(routed()), timeout=30, what="a customer's email routed to an agent")
        first = routed()[0]
        assert first.owner_login is not None
        agent = ActionContext(world.db, first.owner_login)
        draft = outbound.reply(agent, first.id, response="返品・返金のご案内")
        assert outbound.send(agent, draft) == "review"
        assert review.approve(lead, draft) == "outbox"

        def answers() -> list[queries.InteractionSummary]:
            return [s for s in queries.list_interactions(lead, scope="team")
                    if s.direction == "inbound" and s.case_id == first.case_id and s.id != first.id]

        def state_of_reply() -> str | None:
            assert world.db is not None
            with world.db.read() as session:
                return session.scalar(select(Interaction.state).where(Interaction.id == draft))

        wait_until(lambda: state_of_reply() in ("sent", "done"), timeout=60, what="the approved reply to be sent")
        wait_until(lambda: bool(answers()), timeout=120, what="the customer's thank-you")
        assert answers()[0].from_addr == first.from_addr
        assert world.settle(timeout=10)
        with world.db.read() as session:  # pymap has no CONDSTORE: the engine synced by UIDs alone
            states = session.scalars(select(MailboxState)).all()
        assert states and all(s.highest_modseq is None and s.last_uid > 0 for s in states)
    finally:
        world.stop()


def file_set(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*") if p.is_file()}


def test_reset_starts_over_and_nothing_is_written_outside_the_demo_folder(
        qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, users_keyring: RecordingKeyring) -> None:
    user = tmp_path / "user"  # the user's own folders, as platformdirs finds them
    for name, sub in (("HOME", "home"), ("XDG_CONFIG_HOME", "config"), ("XDG_DATA_HOME", "data"),
                      ("XDG_STATE_HOME", "state"), ("XDG_CACHE_HOME", "cache")):
        (user / sub).mkdir(parents=True)
        monkeypatch.setenv(name, str(user / sub))
    monkeypatch.delenv("AGENTDESK_HOME")
    monkeypatch.delenv("AGENTDESK_CONFIG")
    root = demo_root()
    assert root == user / "data" / "agentdesk" / "demo"

    demo = opened(qtbot)
    try:
        assert demo.world.root == root
        qtbot.waitUntil(lambda: len(my_inbound(demo, center.FIRST_LOGIN)) > 0, timeout=30000)
        first = my_inbound(demo, center.FIRST_LOGIN)[0]
        assert demo.world.db is not None
        draft = outbound.reply(ActionContext(demo.world.db, center.FIRST_LOGIN), first.id, text="A draft to keep")
    finally:
        demo.close()
    written = file_set(user)
    assert written and all(p.is_relative_to(root) for p in written), sorted(map(str, written - file_set(root)))
    assert (root / MARKER).is_file() and (root / "config" / "desks" / center.FIRST_LOGIN / "window.ini").is_file()

    # without --reset the demo goes on where it was
    demo = opened(qtbot)
    try:
        assert demo.world.db is not None
        assert queries.get_interaction(ActionContext(demo.world.db, center.FIRST_LOGIN), draft).state == "draft"
    finally:
        demo.close()

    # --reset: a new day, the draft is gone and the first batch arrives anew
    demo = opened(qtbot, reset_first=True)
    try:
        assert demo.world.db is not None
        ctx = ActionContext(demo.world.db, center.FIRST_LOGIN)
        assert not [s for s in queries.list_interactions(ctx) if s.direction == "outbound"]
        qtbot.waitUntil(lambda: demo.world._delivered_count() == mails.FIRST_BATCH, timeout=30000)
    finally:
        demo.close()
    assert all(p.is_relative_to(root) for p in file_set(user))
    assert users_keyring.used == []


def test_reset_refuses_a_folder_that_is_not_a_demo(tmp_path: Path) -> None:
    folder = tmp_path / "demo"
    folder.mkdir()
    (folder / "precious.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(DemoError, match="does not look like an agentdesk demo folder"):
        reset(folder)
    assert (folder / "precious.txt").exists()


def test_cli_reports_a_bad_interval_without_starting(capsys: pytest.CaptureFixture[str],
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    def never(**_kwargs: object) -> int:
        raise AssertionError("the demo must not start")

    monkeypatch.setattr(desktop, "run", never)
    assert cli_main.main(["demo", "--interval", "0"]) == 2
    assert "agentdesk: error: --interval must be from 1 to 86400 seconds" in capsys.readouterr().err


def test_agentdesk_demo_runs_as_a_command_and_stops_its_servers_on_sigterm(tmp_path: Path) -> None:
    """The real console script, offscreen, as a newcomer starts it; SIGTERM closes it like the window would."""
    import signal
    import sqlite3
    import subprocess
    import sys
    import time

    user = tmp_path / "user"  # the user's own folders, as platformdirs and Qt find them
    # the configured keyring cannot even be loaded there (tests is not importable): the demo must not try
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(user / "home"),
           "XDG_CONFIG_HOME": str(user / "config"), "XDG_DATA_HOME": str(user / "data"),
           "XDG_STATE_HOME": str(user / "state"), "XDG_CACHE_HOME": str(user / "cache")}
    env.pop("AGENTDESK_CONFIG", None)
    env.pop("AGENTDESK_HOME", None)
    script = Path(sys.executable).with_name("agentdesk")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "agentdesk.cli.main"]
    process = subprocess.Popen([*command, "demo", "--reset", "--language", "en"], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    root = user / "data" / "agentdesk" / "demo"
    log_file, db_file = root / "log" / "demo.log", root / "data" / "routing.sqlite3"

    def routed() -> int:
        if not db_file.exists():
            return 0
        with sqlite3.connect(db_file) as conn:
            return int(conn.execute("select count(*) from interactions where direction = 'inbound' "
                                    "and state = 'assigned'").fetchone()[0])

    try:
        deadline = time.monotonic() + 60
        while not (log_file.exists() and "demo running" in log_file.read_text(encoding="utf-8")
                   and routed() >= mails.FIRST_BATCH):
            assert process.poll() is None, process.communicate()
            assert time.monotonic() < deadline, "the demo did not come up within 60 s"
            time.sleep(0.2)
        process.send_signal(signal.SIGTERM)
        _out, err = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 0, err
    assert "demo stopped: its mail servers and engine are down" in log_file.read_text(encoding="utf-8")
    assert "Traceback" not in err
    outside = sorted(str(p) for p in file_set(user) if not p.is_relative_to(root))
    assert not outside, outside


def test_language_and_layout_are_kept_across_demo_restarts(qtbot: QtBot, tmp_path: Path,
                                                          users_keyring: RecordingKeyring) -> None:
    from agentdesk.gui.app import TRANSLATORS
    from agentdesk.gui.dialogs.preferences import apply_language
    from agentdesk.gui.qt import QApplication

    root = tmp_path / "demo"
    demo = opened(qtbot, root=root)
    try:
        window = demo.desk.window
        assert window is not None
        window.docks["contacts"].close()
        apply_language(window.session, "ja")
    finally:
        demo.close()
    demo = open_demo(root=root, interval=QUIET)  # no --language: the one chosen last time
    try:
        window = demo.desk.window
        assert window is not None
        assert TRANSLATORS.language == "ja" and window.commands["reply"].text() == "返信"
        assert window.docks["contacts"].isHidden() and not window.docks["history"].isHidden()
    finally:
        demo.close()
        app = QApplication.instance()
        assert app is not None
        TRANSLATORS.install(app, "en")

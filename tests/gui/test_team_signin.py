"""The desktop in the team shape with per-user database logins (pytest-qt, offscreen, real PostgreSQL): the setup
assistant signs in as the login's user and says what failed; File ▸ Switch user signs in again with the other
user's own login and password, forgets the previous user's password and deletes their local cache; a settings
file that names someone else is refused with a message."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from agentdesk.actions import queries
from agentdesk.actions.context import ActionContext
from agentdesk.cache.owner import recorded_owner
from agentdesk.config.paths import default_paths
from agentdesk.config.secrets import get_secret, set_secret
from agentdesk.config.settings import load_settings, routing_secret_name
from agentdesk.gui.app import TRANSLATORS, create_application, dispose
from agentdesk.gui.dialogs.setup import PAGE_USER, SetupWizard
from agentdesk.gui.dialogs.signin import SignInDialog
from agentdesk.gui.qt import QApplication, QMessageBox, Qt, QTimer, QWizard
from agentdesk.gui.signin_flow import Desk, sign_in_at_start
from tests.support.pg_roles import SecuredCenter

pytestmark = pytest.mark.postgres


@pytest.fixture
def wizard(qtbot: QtBot) -> Iterator[SetupWizard]:
    app = create_application(language="en")
    TRANSLATORS.install(app, "en")
    paths = default_paths()
    wizard = SetupWizard(paths, paths.config_file)
    wizard.show()
    yield wizard
    qtbot.waitUntil(lambda: wizard.ops.pending == 0, timeout=30000)
    wizard.ops.wait()
    wizard.close()
    dispose(wizard)


def _test_connection(qtbot: QtBot, wizard: SetupWizard, url: str, password: str = "") -> str:
    ui = wizard.database.ui
    ui.postgres_radio.click()
    ui.url_edit.setText(url)
    ui.password_edit.setText(password)
    qtbot.mouseClick(ui.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: ui.test_button.isEnabled() and "Checking" not in ui.result_label.text(), timeout=30000)
    return str(ui.result_label.text())


def test_setup_signs_in_as_the_logins_user_and_keeps_the_password(qtbot: QtBot, wizard: SetupWizard,
                                                                  secured_center: SecuredCenter) -> None:
    url = secured_center.url_for("sato")
    assert _test_connection(qtbot, wizard, url, "sato-pw") == "Connected: signed in as sato (sato)."
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.currentId() == PAGE_USER, timeout=30000)
    user = wizard.user.ui
    assert user.user_combo.count() == 1 and user.user_combo.currentData() == "sato"
    assert not user.user_combo.isEnabled()
    assert "Your database login decides who you are here" in user.hint_label.text()
    with qtbot.waitSignal(wizard.sig_settings_written, timeout=30000):
        qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)
    settings = load_settings()
    assert settings.user.login == "sato" and settings.routing.url == url
    assert get_secret(routing_secret_name(url)) == "sato-pw"
    assert "sato-pw" not in default_paths().config_file.read_text(encoding="utf-8")


def test_test_connection_says_which_failed(qtbot: QtBot, wizard: SetupWizard, secured_center: SecuredCenter) -> None:
    c = secured_center
    text = _test_connection(qtbot, wizard, c.url_for("nobody"))
    assert text.startswith("The database refused the login: check the user name in the URL")
    assert f'role "{c.role("nobody")}" does not exist' in text
    text = _test_connection(qtbot, wizard, c.url_for("sato").replace("?sslmode=disable", ""))
    assert text.startswith("The secure connection (TLS) to the database failed") and "SSL" in text
    text = _test_connection(qtbot, wizard, c.url_for("sato").replace("127.0.0.1", "db.example.com")
                            .replace("sslmode=disable", "sslmode=prefer"))
    assert text.startswith("This URL is refused for the database: it would not protect the connection")
    text = _test_connection(qtbot, wizard, c.url_for("router"))
    assert text == (f"Signed in to the database as {c.role('router')}, but this login is not a user of agentdesk: "
                    "it would see nothing. Ask your administrator to declare you in the center file "
                    "(agentdesk admin apply).")
    assert wizard.currentId() == 0


def _settings_file(folder: Path, url: str, login: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "agentdesk.toml"
    path.write_text(f'# my desk\n[routing]\nurl = "{url}"\n\n[user]\nlogin = "{login}"\nlanguage = "en"\n',
                    encoding="utf-8")
    return path


def _close_next_box(qtbot: QtBot, seen: list[str]) -> None:
    """Read and close the next message box (the start-up refusals are modal)."""
    def close() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QMessageBox) and widget.isVisible():
                seen.append(widget.text())
                widget.done(0)
                return
        QTimer.singleShot(50, close)

    QTimer.singleShot(50, close)


def test_a_settings_file_naming_someone_else_is_refused_at_start(qtbot: QtBot, tmp_path: Path,
                                                                 secured_center: SecuredCenter) -> None:
    create_application(language="en")
    paths = default_paths()
    config = _settings_file(tmp_path, secured_center.url_for("sato"), "tanaka")
    seen: list[str] = []
    _close_next_box(qtbot, seen)
    assert sign_in_at_start(load_settings(config), paths, config) == 2
    assert seen and seen[0].startswith(f"The settings file {config} signs in as tanaka, but the database login "
                                       f"of its URL ({secured_center.role('sato')}) is the login of sato.")


def test_switch_user_signs_in_with_the_other_users_login(qtbot: QtBot, tmp_path: Path,
                                                         secured_center: SecuredCenter) -> None:
    c = secured_center
    app = create_application(language="en")
    TRANSLATORS.install(app, "en")
    paths = default_paths()
    sato_url = c.url_for("sato")
    config = _settings_file(paths.config_dir, sato_url, "sato")
    set_secret(routing_secret_name(sato_url), "sato-pw")
    settings = load_settings(config)
    started = sign_in_at_start(settings, paths, config)
    assert not isinstance(started, int)
    db, login, by_login = started
    assert (login, by_login) == ("sato", True)
    desk = Desk(settings, paths, config, "en")
    window = desk.open(db, queries.me(ActionContext(db, login)), database_login=True)
    qtbot.waitUntil(lambda: any((paths.data_dir / "cache").glob("sato-*.sqlite3")), timeout=30000)
    switch = window.commands["switch_user"]
    assert switch.isVisible() and switch.isEnabled() and switch in window.file_menu.actions()
    try:
        switch.trigger()
        dialog = desk.dialog
        assert isinstance(dialog, SignInDialog) and dialog.isVisible()
        # a login the database refuses: said in the dialog, which stays open; nothing changes
        dialog.login_edit.setText("nobody")
        dialog.password_edit.setText("x")
        dialog.buttons.accepted.emit()
        qtbot.waitUntil(lambda: "refused the login" in dialog.result_label.text(), timeout=30000)
        assert dialog.isVisible() and desk.window is window
        # the lead's own login and password
        dialog.login_edit.setText("tanaka")
        dialog.password_edit.setText("tanaka-pw")
        with qtbot.waitSignal(desk.sig_user_switched, timeout=60000) as switched:
            dialog.buttons.accepted.emit()
        assert switched.args == ["tanaka"]
        new = desk.window
        assert new is not None and new is not window
        assert new.session.ctx.login == "tanaka" and new.approval is not None  # a lead's window
        assert new.session.ctx.db.url.username == c.role("tanaka")
        assert new.desk_cache.follower.db.url.username == c.role("tanaka")  # the cache follows as tanaka
        tanaka_url = c.url_for("tanaka")
        assert get_secret(routing_secret_name(tanaka_url)) == "tanaka-pw"
        assert get_secret(routing_secret_name(sato_url)) is None  # sato's password is forgotten here
        again = load_settings(config)
        assert (again.routing.url, again.user.login) == (tanaka_url, "tanaka")
        assert config.read_text(encoding="utf-8").startswith("# my desk\n")  # the rest of the file kept
        assert recorded_owner(paths.data_dir) == "tanaka"
        assert not list((paths.data_dir / "cache").glob("sato-*"))
    finally:
        if desk.window is not None:
            desk.window.close()
        desk.shutdown(dispose)


def test_standalone_has_no_switch_user(qtbot: QtBot, center: object, make_window: object) -> None:
    window = make_window()  # type: ignore[operator]
    assert not window.commands["switch_user"].isVisible()
    assert not window.commands["switch_user"].isEnabled()


def _answer_next(qtbot: QtBot, kind: type, answer: object) -> list[object]:
    """Call ``answer(widget)`` on the next visible top-level ``kind`` (a modal dialog of the sign-in)."""
    seen: list[object] = []

    def look() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, kind) and widget.isVisible() and widget not in seen:
                seen.append(widget)
                answer(widget)  # type: ignore[operator]
                return
        QTimer.singleShot(50, look)

    QTimer.singleShot(50, look)
    return seen


def test_a_refused_login_at_start_asks_for_the_password_and_cancel_quits(qtbot: QtBot, tmp_path: Path,
                                                                         secured_center: SecuredCenter) -> None:
    create_application(language="en")
    TRANSLATORS.install(QApplication.instance(), "en")  # type: ignore[arg-type]
    config = _settings_file(tmp_path, secured_center.url_for("nobody"), "nobody")
    texts: list[str] = []

    def answer(dialog: SignInDialog) -> None:
        try:  # whatever happens, the modal dialog closes (a test never hangs on it)
            assert dialog.login_edit.text() == "nobody" and dialog.login_edit.isReadOnly()
            dialog.password_edit.setText("typed")
            dialog.buttons.accepted.emit()  # refused again: said in the dialog, which stays open
            qtbot.waitUntil(lambda: "refused the login" in dialog.result_label.text(), timeout=30000)
            texts.append(dialog.result_label.text())
        finally:
            dialog.reject()

    seen = _answer_next(qtbot, SignInDialog, answer)
    assert sign_in_at_start(load_settings(config), default_paths(), config) == 0
    assert seen and texts and texts[0].startswith("The database refused the login")
    assert get_secret(routing_secret_name(secured_center.url_for("nobody"))) is None  # nothing kept


def test_another_users_unsent_work_is_deleted_only_when_agreed(qtbot: QtBot, tmp_path: Path,
                                                               secured_center: SecuredCenter) -> None:
    from agentdesk.cache.store import CacheStore, cache_path

    create_application(language="en")
    paths = default_paths()
    left = cache_path(paths.data_dir, "sato", secured_center.url_for("sato"))
    with CacheStore.open(left) as cache:
        cache.conn.execute("INSERT INTO draft_sync (key, saved_at) VALUES ('outbound-9', 1.0)")
    config = _settings_file(tmp_path, secured_center.url_for("tanaka"), "tanaka")
    texts: list[str] = []

    def cancel(box: QMessageBox) -> None:
        texts.append(box.text())
        box.button(QMessageBox.StandardButton.Cancel).click()

    _answer_next(qtbot, QMessageBox, cancel)
    assert sign_in_at_start(load_settings(config), paths, config) == 0
    assert left.exists()
    assert "Signing in as tanaka deletes what another user left here" in texts[0]
    assert "sato: 1 drafts not saved to the database, 0 actions waiting for it" in texts[0]

    def delete(box: QMessageBox) -> None:
        for button in box.buttons():
            if button.text() == "Delete it and sign in":
                button.click()
                return
        box.done(0)  # not found: the test fails below instead of waiting on the box

    _answer_next(qtbot, QMessageBox, delete)
    started = sign_in_at_start(load_settings(config), paths, config)
    assert not isinstance(started, int)
    started[0].dispose()
    assert not left.exists() and recorded_owner(paths.data_dir) == "tanaka"


def test_a_user_without_a_team_is_told_they_would_see_nothing(secured_center: SecuredCenter) -> None:
    from sqlalchemy import text

    from agentdesk.desk.setup_checks import CheckFailed, check_database

    with secured_center.owner.write() as s:  # the center file never does this; a hand-made change might
        s.execute(text("UPDATE users SET team_id = NULL WHERE login = 'kato'"))
    with pytest.raises(CheckFailed) as refused:
        check_database(secured_center.url_for("kato"), "", standalone=False)
    assert (refused.value.kind, refused.value.detail) == ("noteam", "kato")
    report = check_database(secured_center.url_for("ito"), "", standalone=False)  # an admin needs no team
    assert report.signed_in == "ito" and [p.login for p in report.users] == ["ito"]


def test_switching_on_a_machine_without_a_keyring_still_signs_in(tmp_path: Path) -> None:
    import keyring
    from keyring.backends.fail import Keyring as FailKeyring

    from agentdesk.desk.signin_checks import SignedIn, remember

    config = _settings_file(tmp_path, "postgresql+psycopg://t_sato@db.example.com/agentdesk", "sato")
    before = keyring.get_keyring()
    keyring.set_keyring(FailKeyring())
    try:
        remember(SignedIn("postgresql+psycopg://t_tanaka@db.example.com/agentdesk", "tanaka", "pw"), config,
                 forget_url="postgresql+psycopg://t_sato@db.example.com/agentdesk")
    finally:
        keyring.set_keyring(before)
    settings = load_settings(config)
    assert (settings.routing.url, settings.user.login) == ("postgresql+psycopg://t_tanaka@db.example.com/agentdesk",
                                                           "tanaka")

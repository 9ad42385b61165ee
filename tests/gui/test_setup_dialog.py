"""The first-run setup: checks the database and the login on a worker, then writes a valid settings file."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from agentdesk.config.paths import default_paths
from agentdesk.config.secrets import get_secret
from agentdesk.config.settings import load_settings
from agentdesk.gui.app import create_application
from agentdesk.gui.dialogs.setup import SetupDialog
from agentdesk.gui.qt import QDialogButtonBox, Qt
from agentdesk.routing import migrate
from agentdesk.routing.db import Database
from tests.support.factories import seed_center


def _dialog(qtbot: QtBot) -> SetupDialog:
    create_application()
    paths = default_paths()
    dialog = SetupDialog(paths, paths.config_file)
    qtbot.addWidget(dialog)
    return dialog


def _ok(dialog: SetupDialog, qtbot: QtBot) -> None:
    qtbot.mouseClick(dialog.ui.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)


def test_standalone_setup_writes_a_valid_settings_file(qtbot: QtBot) -> None:
    paths = default_paths()
    db = Database(f"sqlite:///{paths.default_routing_db}")
    migrate.upgrade(db)
    seed_center(db)
    db.dispose()
    dialog = _dialog(qtbot)
    assert dialog.ui.standalone_radio.isChecked() and not dialog.ui.url_edit.isEnabled()
    qtbot.keyClicks(dialog.ui.login_edit, "sato")
    with qtbot.waitSignal(dialog.sig_settings_written, timeout=20000) as written:
        _ok(dialog, qtbot)
    assert Path(written.args[0]) == paths.config_file
    settings = load_settings()
    assert settings.user.login == "sato"
    assert settings.routing.url == f"sqlite:///{paths.default_routing_db}"
    assert dialog.result() == SetupDialog.DialogCode.Accepted


def test_unknown_login_is_refused_and_nothing_is_written(qtbot: QtBot) -> None:
    dialog = _dialog(qtbot)  # a brand-new standalone database: upgraded, but nobody declared yet
    qtbot.keyClicks(dialog.ui.login_edit, "nobody")
    _ok(dialog, qtbot)
    qtbot.waitUntil(lambda: "nobody" in dialog.ui.error_label.text(), timeout=20000)
    assert not default_paths().config_file.exists()
    assert dialog.ui.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()


def test_team_database_url_is_checked_before_anything_runs(qtbot: QtBot) -> None:
    dialog = _dialog(qtbot)
    dialog.ui.postgres_radio.setChecked(True)
    dialog.ui.url_edit.setText("mysql://x@y/z")
    qtbot.keyClicks(dialog.ui.login_edit, "sato")
    _ok(dialog, qtbot)
    assert "PostgreSQL" in dialog.ui.error_label.text()
    dialog.ui.url_edit.setText("postgresql+psycopg://sato:secret@db/agentdesk")
    _ok(dialog, qtbot)
    assert "password" in dialog.ui.error_label.text().lower()


def test_team_setup_keeps_the_password_in_the_keyring(qtbot: QtBot, pg_db: Database) -> None:
    seed_center(pg_db)
    url = pg_db.url.set(password=None).render_as_string(hide_password=False)
    dialog = _dialog(qtbot)
    dialog.ui.postgres_radio.setChecked(True)
    qtbot.keyClicks(dialog.ui.url_edit, url)
    qtbot.keyClicks(dialog.ui.password_edit, "s3cret")
    qtbot.keyClicks(dialog.ui.login_edit, "tanaka")
    with qtbot.waitSignal(dialog.sig_settings_written, timeout=20000):
        _ok(dialog, qtbot)
    text = default_paths().config_file.read_text(encoding="utf-8")
    assert "s3cret" not in text
    settings = load_settings()
    assert settings.user.login == "tanaka" and settings.routing.url == url
    secret_name = f"routing:postgres@127.0.0.1/{pg_db.url.database}"
    assert get_secret(secret_name) == "s3cret"

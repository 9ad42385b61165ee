"""``agentdesk`` with no settings file: the setup assistant, then straight into the main window, whose embedded
engine (a child process) ingests the new mailbox; a later start opens the main window without the assistant."""

from __future__ import annotations

from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from agentdesk.config.paths import default_paths
from agentdesk.gui import app as app_module
from agentdesk.gui.qt import QApplication, QTimer, QWidget, QWizard
from tests.support.dovecot import Dovecot, dovecot_fixture, message  # noqa: F401
from tests.support.smtpd import SmtpTestServer

#: the longest the scripted agent may take before the test gives up (the loop is then ended)
SAFETY_MS = 90_000


def _visible(name: str) -> Any:
    for widget in QApplication.topLevelWidgets():
        if widget.objectName() == name and widget.isVisible():
            return widget
    return None


def _run_desktop(monkeypatch: pytest.MonkeyPatch, step: Any) -> int:
    """``app.run()`` as the CLI calls it, with ``step()`` called every 200 ms to play the agent."""
    made: list[QTimer] = []
    original = app_module.create_application

    def create_application(*args: Any, **kwargs: Any) -> QApplication:
        application = original(*args, **kwargs)
        if not made:
            driver = QTimer(application)
            driver.timeout.connect(step)
            driver.start(200)
            made.append(driver)
            QTimer.singleShot(SAFETY_MS, application, application.quit)
        return application

    monkeypatch.setattr(app_module, "create_application", create_application)
    try:
        return app_module.run(None, ["agentdesk"])
    finally:
        for driver in made:
            driver.stop()


def test_first_run_sets_up_then_opens_the_main_window_and_ingests(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch,
                                                                  dovecot: Dovecot) -> None:
    user = dovecot.new_user()
    dovecot.append(user, [message(n, sender="jane@example.org") for n in range(12)])
    seen: dict[str, Any] = {}
    with SmtpTestServer(users={"u@example.com": "pw"}) as smtp:
        def step() -> None:
            wizard = _visible("setup_wizard")
            if wizard is not None:
                if wizard.currentId() == 0 and "database" not in seen:
                    seen["database"] = True
                    wizard.button(QWizard.WizardButton.NextButton).click()
                elif wizard.currentId() == 1 and "user" not in seen:
                    seen["user"] = True
                    wizard.user.ui.login_edit.setText("sato")
                    wizard.user.ui.email_edit.setText("sato@example.com")
                    wizard.button(QWizard.WizardButton.NextButton).click()
                elif wizard.currentId() == 2 and "mailbox" not in seen:
                    seen["mailbox"] = True
                    m = wizard.mailbox.ui
                    m.address_edit.setText("support@example.com")
                    m.imap_host.setText("127.0.0.1")
                    m.imap_port.setValue(dovecot.imaps_port)
                    m.imap_username.setText(user.name)
                    m.imap_password.setText(user.password)
                    m.ca_file_edit.setText(str(dovecot.cert_file))
                    m.smtp_host.setText("127.0.0.1")
                    m.smtp_security.setCurrentIndex(m.smtp_security.findData("none"))
                    m.smtp_port.setValue(smtp.port)
                    m.same_login_check.setChecked(False)
                    m.smtp_username.setText("u@example.com")
                    m.smtp_password.setText("pw")
                    wizard.button(QWizard.WizardButton.FinishButton).click()
                return
            window: QWidget | None = _visible("main_window")
            if window is None:
                return
            indicator = window.live.indicators.mailboxes.get("support")  # type: ignore[attr-defined]
            rows = window.interactions.model.rowCount()  # type: ignore[attr-defined]
            # the list follows the change feed at once; the notice comes from the look after it (settled)
            notice = window.live.indicators.notice_button.toolTip()  # type: ignore[attr-defined]
            if indicator is not None and indicator.done == 12 and rows == 5 and notice.startswith("5 "):
                seen["main"] = (window.windowTitle(), indicator.label.text(),
                                window.live.indicators.notice_button.toolTip())  # type: ignore[attr-defined]
                window.resize(760, 690)
                seen["size"] = (window.width(), window.height())
                window.close()

        assert _run_desktop(monkeypatch, step) == 0
    title, mailbox, notice = seen["main"]
    assert "佐藤" not in title and "sato" in title  # the first user's name defaults to the login
    assert mailbox == "● support"
    assert notice.startswith("5 new interactions")
    assert default_paths().config_file.exists()

    # a later start goes straight to the main window (no assistant), as it was left
    later: dict[str, Any] = {}

    def again() -> None:
        assert _visible("setup_wizard") is None
        window = _visible("main_window")
        if window is not None and "size" not in later:
            later["size"] = (window.width(), window.height())
            window.close()

    assert _run_desktop(monkeypatch, again) == 0
    assert later["size"][1] == seen["size"][1] == 690  # (the width is held to the offscreen screen's)

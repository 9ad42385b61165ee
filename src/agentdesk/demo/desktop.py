"""``agentdesk demo`` on the desktop: start the demo world, open the real main window on it, stop it all when the
window closes.

Before anything is read, the process is pointed at the demo folder (``AGENTDESK_HOME``, ``AGENTDESK_CONFIG``) and
given an in-memory keyring, so that no part of the desktop can reach the user's own settings, data or keyring.
"""

from __future__ import annotations

import logging
import os
import signal
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from agentdesk.demo import center
from agentdesk.demo.servers import CATCH_ALL
from agentdesk.demo.world import DemoWorld, demo_root, reset

if TYPE_CHECKING:
    from agentdesk.gui.demo_menu import DemoDesk

log = logging.getLogger(__name__)


def use_memory_keyring() -> None:
    """Make this process's keyring an in-memory one: nothing the demo does reaches the OS keyring."""
    import keyring
    from keyring.backend import KeyringBackend

    class _DemoKeyring(KeyringBackend):
        priority = 1

        def __init__(self) -> None:
            super().__init__()
            self._values: dict[tuple[str, str], str] = {}

        def get_password(self, service: str, username: str) -> str | None:
            return self._values.get((service, username))

        def set_password(self, service: str, username: str, password: str) -> None:
            self._values[(service, username)] = password

        def delete_password(self, service: str, username: str) -> None:
            self._values.pop((service, username), None)

    keyring.set_keyring(_DemoKeyring())


def isolate(root: Path) -> Callable[[], None]:
    """Point every settings, data and log path of this process at the demo folder, and give it an in-memory
    keyring (the configured one is never even loaded); returns what puts the paths back as they were."""
    saved = {name: os.environ.get(name) for name in ("AGENTDESK_HOME", "AGENTDESK_CONFIG")}
    os.environ["AGENTDESK_HOME"] = str(root)
    os.environ["AGENTDESK_CONFIG"] = str(root / "config" / "agentdesk.toml")
    use_memory_keyring()

    def restore() -> None:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value

    return restore


def _logging(log_dir: Path) -> logging.Handler:
    log_dir.mkdir(parents=True, exist_ok=True)
    handler = logging.FileHandler(log_dir / "demo.log", encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    if root.level == logging.NOTSET or root.level > logging.INFO:
        root.setLevel(logging.INFO)
    logging.getLogger("mail.log").setLevel(logging.ERROR)  # aiosmtpd: every connection, and AUTH without TLS
    return handler


class Demo:
    """The demo world with the desktop open on it; :meth:`close` stops everything (safe to call twice)."""

    def __init__(self, world: DemoWorld, desk: DemoDesk, handler: logging.Handler,
                 restore: Callable[[], None]) -> None:
        self.world = world
        self.desk = desk
        self._handler = handler
        self._restore = restore
        self._closed = False

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        window = self.desk.window
        if window is not None and window.isVisible():
            window.close()
        self.desk.shutdown()
        self.world.stop()
        log.info("demo stopped: its mail servers and engine are down")
        logging.getLogger().removeHandler(self._handler)
        self._handler.close()
        self._restore()


def open_demo(*, reset_first: bool = False, language: str | None = None, root: Path | None = None,
              interval: float | None = None, argv: Sequence[str] | None = None) -> Demo:
    """Start the demo world and show the main window on it, signed in as the first demo agent."""
    from agentdesk.gui.app import create_application
    from agentdesk.gui.demo_menu import DemoDesk, DemoInfo, DemoUser
    from agentdesk.gui.language import TRANSLATORS
    from agentdesk.routing.center import center_in_force

    root = root or demo_root()
    if reset_first:
        reset(root)
    restore = isolate(root)
    handler = _logging(root / "log")
    world = DemoWorld(root) if interval is None else DemoWorld(root, interval=interval)
    try:
        world.start()
        assert world.db is not None and world.imap is not None and world.smtp is not None
        # the language chosen in Preferences at an earlier run, unless --language says otherwise
        kept = world.settings.user.language if world.settings is not None else None
        create_application(argv, language=language or kept)
        in_force = center_in_force(world.db)
        users = [DemoUser(u["login"], u.get("name") or u["login"], u.get("role") or "agent")
                 for u in in_force.get("users", []) if u.get("team") == center.TEAM]
        info = DemoInfo(folder=root, imap_port=world.imap.port, smtp_port=world.smtp.port,
                        customers_account=CATCH_ALL, password=world.password)

        def deliver() -> None:
            threading.Thread(target=world.deliver_next, name="demo-customer-now", daemon=True).start()

        desk = DemoDesk(world.db, world.paths, world.config_file, users, TRANSLATORS.language, info, deliver)
        world.settle()
        desk.open(center.FIRST_LOGIN)
    except BaseException:
        world.stop()
        logging.getLogger().removeHandler(handler)
        handler.close()
        restore()
        raise
    log.info("demo running in %s (IMAP 127.0.0.1:%d, SMTP 127.0.0.1:%d)", root, world.imap.port, world.smtp.port)
    return Demo(world, desk, handler, restore)


def run(*, reset_first: bool = False, language: str | None = None, root: Path | None = None,
        interval: float | None = None, argv: Sequence[str] | None = None) -> int:
    """Open the demo; returns when its window is closed, with every server and thread stopped."""
    from agentdesk.demo import smoke
    from agentdesk.gui.qt import QApplication, QTimer

    demo = open_demo(reset_first=reset_first, language=language, root=root, interval=interval, argv=argv)
    mode = smoke.requested()  # AGENTDESK_SMOKE_TEST=round|children: the packaged app's smoke check drives it
    driver = smoke.drive(demo, mode) if mode else None
    # Ctrl-C in the terminal (or SIGTERM) closes the demo as the window's close button does; the timer lets
    # Python run its signal handlers while Qt's event loop has the thread
    previous = {sig: signal.signal(sig, lambda _sig, _frame: QApplication.quit())
                for sig in (signal.SIGINT, signal.SIGTERM)}
    ticker = QTimer()
    ticker.start(200)
    ticker.timeout.connect(lambda: None)
    try:
        code = int(QApplication.exec())
        return 1 if driver is not None and driver.failed else code
    finally:
        ticker.stop()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        demo.close()

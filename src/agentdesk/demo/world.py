"""The demo's world: a throwaway folder, a routing database seeded with the demo contact center, the mail servers
on loopback, the engine that ingests, routes and sends (the same :class:`~agentdesk.routing.engine.Engine` as
``agentdesk router``, in a child process at a lower priority as in the standalone desktop: it logs to
``log/engine.log``), and the customers who keep writing.

Everything lives in one folder (``demo`` in the user's data folder, see :func:`demo_root`): the settings file,
the SQLite routing database, the mail servers' Maildir folders, the logs. Mailbox passwords are made up for each
run and handed to the engine through an environment variable of this process only, so the OS keyring is never
read or written. Nothing here imports Qt: the desktop is put on top by :mod:`agentdesk.demo.desktop`.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import shutil
import threading
import time
from datetime import datetime
from pathlib import Path

from agentdesk.config.mailboxes import MailboxSettings, mailboxes_from_settings
from agentdesk.config.paths import Paths, default_paths
from agentdesk.config.settings import Settings, load_settings
from agentdesk.demo import center, mails
from agentdesk.demo.servers import CATCH_ALL, ImapServer, SmtpServer
from agentdesk.desk.engine_process import EngineChild
from agentdesk.routing import migrate
from agentdesk.routing.db import Database

log = logging.getLogger(__name__)

#: the environment variable (of this process only) that carries the made-up mailbox password to the engine
PASSWORD_ENV = "AGENTDESK_DEMO_MAIL_PASSWORD"
MAILBOX = "support"
MARKER = "agentdesk-demo.txt"
#: seconds between two customer emails once the first batch is in
DEFAULT_INTERVAL = 60.0
#: seconds before a customer thanks for a reply that reached them
THANKS_DELAY = 20.0


def toml_string(value: str) -> str:
    """A TOML basic string (JSON's escaping is valid TOML for strings)."""
    return json.dumps(value, ensure_ascii=False)


def write_atomically(path: Path, text: str) -> None:
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


class DemoError(Exception):
    """The demo cannot start (its folder is not a demo folder, a server cannot listen …)."""


def demo_root(paths: Paths | None = None) -> Path:
    """``demo`` in the user's data folder (platformdirs; under ``AGENTDESK_HOME`` when that is set)."""
    return (paths or default_paths()).data_dir / "demo"


def demo_paths(root: Path) -> Paths:
    return Paths(config_dir=root / "config", data_dir=root / "data", log_dir=root / "log")


def reset(root: Path) -> None:
    """Delete the demo folder (only a folder the demo made: it holds the demo's marker file)."""
    if not root.exists():
        return
    if not (root / MARKER).is_file() and any(root.iterdir()):
        raise DemoError(f"{root} does not look like an agentdesk demo folder (no {MARKER}); it was left alone")
    shutil.rmtree(root)


def kept_user_choices(config_file: Path) -> dict[str, str]:
    """What the user chose in the demo's settings file (``[user]`` language, look …), kept when it is rewritten;
    an unreadable file keeps nothing."""
    import tomllib

    try:
        user = tomllib.loads(config_file.read_text(encoding="utf-8")).get("user", {})
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in user.items() if k != "login" and isinstance(v, str | int)}


def settings_text(*, db_file: Path, imap_port: int, smtp_port: int, login: str,
                  user: dict[str, str] | None = None) -> str:
    """The demo's settings file: the routing database, who is signed in (and the ``user`` choices kept from the
    last run), and the loopback mailbox."""
    return "\n".join([
        "# agentdesk demo settings, rewritten at every start (the mail servers' ports change; your [user] choices",
        "# are kept). The mailbox password is made up for each run and never stored: see PASSWORD_ENV in",
        "# agentdesk.demo.world.",
        "",
        "[routing]",
        f"url = {toml_string(f'sqlite:///{db_file.as_posix()}')}",
        "",
        "[user]",
        f"login = {toml_string(login)}",
        *(f"{key} = {toml_string(str(value))}" for key, value in sorted((user or {}).items())),
        "",
        "[[mailboxes]]",
        f"name = {toml_string(MAILBOX)}",
        f"address = {toml_string(center.SUPPORT_ADDRESS)}",
        f"team = {toml_string(center.TEAM)}",
        "[mailboxes.imap]",
        'host = "127.0.0.1"',
        f"port = {imap_port}",
        'security = "none"',
        f"username = {toml_string(MAILBOX)}",
        f"password_env = {toml_string(PASSWORD_ENV)}",
        "poll_seconds = 10",  # loopback: cheap, and a missed IDLE push costs at most this
        "timeout = 10",
        "[mailboxes.smtp]",
        'host = "127.0.0.1"',
        f"port = {smtp_port}",
        'security = "none"',
        f"username = {toml_string(MAILBOX)}",
        f"password_env = {toml_string(PASSWORD_ENV)}",
        "timeout = 10",
        "",
    ])


class DemoWorld:
    """Start with :meth:`start`, stop with :meth:`stop` (idempotent; servers and threads are all ended)."""

    def __init__(self, root: Path | None = None, *, interval: float = DEFAULT_INTERVAL,
                 first_batch: int = mails.FIRST_BATCH, thanks_delay: float = THANKS_DELAY) -> None:
        self.root = root or demo_root()
        self.paths = demo_paths(self.root)
        self.interval = interval
        self.first_batch = first_batch
        self.thanks_delay = thanks_delay
        self.password = secrets.token_urlsafe(16)
        self.db: Database | None = None
        self.imap: ImapServer | None = None
        self.smtp: SmtpServer | None = None
        self.engine: EngineChild | None = None
        self.settings: Settings | None = None
        self._threads: list[threading.Thread] = []
        self._stop = threading.Event()
        self._thanked: set[str] = set()
        self._lock = threading.Lock()

    @property
    def db_file(self) -> Path:
        return self.paths.data_dir / "routing.sqlite3"

    @property
    def config_file(self) -> Path:
        return self.paths.config_file

    @property
    def mailboxes(self) -> tuple[MailboxSettings, ...]:
        assert self.settings is not None
        return mailboxes_from_settings(self.settings)

    # -- start and stop -----------------------------------------------------------------------------------
    def start(self) -> DemoWorld:
        try:
            self._start()
        except BaseException:
            self.stop()
            raise
        return self

    def _start(self) -> None:
        for folder in (self.root, self.paths.config_dir, self.paths.data_dir, self.paths.log_dir):
            folder.mkdir(parents=True, exist_ok=True)
        marker = self.root / MARKER
        if not marker.exists():
            marker.write_text("A throwaway agentdesk demo: `agentdesk demo --reset` deletes this folder.\n",
                              encoding="utf-8")
        os.environ[PASSWORD_ENV] = self.password
        self.db = Database(f"sqlite:///{self.db_file.as_posix()}")
        migrate.upgrade(self.db)
        center.seed(self.db)
        self.imap = ImapServer(self.root / "mail", {MAILBOX: "Sent", CATCH_ALL: ""}, self.password).start()
        try:
            self.smtp = SmtpServer(self.imap, {center.SUPPORT_ADDRESS: MAILBOX}, username=MAILBOX,
                                   password=self.password, on_delivered=self._on_delivered).start()
        except Exception as exc:
            raise DemoError(f"the demo's SMTP server cannot listen on 127.0.0.1: {exc}") from exc
        write_atomically(self.config_file, settings_text(db_file=self.db_file, imap_port=self.imap.port,
                                                         smtp_port=self.smtp.port, login=center.FIRST_LOGIN,
                                                         user=kept_user_choices(self.config_file)))
        self.settings = load_settings(self.config_file, paths=self.paths)
        # the same engine, with the same housekeeping, as the standalone desktop and ``agentdesk router``, in
        # the same child process as the standalone desktop's; it reads the password from PASSWORD_ENV
        url = self.db.url.render_as_string(hide_password=False)
        self.engine = EngineChild(url, self.mailboxes, status=self._on_engine_status, options={"tick_seconds": 1.0},
                                  log_file=self.paths.log_dir / "engine.log").start()
        self._spawn("demo-customers", self._customers)

    def _spawn(self, name: str, target: object) -> None:
        thread = threading.Thread(target=target, name=name, daemon=True)  # type: ignore[arg-type]
        self._threads.append(thread)
        thread.start()

    def stop(self) -> None:
        """Stop the customers, the engine (after the step in hand), then the servers."""
        self._stop.set()
        if self.engine is not None:
            self.engine.stop(timeout=30)
        while self._threads:
            self._threads.pop().join(30)
        if self.smtp is not None:
            self.smtp.stop()
            self.smtp = None
        if self.imap is not None:
            self.imap.stop()
            self.imap = None
        if self.db is not None:
            self.db.dispose()
        os.environ.pop(PASSWORD_ENV, None)

    @staticmethod
    def _on_engine_status(name: str, state: str, detail: str) -> None:
        log.info("mailbox %s: %s %s", name, state, detail)

    def settle(self, timeout: float = 5.0) -> bool:
        """Wait (at most ``timeout`` seconds) until the mail delivered so far is ingested and routed, so that
        the window opens on a day already under way. True when it is."""
        from sqlalchemy import func, select

        from agentdesk.routing.models import Interaction

        assert self.db is not None
        deadline = time.monotonic() + timeout
        wanted = self.first_batch
        while not self._stop.is_set():
            with self.db.read() as session:
                inbound = session.scalar(select(func.count()).select_from(Interaction)
                                         .where(Interaction.direction == "inbound")) or 0
                queued = session.scalar(select(func.count()).select_from(Interaction)
                                        .where(Interaction.state == "queued")) or 0
            if inbound >= wanted and queued == 0:
                return True
            if time.monotonic() > deadline:
                return False
            time.sleep(0.1)
        return False

    # -- the customers ------------------------------------------------------------------------------------
    @property
    def _stream_file(self) -> Path:
        return self.paths.data_dir / "customers.json"

    def _delivered_count(self) -> int:
        try:
            return int(json.loads(self._stream_file.read_text(encoding="utf-8")).get("delivered", 0))
        except (OSError, ValueError, AttributeError):
            return 0

    def deliver_next(self) -> int:
        """Deliver the next message of the customers' stream into the support mailbox; returns its number."""
        with self._lock:
            number = self._delivered_count()
            assert self.imap is not None
            self.imap.append(MAILBOX, mails.stream_message(number, datetime.now().astimezone()))
            write_atomically(self._stream_file, json.dumps({"delivered": number + 1}))
            return number

    def _customers(self) -> None:
        try:
            while self._delivered_count() < self.first_batch and not self._stop.is_set():
                self.deliver_next()
            while not self._stop.wait(self.interval):
                self.deliver_next()
        except Exception:
            log.exception("the demo's customers stopped writing")

    def _on_delivered(self, recipients: tuple[str, ...], raw: bytes) -> None:
        """A reply reached a customer: after a while, they thank for it (once per message of the stream)."""
        key = mails.answered_stream_message(raw)
        if key is None:
            return
        answer = mails.thank_you(raw, datetime.now().astimezone())
        if answer is None:
            return
        with self._lock:
            if key in self._thanked:
                return
            self._thanked.add(key)

        def later() -> None:
            if not self._stop.wait(self.thanks_delay) and self.imap is not None:
                self.imap.append(MAILBOX, answer)

        self._spawn("demo-thanks", later)


"""A real Dovecot IMAP server on loopback for tests, started from a config written into a temporary folder.

One server per test process (pytest-xdist worker), on free ports, with a self-signed certificate made by
``openssl``; each test makes its own users (``new_user``) so tests never see each other's mail. Stopped by
its pid at the end of the session. Without Debian's ``dovecot-imapd`` the tests that need it skip locally
(``need``) and fail in CI.

Use it from any test module::

    from tests.support.dovecot import dovecot_fixture  # noqa: F401  (provides the ``dovecot`` fixture)

    def test_something(dovecot: Dovecot) -> None:
        user = dovecot.new_user()
        dovecot.append(user, [raw1, raw2])
"""

from __future__ import annotations

import atexit
import contextlib
import grp
import itertools
import os
import pwd
import shutil
import signal
import socket
import ssl
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from imapclient import IMAPClient

from tests.support.databases import need

DOVECOT = Path("/usr/sbin/dovecot")
POOL_SIZE = 300

_CONFIG = """\
instance_name = agentdesk-test-{tag}
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/log/dovecot.log
protocols = imap
listen = 127.0.0.1
default_login_user = {login_user}
default_internal_user = {internal_user}
default_internal_group = {internal_group}
first_valid_uid = 1
disable_plaintext_auth = no
auth_mechanisms = plain login{oauth_mechanisms}
# a wrong-password test must not slow every later login from 127.0.0.1 (auth penalty, see service anvil)
auth_failure_delay = 0
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/users
}}
{oauth_passdb}userdb {{
  driver = static
  args = uid={mail_uid} gid={mail_gid} home={root}/mail/%u
}}
mail_location = maildir:~/Maildir
namespace inbox {{
  inbox = yes
  separator = /
{special_folders}
}}
ssl = yes
ssl_cert = <{root}/tls/cert.pem
ssl_key = <{root}/tls/key.pem
ssl_dh = </usr/share/dovecot/dh.pem
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {imap_port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {imaps_port}
    ssl = yes
  }}
}}
service anvil {{
  chroot =
  unix_listener anvil-auth-penalty {{
    mode = 0
  }}
}}
protocol imap {{
  mail_max_userip_connections = 200
}}
"""


_SPECIAL_FOLDERS = """\
  mailbox Drafts {
    special_use = \\Drafts
    auto = subscribe
  }
  mailbox Sent {
    special_use = \\Sent
    auto = subscribe
  }"""

#: the special-use folders as Exchange Online names them (RFC 6154 attributes on other names than "Sent")
EXCHANGE_FOLDERS = """\
  mailbox Drafts {
    special_use = \\Drafts
    auto = subscribe
  }
  mailbox "Sent Items" {
    special_use = \\Sent
    auto = subscribe
  }
  mailbox "Deleted Items" {
    special_use = \\Trash
    auto = subscribe
  }
  mailbox "Junk Email" {
    special_use = \\Junk
    auto = subscribe
  }"""


# Dovecot's oauth2 passdb (doc.dovecot.org, "OAuth2" authentication database): every token is introspected
# (RFC 7662, form POST); the answer's "username" must be the user the client named in SASL
_OAUTH2 = """\
introspection_mode = post
introspection_url = {url}
username_attribute = username
active_attribute = active
active_value = true
force_introspection = yes
"""

_OAUTH2_PASSDB = """\
passdb {{
  driver = oauth2
  mechanisms = xoauth2 oauthbearer
  args = {root}/oauth2.conf
}}
"""


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_greeting(port: int, deadline_seconds: float = 15.0) -> None:
    """Poll until an IMAP greeting (``* OK``) comes from ``port``; raise after the deadline."""
    deadline = time.monotonic() + deadline_seconds
    last: Exception | None = None
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=2) as sock:
                if sock.recv(64).startswith(b"* OK"):
                    return
        except OSError as exc:
            last = exc
        time.sleep(0.05)
    raise RuntimeError(f"Dovecot did not answer on port {port}: {last}")


@dataclass(frozen=True)
class ImapUser:
    """A mail user of the test server."""

    name: str
    password: str


class Dovecot:
    """One running Dovecot: ports, certificate, users and helpers to fill mailboxes."""

    def __init__(self, root: Path, *, introspection_url: str | None = None,
                 special_folders: str = _SPECIAL_FOLDERS) -> None:
        """``introspection_url``: also take OAuth 2.0 bearer tokens (SASL XOAUTH2 and OAUTHBEARER), checked by
        Dovecot's oauth2 passdb against that RFC 7662 introspection endpoint (tests/support/oauth_server.py)."""
        self.root = root
        self.introspection_url = introspection_url
        self.special_folders = special_folders  # the namespace's mailbox blocks (EXCHANGE_FOLDERS …)
        self.imap_port = free_port()
        self.imaps_port = free_port()
        self.pid: int | None = None
        self._proc: subprocess.Popen[bytes] | None = None
        self._counter = itertools.count(1)
        self._pool: list[ImapUser] = []

    # -- lifecycle ---------------------------------------------------------------------------------------
    @property
    def cert_file(self) -> Path:
        return self.root / "tls" / "cert.pem"

    def start(self) -> None:
        for sub in ("run", "state", "log", "tls", "mail"):
            (self.root / sub).mkdir(parents=True, exist_ok=True)
        # Dovecot notices a changed passwd-file only now and then: create a pool of users up front.
        self._pool = [self._make_user("user") for _ in range(POOL_SIZE)]
        (self.root / "users").write_text("".join(self._line(u) for u in self._pool), encoding="utf-8")
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
             "-keyout", str(self.root / "tls" / "key.pem"), "-out", str(self.cert_file),
             "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"],
            check=True, capture_output=True,
        )
        if os.geteuid() == 0:
            login_user, internal_user = "dovenull", "dovecot"
            internal_group = grp.getgrgid(pwd.getpwnam("dovecot").pw_gid).gr_name
            mail_uid, mail_gid = pwd.getpwnam("dovecot").pw_uid, pwd.getpwnam("dovecot").pw_gid
            shutil.chown(self.root / "mail", mail_uid, mail_gid)
            os.chmod(self.root / "tls" / "key.pem", 0o600)
        else:
            me = pwd.getpwuid(os.getuid())
            login_user = internal_user = me.pw_name
            internal_group = grp.getgrgid(me.pw_gid).gr_name
            mail_uid, mail_gid = me.pw_uid, me.pw_gid
        oauth_mechanisms = oauth_passdb = ""
        if self.introspection_url:
            (self.root / "oauth2.conf").write_text(_OAUTH2.format(url=self.introspection_url), encoding="utf-8")
            oauth_mechanisms = " xoauth2 oauthbearer"
            oauth_passdb = _OAUTH2_PASSDB.format(root=self.root)
        config = _CONFIG.format(
            oauth_mechanisms=oauth_mechanisms, oauth_passdb=oauth_passdb, special_folders=self.special_folders,
            tag=uuid.uuid4().hex[:8], root=self.root, login_user=login_user, internal_user=internal_user,
            internal_group=internal_group, mail_uid=mail_uid, mail_gid=mail_gid,
            imap_port=self.imap_port, imaps_port=self.imaps_port,
        )
        (self.root / "dovecot.conf").write_text(config, encoding="utf-8")
        self.resume()

    def resume(self) -> None:
        """Start the master from the written config (again after :meth:`halt`: same ports, same mail)."""
        self._proc = subprocess.Popen(
            [str(DOVECOT), "-c", str(self.root / "dovecot.conf"), "-F"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )
        self.pid = self._proc.pid
        try:
            wait_for_greeting(self.imap_port)
        except RuntimeError:
            self.stop()
            log = (self.root / "log" / "dovecot.log")
            raise RuntimeError("Dovecot did not start: " + (log.read_text() if log.exists() else "")) from None

    def halt(self) -> None:
        """Stop the server as a crash or a restart does, keeping the folder: SIGTERM to the master and to each of
        its children by pid (the login and imap processes of open connections outlive the master otherwise),
        so that every client connection drops."""
        if self._proc is not None and self._proc.poll() is None:
            children = _children(self._proc.pid)
            self._proc.send_signal(signal.SIGTERM)
            for pid in children:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGTERM)
            try:
                self._proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait(timeout=15)
            if self._proc.stderr is not None:
                self._proc.stderr.close()
        self._proc = None

    def stop(self) -> None:
        """SIGTERM to the master (it stops its children), then remove the folder."""
        if self._proc is not None and self._proc.poll() is None:
            self._proc.send_signal(signal.SIGTERM)
            try:
                self._proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait(timeout=15)
            if self._proc.stderr is not None:
                self._proc.stderr.close()
        self._proc = None
        shutil.rmtree(self.root, ignore_errors=True)

    # -- users and mail ----------------------------------------------------------------------------------
    def _make_user(self, prefix: str) -> ImapUser:
        return ImapUser(f"{prefix}{next(self._counter)}-{uuid.uuid4().hex[:6]}@example.com", uuid.uuid4().hex)

    @staticmethod
    def _line(user: ImapUser) -> str:
        return f"{user.name}:{{PLAIN}}{user.password}\n"

    def new_user(self) -> ImapUser:
        """A fresh user with an empty mailbox, from the pool; past it, added to the passwd-file and waited for."""
        if self._pool:
            return self._pool.pop(0)
        user = self._make_user("late")
        with (self.root / "users").open("a", encoding="utf-8") as fh:
            fh.write(self._line(user))
        deadline = time.monotonic() + 30
        while True:
            try:
                with self.client(user):
                    return user
            except Exception:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)

    def ssl_context(self) -> ssl.SSLContext:
        """A verifying context that trusts this server's self-signed certificate."""
        return ssl.create_default_context(cafile=str(self.cert_file))

    @contextlib.contextmanager
    def client(self, user: ImapUser) -> Iterator[IMAPClient]:
        """A logged-in IMAPClient over TLS, logged out afterwards."""
        client = IMAPClient("127.0.0.1", port=self.imaps_port, ssl=True, ssl_context=self.ssl_context(),
                            timeout=30)
        try:
            client.login(user.name, user.password)
            yield client
        finally:
            with contextlib.suppress(Exception):
                client.logout()

    def append(self, user: ImapUser, messages: Sequence[bytes], folder: str = "INBOX",
               batch: int = 100) -> None:
        """Append raw messages with MULTIAPPEND in batches (creating ``folder`` if needed)."""
        with self.client(user) as client:
            if not client.folder_exists(folder):
                client.create_folder(folder)
            for start in range(0, len(messages), batch):
                client.multiappend(folder, list(messages[start:start + batch]))

    def imap_table(self, user: ImapUser, *, security: str = "tls", folder: str = "INBOX",
                   **extra: Any) -> dict[str, Any]:
        """A ``[mailboxes.imap]`` table for ``user`` (password via ``password_env`` is the caller's job)."""
        port = self.imaps_port if security == "tls" else self.imap_port
        table: dict[str, Any] = {"host": "127.0.0.1", "port": port, "security": security,
                                 "username": user.name, "folder": folder}
        if security != "none":
            table["ca_file"] = str(self.cert_file)
        table.update(extra)
        return table


def _children(pid: int) -> list[int]:
    """The pids of the processes whose parent is ``pid`` (from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found.append(int(entry.name))
    return found


_SHARED: Dovecot | None = None


def shared_dovecot() -> Dovecot:
    """The process-wide server, started on first use and stopped at exit."""
    global _SHARED
    if not DOVECOT.exists():
        need("dovecot-imapd is not installed (/usr/sbin/dovecot is missing)")
    if _SHARED is None:
        root = Path(tempfile.mkdtemp(prefix="agentdesk-dovecot-"))
        root.chmod(0o755)  # Dovecot's mail processes (user dovecot) must traverse it
        server = Dovecot(root)
        server.start()
        _SHARED = server
        atexit.register(server.stop)
    return _SHARED


@pytest.fixture(scope="session", name="dovecot")
def dovecot_fixture() -> Iterator[Dovecot]:
    """A running Dovecot on 127.0.0.1 (one per test process)."""
    yield shared_dovecot()


def message(n: int, *, sender: str = "customer@example.org", subject: str | None = None,
            extra_headers: str = "", body: str | None = None, domain: str = "example.org") -> bytes:
    """A small, valid test message numbered ``n`` (CRLF line ends, a unique Message-ID)."""
    subject = subject if subject is not None else f"Question number {n}"
    body = body if body is not None else f"Hello, this is message {n}.\r\nRegards\r\n"
    return (
        f"From: Customer {n} <{sender}>\r\nTo: support@example.com\r\nSubject: {subject}\r\n"
        f"Date: Mon, 02 Nov 2026 10:{n % 60:02d}:00 +0900\r\nMessage-ID: <msg-{n}-{uuid.uuid4().hex[:8]}@{domain}>\r\n"
        f"{extra_headers}MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{body}"
    ).encode()

"""A real PgBouncer (Debian package ``pgbouncer``) on loopback in transaction pooling mode, for tests.

``PgBouncer(pg_port)`` writes a temporary configuration (a free port on 127.0.0.1, ``pool_mode = transaction``,
trust auth as on the test PostgreSQL), starts the binary in the foreground as our child (as the ``postgres``
user when we are root: PgBouncer refuses to run as root), and can ``restart()`` it on the same port (every
client connection is cut). ``stop()`` ends it by its pid.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from types import TracebackType

BINARY = shutil.which("pgbouncer") or "/usr/sbin/pgbouncer"


def available() -> bool:
    return Path(BINARY).exists()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class PgBouncer:
    """PgBouncer forwarding every database of 127.0.0.1:``pg_port``; clients connect to 127.0.0.1:``port``."""

    def __init__(self, pg_port: int = 5432, *, pool_size: int = 10, auth_user: str | None = None,
                 auth_secret: str | None = None, max_db_connections: int = 0, server_idle_timeout: int = 600,
                 users: tuple[str, ...] = ()) -> None:
        """``auth_user`` and its SCRAM ``auth_secret``: clients sign in with SCRAM, checked against the secret
        PostgreSQL keeps for them (``auth_query``, the README's recipe); otherwise trust, as the test server."""
        self.folder = Path(tempfile.mkdtemp(prefix="agentdesk-pgbouncer-"))
        os.chmod(self.folder, 0o755)  # the postgres user reads its files
        if os.geteuid() == 0:  # and writes its log there
            import pwd

            user = pwd.getpwnam("postgres")
            os.chown(self.folder, user.pw_uid, user.pw_gid)
        self.port = _free_port()
        if auth_user is None:
            # trust still wants every user named in the auth file: postgres, and ``users`` (per-user logins)
            (self.folder / "userlist.txt").write_text("".join(f'"{u}" ""\n' for u in ("postgres", *users)))
            auth = "auth_type = trust\n"
        else:
            (self.folder / "userlist.txt").write_text(f'"{auth_user}" "{auth_secret}"\n')
            auth = (f"auth_type = scram-sha-256\nauth_user = {auth_user}\n"
                    "auth_query = SELECT usename, passwd FROM pgbouncer.get_auth($1)\n")
        (self.folder / "pgbouncer.ini").write_text(
            "[databases]\n"
            f"* = host=127.0.0.1 port={pg_port}\n"
            "[pgbouncer]\n"
            f"listen_addr = 127.0.0.1\nlisten_port = {self.port}\n"
            "unix_socket_dir =\n"
            f"{auth}auth_file = {self.folder / 'userlist.txt'}\n"
            "pool_mode = transaction\n"
            f"default_pool_size = {pool_size}\nmax_client_conn = 2000\n"
            f"max_db_connections = {max_db_connections}\nserver_idle_timeout = {server_idle_timeout}\n"
            "ignore_startup_parameters = extra_float_digits\n"
            "log_connections = 0\nlog_disconnections = 0\n"
            f"logfile = {self.folder / 'pgbouncer.log'}\n"
        )
        for name in ("userlist.txt", "pgbouncer.ini"):
            os.chmod(self.folder / name, 0o644)
        self.proc: subprocess.Popen[bytes] | None = None
        self.start()

    def start(self) -> None:
        command = [BINARY, str(self.folder / "pgbouncer.ini")]
        if os.geteuid() == 0:
            command[1:1] = ["-u", "postgres"]
        # its messages go to the log file: a pipe nobody reads would fill up and stop it
        self.proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"pgbouncer did not start: {self.log()[-2000:]}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("pgbouncer did not listen within 20 s")

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
            self.proc = None

    def restart(self) -> None:
        """Stop (cutting every client) and start again on the same port."""
        self.stop()
        self.start()

    def log(self) -> str:
        path = self.folder / "pgbouncer.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def close(self) -> None:
        self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> PgBouncer:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

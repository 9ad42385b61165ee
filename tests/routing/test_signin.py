"""Who is signed in (the connection's own login on a team database), and what a failed connection means."""

from __future__ import annotations

import contextlib
import shutil
import socket
import ssl
import subprocess
import threading
from pathlib import Path

import pytest
from sqlalchemy.exc import OperationalError

from agentdesk.routing.db import Database
from agentdesk.routing.signin import SignInRefused, classify_connect_error, database_login, resolve_login
from tests.support.databases import need
from tests.support.dovecot import free_port
from tests.support.pg_roles import SecuredCenter


@pytest.mark.postgres
def test_a_users_own_login_decides_and_refuses_anyone_else(secured_center: SecuredCenter) -> None:
    sato = secured_center.database_for("sato")
    assert database_login(sato) == "sato"
    assert resolve_login(sato, configured=None) == "sato"
    assert resolve_login(sato, configured="sato", as_login="sato") == "sato"
    with pytest.raises(SignInRefused, match=r"^--as tanaka is refused: this connection signs in"):
        resolve_login(sato, configured="sato", as_login="tanaka")
    with pytest.raises(SignInRefused, match=r"^\[user\] login says tanaka, but the database signs"):
        resolve_login(sato, configured="tanaka")


@pytest.mark.postgres
def test_the_owner_and_the_router_choose_the_user(secured_center: SecuredCenter) -> None:
    for db in (secured_center.owner, secured_center.database_for("router")):
        assert database_login(db) is None
        assert resolve_login(db, configured="sato", as_login="tanaka") == "tanaka"
        assert resolve_login(db, configured="sato") == "sato"
        assert resolve_login(db, configured=None) is None


def test_sqlite_and_a_database_before_per_user_logins_keep_the_setting(sqlite_db: Database,
                                                                       pg_db: Database) -> None:
    for db in (sqlite_db, pg_db):  # pg_db: migrated, but nobody ran admin apply: the owner's connection
        assert database_login(db) is None
        assert resolve_login(db, configured="sato", as_login="suzuki") == "suzuki"


def _connect_error(url: str) -> OperationalError:
    db = Database(url, connect_args={"connect_timeout": 5})
    try:
        with pytest.raises(OperationalError) as failed:
            database_login(db)
        return failed.value
    finally:
        db.dispose()


@pytest.mark.postgres
def test_real_connection_failures_are_sorted(pg_db: Database) -> None:
    base = pg_db.url.render_as_string(hide_password=False)
    name = pg_db.url.database
    cases = {
        base.replace("postgres@", "nobody_agentdesk_x@"): ("auth", 'role "nobody_agentdesk_x" does not exist'),
        base.replace(f"/{name}", "/no_such_agentdesk_db"): ("nodatabase",
                                                            'database "no_such_agentdesk_db" does not exist'),
        base.replace("sslmode=disable", "sslmode=verify-full"): ("tls", "server does not support SSL"),
        base.replace(":5432", f":{free_port()}"): ("refused", "Connection refused"),
        base.replace("127.0.0.1:5432", "no-such-host.invalid:5432"): ("dns", "no-such-host.invalid"),
    }
    for url, (kind, words) in cases.items():
        failure = classify_connect_error(_connect_error(url))
        assert failure.kind == kind and words in failure.detail, (url, failure)


@pytest.mark.parametrize(("message", "kind"), [
    ('connection failed: connection to server at "10.0.0.5", port 5432 failed: FATAL:  password authentication '
     'failed for user "t_sato"', "auth"),
    ('connection failed: connection to server at "10.0.0.5", port 5432 failed: fe_sendauth: no password supplied',
     "auth"),
    ('connection failed: connection to server at "10.0.0.5", port 5432 failed: FATAL:  role "t_kato" is not '
     'permitted to log in', "auth"),
    ('connection failed: connection to server at "10.0.0.5", port 5432 failed: FATAL:  no pg_hba.conf entry for '
     'host "10.0.0.9", user "t_sato", database "agentdesk", SSL encryption', "auth"),
    ('connection failed: connection to server at "10.0.0.5", port 5432 failed: SSL error: certificate verify '
     'failed', "certificate"),
    ('connection failed: connection to server at "10.0.0.5", port 5432 failed: server certificate for '
     '"db.example.com" does not match host name "10.0.0.5"', "certificate"),
    ('connection failed: connection to server at "10.0.0.5", port 5432 failed: root certificate file '
     '"/home/sato/.postgresql/root.crt" does not exist', "certificate"),
    ('connection failed: connection to server at "10.0.0.5", port 5432 failed: timeout expired', "timeout"),
])
def test_what_libpq_says_is_sorted(message: str, kind: str) -> None:
    failure = classify_connect_error(Exception(message))
    assert failure.kind == kind
    assert not failure.detail.startswith("connection failed") and "FATAL" not in failure.detail


def _tls_speaker(folder: Path) -> tuple[int, threading.Thread, socket.socket]:
    """A server on 127.0.0.1 that answers PostgreSQL's SSLRequest with "S" and a self-signed certificate (for
    ``localhost``): libpq then refuses the certificate itself, as it would a real server's untrusted one."""
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
                    "/CN=localhost", "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True,
                   timeout=60)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(30)

    def serve() -> None:
        with contextlib.suppress(OSError):
            conn, _ = listener.accept()
            with conn:
                conn.settimeout(30)
                conn.recv(8)  # SSLRequest
                conn.sendall(b"S")
                with contextlib.suppress(OSError, ssl.SSLError), context.wrap_socket(conn, server_side=True):
                    pass

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    return listener.getsockname()[1], thread, listener


def test_an_untrusted_server_certificate_is_named(tmp_path: Path) -> None:
    if shutil.which("openssl") is None:
        need("openssl makes the test certificate")
    port, thread, listener = _tls_speaker(tmp_path)
    try:
        failure = classify_connect_error(_connect_error(
            f"postgresql+psycopg://sato@localhost:{port}/agentdesk?sslmode=verify-full"
            f"&sslrootcert={tmp_path / 'other-ca.pem'}"))
        assert failure.kind == "certificate", failure
        root = tmp_path / "root.pem"  # a trusted authority that did not sign this certificate
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
                        "/CN=Other CA", "-keyout", str(tmp_path / "root.key"), "-out", str(root)], check=True,
                       capture_output=True, timeout=60)
        port2, thread2, listener2 = _tls_speaker(tmp_path)
        try:
            failure = classify_connect_error(_connect_error(
                f"postgresql+psycopg://sato@localhost:{port2}/agentdesk?sslmode=verify-full&sslrootcert={root}"))
            assert failure.kind == "certificate" and "certificate verify failed" in failure.detail, failure
        finally:
            listener2.close()
            thread2.join(30)
    finally:
        listener.close()
        thread.join(30)

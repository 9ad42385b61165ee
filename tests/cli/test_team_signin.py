"""The team shape from the command line: each user's settings file signs in with their own database login, and
that login, not ``--as`` or ``[user] login``, decides who acts. The real ``agentdesk`` is spawned per step."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from agentdesk.routing.models import Contact, ContactEmail, Team, User
from tests.support.factories import Center, inbound
from tests.support.pg_roles import SecuredCenter

pytestmark = pytest.mark.postgres


def settings_for(folder: Path, url: str, login: str | None) -> Path:
    """A settings file of one desktop (its own folder)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "agentdesk.toml"
    user = f'\n[user]\nlogin = "{login}"\n' if login else ""
    path.write_text(f'[routing]\nurl = "{url}"\n{user}', encoding="utf-8")
    return path


def agentdesk(config: Path | None, *argv: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    """The real console script (python -m agentdesk.cli.main), as a person would run it."""
    head = ["--config", str(config)] if config is not None else []
    return subprocess.run([sys.executable, "-m", "agentdesk.cli.main", *head, *argv], input=stdin,
                          capture_output=True, text=True, timeout=120, env=dict(os.environ))


def seed(center: SecuredCenter) -> Center:
    """The ids the factories need, and a customer of team support (written by the owner)."""
    with center.owner.write() as s:
        teams = {t.name: t.id for t in s.scalars(select(Team))}
        users = {u.login: u.id for u in s.scalars(select(User))}
        jane = Contact(name="Jane Doe", team_id=teams["support"], emails=[ContactEmail(address="jane@example.org")])
        s.add(jane)
        s.flush()
        return Center(teams["support"], teams["billing"], users, jane.id)


@pytest.fixture
def team(secured_center: SecuredCenter, tmp_path: Path) -> dict[str, Path]:
    """A settings file for sato (agent, support), tanaka (lead, support) and kato (agent, billing)."""
    return {login: settings_for(tmp_path / login, secured_center.url_for(login), login)
            for login in ("sato", "tanaka", "kato")}


def test_each_user_acts_as_their_database_login_and_as_nobody_else(secured_center: SecuredCenter,
                                                                    team: dict[str, Path]) -> None:
    c = secured_center
    center = seed(c)
    iid = inbound(c.owner, center, subject="納期の遅れについて")
    done = agentdesk(team["sato"], "interactions", "reply", str(iid), "--text", "確認いたします。", "--json")
    assert done.returncode == 0, done.stderr
    oid = json.loads(done.stdout)["outbound_id"]
    done = agentdesk(team["sato"], "interactions", "send", str(oid))
    assert (done.returncode, done.stdout.strip()) == (0, f"outbound email {oid}: waiting for QA review")

    # the agent cannot approve: not as themselves (the action refuses) ...
    done = agentdesk(team["sato"], "interactions", "approve", str(oid))
    assert done.returncode == 1 and "refused (permission_denied)" in done.stderr
    # ... nor as the lead: their connection signs in as sato, and --as is refused before anything runs
    done = agentdesk(team["sato"], "interactions", "approve", str(oid), "--as", "tanaka")
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.startswith(f"agentdesk: error: --as tanaka is refused: this connection signs in to the "
                                  f"database as {c.role('sato')}, the login of user sato, and acts only as sato")
    assert "Traceback" not in done.stderr
    # --as naming oneself is fine
    assert agentdesk(team["sato"], "interactions", "list", "--as", "sato").returncode == 0

    # a settings file whose [user] login is someone else's is refused too
    wrong = settings_for(team["sato"].parent / "wrong", c.url_for("sato"), "tanaka")
    done = agentdesk(wrong, "interactions", "review-queue")
    assert done.returncode == 2
    assert f"[user] login of {wrong} says tanaka, but the database signs this connection in as " \
           f"{c.role('sato')}, the login of user sato" in done.stderr

    # the lead, with their own login, approves
    done = agentdesk(team["tanaka"], "interactions", "approve", str(oid))
    assert (done.returncode, done.stdout.strip()) == (0, f"outbound email {oid} approved: handed to the outbox")


def test_the_user_comes_from_the_connection_without_a_user_setting(secured_center: SecuredCenter,
                                                                   tmp_path: Path) -> None:
    center = seed(secured_center)
    inbound(secured_center.owner, center, subject="見積の件", owner="kato", team="billing")
    config = settings_for(tmp_path / "kato", secured_center.url_for("kato"), None)
    done = agentdesk(config, "interactions", "list", "--json")
    assert done.returncode == 0, done.stderr
    assert [row["subject"] for row in json.loads(done.stdout)] == ["見積の件"]


def test_the_owner_and_the_router_keep_as_for_administration_and_scripts(secured_center: SecuredCenter,
                                                                         tmp_path: Path) -> None:
    c = secured_center
    center = seed(c)
    inbound(c.owner, center, owner="suzuki")
    owner = settings_for(tmp_path / "owner", c.url, None)
    done = agentdesk(owner, "interactions", "list", "--as", "suzuki", "--json")
    assert done.returncode == 0, done.stderr
    assert len(json.loads(done.stdout)) == 1
    router = settings_for(tmp_path / "router", c.url_for("router"), None)
    done = agentdesk(router, "interactions", "list", "--scope", "team", "--as", "tanaka", "--json")
    assert done.returncode == 0, done.stderr
    assert len(json.loads(done.stdout)) == 1
    # what the database itself refuses is said in one line, never with a traceback: the router makes only its
    # teams' Auto-filed workbins (migration 0018), not tanaka's personal ones
    done = agentdesk(router, "interactions", "workbins", "--as", "tanaka")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.startswith("agentdesk: refused by the database (42501): ")
    assert 'row-level security policy "agentdesk_router_adds" for table "workbins"' in done.stderr
    # with neither a user login nor --as, nobody is signed in: said plainly
    done = agentdesk(owner, "interactions", "list")
    assert done.returncode == 2 and "nobody is signed in: give --as LOGIN" in done.stderr


def _scram_matches(verifier: str, password: str) -> bool:
    """RFC 5802/7677: the verifier PostgreSQL keeps (SCRAM-SHA-256$iter:salt$StoredKey:ServerKey) is of
    ``password``."""
    method, rest = verifier.split("$", 1)
    params, keys = rest.split("$")
    iterations, salt = params.split(":")
    stored, server = (base64.b64decode(k) for k in keys.split(":"))
    salted = hashlib.pbkdf2_hmac("sha256", password.encode(), base64.b64decode(salt), int(iterations))
    client_key = hmac.new(salted, b"Client Key", "sha256").digest()
    return (method == "SCRAM-SHA-256" and hashlib.sha256(client_key).digest() == stored
            and hmac.new(salted, b"Server Key", "sha256").digest() == server)


def _verifier(center: SecuredCenter, login: str) -> str | None:
    import psycopg

    from tests.support.databases import PG_ADMIN_DSN

    with psycopg.connect(PG_ADMIN_DSN) as conn:
        row = conn.execute("SELECT rolpassword FROM pg_authid WHERE rolname = %s", (center.role(login),)).fetchone()
    assert row is not None
    return None if row[0] is None else str(row[0])


def test_admin_password_sets_a_scram_verifier_read_from_standard_input(secured_center: SecuredCenter,
                                                                       team: dict[str, Path]) -> None:
    c = secured_center
    done = agentdesk(None, "admin", "password", "sato", "--url", c.url, stdin="パス word-1\n")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"password of sato set (database login {c.role('sato')}, SCRAM-SHA-256)")
    verifier = _verifier(c, "sato")
    assert verifier is not None and _scram_matches(verifier, "パス word-1")
    assert "パス" not in done.stdout + done.stderr
    done = agentdesk(None, "admin", "password", "router", "--url", c.url, stdin="router-pw\n")  # a router login
    assert done.returncode == 0, done.stderr
    verifier = _verifier(c, "router")
    assert verifier is not None and _scram_matches(verifier, "router-pw")

    # a user changes their own password with their own connection, and no one else's
    done = agentdesk(team["sato"], "admin", "password", "sato", stdin="second\n")
    assert done.returncode == 0, done.stderr
    verifier = _verifier(c, "sato")
    assert verifier is not None and _scram_matches(verifier, "second")
    done = agentdesk(team["sato"], "admin", "password", "suzuki", stdin="mine-now\n")
    assert done.returncode == 2
    assert f"this connection may not set the password of {c.role('suzuki')}" in done.stderr
    assert _verifier(c, "suzuki") is None


def test_admin_password_refuses_what_it_cannot_do(secured_center: SecuredCenter, tmp_path: Path) -> None:
    c = secured_center
    cases = {
        ("sato", ""): "no password on standard input",
        ("nobody", "x\n"): "no user or router login 'nobody'",
    }
    for (login, stdin), message in cases.items():
        done = agentdesk(None, "admin", "password", login, "--url", c.url, stdin=stdin)
        assert done.returncode == 2 and message in done.stderr, done.stderr
    # the password is never an argument (it would show in the process list and the shell's history)
    done = agentdesk(None, "admin", "password", "sato", "hunter2", "--url", c.url)
    assert done.returncode == 2 and "unrecognized arguments: hunter2" in done.stderr
    standalone = settings_for(tmp_path / "standalone", f"sqlite:///{tmp_path / 'r.sqlite3'}", None)
    assert agentdesk(standalone, "db", "upgrade").returncode == 0
    done = agentdesk(standalone, "admin", "password", "sato", stdin="x\n")
    assert done.returncode == 2 and "only in the team shape" in done.stderr


def test_the_local_cache_holds_one_user_and_follows_their_own_login(secured_center: SecuredCenter,
                                                                   team: dict[str, Path]) -> None:
    import sqlite3

    from agentdesk.config.paths import default_paths

    c = secured_center
    center = seed(c)
    inbound(c.owner, center, subject="support の件 invoice")
    inbound(c.owner, center, subject="billing の件 invoice", owner="kato", team="billing")
    done = agentdesk(team["sato"], "search", "invoice", "--json")
    assert done.returncode == 0, done.stderr
    assert [h["subject"] for h in json.loads(done.stdout)["hits"]] == ["support の件 invoice"]
    caches = sorted((default_paths().data_dir / "cache").glob("*.sqlite3"))
    assert [p.name.split("-")[0] for p in caches] == ["sato"]
    # sato left a draft that never reached the database: kato signing in on this desktop is refused
    with sqlite3.connect(caches[0]) as conn:
        conn.execute("INSERT INTO draft_sync (key, saved_at) VALUES ('outbound-1', 1.0)")
    done = agentdesk(team["kato"], "search", "invoice")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "local cache holds 1 unsent draft(s) and 0 waiting action(s) of sato; searching as kato would " \
           "delete them" in done.stderr
    assert caches[0].exists()
    with sqlite3.connect(caches[0]) as conn:
        conn.execute("DELETE FROM draft_sync")
    done = agentdesk(team["kato"], "search", "invoice", "--json")
    assert done.returncode == 0, done.stderr
    assert [h["subject"] for h in json.loads(done.stdout)["hits"]] == ["billing の件 invoice"]
    assert not caches[0].exists()
    assert [p.name.split("-")[0] for p in (default_paths().data_dir / "cache").glob("*.sqlite3")] == ["kato"]


def test_a_team_url_without_sslmode_asks_for_tls_and_says_so(secured_center: SecuredCenter, tmp_path: Path) -> None:
    config = settings_for(tmp_path / "sato", secured_center.url_for("sato").replace("?sslmode=disable", ""), "sato")
    done = agentdesk(config, "interactions", "list")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "server does not support SSL, but SSL was required (no TLS: the team shape asks for " \
           "sslmode=verify-full unless the URL names a mode" in done.stderr
    nobody = settings_for(tmp_path / "nobody", secured_center.url_for("nobody"), None)
    done = agentdesk(nobody, "interactions", "list")
    assert done.returncode == 2 and "(the login was refused: check the URL's user" in done.stderr


def _on_a_terminal(argv: list[str], answers: list[str]) -> tuple[int, str]:
    """Run the real agentdesk on a pseudo-terminal (its controlling terminal, as in a shell) and type each answer
    after its prompt; returns the exit status and what the terminal showed."""
    import os
    import pty
    import select
    import time

    master, slave = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "agentdesk.cli.main", *argv], env=dict(os.environ),
                            preexec_fn=lambda: os.login_tty(slave), close_fds=True)
    os.close(slave)
    shown = b""
    deadline = time.monotonic() + 120
    pending = list(answers)
    answered = 0
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.5)
            if ready:
                try:
                    chunk = os.read(master, 4096)
                except OSError:  # the child closed the terminal
                    break
                if not chunk:
                    break
                shown += chunk
                # answer a prompt only once: getpass empties the terminal's input (TCSAFLUSH) before it writes its
                # next prompt, so an answer typed on the old prompt's "\r\n" would be thrown away
                if pending and shown[answered:].rstrip().endswith(b":"):
                    os.write(master, pending.pop(0).encode() + b"\n")
                    answered = len(shown)
            elif proc.poll() is not None:
                break
        return proc.wait(timeout=max(1.0, deadline - time.monotonic())), shown.decode("utf-8", "replace")
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        os.close(master)


def test_admin_password_asks_twice_on_a_terminal_without_echo(secured_center: SecuredCenter) -> None:
    c = secured_center
    code, shown = _on_a_terminal(["admin", "password", "kato", "--url", c.url], ["t3rminal-pw", "t3rminal-pw"])
    assert code == 0, shown
    assert "new database password for kato:" in shown and "again:" in shown and "t3rminal-pw" not in shown
    verifier = _verifier(c, "kato")
    assert verifier is not None and _scram_matches(verifier, "t3rminal-pw")
    code, shown = _on_a_terminal(["admin", "password", "kato", "--url", c.url], ["one", "two"])
    assert code == 2 and "the two passwords differ: nothing changed" in shown
    verifier = _verifier(c, "kato")
    assert verifier is not None and _scram_matches(verifier, "t3rminal-pw")

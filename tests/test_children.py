"""agentdesk's helper processes start the same way from a source install and from the packaged app: the app's
entry point (packaging/launcher.py) runs ``PROGRAM -m MODULE`` for the helper modules, as Python's ``-m`` does.

The launcher is run here from source, as the frozen app runs it; a fake "frozen executable" (a script that runs
the launcher, as ``sys.executable`` with ``sys.frozen`` set) shows that the parse helpers are then started
through it. tests/packaging/test_frozen.py checks the same on the built Linux app, by pid and command line.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from agentdesk import children
from agentdesk.mail.parse_worker import ParseWorkers

ROOT = Path(__file__).resolve().parents[1]
LAUNCHER = ROOT / "packaging" / "launcher.py"
RAW = (b"From: Jane <jane@example.org>\r\nTo: support@example.com\r\nSubject: =?utf-8?b?57SN5pyf?=\r\n"
       b"Message-ID: <children-1@example.org>\r\nMIME-Version: 1.0\r\n"
       b"Content-Type: text/plain; charset=utf-8\r\n\r\nWhere is my parcel?\r\n")


def test_each_helper_is_this_executable_with_minus_m() -> None:
    for module in children.CHILD_MODULES:
        assert children.command(module) == [sys.executable, "-m", module]
    with pytest.raises(ValueError, match="not one of agentdesk's helper processes"):
        children.command("os")


def test_only_the_helper_modules_are_run_by_the_hidden_entry() -> None:
    assert children.child_module(["agentdesk", "-m", "agentdesk.mail.parse_worker"]) == "agentdesk.mail.parse_worker"
    assert children.child_module(["agentdesk", "-m", "http.server"]) is None
    assert children.child_module(["agentdesk", "demo"]) is None
    assert children.child_module(["agentdesk"]) is None
    assert children.run_if_child(["agentdesk", "--version"]) is None


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])}


def test_the_launcher_runs_a_parse_helper() -> None:
    proc = subprocess.run([sys.executable, LAUNCHER, "-m", "agentdesk.mail.parse_worker"],
                          input=pickle.dumps([RAW]), capture_output=True, timeout=120, env=_env(), check=False)
    assert proc.returncode == 0, proc.stderr.decode(errors="replace")
    (parsed,) = pickle.loads(proc.stdout)
    assert parsed is not None and parsed.subject == "納期" and "Where is my parcel?" in parsed.text


def test_the_launcher_refuses_other_modules_as_the_cli_does() -> None:
    proc = subprocess.run([sys.executable, LAUNCHER, "-m", "http.server"], capture_output=True, text=True,
                          timeout=120, env=_env(), check=False)
    assert proc.returncode == 2
    assert "unrecognized arguments" in proc.stderr or "invalid choice" in proc.stderr, proc.stderr


@pytest.mark.skipif(sys.platform == "win32", reason="the fake frozen executable is a shell script")
def test_a_frozen_app_starts_its_parse_helpers_through_itself(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = tmp_path / "agentdesk"
    seen = tmp_path / "started.txt"
    app.write_text(f'#!/bin/sh\necho "$0 $*" >> "{seen}"\nexec "{sys.executable}" "{LAUNCHER}" "$@"\n',
                   encoding="utf-8")
    app.chmod(0o755)
    monkeypatch.setattr(sys, "executable", str(app))
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setenv("PYTHONPATH", _env()["PYTHONPATH"])
    workers = ParseWorkers(2)
    try:
        results = [workers.submit([RAW]).result(timeout=120) for _ in range(4)]
    finally:
        workers.close()
    assert all(r[0] is not None and r[0].subject == "納期" for r in results)
    started = seen.read_text(encoding="utf-8").splitlines()
    assert started and all(line == f"{app} -m agentdesk.mail.parse_worker" for line in started), started

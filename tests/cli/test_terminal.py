"""What the CLI prints is safe for a terminal (issue 12): customer text with escape sequences is made visible in
``render``, ``interactions show`` and ``search``; a reader that goes away (``| head -1``) ends the process quietly;
``send --allow-empty`` confirms an empty reply."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from agentdesk.cli.main import main
from agentdesk.cli.terminal import visible
from agentdesk.routing.db import Database
from tests.cli.test_interactions import write_config
from tests.support.factories import inbound, seed_center

ESC = "\x1b"
HOSTILE_SUBJECT = f"Invoice {ESC}]0;pwned{ESC}\\ {ESC}[2J{ESC}[31mred\r\x07"
HOSTILE_BODY = f"Dear team,\n{ESC}[1A{ESC}[2Khidden line\x9b31m and a C1 CSI\x00.\n"


def _hostile_eml(path: Path) -> Path:
    raw = (
        "From: Mallory <mallory@example.org>\r\nTo: support@example.com\r\n"
        f"Subject: {HOSTILE_SUBJECT.replace(chr(13), '')}\r\nMessage-ID: <esc-1@example.org>\r\n"
        "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n"
        "--b\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
        f"{HOSTILE_BODY}\r\n"
        f"--b\r\nContent-Type: text/plain\r\nContent-Disposition: attachment; filename=\"a{ESC}[8mb.txt\"\r\n\r\n"
        "x\r\n--b--\r\n"
    )
    path.write_bytes(raw.encode("utf-8"))
    return path


def test_visible_keeps_line_ends_and_tabs() -> None:
    assert visible("a\tb\nc") == "a\tb\nc"
    assert visible(f"{ESC}[31m\r\x00\x7f\x9b") == "␛[31m␍␀␡\\x9b"


def test_render_prints_escape_sequences_visibly(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    eml = _hostile_eml(tmp_path / "hostile.eml")
    for view in ("--text", "--html"):
        assert main(["render", view, str(eml)]) == 0
        out = capsys.readouterr().out
        assert ESC not in out and "\x9b" not in out and "\x07" not in out and "\x00" not in out
        assert "␛[1A␛[2Khidden line" in out
    assert main(["render", "--json", str(eml)]) == 0
    out = capsys.readouterr().out
    assert ESC not in out and "\x9b" not in out
    assert json.loads(out)["subject"].startswith("Invoice")  # still valid JSON


def test_show_and_search_print_escape_sequences_visibly(sqlite_db: Database, tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    center = seed_center(sqlite_db)
    iid = inbound(sqlite_db, center, subject=f"Refund {ESC}[31mnow{ESC}[0m", body=HOSTILE_BODY)
    config = write_config(sqlite_db, tmp_path)
    assert main(["--config", config, "interactions", "show", str(iid)]) == 0
    out = capsys.readouterr().out
    assert ESC not in out and "\x9b" not in out
    assert "Refund ␛[31mnow␛[0m" in out and "␛[1A␛[2Khidden line\\x9b31m" in out
    assert main(["--config", config, "search", "Refund"]) == 0
    out = capsys.readouterr().out
    assert f"#{iid}" in out and ESC not in out and "␛[31mnow" in out


class _ClosedPipe(io.StringIO):
    """Standard output whose reader went away after the first line (what ``| head -1`` leaves behind)."""

    def write(self, text: str) -> int:
        if "\n" in self.getvalue():
            raise BrokenPipeError(32, "Broken pipe")
        return super().write(text)

    def flush(self) -> None:
        if "\n" in self.getvalue():
            raise BrokenPipeError(32, "Broken pipe")


def test_a_reader_that_goes_away_ends_the_output_quietly(sqlite_db: Database, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    center = seed_center(sqlite_db)
    iid = inbound(sqlite_db, center, body="line\n" * 100)
    config = write_config(sqlite_db, tmp_path)
    for argv in (["--config", config, "interactions", "show", str(iid)],
                 ["--config", config, "interactions", "list", "--scope", "team"]):
        monkeypatch.setattr(sys, "stdout", _ClosedPipe("first line\n"))
        assert main(argv) == 141  # as a process stopped by SIGPIPE; no traceback
    monkeypatch.undo()
    assert "Traceback" not in capsys.readouterr().err


def test_head_of_show_in_a_real_pipe(sqlite_db: Database, tmp_path: Path) -> None:
    center = seed_center(sqlite_db)
    iid = inbound(sqlite_db, center, body="line of a long message\n" * 20_000)  # more than a pipe holds
    config = write_config(sqlite_db, tmp_path)
    env = {**os.environ, "AGENTDESK_HOME": str(tmp_path / "home")}
    script = str(Path(sys.executable).with_name("agentdesk"))
    with subprocess.Popen([script, "--config", config, "interactions", "show", str(iid)], stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, env=env) as proc:
        assert proc.stdout is not None and proc.stderr is not None
        first = proc.stdout.readline()  # what `| head -1` does: one line, then the pipe is closed
        proc.stdout.close()
        err = proc.stderr.read().decode("utf-8", "replace")
        status = proc.wait(timeout=120)
    assert first.startswith(b"Interaction ")
    assert "Traceback" not in err and "BrokenPipeError" not in err and "Exception ignored" not in err, err
    assert status in (0, 141)


def test_send_allow_empty(sqlite_db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    center = seed_center(sqlite_db, qa_review={"teams": [], "agents": [], "sample_percent": 0})
    iid = inbound(sqlite_db, center)
    config = write_config(sqlite_db, tmp_path)
    assert main(["--config", config, "interactions", "reply", str(iid), "--json"]) == 0
    oid = json.loads(capsys.readouterr().out)["outbound_id"]
    assert main(["--config", config, "interactions", "send", str(oid)]) == 1
    err = capsys.readouterr().err
    assert "[empty_body]" in err and "empty" in err
    assert main(["--config", config, "interactions", "send", str(oid), "--allow-empty"]) == 0
    assert "handed to the outbox" in capsys.readouterr().out

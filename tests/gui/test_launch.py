"""``agentdesk`` with no verb opens the desktop; ``agentdesk --help`` still prints the help without Qt."""

from __future__ import annotations

import subprocess
import sys

import pytest

from agentdesk.cli import main as cli_main
from agentdesk.gui import app


def test_no_verb_opens_the_desktop(monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[str | None] = []

    def fake_run(config: str | None = None, argv: object = None) -> int:
        opened.append(config)
        return 0

    monkeypatch.setattr(app, "run", fake_run)
    assert cli_main.main([]) == 0
    assert cli_main.main(["--config", "x.toml"]) == 0
    assert opened == [None, "x.toml"]


def test_help_prints_help_and_loads_no_qt() -> None:
    code = ("import sys\nfrom agentdesk.cli.main import main\n"
            "try:\n    main(['--help'])\nexcept SystemExit as e:\n    code = e.code\n"
            "sys.exit(10 if any(m.startswith('PySide6') for m in sys.modules) else code)\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "usage: agentdesk" in result.stdout and "open the desktop" in result.stdout

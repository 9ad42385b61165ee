"""The headless layers never load Qt: the router service and scripts run without a display or PySide6."""

from __future__ import annotations

import subprocess
import sys

HEADLESS = ["agentdesk.desk", "agentdesk.actions", "agentdesk.routing", "agentdesk.cache", "agentdesk.mail", "agentdesk.config"]


def test_headless_layers_import_without_qt() -> None:
    code = (
        "import importlib, pkgutil, sys\n"
        f"for name in {HEADLESS!r}:\n"
        "    pkg = importlib.import_module(name)\n"
        "    for info in pkgutil.walk_packages(pkg.__path__, name + '.'):\n"
        "        if '.migrations' in info.name: continue\n"
        "        importlib.import_module(info.name)\n"
        "loaded = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6')))\n"
        "print(loaded)\n"
        "sys.exit(1 if loaded else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_cli_help_does_not_load_qt() -> None:
    code = (
        "import sys\n"
        "from agentdesk.cli.main import build_parser\n"
        "build_parser()\n"
        "sys.exit(1 if any(m.startswith('PySide6') for m in sys.modules) else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr

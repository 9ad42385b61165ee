"""The console script imports only the module of the verb it runs (a router pass with nothing to do paid most
of its time for importing every verb), and still knows every verb for help and errors."""

from __future__ import annotations

import argparse
import importlib
import subprocess
import sys

from agentdesk.cli.main import VERB_MODULES, VERBS, verb_modules


def test_every_verb_is_found_by_the_module_that_registers_it() -> None:
    for name in VERB_MODULES:
        parser = argparse.ArgumentParser()
        sub = parser.add_subparsers()
        importlib.import_module(f"agentdesk.cli.{name}").register(sub)
        assert {VERBS[verb] for verb in sub.choices} == {name}, name
    assert set(VERBS.values()) == set(VERB_MODULES)


def test_the_named_verb_alone_is_registered() -> None:
    assert verb_modules(["router", "--once"]) == ("router",)
    assert verb_modules(["--config", "search", "outbox", "list"]) == ("outbox_verbs",)  # a value, then the verb
    assert verb_modules(["--config=x.toml", "search", "word"]) == ("search",)
    assert verb_modules([]) == ()  # the desktop: no verb is imported
    assert verb_modules(["--config", "x.toml"]) == ()
    assert verb_modules(["--help"]) == VERB_MODULES
    assert verb_modules(["--config", "x.toml", "-h"]) == VERB_MODULES
    assert verb_modules(["nonsense"]) == VERB_MODULES  # argparse names the verbs it knows


def test_a_router_pass_does_not_import_the_other_verbs() -> None:
    code = (
        "import sys\n"
        "from agentdesk.cli.main import main\n"
        "try:\n"
        "    main(['router', '--help'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(sorted(m for m in sys.modules if m.startswith(('alembic', 'agentdesk.cli.search', "
        "'agentdesk.cli.interactions', 'agentdesk.cli.admin', 'agentdesk.cli.demo', 'PySide6'))))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_opening_the_desktop_imports_no_verb() -> None:
    """``agentdesk`` with no verb opens the desktop without importing any verb's module (the migrations' Alembic
    and the center file's checks were a good part of the desktop's start)."""
    code = (
        "import sys\n"
        "import agentdesk.cli.gui\n"
        "agentdesk.cli.gui.launch = lambda args: print(sorted(m for m in sys.modules if m.startswith("
        "('alembic', 'agentdesk.cli.')))) or 0\n"
        "from agentdesk.cli.main import main\n"
        "main(['--config', 'x.toml'])\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == (
        "['agentdesk.cli.common', 'agentdesk.cli.gui', 'agentdesk.cli.main', 'agentdesk.cli.terminal']")

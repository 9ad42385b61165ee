"""The headless layers never load Qt: the router service and scripts run without a display or PySide6."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

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


# -- the import rule, read from the source (docs/layers.md) -----------------------------------------------------

SRC = Path(__file__).resolve().parents[1] / "src" / "agentdesk"

#: the layers from the bottom up: a module may import its own layer and any layer below it, never one above.
#: ``agentdesk`` (the package itself: the version), ``children`` (how helper processes start: imports nothing of
#: agentdesk), ``config`` and ``views`` (the read side's frozen dataclasses) sit at the bottom together.
ORDER: tuple[frozenset[str], ...] = (
    frozenset({"agentdesk", "children", "config", "views"}),
    frozenset({"mail"}),
    frozenset({"routing"}),
    frozenset({"cache"}),
    frozenset({"actions"}),
    frozenset({"desk"}),
    frozenset({"gui"}),
    frozenset({"demo"}),
    frozenset({"cli"}),
)
RANK = {layer: rank for rank, layers in enumerate(ORDER) for layer in layers}

#: imports that go down but skip what must stand between: the GUI talks to the database and the mail servers
#: only through desk (and actions), never to routing or mail itself.
SKIPS_FORBIDDEN = {("gui", "routing"), ("gui", "mail")}

#: imports that break the rule today, each named with its module and what it imports; the test fails on any
#: import not listed here and on any entry no longer needed, so this list only shrinks.
KNOWN: frozenset[tuple[str, str]] = frozenset({
    ("agentdesk.gui.compose.richtext", "agentdesk.mail.compose"),
    ("agentdesk.gui.demo_menu", "agentdesk.routing.db"),
    ("agentdesk.gui.dialogs.setup", "agentdesk.routing.center_file"),
    ("agentdesk.gui.dialogs.setup_mailbox", "agentdesk.mail.sentprobe"),
    ("agentdesk.gui.live", "agentdesk.routing.db"),
    ("agentdesk.gui.panels.email.attachments", "agentdesk.mail.filenames"),
    ("agentdesk.gui.panels.email.outbox_bar", "agentdesk.routing.sender"),
    ("agentdesk.gui.signin_flow", "agentdesk.routing.db"),
    ("agentdesk.gui.signin_flow", "agentdesk.routing.signin"),
    ("agentdesk.gui.smoke", "agentdesk.routing"),
    ("agentdesk.gui.smoke", "agentdesk.routing.center"),
    ("agentdesk.gui.smoke", "agentdesk.routing.center_file"),
    ("agentdesk.gui.smoke", "agentdesk.routing.db"),
})


def _layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


def _imports(path: Path, module: str) -> set[str]:
    """Every agentdesk module ``path`` imports, at module level, in functions and under TYPE_CHECKING alike."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                name = ".".join(base + ([node.module] if node.module else []))
            else:
                name = node.module or ""
            found.add(name)
            # ``from agentdesk import gui`` imports a layer by its name
            if name == "agentdesk":
                found.update(f"agentdesk.{alias.name}" for alias in node.names
                             if (SRC / alias.name).is_dir() or (SRC / f"{alias.name}.py").is_file())
    return {name for name in found if name == "agentdesk" or name.startswith("agentdesk.")}


def _all_imports() -> dict[tuple[str, str], str]:
    """(importing module, imported module) → the importing file, for every import between two layers."""
    pairs: dict[tuple[str, str], str] = {}
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC.parent).with_suffix("")
        module = ".".join(rel.parts[:-1] if rel.name == "__init__" else rel.parts)
        for imported in _imports(path, module):
            if _layer(imported) != _layer(module):
                pairs[(module, imported)] = str(path.relative_to(SRC.parent.parent))
    return pairs


def _breaks(module: str, imported: str) -> str | None:
    source, target = _layer(module), _layer(imported)
    if source not in RANK or target not in RANK:
        return f"{module} or {imported} belongs to no layer: add its layer to ORDER in tests/test_layers.py"
    if RANK[target] > RANK[source]:
        return f"{module} ({source}) imports {imported}, a layer above it ({target})"
    if (source, target) in SKIPS_FORBIDDEN:
        return f"{module} ({source}) imports {imported} ({target}) directly: go through agentdesk.desk"
    return None


def test_every_layer_is_known() -> None:
    layers = {p.name if p.is_dir() else p.stem for p in SRC.iterdir()
              if (p.is_dir() and (p / "__init__.py").exists()) or (p.suffix == ".py" and p.stem != "__init__")}
    assert layers - set(RANK) == set(), "a new package under src/agentdesk needs its place in ORDER"


def test_imports_point_down_only() -> None:
    pairs = _all_imports()
    broken = {pair: why for pair in pairs if (why := _breaks(*pair)) is not None}
    new = sorted(f"{pairs[pair]}: {why}" for pair, why in broken.items() if pair not in KNOWN)
    assert not new, "imports against the layering (docs/layers.md):\n" + "\n".join(new)
    fixed = sorted(f"{a} -> {b}" for a, b in KNOWN - set(broken))
    assert not fixed, "no longer broken: remove from KNOWN in tests/test_layers.py:\n" + "\n".join(fixed)


def test_the_checker_sees_function_level_and_relative_imports(tmp_path: Path) -> None:
    module = tmp_path / "agentdesk" / "cache" / "thing.py"
    module.parent.mkdir(parents=True)
    module.write_text("def f():\n    from agentdesk.actions import notes\n    from ..gui import app\n"
                      "    from agentdesk import desk\n", encoding="utf-8")
    found = _imports(module, "agentdesk.cache.thing")
    assert {"agentdesk.actions", "agentdesk.gui", "agentdesk.desk"} <= found
    assert _breaks("agentdesk.cache.thing", "agentdesk.actions") is not None
    assert _breaks("agentdesk.gui.x", "agentdesk.routing.db") is not None
    assert _breaks("agentdesk.gui.x", "agentdesk.mail.smtp") is not None
    assert _breaks("agentdesk.gui.x", "agentdesk.actions.notes") is None
    assert _breaks("agentdesk.actions.x", "agentdesk.views") is None

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

#: imports that break the rule and are accepted for now, as (module, imported module): none today. The test
#: fails on any import not listed here and on any entry no longer needed, so this list can only shrink.
KNOWN: frozenset[tuple[str, str]] = frozenset()


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
            # ``from agentdesk import gui``, ``from agentdesk.gui import app``: a module imported by its name
            folder = SRC.parent.joinpath(*name.split("."))
            found.update(f"{name}.{alias.name}" for alias in node.names
                         if (folder / alias.name).is_dir() or (folder / f"{alias.name}.py").is_file())
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


# -- no import cycles -------------------------------------------------------------------------------------------

def _module_level_imports(path: Path, module: str) -> set[str]:
    """The agentdesk modules ``path`` imports when it is loaded (not inside functions, not for type checking),
    leaving out its own parent packages (always loaded first)."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    stack: list[ast.AST] = list(ast.parse(path.read_text(encoding="utf-8"), str(path)).body)
    while stack:
        node = stack.pop()
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            continue
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            stack.extend(node.orelse)
            continue
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                name = ".".join(base[: len(base) - (node.level - 1)] + ([node.module] if node.module else []))
            else:
                name = node.module or ""
            found.add(name)
            found.update(f"{name}.{alias.name}" for alias in node.names)
        else:
            stack.extend(ast.iter_child_nodes(node))
    return {name for name in found if name.startswith("agentdesk") and not module.startswith(name + ".")}


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC.parent).with_suffix("")
        found[".".join(rel.parts[:-1] if rel.name == "__init__" else rel.parts)] = path
    return found


def test_no_import_cycles_at_module_level() -> None:
    modules = _modules()
    graph = {m: {d for d in _module_level_imports(p, m) if d in modules and d != m} for m, p in modules.items()}
    cycles: list[list[str]] = []
    # Tarjan's strongly connected components, iteratively (no recursion limit to meet)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    cycles.append(sorted(component))
    assert not cycles, "modules that import each other when loaded:\n" + "\n".join(" <-> ".join(c) for c in cycles)


def test_only_the_entry_points_import_the_application_module() -> None:
    """``agentdesk.gui.app`` opens the main window, which imports every dialog: a dialog importing it back (for the
    translators, say) was an import cycle. The language in force is ``agentdesk.gui.language``."""
    entry_points = {"agentdesk.cli.gui", "agentdesk.demo.desktop", "agentdesk.gui.smoke"}
    importers = {module for module, path in _modules().items() if "agentdesk.gui.app" in _imports(path, module)}
    assert importers <= entry_points, sorted(importers - entry_points)

"""Run every benchmark in bench/ and write bench/RESULTS.md: ``python bench/run.py [NAME ...]``.

With names, only those run and the results are printed; ``AGENTDESK_BENCH_WRITE=1`` also puts their sections
into RESULTS.md in place of the old ones (same heading), leaving the others as they are.

Each ``bench_*.py`` module has ``run() -> str`` returning a Markdown section (a heading, what was compared
with what, on which machine, and a table). Benchmarks create and remove their own databases and servers.
"""

from __future__ import annotations

import datetime
import importlib.util
import os
import platform
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _load(path: Path):  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module


def main(names: list[str]) -> int:
    sys.path.insert(0, str(HERE.parent))
    sections = []
    for path in sorted(HERE.glob("bench_*.py")):
        if names and path.stem.removeprefix("bench_") not in names:
            continue
        print(f"== {path.stem}", flush=True)
        section = _load(path).run()
        print(section, flush=True)
        sections.append(section)
    header = (
        "# Benchmark results\n\n"
        f"Written by `python bench/run.py` on {datetime.date.today().isoformat()}: "
        f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}, load average (1 min) {os.getloadavg()[0]:.1f} at the end. "
        "Servers on loopback. Each section says when and on what it was measured and sets agentdesk beside its "
        "peer from the same run, with the ratio.\n"
    )
    if not names:
        (HERE / "RESULTS.md").write_text(header + "\n" + "\n\n".join(sections) + "\n", encoding="utf-8")
        print(f"wrote {HERE / 'RESULTS.md'}")
    elif os.environ.get("AGENTDESK_BENCH_WRITE") == "1":
        _update(HERE / "RESULTS.md", "\n\n".join(sections))
        print(f"updated {HERE / 'RESULTS.md'}")
    return 0


def _split(text: str) -> list[str]:
    """Markdown sections, each from its ``## `` heading to the next (the text before the first kept as is)."""
    parts = text.split("\n## ")
    return [parts[0], *("## " + part for part in parts[1:])]


def _update(path: Path, fresh: str) -> None:
    """Replace the sections of ``path`` whose headings ``fresh`` has (``AGENTDESK_BENCH_WRITE=1 python bench/run.py
    NAME``: one benchmark again without the hours of all of them); new headings are added at the end."""
    kept = _split(path.read_text(encoding="utf-8")) if path.exists() else ["# Benchmark results\n"]
    new = {section.splitlines()[0]: section.strip() for section in _split("\n" + fresh)[1:]}
    out = []
    for section in kept:
        heading = section.splitlines()[0] if section.startswith("## ") else None
        out.append(new.pop(heading).strip() if heading in new else section.strip())
    out += new.values()
    path.write_text("\n\n".join(out) + "\n", encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Run every benchmark in bench/ and write bench/RESULTS.md: ``python bench/run.py [NAME ...]``.

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
        f"{platform.system()} {platform.release()}. Servers on loopback.\n"
    )
    if not names:
        (HERE / "RESULTS.md").write_text(header + "\n" + "\n\n".join(sections) + "\n", encoding="utf-8")
        print(f"wrote {HERE / 'RESULTS.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

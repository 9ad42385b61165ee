"""What the packaged app's one folder holds, part by part, against its 120 MB budget (Linux).

``python bench/bench_bundle.py [FOLDER]`` (or through ``bench/run.py bundle``): the folder is ``AGENTDESK_BUNDLE``,
else ``dist/agentdesk`` of the checkout (build it first: ``pyinstaller --noconfirm --clean packaging/agentdesk.spec``,
see packaging/README.md). File sizes, symbolic links not counted; the size does not depend on the machine's load.
"""

from __future__ import annotations

import fnmatch
import os
import platform
import sys
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUDGET_MB = 120.0

#: (patterns of paths inside the folder, the part they belong to); the first that matches counts
PARTS: list[tuple[tuple[str, ...], str]] = [
    (("_internal/libicu*", "*/libicu*"), "ICU (its data cut to en/ja by packaging/icudata.py)"),
    (("_internal/libQt6*", "_internal/PySide6/Qt/lib/*"), "Qt libraries"),
    (("_internal/PySide6/Qt/plugins/*",), "Qt plugins"),
    (("_internal/PySide6/Qt/translations/*", "_internal/resources/*", "_internal/agentdesk/*"),
     "Qt translations (en, ja), agentdesk's resources and package data"),
    (("_internal/PySide6/*", "_internal/libpyside6*", "_internal/libshiboken6*", "_internal/shiboken6/*"),
     "PySide6 bindings and shiboken"),
    (("_internal/cryptography/*", "_internal/_cffi_backend*"), "cryptography (the Linux keyring's Secret Service)"),
    (("_internal/psycopg_binary*", "_internal/libpq*", "_internal/libsasl2*", "_internal/libldap*",
      "_internal/liblber*", "_internal/libssl-*", "_internal/libcrypto-*", "_internal/libcrypt-*"),
     "psycopg (its C extension with libpq, OpenSSL and Kerberos of its own)"),
    (("agentdesk", "agentdesk.exe", "agentdesk-cli.exe"), "the executable: bootloader and every Python module, compressed"),
    (("_internal/python3.11/*", "_internal/base_library.zip"), "Python's standard library (extension modules, base_library.zip)"),
    (("_internal/libpython*",), "libpython3.11"),
    (("_internal/libssl.so*", "_internal/libcrypto.so*"), "OpenSSL for Python's ssl and hashlib"),
    (("_internal/nh3/*",), "nh3 (HTML sanitiser)"),
    (("_internal/sqlalchemy/*",), "SQLAlchemy's C extensions"),
    (("_internal/*.so*",), "other shared libraries"),
    (("*",), "other Python packages' data and metadata"),
]


def folder() -> Path | None:
    given = os.environ.get("AGENTDESK_BUNDLE")
    path = Path(given) if given else ROOT / "dist" / "agentdesk"
    if path.is_file():
        path = path.parent
    return path if path.is_dir() else None


def measure(root: Path) -> dict[str, int]:
    sizes: dict[str, int] = {label: 0 for _, label in PARTS}
    for path in root.rglob("*"):
        if path.is_symlink() or not path.is_file():
            continue
        rel = path.relative_to(root).as_posix()
        label = next(label for patterns, label in PARTS if any(fnmatch.fnmatch(rel, p) for p in patterns))
        sizes[label] += path.stat().st_size
    return sizes


def run() -> str:
    root = folder()
    heading = "## The packaged app: size of the Linux one-folder build"
    if root is None:
        return f"{heading}\n\nNo build found (`AGENTDESK_BUNDLE`, else `dist/agentdesk`): nothing measured."
    sizes = measure(root)
    total = sum(sizes.values()) / 1e6
    built = datetime.fromtimestamp(root.stat().st_mtime, UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        heading,
        "",
        f"`python bench/run.py bundle` on {datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')}: the folder built "
        f"{built} by `pyinstaller packaging/agentdesk.spec` on {platform.system()} {platform.machine()} (Python "
        f"{platform.python_version()}); file sizes in MB (10^6 bytes), symbolic links not counted (a size does not "
        f"depend on the machine's load). The peer is the budget: {BUDGET_MB:.0f} MB. What the folder keeps and "
        "leaves out, and why: packaging/README.md, \"What the one folder holds\".",
        "",
        "| part of the folder | MB |",
        "| --- | ---: |",
        *(f"| {label} | {size / 1e6:.1f} |" for label, size in sorted(sizes.items(), key=lambda kv: -kv[1]) if size),
        f"| **total** | **{total:.1f}** |",
        "",
        f"Budget {BUDGET_MB:.0f} MB: {total / BUDGET_MB:.2f}× the budget, "
        + ("**within budget**" if total <= BUDGET_MB else "**over budget**")
        + f" ({BUDGET_MB - total:+.1f} MB left).",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    if len(sys.argv) > 1:
        os.environ["AGENTDESK_BUNDLE"] = sys.argv[1]
    print(run())

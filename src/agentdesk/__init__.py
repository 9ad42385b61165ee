"""agentdesk: a desktop workstation for contact-center agents who answer customer email."""

import sys
from pathlib import Path


def _version() -> str:
    """The one version number, from ``pyproject.toml`` by way of the installed package's metadata.

    A frozen build carries that metadata too; should it ever lack it, the ``VERSION`` file the packaging
    recipe writes beside the bundled package answers. A source tree that was never installed says so.
    """
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("agentdesk")
    except PackageNotFoundError:
        pass
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        stamp = Path(frozen) / "agentdesk" / "VERSION"
        if stamp.is_file():
            return stamp.read_text(encoding="utf-8").strip()
    return "0.0.0+source"


_found: list[str] = []


def __getattr__(name: str) -> str:
    """``agentdesk.__version__``, looked up when first asked: reading the installed packages' metadata costs a
    process tens of milliseconds, which a command that never shows the version should not pay."""
    if name == "__version__":
        if not _found:
            _found.append(_version())
        return _found[0]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

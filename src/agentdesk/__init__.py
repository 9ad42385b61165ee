"""agentdesk: a desktop workstation for contact-center agents who answer customer email."""

import sys
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path


def _version() -> str:
    """The one version number, from ``pyproject.toml`` by way of the installed package's metadata.

    A frozen build carries that metadata too; should it ever lack it, the ``VERSION`` file the packaging
    recipe writes beside the bundled package answers. A source tree that was never installed says so.
    """
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


__version__ = _version()

"""Where agentdesk keeps its files: the platformdirs folders, overridable for tests and the demo."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "agentdesk"


@dataclass(frozen=True)
class Paths:
    """The folders of one agentdesk installation (or of one throwaway demo)."""

    config_dir: Path
    data_dir: Path
    log_dir: Path

    @property
    def config_file(self) -> Path:
        return self.config_dir / "agentdesk.toml"

    @property
    def default_routing_db(self) -> Path:
        return self.data_dir / "routing.sqlite3"


def default_paths() -> Paths:
    """The user's folders; ``AGENTDESK_HOME`` puts all three under one folder (tests, demo, portable use)."""
    home = os.environ.get("AGENTDESK_HOME")
    if home:
        root = Path(home)
        return Paths(root / "config", root / "data", root / "log")
    return Paths(
        Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
        Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
        Path(platformdirs.user_log_dir(APP_NAME, appauthor=False)),
    )

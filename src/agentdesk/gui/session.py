"""Who is signed in on this desktop, on which database: what the main window is built for."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from agentdesk.actions.context import ActionContext
from agentdesk.config.paths import Paths


@dataclass(frozen=True)
class DeskSession:
    """The signed-in user (``me`` is the actions' frozen user record) and where this desktop keeps its files."""

    ctx: ActionContext
    me: Any
    paths: Paths
    config_file: Path
    language: str
    #: the team shape with per-user database logins: the user is the connection's, File ▸ Switch user signs in
    #: again with another user's login and password
    database_login: bool = False

    @property
    def is_lead(self) -> bool:
        return str(getattr(self.me, "role", "agent")) in ("lead", "admin")

    @property
    def window_state_file(self) -> Path:
        """Window geometry and dock layout (QSettings, INI) beside the settings file."""
        return self.paths.config_dir / "window.ini"

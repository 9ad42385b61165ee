"""Writing the settings file from the desktop: the first-run file, and one key changed in place.

The first-run file is small and written whole. A later change (the language in Preferences) edits the one line
in ``[user]`` and leaves every other line, comment included, as it was. Values are TOML basic strings.
"""

from __future__ import annotations

import json
import os
import re
import tomllib
from pathlib import Path

_HEADER = re.compile(r"^\s*\[([^\[\]]+)\]\s*(#.*)?$")
_TABLE_ARRAY = re.compile(r"^\s*\[\[")


def toml_string(value: str) -> str:
    """A TOML basic string (JSON's escaping is valid TOML for strings)."""
    return json.dumps(value, ensure_ascii=False)


def first_run_text(*, url: str, login: str, language: str | None) -> str:
    """The settings file's ``[routing]`` and ``[user]``, as the setup assistant writes them (mailboxes follow)."""
    lines = [
        "# agentdesk settings, written by the setup assistant. Every key is described in the README",
        "# (\"Configuration reference\"). Passwords are kept in the system keyring, never here.",
        "",
        "[routing]",
        f"url = {toml_string(url)}",
        "",
        "[user]",
        f"login = {toml_string(login)}",
    ]
    if language:
        lines.append(f"language = {toml_string(language)}")
    return "\n".join(lines) + "\n"


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file, so a crash never leaves half a settings file."""
    tomllib.loads(text)  # never write a file the loader would refuse
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def set_user_key(path: Path, key: str, value: str) -> None:
    """Set ``[user] key = "value"`` in the settings file, creating the table (or the file) when missing."""
    set_key(path, "user", key, value)


def set_key(path: Path, table: str, key: str, value: str) -> None:
    """Set ``[table] key = "value"`` in the settings file, creating the table (or the file) when missing."""
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    entry = f"{key} = {toml_string(value)}"
    key_re = re.compile(rf"^\s*{re.escape(key)}\s*=")
    in_table, table_header = False, -1
    for number, line in enumerate(lines):
        header = _HEADER.match(line)
        if header or _TABLE_ARRAY.match(line):
            in_table = bool(header) and header is not None and header.group(1).strip() == table
            if in_table:
                table_header = number
            continue
        if in_table and key_re.match(line):
            lines[number] = entry
            break
    else:
        if table_header >= 0:
            lines.insert(table_header + 1, entry)
        else:
            lines.extend(["", f"[{table}]", entry] if lines else [f"[{table}]", entry])
    write_atomically(path, "\n".join(lines) + "\n")

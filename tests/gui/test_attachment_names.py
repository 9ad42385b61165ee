"""Saving or opening an inbound attachment never writes outside the chosen folder, whatever its name says."""

from __future__ import annotations

from pathlib import Path

import pytest

from agentdesk.gui.panels.email.attachments import safe_name, write_copy


@pytest.mark.parametrize("name", ["../../etc/passwd", "..\\..\\boot.ini", "/etc/shadow", "..", "CON", "aux.txt",
                                  "a\x1b[2Jb.txt", "report\u202egpj.exe", "x" * 400 + ".pdf", ""])
def test_an_attachment_copy_stays_in_its_folder(tmp_path: Path, name: str) -> None:
    folder = tmp_path / "attachments"
    folder.mkdir()
    written = Path(write_copy(str(folder), name, b"data"))
    assert written.resolve().parent.parent == folder.resolve()  # a fresh sub-folder of it, nothing above
    assert written.read_bytes() == b"data"
    assert written.name == safe_name(name)
    assert written.name not in ("", ".", "..") and "/" not in written.name and "\\" not in written.name
    assert not any(ord(ch) < 32 for ch in written.name)
    assert written.name.split(".")[0].upper() not in ("CON", "AUX")
    assert len(written.name) <= 200

"""agentdesk.gui.resources finds resources/ in a frozen build, an installed wheel and a source checkout."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from agentdesk.gui import resources
from tests.packaging.support import ROOT, run, show


@pytest.fixture
def fresh_root() -> Iterator[None]:
    resources.root.cache_clear()
    yield
    resources.root.cache_clear()


def test_a_source_checkout_reads_the_top_level_folder(fresh_root: None) -> None:
    assert resources.root() == ROOT / "resources"
    assert resources.path("icons", "agentdesk.svg").is_file()


def test_a_frozen_build_reads_its_bundled_copy(fresh_root: None, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(ROOT / "resources", tmp_path / "resources")
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert resources.root() == tmp_path / "resources"
    assert resources.candidates()[0] == tmp_path / "resources"


def test_the_wheel_copy_comes_before_the_checkout() -> None:
    places = resources.candidates()
    assert places.index(resources.PACKAGE / "_resources") < places.index(ROOT / "resources")


def test_no_resources_anywhere_is_a_clear_error(fresh_root: None, monkeypatch: pytest.MonkeyPatch,
                                               tmp_path: Path) -> None:
    monkeypatch.setattr(resources, "candidates", lambda: [tmp_path / "nowhere"])
    with pytest.raises(FileNotFoundError, match=r"agentdesk resources are missing: looked in .*nowhere"):
        resources.root()
    monkeypatch.undo()
    with pytest.raises(FileNotFoundError, match=r"agentdesk resource missing: icons/absent\.svg"):
        resources.path("icons", "absent.svg")


def test_installer_icons_are_rendered_from_the_svg(tmp_path: Path) -> None:
    made = run([sys.executable, ROOT / "packaging" / "icons.py", tmp_path])
    assert made.returncode == 0, show(made)
    assert (tmp_path / "agentdesk.png").read_bytes().startswith(b"\x89PNG")
    assert (tmp_path / "agentdesk.ico").read_bytes()[:4] == b"\x00\x00\x01\x00"
    assert (tmp_path / "agentdesk.icns").read_bytes().startswith(b"icns")

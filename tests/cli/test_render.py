"""``agentdesk render FILE.eml``: the text, HTML and JSON views, and clear errors for a bad file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from agentdesk.cli.main import main
from agentdesk.mail.render import format_text, render_message
from tests.mail.corpus import DATA


def test_text_view_is_the_default(capsys: pytest.CaptureFixture[str]) -> None:
    path = DATA / "ja-iso2022jp.eml"
    assert main(["render", str(path)]) == 0
    out = capsys.readouterr().out
    assert out == format_text(render_message(path.read_bytes()))
    assert "Subject: 納期の遅れについて（ご注文①）" in out and "㈱サンプル 髙橋" in out
    assert main(["render", str(path), "--text"]) == 0
    assert capsys.readouterr().out == out


def test_html_view(capsys: pytest.CaptureFixture[str]) -> None:
    path = DATA / "hostile-html.eml"
    assert main(["render", str(path), "--html"]) == 0
    out = capsys.readouterr().out
    assert out == render_message(path.read_bytes()).html + "\n"
    assert "<script" not in out and "http://tracker.example.test" not in out


def test_json_view(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["render", str(DATA / "executable-attachments.eml"), "--json"]) == 0
    view = json.loads(capsys.readouterr().out)
    assert [a["filename"] for a in view["attachments"]] == ["invoice.pdf.exe", "photo\u202egpj.exe"]
    assert view["attachments"][0]["warnings"] == ["executable", "double_extension"]
    assert "dangerous_attachment" in view["flags"]
    assert view["parts"]["type"] == "multipart/mixed"


def test_views_are_exclusive(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["render", str(DATA / "ja-eucjp.eml"), "--html", "--json"])
    assert info.value.code == 2
    assert "not allowed with argument" in capsys.readouterr().err


def test_missing_and_unreadable_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nowhere.eml"
    assert main(["render", str(missing)]) == 2
    assert capsys.readouterr().err == f"agentdesk: error: {missing}: no such file\n"
    assert main(["render", str(tmp_path)]) == 2
    assert "is a directory" in capsys.readouterr().err


def test_unparseable_file_is_still_shown(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["render", str(DATA / "unparseable-blob.eml")]) == 0
    out = capsys.readouterr().out
    assert "not a message at all" in out and "Flags: unparseable" in out

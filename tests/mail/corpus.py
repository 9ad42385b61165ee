"""The corpus of hard messages in tests/data, shared by the mail tests."""

from __future__ import annotations

from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data"

#: host the hostile message points at; tests put their loopback server in its place
TRACKER = b"http://tracker.example.test"


def corpus() -> list[Path]:
    files = sorted(DATA.glob("*.eml"))
    assert len(files) >= 15, f"the corpus in {DATA} is incomplete"
    return files


def raw(name: str) -> bytes:
    return (DATA / name).read_bytes()

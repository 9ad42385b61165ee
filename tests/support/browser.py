"""A real browser for the OAuth sign-in tests: Debian's chromium, headless, behind Python's webbrowser (what the
desktop opens with ``webbrowser.open``), and one test authorization server with a Dovecot that introspects its
tokens per test process. Without chromium a test skips locally and fails in CI (``need``)."""

from __future__ import annotations

import atexit
import shutil
import subprocess
import tempfile
import webbrowser
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.databases import need
from tests.support.dovecot import DOVECOT, Dovecot
from tests.support.oauth_server import OAuthTestServer

CLIENT = "desk-app"
_IDP: OAuthTestServer | None = None
_DOVECOT: Dovecot | None = None


def servers() -> tuple[OAuthTestServer, Dovecot]:
    """One authorization server and one Dovecot that introspects its tokens, per test process."""
    global _IDP, _DOVECOT
    if not DOVECOT.exists():
        need("dovecot-imapd is not installed (/usr/sbin/dovecot is missing)")
    if _IDP is None or _DOVECOT is None:
        _IDP = OAuthTestServer(clients={CLIENT: None}).start()
        root = Path(tempfile.mkdtemp(prefix="agentdesk-dovecot-oauth-gui-"))
        root.chmod(0o755)
        _DOVECOT = Dovecot(root, introspection_url=f"{_IDP.issuer}/introspect")
        _DOVECOT.start()
        atexit.register(_DOVECOT.stop)
        atexit.register(_IDP.stop)
    return _IDP, _DOVECOT


def chromium_path() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        need("chromium is not installed (apt-get install chromium): the sign-in test drives a real browser")
    assert found is not None
    return found


class HeadlessChromium(webbrowser.BaseBrowser):
    """Debian's chromium without a window: what Python's webbrowser opens for the sign-in in these tests."""

    def __init__(self, program: str, profile: Path) -> None:
        super().__init__("agentdesk-test-chromium")
        self.program = program
        self.profile = profile
        self.procs: list[subprocess.Popen[bytes]] = []
        self.urls: list[str] = []

    def open(self, url: str, new: int = 0, autoraise: bool = True) -> bool:
        self.urls.append(url)
        self.procs.append(subprocess.Popen(
            [self.program, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-dev-shm-usage", f"--user-data-dir={self.profile}", url],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True))
        return True

    def close(self) -> None:
        for proc in self.procs:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


@pytest.fixture(name="chromium")
def chromium_fixture(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[HeadlessChromium]:
    """Python's webbrowser opens headless chromium (registered as the preferred browser for this test)."""
    browser = HeadlessChromium(chromium_path(), tmp_path / "chromium-profile")
    webbrowser.register_standard_browsers()
    monkeypatch.setattr(webbrowser, "_tryorder", list(webbrowser._tryorder or []))  # type: ignore[attr-defined]
    monkeypatch.setattr(webbrowser, "_browsers", dict(webbrowser._browsers))  # type: ignore[attr-defined]
    webbrowser.register(browser.name, None, browser, preferred=True)
    yield browser
    browser.close()



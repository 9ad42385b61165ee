"""``AGENTDESK_SMOKE_TEST=1 agentdesk`` opens the main window on a throwaway folder and exits 0 (from source;
tests/packaging/test_frozen.py runs the frozen build the same way)."""

from __future__ import annotations

import sys
from pathlib import Path

from tests.packaging.support import clean_env, run, show

LAUNCH = "import sys\nfrom agentdesk.cli.main import main\nsys.exit(main([]))\n"


def test_smoke_mode_opens_the_main_window_and_exits(tmp_path: Path) -> None:
    user = tmp_path / "home"
    env = clean_env(AGENTDESK_SMOKE_TEST="1", QT_QPA_PLATFORM="offscreen", AGENTDESK_HOME=str(user),
                    PYTHON_KEYRING_BACKEND="tests.support.keyring_backend.MemoryKeyring")
    result = run([sys.executable, "-c", LAUNCH], env=env, cwd=Path(__file__).resolve().parents[2], timeout=180)
    assert result.returncode == 0, show(result)
    assert "agentdesk smoke test: main window shown" in result.stdout
    assert "ヘルプ(&H)" in result.stdout and "platform offscreen" in result.stdout
    assert not user.exists(), "the smoke test used the configured AGENTDESK_HOME instead of a throwaway one"


def test_smoke_mode_is_off_unless_asked() -> None:
    from agentdesk.gui import smoke

    assert smoke.requested() is False

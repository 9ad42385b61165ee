"""The packaging recipes that cannot be run here are at least consistent: the router's example settings load,
the systemd unit passes ``systemd-analyze verify``, the scripts parse, and every file they name exists."""

from __future__ import annotations

import configparser
import os
import plistlib
import re
import shutil
from pathlib import Path

import pytest

from agentdesk.config.mailboxes import mailboxes_from_settings
from agentdesk.config.paths import default_paths
from agentdesk.config.settings import load_settings
from tests.packaging.support import ROOT, run, show

PACKAGING = ROOT / "packaging"


def unit() -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(PACKAGING / "linux" / "agentdesk-router.service", encoding="utf-8")
    return parser


def test_router_example_settings_load_and_name_every_password(monkeypatch: pytest.MonkeyPatch) -> None:
    env_file = (PACKAGING / "linux" / "router.env.example").read_text(encoding="utf-8")
    variables = dict(re.findall(r"^([A-Z_]+)=(.*)$", env_file, re.MULTILINE))
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    settings = load_settings(PACKAGING / "linux" / "router.toml.example", paths=default_paths())
    assert settings.routing.password_env in variables
    assert settings.routing.sqlalchemy_url().get_backend_name() == "postgresql"
    mailboxes = mailboxes_from_settings(settings)
    assert mailboxes
    for mailbox in mailboxes:
        for server in (mailbox.imap, mailbox.smtp):
            assert server is not None and server.password_env in variables
            assert server.password() == variables[server.password_env]


def test_systemd_unit_runs_the_router_as_its_own_user_and_restarts_it() -> None:
    service = unit()["Service"]
    assert " router " in f" {service['ExecStart']} " and "--config /etc/agentdesk/router.toml" in service["ExecStart"]
    assert service["User"] == "agentdesk" and service["Restart"] == "on-failure"
    assert service["RestartPreventExitStatus"] == "2"
    assert service["EnvironmentFile"] == "/etc/agentdesk/router.env"
    assert service["Environment"] == "AGENTDESK_HOME=/var/lib/agentdesk"


def test_systemd_unit_is_valid(tmp_path: Path) -> None:
    if shutil.which("systemd-analyze") is None:
        pytest.skip("systemd-analyze is not installed")
    text = (PACKAGING / "linux" / "agentdesk-router.service").read_text(encoding="utf-8")
    # the program is not installed here: point ExecStart at one that is, keep every other line as shipped
    copy = tmp_path / "agentdesk-router.service"
    copy.write_text(text.replace("/opt/agentdesk/agentdesk", "/bin/true"), encoding="utf-8")
    result = run(["systemd-analyze", "verify", copy], env={**os.environ, "SYSTEMD_LOG_LEVEL": "warning"})
    assert result.returncode == 0 and "agentdesk-router.service" not in result.stderr, show(result)


def test_inno_setup_script_names_files_that_exist() -> None:
    script = (PACKAGING / "windows" / "agentdesk.iss").read_text(encoding="utf-8")
    for source in re.findall(r'^Source: "([^"{]+)"', script, re.MULTILINE):
        assert (PACKAGING / "windows" / source).is_file(), source
    assert re.search(r"^AppId=\{\{[0-9A-F-]{36}\}$", script, re.MULTILINE)
    assert 'GetStringFileInfo(AppExe, "ProductVersion")' in script
    assert 'StringStruct("ProductVersion", VERSION)' in (PACKAGING / "agentdesk.spec").read_text(encoding="utf-8")


def test_macos_script_parses_and_its_entitlements_are_a_plist() -> None:
    script = PACKAGING / "macos" / "build-dmg.sh"
    assert os.access(script, os.X_OK)
    checked = run(["bash", "-n", script])
    assert checked.returncode == 0, show(checked)
    text = script.read_text(encoding="utf-8")
    for step in ("notarytool submit", "stapler staple", "codesign --verify", "hdiutil create"):
        assert step in text
    entitlements = plistlib.loads((PACKAGING / "macos" / "entitlements.plist").read_bytes())
    assert entitlements == {"com.apple.security.cs.allow-unsigned-executable-memory": True}


def test_desktop_entry_matches_the_application() -> None:
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]
    entry.read(PACKAGING / "linux" / "agentdesk.desktop", encoding="utf-8")
    desktop = entry["Desktop Entry"]
    assert desktop["Exec"] == "/opt/agentdesk/agentdesk" and desktop["StartupWMClass"] == "agentdesk"

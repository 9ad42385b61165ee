"""``agentdesk router sign-in / sign-in-status / sign-out`` against the test OAuth server on loopback (device
code printed, a person approves it, the refresh token lands in the keyring) and their errors for bad input."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from agentdesk.cli.main import main
from agentdesk.mail.oauth import forget_tokens
from tests.support.oauth_server import OAuthTestServer


@pytest.fixture
def idp() -> Iterator[OAuthTestServer]:
    with OAuthTestServer(clients={"router-app": None, "app-only": "app-secret"}) as server:
        yield server


def _config(tmp_path: Path, idp: OAuthTestServer, *, name: str, flow: str = "device",
            client_id: str = "router-app", extra: str = "") -> Path:
    path = tmp_path / "router.toml"
    path.write_text(f"""
[[mailboxes]]
name = "{name}"
address = "support@example.com"
team = "support"
auth = "oauth2"
[mailboxes.oauth2]
provider = "generic"
issuer = "{idp.issuer}"
client_id = "{client_id}"
flow = "{flow}"
scopes = ["mail", "offline_access"]
{extra}
[mailboxes.imap]
host = "127.0.0.1"

[[mailboxes]]
name = "plain"
address = "plain@example.com"
team = "support"
[mailboxes.imap]
host = "127.0.0.1"
username = "plain@example.com"
""", encoding="utf-8")
    return path


def test_device_code_sign_in_status_and_sign_out(tmp_path: Path, idp: OAuthTestServer,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    name = f"shared-{uuid.uuid4().hex[:6]}"
    config = _config(tmp_path, idp, name=name)
    assert main(["router", "sign-in-status", "--config", str(config)]) == 1
    assert f"{name}: not signed in: run agentdesk router sign-in --mailbox {name}" in capsys.readouterr().out

    def approve() -> None:  # the person, on another device, enters the printed code
        deadline = time.monotonic() + 20
        while not idp.devices and time.monotonic() < deadline:
            time.sleep(0.05)
        idp.approve_device(next(iter(idp.devices.values())).user_code, "support@example.com")

    person = threading.Thread(target=approve)
    person.start()
    assert main(["router", "sign-in", "--mailbox", name, "--config", str(config)]) == 0
    person.join()
    out = capsys.readouterr().out
    assert f"open {idp.issuer}/device-login in a browser" in out and "enter the code" in out
    assert f"Mailbox {name} is signed in as support@example.com" in out

    assert main(["router", "sign-in-status", "--config", str(config)]) == 0
    assert f"{name}: signed in as support@example.com since" in capsys.readouterr().out
    assert main(["router", "sign-out", "--mailbox", name, "--config", str(config)]) == 0
    assert main(["router", "sign-in-status", "--config", str(config), "--json"]) == 0
    assert '"state": "signed_out"' in capsys.readouterr().out


def test_a_refused_device_code_is_reported_without_a_traceback(tmp_path: Path, idp: OAuthTestServer,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    config = _config(tmp_path, idp, name=f"shared-{uuid.uuid4().hex[:6]}")

    def refuse() -> None:
        deadline = time.monotonic() + 20
        while not idp.devices and time.monotonic() < deadline:
            time.sleep(0.05)
        idp.approve_device(next(iter(idp.devices.values())).user_code, deny=True)

    threading.Thread(target=refuse).start()
    assert main(["router", "sign-in", "--mailbox", config.read_text().split('"')[1], "--config", str(config)]) == 1
    err = capsys.readouterr().err
    assert "agentdesk: refused:" in err and "access_denied" in err and "Traceback" not in err


def test_app_only_mailbox_is_checked_without_a_person(tmp_path: Path, idp: OAuthTestServer,
                                                      monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    name = f"app-{uuid.uuid4().hex[:6]}"
    config = _config(tmp_path, idp, name=name, flow="client_credentials", client_id="app-only",
                     extra='client_secret_env = "APP_SECRET_18A"')
    monkeypatch.setenv("APP_SECRET_18A", "wrong")
    assert main(["router", "sign-in", "--mailbox", name, "--config", str(config)]) == 1
    assert "invalid_client" in capsys.readouterr().err
    monkeypatch.setenv("APP_SECRET_18A", "app-secret")
    forget_tokens()
    assert main(["router", "sign-in", "--mailbox", name, "--config", str(config)]) == 0
    assert "app-only access (client_credentials) works" in capsys.readouterr().out


@pytest.mark.parametrize(("args", "words"), [
    (["--mailbox", "nosuch"], "no mailbox is named 'nosuch' in the settings file (configured: "),
    (["--mailbox", "plain"], "mailbox 'plain' signs in with a password"),
])
def test_bad_input_is_a_clear_error(tmp_path: Path, idp: OAuthTestServer, capsys: pytest.CaptureFixture[str],
                                    args: list[str], words: str) -> None:
    config = _config(tmp_path, idp, name="support")
    assert main(["router", "sign-in", *args, "--config", str(config)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("agentdesk: error: ") and words in err


@pytest.mark.parametrize(("oauth", "words"), [
    ('provider = "hotmail"\nclient_id = "x"', "provider 'hotmail' is not known: use one of microsoft, google, generic"),
    ('provider = "microsoft"', "needs 'client_id'"),
    ('provider = "google"\nclient_id = "x"\nflow = "device"', "flow 'device' is not available for google"),
])
def test_bad_oauth_settings_are_named(tmp_path: Path, capsys: pytest.CaptureFixture[str], oauth: str,
                                      words: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(f'[[mailboxes]]\nname = "m"\naddress = "m@example.com"\nteam = "t"\nauth = "oauth2"\n'
                    f'[mailboxes.oauth2]\n{oauth}\n[mailboxes.imap]\n', encoding="utf-8")
    assert main(["router", "sign-in", "--mailbox", "m", "--config", str(path)]) == 2
    err = capsys.readouterr().err
    assert words in err and "mailbox 'm'" in err and "Traceback" not in err


def test_google_has_no_device_code_for_mail(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "g.toml"
    path.write_text('[[mailboxes]]\nname = "g"\naddress = "g@example.com"\nteam = "t"\nauth = "oauth2"\n'
                    '[mailboxes.oauth2]\nprovider = "google"\nclient_id = "x"\n[mailboxes.imap]\n', encoding="utf-8")
    assert main(["router", "sign-in", "--mailbox", "g", "--config", str(path)]) == 2
    assert "offers no device code sign-in for mail (Google: use flow = \"service_account\"" in capsys.readouterr().err

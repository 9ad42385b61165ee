"""The team shape's transport defaults, and signing in to PostgreSQL without a password of ours."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backends.fail import Keyring as FailKeyring
from sqlalchemy.engine import make_url

from agentdesk.config import ConfigError, SecretError, load_settings, set_secret
from agentdesk.config.transport import is_loopback, with_transport_defaults


@pytest.fixture
def no_keyring() -> Iterator[None]:
    """A machine without any usable keyring (keyring's own "fail" backend raises NoKeyringError)."""
    before = keyring.get_keyring()
    keyring.set_keyring(FailKeyring())
    yield
    keyring.set_keyring(before)


def _settings(tmp_path: Path, routing: str) -> Path:
    path = tmp_path / "agentdesk.toml"
    path.write_text(f"[routing]\n{routing}\n", encoding="utf-8")
    return path


def test_a_team_url_without_sslmode_verifies_the_certificate(tmp_path: Path) -> None:
    path = _settings(tmp_path, 'url = "postgresql+psycopg://sato@db.example.com/agentdesk"')
    url = load_settings(path).routing.sqlalchemy_url()
    assert url.query["sslmode"] == "verify-full"
    assert "sslmode" not in path.read_text()  # the file is not rewritten


def test_a_named_sslmode_is_kept(tmp_path: Path) -> None:
    path = _settings(tmp_path, 'url = "postgresql+psycopg://sato@db.example.com/agentdesk?sslmode=verify-ca'
                               '&sslrootcert=system"')
    url = load_settings(path).routing.sqlalchemy_url()
    assert (url.query["sslmode"], url.query["sslrootcert"]) == ("verify-ca", "system")


@pytest.mark.parametrize("mode", ["disable", "allow", "prefer"])
def test_a_weak_sslmode_is_refused_for_a_remote_host(tmp_path: Path, mode: str) -> None:
    path = _settings(tmp_path, f'url = "postgresql+psycopg://sato@db.example.com/agentdesk?sslmode={mode}"')
    with pytest.raises(ConfigError, match=rf"sslmode={mode} is allowed only for a database on this machine.*"
                                          r"not for db\.example\.com"):
        load_settings(path)


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "[::1]", "127.0.0.2"])
def test_loopback_may_say_disable_by_name(tmp_path: Path, host: str) -> None:
    path = _settings(tmp_path, f'url = "postgresql+psycopg://sato@{host}:5432/agentdesk?sslmode=disable"')
    assert load_settings(path).routing.sqlalchemy_url().query["sslmode"] == "disable"


def test_loopback_without_a_mode_still_gets_verify_full() -> None:
    url = with_transport_defaults(make_url("postgresql+psycopg://sato@127.0.0.1/agentdesk"))
    assert url.query["sslmode"] == "verify-full"


def test_a_unix_socket_gets_no_mode_and_sqlite_is_untouched() -> None:
    socket = make_url("postgresql+psycopg://sato@/agentdesk?host=/var/run/postgresql")
    assert with_transport_defaults(socket) == socket
    assert with_transport_defaults(make_url("postgresql+psycopg:///agentdesk")).query == {}
    sqlite = make_url("sqlite:///x.sqlite3")
    assert with_transport_defaults(sqlite) == sqlite
    assert is_loopback("/var/run/postgresql") and not is_loopback("10.0.0.5")


def test_an_unknown_sslmode_is_refused(tmp_path: Path) -> None:
    path = _settings(tmp_path, 'url = "postgresql+psycopg://sato@db.example.com/agentdesk?sslmode=yes"')
    with pytest.raises(ConfigError, match="sslmode='yes' is not one of"):
        load_settings(path)


def test_empty_password_env_asks_no_keyring(tmp_path: Path) -> None:
    set_secret("routing:sato@db.example.com/agentdesk", "never-used")
    path = _settings(tmp_path, 'url = "postgresql+psycopg://sato@db.example.com/agentdesk"\npassword_env = ""')
    url = load_settings(path).routing.sqlalchemy_url()
    assert url.password is None and url.username == "sato"


@pytest.mark.parametrize("option", ["sslcert=/etc/agentdesk/sato.crt&sslkey=/etc/agentdesk/sato.key",
                                    "gssencmode=require", "passfile=/home/sato/.pgpass", "service=agentdesk"])
def test_a_url_option_that_authenticates_otherwise_skips_the_keyring(tmp_path: Path, option: str) -> None:
    set_secret("routing:sato@db.example.com/agentdesk", "never-used")
    path = _settings(tmp_path, f'url = "postgresql+psycopg://sato@db.example.com/agentdesk?{option}"')
    assert load_settings(path).routing.sqlalchemy_url().password is None


@pytest.mark.usefixtures("no_keyring")
def test_no_usable_keyring_means_no_password_not_an_error(tmp_path: Path) -> None:
    path = _settings(tmp_path, 'url = "postgresql+psycopg://sato@db.example.com/agentdesk"')
    url = load_settings(path).routing.sqlalchemy_url()  # libpq may still find .pgpass, GSSAPI, trust
    assert url.password is None


def test_a_named_but_unset_password_env_is_still_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AD_NOPE", raising=False)
    path = _settings(tmp_path, 'url = "postgresql+psycopg://sato@db.example.com/agentdesk"\npassword_env = "AD_NOPE"')
    with pytest.raises(SecretError, match="AD_NOPE"):
        load_settings(path).routing.sqlalchemy_url()


def test_password_env_must_be_a_string(tmp_path: Path) -> None:
    path = _settings(tmp_path, 'url = "postgresql+psycopg://sato@db.example.com/agentdesk"\npassword_env = 0')
    with pytest.raises(ConfigError, match="password_env must be a string"):
        load_settings(path)

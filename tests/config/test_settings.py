"""The settings file: where it is found, what it may say, and that secrets never come from it."""

from __future__ import annotations

from pathlib import Path

import pytest

from agentdesk.config import ConfigError, SecretError, default_paths, get_secret, load_settings, set_secret


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_without_a_file_are_standalone_sqlite() -> None:
    settings = load_settings()
    assert settings.path is None
    assert settings.routing.url.startswith("sqlite:///")
    assert settings.routing.url.endswith("routing.sqlite3")
    assert settings.user.login is None


def test_explicit_file_wins_over_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    env_file = _write(tmp_path / "env.toml", '[user]\nlogin = "from-env"\n')
    cli_file = _write(tmp_path / "cli.toml", '[user]\nlogin = "from-cli"\n')
    monkeypatch.setenv("AGENTDESK_CONFIG", str(env_file))
    assert load_settings().user.login == "from-env"
    assert load_settings(cli_file).user.login == "from-cli"


def test_default_file_in_the_config_folder() -> None:
    _write(default_paths().config_file, '[routing]\nurl = "postgresql+psycopg://sato@db.example.com/agentdesk"\n')
    settings = load_settings()
    assert settings.routing.url == "postgresql+psycopg://sato@db.example.com/agentdesk"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[user]\nlogn = "sato"\n', "unknown key 'logn' in [user]"),
        ('[routng]\nurl = "x"\n', "unknown key 'routng' in the top level"),
        ('[routing]\nurl = "postgresql://sato:hunter2@db/agentdesk"\n', "must not contain a password"),
        ('[routing]\nurl = "not a url"\n', "is not a database URL"),
        ("[user\n", "not valid TOML"),
        ("routing = 3\n", "[routing] must be a table"),
    ],
)
def test_bad_files_name_the_problem(tmp_path: Path, text: str, message: str) -> None:
    path = _write(tmp_path / "bad.toml", text)
    with pytest.raises(ConfigError) as info:
        load_settings(path)
    assert message in str(info.value)
    assert str(path) in str(info.value)
    assert "hunter2" not in str(info.value)


def test_missing_explicit_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no such settings file"):
        load_settings(tmp_path / "nope.toml")


def test_database_password_comes_from_the_keyring(tmp_path: Path) -> None:
    path = _write(tmp_path / "a.toml", '[routing]\nurl = "postgresql+psycopg://sato@db.example.com/agentdesk"\n')
    set_secret("routing:sato@db.example.com/agentdesk", "s3cret")
    url = load_settings(path).routing.sqlalchemy_url()
    assert url.password == "s3cret"
    assert "s3cret" not in path.read_text()


def test_password_env_for_services(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _write(
        tmp_path / "svc.toml",
        '[routing]\nurl = "postgresql+psycopg://router@db.example.com/agentdesk"\npassword_env = "AD_DB_PW"\n',
    )
    monkeypatch.setenv("AD_DB_PW", "from-env")
    assert load_settings(path).routing.sqlalchemy_url().password == "from-env"
    monkeypatch.delenv("AD_DB_PW")
    with pytest.raises(SecretError, match="AD_DB_PW"):
        load_settings(path).routing.sqlalchemy_url()


def test_unset_secret_is_none() -> None:
    assert get_secret("imap:nobody") is None


def test_pooled_says_the_url_is_a_transaction_pooler(tmp_path: Path) -> None:
    url = '[routing]\nurl = "postgresql+psycopg://sato@pgbouncer.example.com:6432/agentdesk"\n'
    assert load_settings(_write(tmp_path / "direct.toml", url)).routing.pooled is False
    assert load_settings(_write(tmp_path / "pooled.toml", url + "pooled = true\n")).routing.pooled is True
    with pytest.raises(ConfigError, match=r"\[routing\] pooled must be true or false"):
        load_settings(_write(tmp_path / "bad.toml", url + 'pooled = "yes"\n'))


@pytest.mark.parametrize("url", [
    "sqlite:///routing.sqlite3", "sqlite:////home/agent/.local/share/agentdesk/routing.sqlite3",
    "sqlite+pysqlite:///a b/c-d_e~f+g.db", "sqlite:///",
    # not plain: these go through SQLAlchemy
    "sqlite:////home/山田/routing.sqlite3", "sqlite:///C:\\Users\\a\\routing.sqlite3", "sqlite:////a%20b.db",
    "sqlite:////a@b.db", "sqlite:///x.db?mode=ro", "postgresql://u@db.example.com/agentdesk",
])
def test_plain_sqlite_urls_skip_sqlalchemy_and_name_the_same_cache(url: str) -> None:
    """A plain SQLite URL is read without SQLAlchemy (``agentdesk search --local`` starts faster); the cache it
    names must be the one SQLAlchemy's reading names, and every other URL still goes through SQLAlchemy."""
    from sqlalchemy.engine import make_url

    from agentdesk.cache.store import routing_key
    from agentdesk.config.settings import PLAIN_SQLITE_URL

    parsed = make_url(url)._replace(password=None)
    if PLAIN_SQLITE_URL.fullmatch(url):
        assert parsed.get_backend_name() == "sqlite" and not parsed.query and parsed.password is None
        assert parsed.render_as_string(hide_password=False) == url
    assert routing_key(url) == routing_key(parsed.render_as_string(hide_password=False))


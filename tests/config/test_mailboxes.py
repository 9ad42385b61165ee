"""``[[mailboxes]]`` in the settings file: defaults, validation errors that name the mailbox and key, secrets."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from agentdesk.config import ConfigError, SecretError, load_settings, set_secret
from agentdesk.config.mailboxes import is_loopback, mailboxes_from_settings, parse_mailboxes

GOOD = """
[[mailboxes]]
name = "support"
address = "Support@Example.com"
team = "support"
after_ingest = "move:Processed"
[mailboxes.imap]
host = "imap.example.com"
username = "support@example.com"
[mailboxes.smtp]
host = "smtp.example.com"
port = 587
security = "starttls"
username = "support@example.com"
password_env = "SUPPORT_SMTP_PASSWORD"
"""


def _entry(**changes: Any) -> dict[str, Any]:
    entry: dict[str, Any] = {"name": "support", "address": "support@example.com", "team": "support",
                             "imap": {"host": "imap.example.com", "username": "support@example.com"}}
    for key, value in changes.items():
        if key.startswith("imap_"):
            entry["imap"][key[5:]] = value
        elif value is None:
            entry.pop(key, None)
        else:
            entry[key] = value
    return entry


def test_the_documented_example_parses_with_defaults(tmp_path: Path) -> None:
    path = tmp_path / "agentdesk.toml"
    path.write_text(GOOD, encoding="utf-8")
    (mailbox,) = mailboxes_from_settings(load_settings(path))
    assert mailbox.address == "support@example.com" and mailbox.move_to == "Processed"
    assert mailbox.imap is not None and mailbox.smtp is not None
    assert (mailbox.imap.port, mailbox.imap.security, mailbox.imap.folder, mailbox.imap.sent_folder) == (
        993, "tls", "INBOX", "Sent")
    assert mailbox.imap.batch_size == 200 and mailbox.imap.idle is True
    assert (mailbox.smtp.port, mailbox.smtp.security) == (587, "starttls")
    assert mailbox.imap.secret_name == "imap:support" and mailbox.smtp.secret_name == "smtp:support"


def test_passwords_from_keyring_or_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    (mailbox,) = parse_mailboxes([_entry(imap_password_env="AGENTDESK_TEST_ENV_PW")])
    assert mailbox.imap is not None
    monkeypatch.delenv("AGENTDESK_TEST_ENV_PW", raising=False)
    with pytest.raises(SecretError, match="AGENTDESK_TEST_ENV_PW"):
        mailbox.imap.password()
    monkeypatch.setenv("AGENTDESK_TEST_ENV_PW", "s3cret")
    assert mailbox.imap.password() == "s3cret"
    (keyring_box,) = parse_mailboxes([_entry(name="sales")])
    assert keyring_box.imap is not None
    with pytest.raises(SecretError, match="'imap:sales'"):
        keyring_box.imap.password()
    set_secret("imap:sales", "from-keyring")
    assert keyring_box.imap.password() == "from-keyring"


@pytest.mark.parametrize("host", ["127.0.0.1", "127.5.0.1", "::1", "[::1]", "localhost", "LOCALHOST."])
def test_loopback_hosts(host: str) -> None:
    assert is_loopback(host)
    assert parse_mailboxes([_entry(imap_host=host, imap_security="none")])[0].imap.port == 143  # type: ignore[union-attr]


@pytest.mark.parametrize("host", ["imap.example.com", "10.0.0.1", "127.0.0.1.example.com", "localhost.example"])
def test_no_encryption_is_refused_off_loopback(host: str) -> None:
    assert not is_loopback(host)
    with pytest.raises(ConfigError, match=r"mailbox 'support': \[mailboxes.imap\] security = \"none\" is refused"):
        parse_mailboxes([_entry(imap_host=host, imap_security="none")])


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"colour": "blue"}, "mailbox 'support': unknown key 'colour' in [[mailboxes]]"),
        ({"imap_pasword": "x"}, "mailbox 'support': unknown key 'pasword' in [mailboxes.imap]"),
        ({"imap_password": "hunter2"}, "unknown key 'password' in [mailboxes.imap]"),
        ({"team": None}, "mailbox 'support': [[mailboxes]] needs 'team'"),
        ({"name": None}, "mailboxes entry #1: [[mailboxes]] needs 'name'"),
        ({"name": "a b"}, "'name' may hold only"),
        ({"address": "not-an-address"}, "'address' 'not-an-address' is not an email address"),
        ({"after_ingest": "delete"}, "'after_ingest' must be \"keep\", \"seen\" or \"move:FOLDER\""),
        ({"after_ingest": "move:"}, "'after_ingest' must be"),
        ({"imap_security": "ssl"}, "security must be one of tls, starttls, none, not 'ssl'"),
        ({"imap_port": 0}, "[mailboxes.imap] 'port' must be a whole number from 1 to 65535, not 0"),
        ({"imap_port": "993"}, "'port' must be a whole number"),
        ({"imap_batch_size": 5000}, "'batch_size' must be a whole number from 1 to 1000"),
        ({"imap_idle": "yes"}, "'idle' must be true or false"),
        ({"imap_host": ""}, "[mailboxes.imap] 'host' must be a non-empty string"),
        ({"imap_username": None}, "[mailboxes.imap] needs 'username'"),
        ({"imap": "imap.example.com"}, "[mailboxes.imap] must be a table"),
        ({"imap": None}, "needs an [mailboxes.imap] or [mailboxes.smtp] table"),
    ],
)
def test_errors_name_the_mailbox_and_key(changes: dict[str, Any], message: str) -> None:
    entry = _entry(**changes)
    with pytest.raises(ConfigError) as info:
        parse_mailboxes([entry])
    assert message in str(info.value)
    assert "hunter2" not in str(info.value)


def test_duplicate_names_and_non_tables(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="mailbox 'support' is declared twice"):
        parse_mailboxes([_entry(), _entry()])
    with pytest.raises(ConfigError, match="mailboxes entry #2: must be a table"):
        parse_mailboxes([_entry(), "support"])
    path = tmp_path / "bad.toml"
    path.write_text('[[mailboxes]]\nname = "x"\naddress = "x@example.com"\nteam = "t"\nsmtp = 3\n', encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        mailboxes_from_settings(load_settings(path))
    assert str(path) in str(info.value) and "mailbox 'x': [mailboxes.smtp] must be a table" in str(info.value)

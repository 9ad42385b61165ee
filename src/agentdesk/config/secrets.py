"""Secrets (database, IMAP and SMTP passwords) from the OS keyring, or an environment variable for services.

Nothing here ever writes a secret to a file, a log or a database.
"""

from __future__ import annotations

import os

SERVICE = "agentdesk"


class SecretError(Exception):
    """A secret that should exist could not be read (the message never contains the secret)."""


def get_secret(name: str, *, password_env: str | None = None) -> str | None:
    """The secret stored under ``name`` in the keyring service ``agentdesk``.

    With ``password_env`` the named environment variable is read instead (headless services); a variable that
    is named but unset is an error, so that a service fails loudly rather than connecting without a password.
    """
    if password_env:
        value = os.environ.get(password_env)
        if value is None:
            raise SecretError(f"the environment variable {password_env} named by password_env is not set")
        return value
    import keyring
    import keyring.errors

    try:
        return keyring.get_password(SERVICE, name)
    except keyring.errors.KeyringError as exc:
        raise SecretError(f"the OS keyring could not be read for {name!r}: {exc.__class__.__name__}") from None


def set_secret(name: str, value: str) -> None:
    """Store ``value`` in the keyring under ``name``."""
    import keyring
    import keyring.errors

    try:
        keyring.set_password(SERVICE, name, value)
    except keyring.errors.KeyringError as exc:
        raise SecretError(f"the OS keyring could not store {name!r}: {exc.__class__.__name__}") from None


def delete_secret(name: str) -> None:
    """Forget the secret stored under ``name`` (nothing stored: nothing to do)."""
    import keyring
    import keyring.errors

    try:
        keyring.delete_password(SERVICE, name)
    except keyring.errors.PasswordDeleteError:
        return
    except keyring.errors.KeyringError as exc:
        raise SecretError(f"the OS keyring could not forget {name!r}: {exc.__class__.__name__}") from None

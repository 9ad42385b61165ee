"""An in-memory keyring backend for tests: the one thing the suite does not talk to for real."""

from __future__ import annotations

from keyring.backend import KeyringBackend

_STORE: dict[tuple[str, str], str] = {}


class MemoryKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def get_password(self, service: str, username: str) -> str | None:
        return _STORE.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        _STORE[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        _STORE.pop((service, username), None)

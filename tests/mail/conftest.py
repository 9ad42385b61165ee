"""Fixtures for the mail tests: the real Dovecot server (``dovecot``), shared through ``tests.support``."""

from __future__ import annotations

from tests.support.dovecot import dovecot_fixture

__all__ = ["dovecot_fixture"]

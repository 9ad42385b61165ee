"""A few seeded SIGKILL trials of the sender (the bench runs 40): nothing twice, nothing lost, no needless doubt."""

from __future__ import annotations

import os
import random

import pytest

from agentdesk.routing.db import Database
from tests.support.dovecot import Dovecot, dovecot_fixture
from tests.support.outbox_trials import run_trials, table

__all__ = ["dovecot_fixture"]


@pytest.mark.dovecot
@pytest.mark.slow
def test_sigkill_trials_send_once_with_one_sent_copy(sqlite_db: Database, dovecot: Dovecot) -> None:
    seed = int(os.environ.get("AGENTDESK_TRIAL_SEED") or random.SystemRandom().randrange(1_000_000))
    print(f"seed {seed} (AGENTDESK_TRIAL_SEED={seed} repeats it)")
    result = run_trials(sqlite_db, dovecot, trials=8, seed=seed)
    print(table([("sqlite", result)]))
    assert result.problems == []
    assert result.double_sends == 0 and result.not_sent == 0
    assert result.without_sent_copy == 0 and result.copies_twice == 0
    assert result.uncertain_filing == 0  # the server-filled Sent folder decided every one
    assert result.uncertain_without_end_of_data == 0
    assert result.killed >= 1

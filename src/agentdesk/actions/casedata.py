"""Read and edit an interaction's case data (S6, S9).

Case data belongs to the interaction's case. Keys listed in the ``case_data_read_only`` option, and the
reserved ``QA`` key that shows the review status (S31), are read-only; only someone working the interaction
(its owner, a lead of its team, an administrator) may change the others.
"""

from __future__ import annotations

from sqlalchemy import select

from agentdesk.actions import access
from agentdesk.actions.context import ActionContext
from agentdesk.actions.errors import InvalidInput, InvalidState, PermissionDenied
from agentdesk.actions.queries import QA_KEY, CaseDataItem, case_items
from agentdesk.routing.models import CaseData, State

MAX_KEY = 100
MAX_VALUE = 10_000

__all__ = ["CaseDataItem", "case_data", "set_case_data"]


def case_data(ctx: ActionContext, interaction_id: int) -> list[CaseDataItem]:
    """The case data of the interaction's case, by key (empty when it belongs to no case)."""
    with ctx.read() as tx:
        interaction = access.visible_interaction(tx, interaction_id)
        return list(case_items(tx.session, interaction.case_id, tx.options))


def set_case_data(ctx: ActionContext, interaction_id: int, key: str, value: str) -> None:
    """Set one key of the interaction's case data (a new key is added)."""
    key = (key or "").strip()
    if not key:
        raise InvalidInput("a case data key must not be empty", field="key")
    if len(key) > MAX_KEY:
        raise InvalidInput(f"the case data key {key[:20]!r}… is longer than {MAX_KEY} characters", field="key")
    if any(ord(ch) < 32 for ch in key):
        raise InvalidInput(f"the case data key {key!r} contains a control character", field="key")
    value = "" if value is None else str(value)
    if len(value) > MAX_VALUE:
        raise InvalidInput(f"the value of {key!r} is longer than {MAX_VALUE} characters", field="value")
    with ctx.tx() as tx:
        interaction = tx.interaction(interaction_id)
        access.require_worker(tx, interaction, "edit its case data")
        if key.casefold() == QA_KEY.casefold():
            raise PermissionDenied(f"the case data key {QA_KEY!r} is reserved for the QA review status")
        if key in tx.options.case_data_read_only:
            raise PermissionDenied(f"the case data key {key!r} is read-only (option case_data_read_only)")
        if interaction.case_id is None:
            raise InvalidState(f"interaction {interaction.id} belongs to no case, so it has no case data")
        if interaction.state == State.DONE.value:
            raise InvalidState(f"interaction {interaction.id} is done; its case data can no longer be edited here")
        row = tx.session.scalar(select(CaseData).where(CaseData.case_id == interaction.case_id, CaseData.key == key))
        old = row.value if row is not None else None
        if row is None:
            tx.session.add(CaseData(case_id=interaction.case_id, team_id=interaction.team_id, key=key, value=value))
        elif old == value:
            return
        else:
            row.value = value
        tx.record("case_data_set", interaction, key=key, old=old, new=value)

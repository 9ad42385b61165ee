"""The signed-in user's presence (ready, not ready, offline): routing assigns new email only to ready agents."""

from __future__ import annotations

from agentdesk.actions.context import ActionContext
from agentdesk.actions.errors import InvalidInput
from agentdesk.routing.models import Presence

PRESENCES = tuple(p.value for p in Presence)


def set_presence(ctx: ActionContext, presence: str) -> None:
    """Set my presence; the change is recorded in the history."""
    value = (presence or "").strip().lower().replace("-", "_").replace(" ", "_")
    if value not in PRESENCES:
        raise InvalidInput(f"unknown presence {presence!r}: use one of {', '.join(PRESENCES)}", field="presence")
    with ctx.tx() as tx:
        before = tx.actor.presence
        if before == value:
            return
        tx.actor.presence = value
        tx.record("presence_changed", None, old=before, new=value)

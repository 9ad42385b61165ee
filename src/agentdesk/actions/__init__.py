"""One function per user action (reply, forward, transfer, consult, review, mark done …): permission checks and
history, no Qt. The GUI, the CLI and the tests all call these."""

from agentdesk.actions.context import ActionContext, Tx
from agentdesk.actions.errors import (
    ActionError,
    Conflict,
    InvalidInput,
    InvalidState,
    NotFound,
    PermissionDenied,
    UnfilledFields,
)

__all__ = [
    "ActionContext",
    "ActionError",
    "Conflict",
    "InvalidInput",
    "InvalidState",
    "NotFound",
    "PermissionDenied",
    "Tx",
    "UnfilledFields",
]

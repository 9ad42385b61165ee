"""The refusals an action can answer with. Each carries a stable ``code`` (for the GUI's translated text and the
CLI's exit status) and an English message that names what was wrong."""

from __future__ import annotations


class ActionError(Exception):
    """An action was refused; nothing was changed."""

    code = "refused"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFound(ActionError):
    code = "not_found"


class PermissionDenied(ActionError):
    code = "permission_denied"


class InvalidState(ActionError):
    code = "invalid_state"


class InvalidInput(ActionError):
    """Bad input from the user: an invalid address, an unknown disposition code, an empty note …"""

    code = "invalid_input"

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class UnfilledFields(ActionError):
    """A standard response's field codes that could not be filled (X8)."""

    code = "unfilled_fields"

    def __init__(self, fields: list[str]) -> None:
        super().__init__("these fields could not be filled: " + ", ".join(fields))
        self.fields = fields


class Conflict(ActionError):
    """Someone else changed the interaction meanwhile (X2)."""

    code = "conflict"


def require_no_nul(value: str | None, field: str, what: str) -> None:
    """Refuse text holding a NUL character (U+0000): no mail part or database text column can carry it, and
    typed text never holds one (it comes from a paste or a broken script)."""
    if value is not None and "\0" in value:
        raise InvalidInput(f"the {what} holds a NUL character (U+0000) at position {value.index(chr(0)) + 1}; "
                           "remove it (it cannot be stored or sent)", field=field)

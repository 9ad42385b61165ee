"""How values read as text: translated interaction states, ages ("12m", "3h"), SLA levels, sizes, times."""

from __future__ import annotations

import enum
from datetime import UTC, datetime
from typing import Any

from agentdesk.gui.qt import QCoreApplication, QDateTime, QLocale


def state_label(state: str) -> str:
    """The translated name of an interaction state (docs/states.md)."""
    labels = {
        "queued": QCoreApplication.translate("Display", "Queued"),
        "assigned": QCoreApplication.translate("Display", "Assigned"),
        "stored": QCoreApplication.translate("Display", "In a workbin"),
        "draft": QCoreApplication.translate("Display", "Draft"),
        "review": QCoreApplication.translate("Display", "In review"),
        "rejected": QCoreApplication.translate("Display", "Rejected"),
        "outbox": QCoreApplication.translate("Display", "Sending"),
        "sent": QCoreApplication.translate("Display", "Sent"),
        "failed": QCoreApplication.translate("Display", "Failed"),
        "needs_attention": QCoreApplication.translate("Display", "Needs attention"),
        "done": QCoreApplication.translate("Display", "Done"),
    }
    return labels.get(state, state)


#: the case data key the QA review status is kept under (agentdesk.actions.queries.QA_KEY)
QA_KEY = "QA"


def case_key(key: str) -> str:
    """A case data key as shown: the reserved QA key in the user's language, others as the center wrote them."""
    return QCoreApplication.translate("Display", "QA review") if key == QA_KEY else key


def case_value(key: str, value: str) -> str:
    """A case data value as shown: the QA status the review wrote (pending, approved, rejected: note …) in the
    user's language; other values as they are."""
    if key != QA_KEY:
        return value
    status, sep, note = value.partition(":")
    labels = {
        "pending": QCoreApplication.translate("Display", "Waiting for review"),
        "approved": QCoreApplication.translate("Display", "Approved"),
        "rejected": QCoreApplication.translate("Display", "Rejected"),
        "withdrawn": QCoreApplication.translate("Display", "Withdrawn from review"),
        "needs attention": QCoreApplication.translate("Display", "Needs attention"),
    }
    label = labels.get(status.strip())
    if label is None:
        return value
    return f"{label}: {note.strip()}" if sep and note.strip() else label


#: the outbox states that need the agent: the connection broke mid-send (``uncertain``), or it failed
SEND_TROUBLE = ("uncertain", "failed")


def send_trouble(item: Any) -> str | None:
    """``uncertain`` or ``failed`` for an outbound email whose send needs the agent, else None. ``item`` is a
    list row (InteractionSummary, with ``outbox_state`` when the list has it) or an InteractionDetail."""
    state = getattr(item, "state", None)
    trouble = getattr(item, "outbox_state", None) if state == "outbox" else state
    direction = getattr(getattr(item, "summary", item), "direction", None)
    return trouble if trouble in SEND_TROUBLE and direction == "outbound" else None


def interaction_state(item: Any) -> str:
    """The state as the lists and the email view show it: "Sent?" for a send whose fate is not known."""
    if send_trouble(item) == "uncertain":
        return QCoreApplication.translate("Display", "Sent?")
    return state_label(str(getattr(item, "state", "")))


def transfer_target(offer: Any) -> str:
    """Whom a transfer offer is made to: the agent's name, or the team."""
    if getattr(offer, "to_team", None):
        return QCoreApplication.translate("Display", "team %1").replace("%1", str(offer.to_team))
    return str(getattr(offer, "to_name", None) or getattr(offer, "to_login", None) or "")


def offer_open(offer: Any | None) -> bool:
    """A transfer offer still waits for an answer (it has not timed out)."""
    expires = getattr(offer, "expires_at", None)
    if offer is None or not isinstance(expires, datetime):
        return offer is not None
    return (expires if expires.tzinfo else expires.replace(tzinfo=UTC)) > datetime.now(UTC)


def transfer_pending(offer: Any) -> str:
    """The state column of an interaction offered to someone else, until they answer or the offer times out."""
    return QCoreApplication.translate("Display", "Transfer pending → %1").replace("%1", transfer_target(offer))


def transfer_pending_hint(offer: Any) -> str:
    return QCoreApplication.translate(
        "Display", "Offered to %1; it stays yours until they accept. Without an answer the offer ends at %2.").replace(
        "%1", transfer_target(offer)).replace("%2", when(getattr(offer, "expires_at", None)))
def follow_up(item: Any, now: datetime | None = None) -> str | None:
    """``"due"`` for an interaction back from its snooze (until the owner acts), ``"snoozed"`` while it is out of
    the list, None otherwise (agentdesk.actions.snooze)."""
    until = getattr(item, "snoozed_until", None)
    if not isinstance(until, datetime):
        return None
    return "due" if until <= (now or datetime.now(UTC)) else "snoozed"


def follow_up_text(item: Any, now: datetime | None = None) -> str | None:
    """"Follow-up due" or "Snoozed until …", as the lists and the email view show it."""
    mark = follow_up(item, now)
    if mark == "due":
        return QCoreApplication.translate("Display", "Follow-up due")
    if mark == "snoozed":
        return QCoreApplication.translate("Display", "Snoozed until %1").replace(
            "%1", when(getattr(item, "snoozed_until", None)))
    return None


#: the colour of the "follow-up due" mark (amber: it wants the agent, it is not late)
FOLLOW_UP_COLOUR = "#b45309"


def uncertain_send_hint() -> str:
    return QCoreApplication.translate("Display", "The connection was lost while sending: decide whether it was sent")


class Sla(enum.Enum):
    """How late an open interaction is: green under 2 hours, amber up to 8, red beyond."""

    OK = "ok"
    WARN = "warn"
    LATE = "late"
    NONE = "none"  # closed, or not waiting on the agent


SLA_WARN_SECONDS = 2 * 3600
SLA_LATE_SECONDS = 8 * 3600
_OPEN_STATES = {"queued", "assigned", "rejected", "needs_attention", "stored"}


def sla(state: str, since: datetime | None, now: datetime | None = None) -> Sla:
    if since is None or state not in _OPEN_STATES:
        return Sla.NONE
    seconds = ((now or datetime.now(UTC)) - since).total_seconds()
    if seconds >= SLA_LATE_SECONDS:
        return Sla.LATE
    if seconds >= SLA_WARN_SECONDS:
        return Sla.WARN
    return Sla.OK


def age(since: datetime | None, now: datetime | None = None) -> str:
    """A compact age: "now", "12m", "3h", "2d"."""
    if since is None:
        return ""
    seconds = max(0, int(((now or datetime.now(UTC)) - since).total_seconds()))
    if seconds < 60:
        return QCoreApplication.translate("Display", "now")
    if seconds < 3600:
        return QCoreApplication.translate("Display", "%1m").replace("%1", str(seconds // 60))
    if seconds < 86400:
        return QCoreApplication.translate("Display", "%1h").replace("%1", str(seconds // 3600))
    return QCoreApplication.translate("Display", "%1d").replace("%1", str(seconds // 86400))


def when(moment: datetime | None) -> str:
    """A local date and time in the UI language's short format."""
    if moment is None:
        return ""
    stamp = QDateTime.fromSecsSinceEpoch(int(moment.timestamp()))
    return QLocale().toString(stamp, QLocale.FormatType.ShortFormat)


def size(num_bytes: int) -> str:
    """A file size: "820 B", "12 KB", "3.4 MB"."""
    if num_bytes < 1024:
        return f"{num_bytes} B"
    if num_bytes < 1024 * 1024:
        return f"{num_bytes / 1024:.0f} KB"
    return f"{num_bytes / (1024 * 1024):.1f} MB"


def sender(name: str | None, address: str | None) -> str:
    if name and address:
        return f"{name} <{address}>"
    return name or address or ""

"""The contact center's options as one typed object, read from the ``options`` table.

The center file's ``[options]`` table is stored key by key; ``[center] name`` as ``center.name``. Defaults here
are what a center gets for a key its file does not set (documented in README.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from agentdesk.routing.models import Option


@dataclass(frozen=True)
class QaReviewRule:
    """Whose outbound email needs review (S30, S33, X1)."""

    teams: tuple[str, ...] = ()
    agents: tuple[str, ...] = ()
    sample_percent: int = 0


@dataclass(frozen=True)
class Options:
    center_name: str = "agentdesk"
    forward: str = "both"  # inline | attachment | both
    forward_from_history: bool = False
    disposition_required: bool = False
    transfer_timeout_minutes: int = 5
    case_data_read_only: tuple[str, ...] = ()
    qa_review: QaReviewRule = field(default_factory=QaReviewRule)
    routing_strategy: str = "least_busy"  # least_busy | round_robin
    case_token: str = r"\[#(\d+)\]"  # regular expression; group 1 is the case number
    undo_send_seconds: int = 0
    file_sent_copy: bool = True
    iso2022jp_for_japanese: bool = False

    @property
    def forward_inline_allowed(self) -> bool:
        return self.forward in ("inline", "both")

    @property
    def forward_attachment_allowed(self) -> bool:
        return self.forward in ("attachment", "both")


#: Keys of the center file's ``[options]`` table (all of Options but the center name).
OPTION_KEYS = tuple(f.name for f in fields(Options) if f.name != "center_name")


def options_from_mapping(values: dict[str, Any]) -> Options:
    """Build Options from stored key/values (unknown keys are ignored: an older desktop on a newer schema)."""
    kwargs: dict[str, Any] = {}
    if "center.name" in values:
        kwargs["center_name"] = values["center.name"]
    for key in OPTION_KEYS:
        if key not in values:
            continue
        value = values[key]
        if key == "qa_review":
            value = QaReviewRule(
                teams=tuple(value.get("teams", ())),
                agents=tuple(value.get("agents", ())),
                sample_percent=int(value.get("sample_percent", 0)),
            )
        elif key == "case_data_read_only":
            value = tuple(value)
        kwargs[key] = value
    return Options(**kwargs)


def load_options(session: Session) -> Options:
    rows = session.execute(select(Option.key, Option.value)).all()
    return options_from_mapping({key: value for key, value in rows})  # noqa: C416 (rows are Row tuples)

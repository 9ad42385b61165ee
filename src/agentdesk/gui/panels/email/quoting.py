"""Plain-text bodies as HTML for the email view, with quoted history collapsed into one line each (X10).

A quoted block is a run of lines starting with ``>`` (an attribution line such as "On … wrote:" or
"… のメール:" just above it belongs to the block); a signature starts at a line that is exactly ``-- ``.
Collapsed blocks become a link ``agentdesk:quote/N`` that the view toggles.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

_ATTRIBUTION = re.compile(r"(wrote:|writes:|のメール:|さんは書きました:|より:)\s*$", re.IGNORECASE)
_FORWARD_MARK = re.compile(r"^-{2,}\s*(Original Message|Forwarded message|元のメッセージ|転送されたメッセージ)", re.I)


@dataclass(frozen=True)
class Block:
    """A run of lines: ``quoted`` runs can be collapsed."""

    lines: tuple[str, ...]
    quoted: bool


def split_blocks(text: str) -> list[Block]:
    """Split a body into plain and quoted runs (a forwarded original runs to the end)."""
    lines = text.replace("\r\n", "\n").split("\n")
    blocks: list[Block] = []
    current: list[str] = []
    mode = ""  # "" plain, "quote" a > run, "forward" the rest of the body
    for i, line in enumerate(lines):
        is_quote = line.lstrip().startswith(">")
        if not mode:
            attribution = _ATTRIBUTION.search(line) is not None and i + 1 < len(lines) and \
                lines[i + 1].lstrip().startswith(">")
            starts = "forward" if _FORWARD_MARK.match(line) else "quote" if is_quote or attribution else ""
            if starts:
                if current:
                    blocks.append(Block(tuple(current), False))
                current, mode = [line], starts
                continue
        elif mode == "quote" and not is_quote and line.strip():
            blocks.append(Block(tuple(current), True))
            current, mode = [line], ""
            continue
        current.append(line)
    if current:
        blocks.append(Block(tuple(current), bool(mode)))
    return blocks


def to_html(text: str, expanded: frozenset[int], *, show_label: str, hide_label: str) -> str:
    """The body as HTML; quoted block N is shown only when N is in ``expanded``.

    ``show_label``/``hide_label`` are the translated link texts; ``%1`` in ``show_label`` is the line count.
    """
    parts = ['<div style="white-space: pre-wrap;">']
    quote_no = 0
    for block in split_blocks(text):
        body = html.escape("\n".join(block.lines))
        if not block.quoted:
            parts.append(body)
            continue
        quote_no += 1
        if quote_no in expanded:
            parts.append(f'<a href="agentdesk:quote/{quote_no}">{html.escape(hide_label)}</a>\n'
                         f'<span style="color: #6b7280;">{body}</span>')
        else:
            label = show_label.replace("%1", str(len(block.lines)))
            parts.append(f'<a href="agentdesk:quote/{quote_no}">{html.escape(label)}</a>')
    parts.append("</div>")
    return "".join(parts).replace("\n", "<br>")

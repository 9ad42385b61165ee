"""The bodies of the messages the agent opened, kept so that the offline email view looks like the live one.

What is kept, and why it stays small: only messages this desktop showed (not every message of the mirror), at
most ``MAX_KEPT`` of them (the least recently opened go first), only HTML bodies (a text body is rebuilt from
the mirror's text), none bigger than ``MAX_HTML`` characters, and rows of interactions that leave the mirror are
dropped with them. The HTML is the email view's own sanitised rendering (``agentdesk.actions.reading``) with
remote content blocked, and images taken out too (``cid:`` images come inline as ``data:`` URIs: big, and the
offline view shows a placeholder instead); a body that would still reference anything to load is not kept.
Beside it: the attachments' names, types and sizes (never their contents) and the deceptive-link warnings.
"""

from __future__ import annotations

import html as html_lib
import json
import re
import sqlite3
import time
from dataclasses import asdict, dataclass

from agentdesk.mail.sanitize import split_declarations
from agentdesk.views import AttachmentView, LinkWarning

#: how many opened messages are kept at most
MAX_KEPT = 2000
#: the biggest body kept (characters of HTML once images are taken out)
MAX_HTML = 1_000_000

_IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_ALT = re.compile(r'\balt="([^"]*)"', re.IGNORECASE)
_STYLE = re.compile(r'\bstyle="([^"]*)"', re.IGNORECASE)
#: what could still load something once values and text are left out: such tags, or such attribute names
_LOADING_TAGS = re.compile(r"<(?:img|iframe|frame|object|embed|video|audio|source|link|script|style|svg)\b|"
                           r"\s(?:src|srcset|background|poster|data)\s*=", re.IGNORECASE)


@dataclass(frozen=True)
class OpenedMessage:
    """What the cache keeps of an opened message (``html`` None: a text body, shown from the mirror's text)."""

    interaction_id: int
    version: int
    html: str | None
    suspicious_links: tuple[LinkWarning, ...]
    attachments: tuple[AttachmentView, ...]


def _image_placeholder(match: re.Match[str]) -> str:
    alt = _ALT.search(match.group(0))
    label = html_lib.unescape(alt.group(1)) if alt and alt.group(1) else "image"
    return f'<span class="agentdesk-missing-image">[{html_lib.escape(label)}]</span>'


def _strip_style(match: re.Match[str]) -> str:
    kept = [d for d in split_declarations(match.group(1)) if "url" not in d.lower()]
    return f'style="{"; ".join(kept)}"' if kept else ""


def offline_html(html: str) -> str | None:
    """The email view's sanitised HTML without images (each becomes a placeholder) or CSS ``url()``; None when
    what is left could still load something (then the body is not kept)."""
    out = _IMG.sub(_image_placeholder, html)
    out = _STYLE.sub(_strip_style, out)
    tags = re.sub(r'"[^"]*"', '""', re.sub(r">[^<]*<", "><", out))  # the message's own words count for nothing
    if _LOADING_TAGS.search(tags) or any("url" in v.lower() for v in _STYLE.findall(out)):
        return None
    return out


def keep(conn: sqlite3.Connection, interaction_id: int, version: int, html: str | None,
         links: tuple[LinkWarning, ...], attachments: tuple[AttachmentView, ...]) -> bool:
    """Keep an opened message (``html`` as the view rendered it with remote content blocked, None for a text
    body); False when it is not kept (not in the mirror, too big, or still referencing something to load)."""
    if conn.execute("SELECT 1 FROM interactions WHERE id = ?", (interaction_id,)).fetchone() is None:
        return False
    body = None
    if html is not None:
        body = offline_html(html)
        if body is None or len(body) > MAX_HTML:
            return False
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute(
            "INSERT OR REPLACE INTO opened_messages (interaction_id, version, html, suspicious_links, attachments, "
            "opened_at) VALUES (?, ?, ?, ?, ?, ?)",
            (interaction_id, version, body, json.dumps([asdict(link) for link in links], ensure_ascii=False),
             json.dumps([asdict(a) for a in attachments], ensure_ascii=False), time.time()))
        conn.execute("DELETE FROM opened_messages WHERE interaction_id NOT IN "
                     "(SELECT interaction_id FROM opened_messages ORDER BY opened_at DESC LIMIT ?)", (MAX_KEPT,))
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
    return True


def kept_version(conn: sqlite3.Connection, interaction_id: int) -> int | None:
    row = conn.execute("SELECT version FROM opened_messages WHERE interaction_id = ?", (interaction_id,)).fetchone()
    return None if row is None else int(row[0])


def touch(conn: sqlite3.Connection, interaction_id: int) -> None:
    """Opened again, unchanged: it counts as recently opened."""
    conn.execute("UPDATE opened_messages SET opened_at = ? WHERE interaction_id = ?", (time.time(), interaction_id))


def read(conn: sqlite3.Connection, interaction_id: int) -> OpenedMessage | None:
    row = conn.execute("SELECT version, html, suspicious_links, attachments FROM opened_messages "
                       "WHERE interaction_id = ?", (interaction_id,)).fetchone()
    if row is None:
        return None
    links = tuple(LinkWarning(**link) for link in json.loads(row[2]))
    files = tuple(AttachmentView(**{**a, "warnings": tuple(a.get("warnings") or ())}) for a in json.loads(row[3]))
    return OpenedMessage(interaction_id, int(row[0]), row[1], links, files)

"""The contact directory as the cache holds it, for contact search and a contact's history while offline.

The mirror's ``contacts`` table holds the contacts this user may see (retired ones left out), with their
addresses and numbers; a search matches name, company, address or number as the live search does (letters of
the Latin alphabet without regard to case). A contact's history is the cached interactions of that contact,
and those the cached history rows name them in, newest first, in the live view's shapes.
"""

from __future__ import annotations

import sqlite3

from agentdesk.cache import mirror
from agentdesk.cache.offline_view import summary
from agentdesk.views import ContactView, InteractionSummary, like_pattern


def _split(joined: str | None) -> tuple[str, ...]:
    return tuple(p.strip() for p in (joined or "").split(",") if p.strip())


def _view(row: tuple[object, ...]) -> ContactView:
    return ContactView(id=int(str(row[0])), name=str(row[1]), company=None if row[2] is None else str(row[2]),
                       emails=_split(str(row[3] or "")), phones=_split(str(row[4] or "")))


_COLUMNS = "SELECT id, name, company, emails, phones FROM contacts"


def search_contacts(conn: sqlite3.Connection, text: str, *, limit: int = 50) -> list[ContactView]:
    """Cached contacts whose name, company, address or number contains ``text`` (all when empty), by name."""
    text = (text or "").strip()
    if not text:
        rows = conn.execute(f"{_COLUMNS} ORDER BY name, id LIMIT ?", (max(0, limit),)).fetchall()
    else:
        pattern = like_pattern(text)
        rows = conn.execute(
            f"{_COLUMNS} WHERE name LIKE ?1 ESCAPE '\\' OR company LIKE ?1 ESCAPE '\\' OR emails LIKE ?1 ESCAPE '\\' "
            "OR phones LIKE ?1 ESCAPE '\\' ORDER BY name, id LIMIT ?2", (pattern, max(0, limit))).fetchall()
    return [_view(tuple(r)) for r in rows]


def get_contact(conn: sqlite3.Connection, contact_id: int) -> ContactView | None:
    row = conn.execute(f"{_COLUMNS} WHERE id = ?", (contact_id,)).fetchone()
    return None if row is None else _view(tuple(row))


def contact_history(conn: sqlite3.Connection, contact_id: int, *, text: str | None = None,
                    limit: int = 200) -> list[InteractionSummary]:
    """The cached interactions of a contact (by the interaction, or by a history row), newest first; ``text``
    filters on subject, sender and body as the live history does."""
    sql = ("SELECT id FROM interactions WHERE (contact_id = ?1 OR id IN "
           "(SELECT interaction_id FROM history WHERE contact_id = ?1 AND interaction_id IS NOT NULL))")
    params: list[object] = [contact_id]
    if text and text.strip():
        sql += (" AND (subject LIKE ?2 ESCAPE '\\' OR from_addr LIKE ?2 ESCAPE '\\' OR from_name LIKE ?2 ESCAPE '\\' "
                "OR body_text LIKE ?2 ESCAPE '\\')")
        params.append(like_pattern(text.strip()))
    sql += " ORDER BY id DESC LIMIT " + str(max(0, int(limit)))
    out = []
    for (interaction_id,) in conn.execute(sql, params).fetchall():
        cached = mirror.read_interaction(conn, int(interaction_id))
        if cached is not None:
            out.append(summary(cached))
    return out

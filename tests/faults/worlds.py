"""The small worlds the SIGKILL trials run in: settings files for the router, and the checks of each kind."""

from __future__ import annotations

from collections import Counter
from email.parser import BytesHeaderParser
from pathlib import Path

from sqlalchemy import func, select

from agentdesk.routing.db import Database
from agentdesk.routing.models import History, Interaction
from tests.support.dovecot import Dovecot, ImapUser

IMAP_PASSWORD_ENV = "AGENTDESK_FAULT_IMAP_PASSWORD"
SMTP_PASSWORD_ENV = "AGENTDESK_FAULT_SMTP_PASSWORD"
SMTP_USER, SMTP_PASSWORD = "support@example.com", "fault-pw"


def db_url(db: Database) -> str:
    return db.url.render_as_string(hide_password=False)


def router_settings(path: Path, db: Database, *, dovecot: Dovecot | None = None, user: ImapUser | None = None,
                    smtp_port: int | None = None, batch_size: int = 2, imap_port: int | None = None,
                    imap_extra: str = "") -> Path:
    """A settings file for ``agentdesk router`` with one mailbox (IMAP and/or SMTP)."""
    text = f'[routing]\nurl = "{db_url(db)}"\n\n[[mailboxes]]\nname = "support"\naddress = "support@example.com"\n' \
           'team = "support"\n'
    if dovecot is not None and user is not None:
        text += f"""[mailboxes.imap]
host = "127.0.0.1"
port = {imap_port or dovecot.imaps_port}
security = "tls"
ca_file = "{dovecot.cert_file}"
username = "{user.name}"
password_env = "{IMAP_PASSWORD_ENV}"
batch_size = {batch_size}
poll_seconds = 30
timeout = 10
{imap_extra}"""
    if smtp_port is not None:
        text += f"""[mailboxes.smtp]
host = "127.0.0.1"
port = {smtp_port}
security = "none"
username = "{SMTP_USER}"
password_env = "{SMTP_PASSWORD_ENV}"
timeout = 20
"""
    path.write_text(text, encoding="utf-8")
    return path


def inbound_copies(db: Database, raws: list[bytes]) -> tuple[int, int]:
    """(lost, duplicated) of ``raws`` among the stored inbound interactions: each must be there exactly once."""
    with db.read() as s:
        stored = Counter(r for r in s.scalars(select(Interaction.raw).where(Interaction.direction == "inbound"))
                         if r is not None)
    want = Counter(raws)
    lost = sum(1 for raw in want if stored[raw] == 0)
    duplicated = sum(stored[raw] - 1 for raw in want if stored[raw] > 1) + sum(
        n for raw, n in stored.items() if raw not in want)
    return lost, duplicated


def received_not_once(db: Database) -> int:
    """Inbound interactions whose history does not hold exactly one "received" row: must be 0."""
    with db.read() as s:
        ids = list(s.scalars(select(Interaction.id).where(Interaction.direction == "inbound")))
        counts = {i: int(c) for i, c in s.execute(select(History.interaction_id, func.count()).where(
            History.interaction_id.in_(ids), History.event == "received").group_by(History.interaction_id))}
    return sum(1 for i in ids if counts.get(i, 0) != 1)


def message_id_of(data: bytes) -> str:
    return str(BytesHeaderParser().parsebytes(data)["Message-ID"]).strip()

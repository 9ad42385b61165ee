"""A small contact center for tests, written straight into the routing database (no center file needed).

Team "support": sato and suzuki (agents), tanaka (lead); team "billing": kato (agent), ito (lead);
admin "root". Options: forward both, disposition required, QA review for team support.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import insert, select

from agentdesk.routing.db import Database
from agentdesk.routing.models import (
    Case,
    Contact,
    ContactEmail,
    ContactPhone,
    Direction,
    DispositionCode,
    FromAddress,
    Interaction,
    Option,
    StandardResponse,
    State,
    Team,
    User,
)


@dataclass(frozen=True)
class Center:
    support_id: int
    billing_id: int
    users: dict[str, int]
    jane_id: int


def seed_center(db: Database, **options: object) -> Center:
    values: dict[str, object] = {
        "center.name": "Example Support",
        "forward": "both",
        "forward_from_history": True,
        "disposition_required": True,
        "transfer_timeout_minutes": 5,
        "case_data_read_only": ["OrderId"],
        "qa_review": {"teams": ["support"], "agents": [], "sample_percent": 0},
    }
    values.update(options)
    with db.write() as s:
        support, billing = Team(name="support"), Team(name="billing")
        s.add_all([support, billing])
        s.flush()
        people = [
            ("sato", "佐藤 花子", "agent", support),
            ("suzuki", "鈴木 一郎", "agent", support),
            ("tanaka", "田中 美咲", "lead", support),
            ("kato", "加藤 健", "agent", billing),
            ("ito", "伊藤 直子", "lead", billing),
            ("root", "Administrator", "admin", None),
        ]
        users = {}
        for login, name, role, team in people:
            u = User(login=login, name=name, email=f"{login}@example.com", role=role,
                     team_id=team.id if team else None, capacity=5)
            s.add(u)
            s.flush()
            users[login] = u.id
        s.add_all([Option(key=k, value=v) for k, v in values.items()])
        s.add_all([
            FromAddress(address="support@example.com", display_name="Example Support", is_default=True),
            FromAddress(address="billing@example.com", display_name="Example Billing"),
        ])
        s.add_all([
            DispositionCode(code="resolved", label={"en": "Resolved", "ja": "解決済み"}),
            DispositionCode(code="escalated", label={"en": "Escalated", "ja": "エスカレーション"}),
        ])
        s.add(StandardResponse(
            name="thanks", category="General", language="ja", subject="Re: <$ Interaction.Subject $>",
            body="<$ Contact.LastName | \"お客様\" $> 様\n\nお問い合わせありがとうございます。\n\n<$ Agent.FullName $>",
        ))
        jane = Contact(name="Jane Doe", first_name="Jane", last_name="Doe", team_id=support.id,
                       emails=[ContactEmail(address="jane@example.org")],
                       phones=[ContactPhone(number="+81 3 1234 5678")])
        s.add(jane)
        s.flush()
        return Center(support.id, billing.id, users, jane.id)


def inbound(db: Database, center: Center, *, subject: str = "納期の遅れについて", owner: str | None = "sato",
            body: str = "注文した商品がまだ届きません。", sender: str = "jane@example.org",
            to: str = "support@example.com", team: str = "support") -> int:
    """An inbound email, assigned to ``owner`` (or queued when None), in its own case."""
    with db.write() as s:
        team_id = s.scalar(select(Team.id).where(Team.name == team))
        case = Case(team_id=team_id, contact_id=center.jane_id, subject=subject)
        s.add(case)
        s.flush()
        raw = (f"From: Jane Doe <{sender}>\r\nTo: {to}\r\nSubject: {subject}\r\n"
               f"Message-ID: <m{case.id}@example.org>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n")
        # a Core insert names only these columns (and those with defaults): it also works on an old schema
        # (tests of upgrades), where the ORM would name every column of today's model
        return int(s.scalar(insert(Interaction).values(
            direction=Direction.INBOUND.value, state=State.ASSIGNED.value if owner else State.QUEUED.value,
            owner_id=center.users[owner] if owner else None, team_id=team_id, case_id=case.id,
            contact_id=center.jane_id, mailbox="support", message_id=f"<m{case.id}@example.org>",
            from_addr=sender, from_name="Jane Doe", to_addrs=[to], subject=subject, body_text=body,
            raw=raw.encode("utf-8"),
        ).returning(Interaction.id)))

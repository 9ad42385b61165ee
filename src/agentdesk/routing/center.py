"""The contact center in one file: apply a checked center file to the routing database, and show what is in force.

:func:`apply_center` writes everything in one transaction, with the rights of the database connection it is
given (an administrator's; nobody needs to be signed in, so the first apply bootstraps an empty database).
Applying is idempotent. An entry removed from the file is retired (``retired_at``), never deleted with its
history; one that comes back is restored. Contacts are a seed: matched by their first email address, added or
updated, never retired. Every apply appends a ``center_applied`` history row (no actor) with its summary.
The file format and its checks live in :mod:`agentdesk.routing.center_file`; docs/center-file.md is the reference.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from agentdesk.routing import migrate, security
from agentdesk.routing.center_file import (
    OPTION_KEYS,
    CenterDecl,
    CenterFileError,
    ContactDecl,
    load_center_file,
    parse_center,
)
from agentdesk.routing.db import Database
from agentdesk.routing.models import (
    Contact,
    ContactEmail,
    ContactPhone,
    DispositionCode,
    FromAddress,
    History,
    Option,
    StandardResponse,
    Team,
    User,
    Workbin,
    WorkbinKind,
)
from agentdesk.routing.options import load_options
from agentdesk.routing.types import utcnow
from agentdesk.routing.workbins import AUTO_FILED

__all__ = ["ApplyReport", "CenterDecl", "CenterFileError", "SchemaNotReady", "apply_center", "center_in_force",
           "load_center_file", "parse_center", "require_current_schema"]

KINDS = ("options", "from_addresses", "teams", "users", "dispositions", "standard_responses", "workbins",
         "contacts", "database roles")
VERBS = ("added", "updated", "restored", "retired", "reset", "enabled", "disabled")
MANAGED_OPTIONS = ("center.name", *OPTION_KEYS)
_FIELD_NAMES = {"team_id": "team", "is_default": "default"}
_HISTORY_ITEMS = 100  # names kept per kind and verb in the history row

Row = TypeVar("Row", Team, User, FromAddress, DispositionCode, StandardResponse, Workbin)


class SchemaNotReady(Exception):
    """The routing database is empty or older than this agentdesk: ``agentdesk db upgrade`` first."""


@dataclass
class ApplyReport:
    """What an apply changed: kind (``users`` …) → verb (``added`` …) → the entries (``sato (capacity)``)."""

    center: str
    dry_run: bool = False
    changes: dict[str, dict[str, list[str]]] = field(default_factory=dict)

    def note(self, kind: str, verb: str, item: str) -> None:
        self.changes.setdefault(kind, {}).setdefault(verb, []).append(item)

    @property
    def changed(self) -> bool:
        return bool(self.changes)

    def count(self, kind: str, verb: str) -> int:
        return len(self.changes.get(kind, {}).get(verb, []))

    def lines(self) -> list[str]:
        """One line per kind that changed: ``users: 2 added (sato, suzuki); 1 retired (kato)``."""
        lines = []
        for kind in KINDS:
            verbs = self.changes.get(kind)
            if verbs:
                parts = [f"{len(verbs[v])} {v} ({', '.join(verbs[v])})" for v in VERBS if v in verbs]
                lines.append(f"{kind}: " + "; ".join(parts))
        return lines

    def history_detail(self) -> dict[str, Any]:
        changes: dict[str, dict[str, Any]] = {}
        for kind, verbs in self.changes.items():
            changes[kind] = {}
            for verb, items in verbs.items():
                kept = items[:_HISTORY_ITEMS]
                if len(items) > len(kept):
                    kept = [*kept, f"… and {len(items) - len(kept)} more"]
                changes[kind][verb] = {"count": len(items), "items": kept}
        return {"center": self.center, "changed": self.changed, "changes": changes}


def require_current_schema(db: Database) -> None:
    """Refuse a database that is not at the newest schema, saying what to run."""
    current, head = migrate.current_revision(db), migrate.head_revision()
    if current is None:
        raise SchemaNotReady("the routing database is empty (no agentdesk schema): run agentdesk db upgrade first")
    if current != head:
        raise SchemaNotReady(f"the routing database is at schema {current}, this agentdesk needs {head}: "
                             "run agentdesk db upgrade first")


class _DryRun(Exception):
    """Rolls the apply's transaction back after the report is made."""


def apply_center(db: Database, decl: CenterDecl, *, dry_run: bool = False, roles: bool = False) -> ApplyReport:
    """Make the routing database match ``decl`` in one write transaction; ``dry_run`` reports and rolls back.

    ``roles`` (PostgreSQL only) also makes the users' and the router's login roles, the group roles and their
    grants (:mod:`agentdesk.routing.security`), in the same transaction."""
    require_current_schema(db)
    report = ApplyReport(decl.name, dry_run)
    try:
        with db.write() as session:
            now = utcnow()
            _apply_options(session, decl, report)
            _apply_from_addresses(session, decl, report, now)
            teams = _apply_teams(session, decl, report, now)
            _apply_users(session, decl, report, now, teams)
            _sync(session, report, "dispositions", DispositionCode, now,
                  {code: {"label": label} for code, label in decl.dispositions},
                  key=lambda r: r.code, make=lambda code: DispositionCode(code=code), label=str)
            _sync(session, report, "standard_responses", StandardResponse, now,
                  {r.name: {"category": r.category, "language": r.language, "subject": r.subject, "body": r.body}
                   for r in decl.responses},
                  key=lambda r: r.name, make=lambda name: StandardResponse(name=name), label=str)
            _apply_workbins(session, decl, report, now, teams)
            _apply_contacts(session, decl, report, now, teams)
            if roles and db.is_postgres:
                for verb, role in security.apply_roles(session, decl).changes:
                    report.note("database roles", verb, role)
            session.add(History(event="center_applied", actor_id=None, detail=report.history_detail()))
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return report


def _sync(session: Session, report: ApplyReport, kind: str, model: type[Row], now: datetime,
          wanted: dict[Any, dict[str, Any]], *, key: Callable[[Row], Any], make: Callable[[Any], Row],
          label: Callable[[Any], str], where: Any = None) -> dict[Any, Row]:
    """Add, update, restore and retire the rows of ``model`` (all of them, or those matching ``where``)."""
    stmt = select(model).order_by(model.id)
    if where is not None:
        stmt = stmt.where(where)
    existing = {key(row): row for row in session.scalars(stmt)}
    for ident, values in wanted.items():
        row = existing.get(ident)
        if row is None:
            row = make(ident)
            for attr, value in values.items():
                setattr(row, attr, value)
            session.add(row)
            existing[ident] = row
            report.note(kind, "added", label(ident))
            continue
        changed = [attr for attr, value in values.items() if getattr(row, attr) != value]
        for attr in changed:
            setattr(row, attr, values[attr])
        fields = f" ({', '.join(_FIELD_NAMES.get(a, a) for a in changed)})" if changed else ""
        if row.retired_at is not None:
            row.retired_at = None
            report.note(kind, "restored", label(ident) + fields)
        elif changed:
            report.note(kind, "updated", label(ident) + fields)
    for ident, row in existing.items():
        if ident not in wanted and row.retired_at is None:
            row.retired_at = now
            report.note(kind, "retired", label(ident))
    session.flush()
    return existing


def _apply_options(session: Session, decl: CenterDecl, report: ApplyReport) -> None:
    rows = {row.key: row for row in session.scalars(select(Option).where(Option.key.in_(MANAGED_OPTIONS)))}
    for key in MANAGED_OPTIONS:
        row = rows.get(key)
        if key in decl.options:
            value = decl.options[key]
            if row is None:
                session.add(Option(key=key, value=value))
                report.note("options", "added", key)
            elif row.value != value:
                row.value = value
                report.note("options", "updated", key)
        elif row is not None:
            session.delete(row)
            report.note("options", "reset", key)
    session.flush()


def _apply_from_addresses(session: Session, decl: CenterDecl, report: ApplyReport, now: datetime) -> None:
    wanted = {f.address: {"display_name": f.display_name, "is_default": f.default, "signature": f.signature}
              for f in decl.from_addresses}
    rows = _sync(session, report, "from_addresses", FromAddress, now, wanted,
                 key=lambda r: r.address.lower(), make=lambda address: FromAddress(address=address), label=str)
    for address, row in rows.items():
        if address not in wanted and row.is_default:
            row.is_default = False  # a retired address is nobody's default
    session.flush()


def _apply_teams(session: Session, decl: CenterDecl, report: ApplyReport, now: datetime) -> dict[str, int]:
    rows = _sync(session, report, "teams", Team, now, {name: {} for name in decl.teams},
                 key=lambda r: r.name, make=lambda name: Team(name=name), label=str)
    return {name: row.id for name, row in rows.items()}


def _apply_users(session: Session, decl: CenterDecl, report: ApplyReport, now: datetime,
                 teams: dict[str, int]) -> None:
    wanted = {u.login: {"name": u.name, "email": u.email, "role": u.role, "capacity": u.capacity,
                        "team_id": teams[u.team] if u.team else None, "language": u.language}
              for u in decl.users}
    _sync(session, report, "users", User, now, wanted, key=lambda r: r.login,
          make=lambda login: User(login=login), label=str)


def _apply_workbins(session: Session, decl: CenterDecl, report: ApplyReport, now: datetime,
                    teams: dict[str, int]) -> None:
    names = {team_id: name for name, team_id in teams.items()}
    wanted: dict[tuple[int | None, str], dict[str, Any]] = {(teams[team], name): {} for team, name in decl.workbins}
    _sync(session, report, "workbins", Workbin, now, wanted,
          key=lambda r: (r.team_id, r.name),
          make=lambda ident: Workbin(kind=WorkbinKind.TEAM.value, team_id=ident[0], name=ident[1], owner_id=None),
          label=lambda ident: f"{names.get(ident[0], ident[0])}/{ident[1]}",
          where=(Workbin.kind == WorkbinKind.TEAM.value) & (Workbin.name != AUTO_FILED))  # ingest's own


def _apply_contacts(session: Session, decl: CenterDecl, report: ApplyReport, now: datetime,
                    teams: dict[str, int]) -> None:
    firsts = [c.emails[0] for c in decl.contacts]
    matched: dict[str, int] = {}
    for start in range(0, len(firsts), 500):
        rows = session.execute(
            select(ContactEmail.address, Contact.id).join(Contact, Contact.id == ContactEmail.contact_id)
            .where(ContactEmail.address.in_(firsts[start:start + 500]))
            .order_by(Contact.retired_at.is_not(None), Contact.id)
        ).all()
        for address, contact_id in rows:
            matched.setdefault(address, contact_id)
    for seed in decl.contacts:
        found = matched.get(seed.emails[0])
        if found is None:
            session.add(_new_contact(seed, teams))
            report.note("contacts", "added", seed.emails[0])
            continue
        contact = session.get(Contact, found)
        assert contact is not None
        changed = _update_contact(session, contact, seed, teams)
        if contact.retired_at is not None:
            contact.retired_at = None
            report.note("contacts", "restored", seed.emails[0])
        elif changed:
            report.note("contacts", "updated", f"{seed.emails[0]} ({', '.join(changed)})")
    session.flush()


def _new_contact(seed: ContactDecl, teams: dict[str, int]) -> Contact:
    return Contact(
        name=seed.name, first_name=seed.first_name, last_name=seed.last_name, company=seed.company,
        team_id=teams[seed.team] if seed.team else None, attributes=dict(seed.attributes or {}),
        emails=[ContactEmail(address=a, position=n) for n, a in enumerate(seed.emails)],
        phones=[ContactPhone(number=num, label=lab, position=n) for n, (num, lab) in enumerate(seed.phones or ())],
    )


def _update_contact(session: Session, contact: Contact, seed: ContactDecl, teams: dict[str, int]) -> list[str]:
    """Bring an existing contact in line with its seed; keys the seed leaves out are left alone."""
    changed = []
    values: dict[str, Any] = {"name": seed.name, "first_name": seed.first_name, "last_name": seed.last_name,
                              "company": seed.company, "team_id": teams[seed.team] if seed.team else None}
    for attr, value in values.items():
        if value is not None and getattr(contact, attr) != value:
            setattr(contact, attr, value)
            changed.append(_FIELD_NAMES.get(attr, attr))
    if seed.attributes is not None:
        merged = {**(contact.attributes or {}), **seed.attributes}
        if merged != contact.attributes:
            contact.attributes = merged
            changed.append("attributes")
    have = {e.address for e in contact.emails}
    missing = [a for a in seed.emails if a not in have]
    if missing:
        top = max((e.position for e in contact.emails), default=-1)
        contact.emails.extend(ContactEmail(address=a, position=top + 1 + n) for n, a in enumerate(missing))
        changed.append("emails")
    if seed.phones is not None and [(p.number, p.label) for p in contact.phones] != list(seed.phones):
        contact.phones.clear()
        session.flush()
        contact.phones.extend(ContactPhone(number=num, label=lab, position=n) for n, (num, lab) in enumerate(seed.phones))
        changed.append("phones")
    return changed


def center_in_force(db: Database, *, include_retired: bool = False) -> dict[str, Any]:
    """What is in force, as plain data (``agentdesk admin show --json``): options with their defaults filled in,
    and the declared entries; retired ones only with ``include_retired`` (each then has ``retired_at``)."""
    require_current_schema(db)
    with db.read() as s:
        options = asdict(load_options(s))
        name = options.pop("center_name")
        teams = {t.id: t for t in s.scalars(select(Team).order_by(Team.id))}

        def rows(model: type[Row]) -> list[Row]:
            found = s.scalars(select(model).order_by(model.id))
            return [r for r in found if include_retired or r.retired_at is None]

        def entry(row: Row, **values: Any) -> dict[str, Any]:
            return {**values, "retired_at": row.retired_at} if include_retired else values

        def team(team_id: int | None) -> str | None:
            return teams[team_id].name if team_id in teams else None

        return {
            "center": {"name": name},
            "options": options,
            "from_addresses": [entry(f, address=f.address, display_name=f.display_name, default=f.is_default,
                                     signature=f.signature) for f in rows(FromAddress)],
            "teams": [entry(t, name=t.name) for t in rows(Team)],
            "users": [entry(u, login=u.login, name=u.name, email=u.email, role=u.role, team=team(u.team_id),
                            capacity=u.capacity, language=u.language, presence=u.presence) for u in rows(User)],
            "dispositions": [entry(d, code=d.code, label=d.label) for d in rows(DispositionCode)],
            "standard_responses": [entry(r, name=r.name, category=r.category, language=r.language,
                                         subject=r.subject, body=r.body) for r in rows(StandardResponse)],
            "workbins": [entry(w, name=w.name, team=team(w.team_id)) for w in rows(Workbin)
                         if w.kind == WorkbinKind.TEAM.value],
            "contacts": {"count": s.scalar(select(func.count()).select_from(Contact)
                                           .where(Contact.retired_at.is_(None)))},
        }

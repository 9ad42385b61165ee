"""Applying the center file on SQLite and PostgreSQL: bootstrap, idempotence, retire and restore, the contact
seed, options, the history row, and the checks that refuse a file before anything changes."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from agentdesk.routing.center import (
    CenterDecl,
    CenterFileError,
    SchemaNotReady,
    apply_center,
    center_in_force,
    load_center_file,
    parse_center,
)
from agentdesk.routing.db import Database
from agentdesk.routing.models import (
    Base,
    Contact,
    ContactEmail,
    DispositionCode,
    FromAddress,
    History,
    Team,
    User,
    Workbin,
)
from agentdesk.routing.options import load_options

DATA = Path(__file__).resolve().parents[1] / "data" / "center"
EXAMPLE = DATA / "example.toml"


def dump(db: Database, *, history: bool = True) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, in primary-key order (history optional)."""
    out: dict[str, list[tuple[Any, ...]]] = {}
    with db.read() as s:
        for table in Base.metadata.sorted_tables:
            if table.name == "history" and not history:
                continue
            rows = s.execute(select(table).order_by(*table.primary_key.columns)).all()
            out[table.name] = [tuple(r) for r in rows]
    return out


def without(decl: CenterDecl, **changes: Any) -> CenterDecl:
    return dataclasses.replace(decl, **changes)


def test_first_apply_bootstraps_an_empty_database(db: Database) -> None:
    report = apply_center(db, load_center_file(EXAMPLE))
    assert report.changed
    assert report.count("teams", "added") == 2
    assert report.count("users", "added") == 5
    assert report.count("contacts", "added") == 1
    assert any(line.startswith("users: 5 added (sato, suzuki, tanaka, kato, root)") for line in report.lines())
    shown = center_in_force(db)
    assert shown["center"] == {"name": "Example Support"}
    assert [t["name"] for t in shown["teams"]] == ["support", "billing"]
    sato = next(u for u in shown["users"] if u["login"] == "sato")
    assert sato == {"login": "sato", "name": "佐藤 花子", "email": "sato@example.com", "role": "agent",
                    "team": "support", "capacity": 5, "language": "ja", "presence": "ready"}
    assert next(u for u in shown["users"] if u["login"] == "root")["team"] is None
    assert [(f["address"], f["default"]) for f in shown["from_addresses"]] == [
        ("support@example.com", True), ("billing@example.com", False)]
    assert shown["dispositions"][0] == {"code": "resolved", "label": {"en": "Resolved", "ja": "解決済み"}}
    assert shown["standard_responses"][0]["body"].startswith('<$ Contact.LastName | "お客様" $> 様')
    assert shown["workbins"] == [{"name": "billing-followup", "team": "support"}]
    assert shown["contacts"] == {"count": 1}
    assert shown["options"]["qa_review"] == {"teams": ("support",), "agents": (), "sample_percent": 0}
    assert shown["options"]["undo_send_seconds"] == 0  # a default, filled in


def test_apply_twice_changes_nothing(db: Database) -> None:
    decl = load_center_file(EXAMPLE)
    apply_center(db, decl)
    before = dump(db, history=False)
    again = apply_center(db, decl)
    assert not again.changed
    assert again.lines() == []
    assert dump(db, history=False) == before


def test_each_apply_records_history_without_an_actor(db: Database) -> None:
    decl = load_center_file(EXAMPLE)
    apply_center(db, decl)
    apply_center(db, decl)
    with db.read() as s:
        rows = s.scalars(select(History).where(History.event == "center_applied").order_by(History.id)).all()
    assert [r.actor_id for r in rows] == [None, None]
    first, second = (r.detail for r in rows)
    assert first["changed"] is True and second["changed"] is False
    assert first["changes"]["users"]["added"] == {"count": 5, "items": ["sato", "suzuki", "tanaka", "kato", "root"]}
    assert second["changes"] == {}


def test_removed_entries_are_retired_and_come_back(db: Database) -> None:
    full = load_center_file(EXAMPLE)
    apply_center(db, full)
    smaller = without(
        full,
        teams=("support",),
        users=tuple(u for u in full.users if u.login not in ("suzuki", "kato")),
        dispositions=full.dispositions[:1],
        responses=(),
        workbins=(),
        contacts=(),
        from_addresses=full.from_addresses[:1],
    )
    report = apply_center(db, smaller)
    assert report.changes["users"] == {"retired": ["suzuki", "kato"]}
    assert report.changes["teams"] == {"retired": ["billing"]}
    assert report.changes["workbins"] == {"retired": ["support/billing-followup"]}
    assert "contacts" not in report.changes  # a seed: never retired
    with db.read() as s:
        suzuki = s.scalar(select(User).where(User.login == "suzuki"))
        assert suzuki is not None and suzuki.retired_at is not None  # kept, with its history
        assert s.scalar(select(Team).where(Team.name == "billing")).retired_at is not None  # type: ignore[union-attr]
        assert s.scalar(select(DispositionCode).where(DispositionCode.code == "escalated")).retired_at is not None  # type: ignore[union-attr]
        assert s.scalar(select(Contact).where(Contact.name == "Jane Doe")).retired_at is None  # type: ignore[union-attr]
    shown = center_in_force(db)
    assert "suzuki" not in [u["login"] for u in shown["users"]]
    everything = center_in_force(db, include_retired=True)
    retired = {u["login"]: u["retired_at"] for u in everything["users"]}
    assert retired["suzuki"] is not None and retired["sato"] is None

    back = apply_center(db, full)
    assert back.changes["users"] == {"restored": ["suzuki", "kato"]}
    assert back.changes["teams"] == {"restored": ["billing"]}
    with db.read() as s:
        assert s.scalar(select(User.retired_at).where(User.login == "kato")) is None
        assert s.scalar(select(Workbin.retired_at).where(Workbin.name == "billing-followup")) is None
        assert len(s.scalars(select(User)).all()) == 5  # restored, not added again


def test_updates_name_the_changed_fields(db: Database) -> None:
    full = load_center_file(EXAMPLE)
    apply_center(db, full)
    users = tuple(dataclasses.replace(u, capacity=8, team="billing") if u.login == "sato" else u for u in full.users)
    addresses = tuple(dataclasses.replace(f, default=not f.default) for f in full.from_addresses)
    report = apply_center(db, without(full, users=users, from_addresses=addresses))
    assert report.changes["users"] == {"updated": ["sato (capacity, team)"]}
    assert report.changes["from_addresses"] == {"updated": ["support@example.com (default)",
                                                            "billing@example.com (default)"]}
    with db.read() as s:
        sato = s.scalar(select(User).where(User.login == "sato"))
        assert sato is not None and sato.capacity == 8 and sato.team is not None and sato.team.name == "billing"
        default = s.scalar(select(FromAddress.address).where(FromAddress.is_default.is_(True)))
        assert default == "billing@example.com"


def test_options_go_to_the_options_table_and_fall_back_to_defaults(db: Database) -> None:
    full = load_center_file(EXAMPLE)
    apply_center(db, full)
    with db.read() as s:
        options = load_options(s)
    assert options.center_name == "Example Support"
    assert options.disposition_required is True
    assert options.case_data_read_only == ("OrderId",)
    assert options.qa_review.teams == ("support",)
    fewer = {k: v for k, v in full.options.items() if k not in ("disposition_required", "qa_review")}
    fewer["routing_strategy"] = "round_robin"
    report = apply_center(db, without(full, options=fewer))
    assert report.changes["options"] == {"updated": ["routing_strategy"],
                                         "reset": ["disposition_required", "qa_review"]}
    with db.read() as s:
        options = load_options(s)
    assert options.disposition_required is False and options.qa_review.teams == ()
    assert options.routing_strategy == "round_robin"


def test_contacts_are_a_seed_matched_by_first_address(db: Database) -> None:
    with db.write() as s:  # a contact the router made from an inbound email
        s.add(Contact(name="jane@example.org", emails=[ContactEmail(address="jane@example.org")]))
    full = load_center_file(EXAMPLE)
    report = apply_center(db, full)
    assert report.changes["contacts"] == {"updated": [
        "jane@example.org (name, first_name, last_name, company, attributes, emails, phones)"]}
    with db.read() as s:
        contacts = s.scalars(select(Contact)).all()
        assert len(contacts) == 1
        jane = contacts[0]
        assert jane.name == "Jane Doe" and jane.attributes == {"plan": "Gold"}
        assert [e.address for e in jane.emails] == ["jane@example.org", "jane.doe@example.net"]
        assert [(p.number, p.label) for p in jane.phones] == [("+81 3 1234 5678", None),
                                                               ("+81 90 1234 5678", "mobile")]
    assert not apply_center(db, full).changed
    assert "contacts" not in apply_center(db, without(full, contacts=())).changes


def test_dry_run_reports_and_changes_nothing(db: Database) -> None:
    before = dump(db)
    report = apply_center(db, load_center_file(EXAMPLE), dry_run=True)
    assert report.dry_run and report.count("users", "added") == 5
    assert dump(db) == before


def test_an_empty_database_must_be_upgraded_first(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'empty.sqlite3'}")
    try:
        with pytest.raises(SchemaNotReady, match="run agentdesk db upgrade first"):
            apply_center(db, load_center_file(EXAMPLE))
        with pytest.raises(SchemaNotReady, match="run agentdesk db upgrade first"):
            center_in_force(db)
    finally:
        db.dispose()


INVALID = {
    "invalid-unknown-key": 'users[2] (login "suzuki"): unknown key "capacty"',
    "invalid-unknown-table": 'top level: unknown table "queues"',
    "invalid-duplicate-login": 'users[2] (login "sato"): login "sato" is already declared by users[1]',
    "invalid-duplicate-team": 'teams[2] (name "support"): name "support" is already declared by teams[1]',
    "invalid-duplicate-code": 'dispositions[2] (code "resolved"): code "resolved" is already declared',
    "invalid-duplicate-response": 'standard_responses[2] (name "thanks"): name "thanks" is already declared',
    "invalid-duplicate-address": 'from_addresses[2] (address "Support@Example.com"): address "support@example.com" '
                                 "is already declared by from_addresses[1]",
    "invalid-user-email": 'users[1] (login "sato"): email "sato@@example.com" is not a valid email address',
    "invalid-from-address": 'from_addresses[1] (address "support at example.com"): address "support at '
                            'example.com" is not a valid email address',
    "invalid-contact-email": 'contacts[1] (name "Jane Doe"): emails "jane@" is not a valid email address',
    "invalid-default-not-listed": '[center]: default_from "help@example.com" is not listed in [[from_addresses]]',
    "invalid-two-defaults": "from_addresses: more than one default",
    "invalid-no-default": "from_addresses: no default",
    "invalid-unknown-team": 'users[2] (login "suzuki"): team "sales" is not declared in [[teams]]',
    "invalid-role": 'users[1] (login "sato"): role must be "agent", "lead" or "admin", not "supervisor"',
    "invalid-capacity": 'users[1] (login "sato"): capacity must be a positive integer, not 0',
    "invalid-capacity-type": 'users[1] (login "sato"): capacity must be a positive integer, not "5" (a string)',
    "invalid-forward": '[options]: forward must be "inline", "attachment" or "both", not "email"',
    "invalid-qa-team": '[options] qa_review: teams: team "sales" is not declared in [[teams]]',
    "invalid-qa-agent": '[options] qa_review: agents: user "yamada" is not declared in [[users]]',
    "invalid-option-type": '[options]: disposition_required must be true or false, not "yes"',
    "invalid-workbin-team": 'workbins[1] (name "followup"): team "sales" is not declared in [[teams]]',
    "invalid-syntax": "not valid TOML: Expected ']]' at the end of an array declaration (at line 9",
}


def test_every_invalid_file_is_covered() -> None:
    assert {p.stem for p in DATA.glob("invalid-*.toml")} == set(INVALID)


@pytest.mark.parametrize("name", sorted(INVALID))
def test_invalid_file_names_entry_and_key(name: str) -> None:
    with pytest.raises(CenterFileError) as caught:
        load_center_file(DATA / f"{name}.toml")
    assert len(caught.value.problems) == 1, caught.value.problems
    assert caught.value.problems[0].startswith(INVALID[name]), caught.value.problems[0]
    assert "nothing was changed" in str(caught.value)


def test_all_problems_are_reported_at_once() -> None:
    data: dict[str, Any] = {
        "teams": [{"name": "support"}],
        "users": [{"login": "sato", "email": "sato@example.com", "role": "boss", "team": "support"},
                  {"login": "sato", "email": "nope", "role": "agent", "team": "sales", "capacity": True}],
        "options": {"forward": "inline", "colour": "blue"},
    }
    with pytest.raises(CenterFileError) as caught:
        parse_center(data, source="center.toml")
    problems = caught.value.problems
    assert problems == [
        'users[1] (login "sato"): role must be "agent", "lead" or "admin", not "boss" (a string)',
        'users[2] (login "sato"): login "sato" is already declared by users[1]',
        'users[2] (login "sato"): email "nope" is not a valid email address: An email address must have an @-sign.',
        'users[2] (login "sato"): team "sales" is not declared in [[teams]]',
        'users[2] (login "sato"): capacity must be a positive integer, not true (a boolean)',
        '[options]: unknown key "colour" (known keys: forward, forward_from_history, disposition_required, '
        "transfer_timeout_minutes, case_data_read_only, qa_review, routing_strategy, case_token, "
        "undo_send_seconds, file_sent_copy, iso2022jp_for_japanese)",
    ]
    assert str(caught.value).startswith("center.toml is not valid (6 problems); nothing was changed:")


@pytest.mark.parametrize(("data", "message"), [
    ({"users": {"login": "sato"}}, "users: must be an array of tables, written [[users]], not a table"),
    ({"center": "Example"}, '[center]: must be a table, written [center], not "Example"'),
    ({"options": {"case_token": "[#"}}, '[options]: case_token "[#" is not a valid regular expression'),
    ({"options": {"case_token": r"\[#\d+\]"}}, "needs a group that captures the case number"),
    ({"options": {"qa_review": {"teams": [], "percent": 5}}}, '[options] qa_review: unknown key "percent"'),
    ({"options": {"qa_review": {"sample_percent": 101}}}, "sample_percent must be an integer from 0 to 100"),
    ({"options": {"routing_strategy": "random"}}, 'routing_strategy must be "least_busy" or "round_robin"'),
    ({"options": {"transfer_timeout_minutes": 0}}, "transfer_timeout_minutes must be a positive integer"),
    ({"teams": [{"name": "support"}], "users": [{"login": "a", "email": "a@example.com", "role": "agent"}]},
     'users[1] (login "a"): team is required for role "agent"'),
    ({"users": [{"login": "a b", "email": "a@example.com", "role": "admin"}]},
     'users[1] (login "a b"): login "a b" must not contain blanks'),
    ({"dispositions": [{"code": "x", "label": 3}]}, 'dispositions[1] (code "x"): label must be a string or a table'),
    ({"standard_responses": [{"name": "x"}]}, 'standard_responses[1] (name "x"): body is required'),
    ({"contacts": [{"name": "A", "emails": []}]}, 'contacts[1] (name "A"): emails must list at least one'),
    ({"contacts": [{"name": "A", "emails": ["a@example.org"]}, {"name": "B", "emails": ["A@example.org"]}]},
     'contacts[2] (name "B"): emails: "a@example.org" is already declared by contacts[1]'),
    ({"contacts": [{"name": "A", "emails": ["a@example.org"], "phones": [5]}]}, "phones must list numbers"),
    ({"from_addresses": [{"address": "a@example.com", "default": "yes"}]},
     'from_addresses[1] (address "a@example.com"): default must be true or false, not "yes"'),
    ({"database": {"role_prefix": "Acme-"}}, '[database]: role_prefix "Acme-" must be lower-case letters'),
    ({"database": {"router_logins": ["a"]}, "users": [{"login": "a", "email": "a@example.com", "role": "admin"}]},
     '[database]: router_logins: "a" is also a user\'s login'),
    ({"database": {"role_prefix": "p" * 30}, "users": [{"login": "x" * 40, "email": "a@example.com",
                                                       "role": "admin"}]},
     "its PostgreSQL role name is 70 bytes; at most 63 are allowed"),
    ({"users": [{"login": "agentdesk_admin", "email": "a@example.com", "role": "admin"}]},
     'login "agentdesk_admin": this name is kept for the group role'),
])
def test_more_refusals(data: dict[str, Any], message: str) -> None:
    with pytest.raises(CenterFileError) as caught:
        parse_center(data)
    assert any(p.startswith(message) or message in p for p in caught.value.problems), caught.value.problems


def test_the_database_table_defaults() -> None:
    assert (parse_center({}).role_prefix, parse_center({}).router_logins) == ("", ("router",))
    decl = parse_center({"database": {"role_prefix": "acme_", "router_logins": ["r1", "r2"]}})
    assert (decl.role_prefix, decl.router_logins) == ("acme_", ("r1", "r2"))


def test_default_from_in_center_table_is_accepted() -> None:
    decl = parse_center({"center": {"default_from": "billing@example.com"},
                         "from_addresses": [{"address": "support@example.com"}, {"address": "billing@example.com"}]})
    assert [(f.address, f.default) for f in decl.from_addresses] == [("support@example.com", False),
                                                                     ("billing@example.com", True)]

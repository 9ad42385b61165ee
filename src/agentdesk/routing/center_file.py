"""Read and check a center file (the contact center in one TOML file) into a :class:`CenterDecl`.

The whole file is checked before anything is applied; every problem is reported at once, each naming its entry
and key (``users[2] (login "suzuki"): team "sales" is not declared in [[teams]]``). Entries of an array are
numbered from 1 in the order of the file. docs/center-file.md is the reference of the format.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from email_validator import EmailNotValidError, validate_email

from agentdesk.routing.models import Role

ROLES = tuple(r.value for r in Role)
FORWARD_MODES = ("inline", "attachment", "both")
STRATEGIES = ("least_busy", "round_robin")
TABLES = ("center", "options", "database", "from_addresses", "teams", "users", "dispositions",
          "standard_responses", "workbins", "contacts")
OPTION_KEYS = ("forward", "forward_from_history", "disposition_required", "transfer_timeout_minutes",
               "case_data_read_only", "qa_review", "routing_strategy", "case_token", "undo_send_seconds",
               "file_sent_copy", "iso2022jp_for_japanese")
_NAME = re.compile(r"^[^\s\x00-\x1f\x7f]+$")  # logins: no blanks, no control characters
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_PREFIX = re.compile(r"^[a-z_][a-z0-9_]*$")  # [database] role_prefix: a plain SQL identifier start
#: PostgreSQL keeps role names to 63 bytes (NAMEDATALEN - 1); longer names would be cut, not refused
ROLE_NAME_BYTES = 63
#: the group roles' names after the prefix (docs/security.md), one per agentdesk role plus the router's
GROUP_SUFFIXES = ("agentdesk_agent", "agentdesk_lead", "agentdesk_admin", "agentdesk_router")


class CenterFileError(Exception):
    """The center file is not valid; ``problems`` lists each one (entry, key and what is wrong)."""

    def __init__(self, source: str, problems: list[str]) -> None:
        count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
        super().__init__(f"{source} is not valid ({count}); nothing was changed:\n  " + "\n  ".join(problems))
        self.source = source
        self.problems = problems


@dataclass(frozen=True)
class UserDecl:
    login: str
    name: str
    email: str
    role: str
    team: str | None
    capacity: int
    language: str | None


@dataclass(frozen=True)
class FromDecl:
    address: str
    display_name: str
    default: bool
    signature: str


@dataclass(frozen=True)
class ResponseDecl:
    name: str
    category: str
    language: str
    subject: str
    body: str


@dataclass(frozen=True)
class ContactDecl:
    """A seed of the contact directory; ``None`` (or absent keys) leave an existing contact's value alone."""

    name: str
    emails: tuple[str, ...]
    phones: tuple[tuple[str, str | None], ...] | None
    first_name: str | None
    last_name: str | None
    company: str | None
    team: str | None
    attributes: dict[str, str] | None


@dataclass(frozen=True)
class CenterDecl:
    """A checked center file. ``options`` holds the stored form (``center.name`` and the keys of [options])."""

    name: str
    options: dict[str, Any]
    from_addresses: tuple[FromDecl, ...] = ()
    teams: tuple[str, ...] = ()
    users: tuple[UserDecl, ...] = ()
    dispositions: tuple[tuple[str, dict[str, str]], ...] = ()
    responses: tuple[ResponseDecl, ...] = ()
    workbins: tuple[tuple[str, str], ...] = ()  # (team, name)
    contacts: tuple[ContactDecl, ...] = field(default=())
    #: PostgreSQL roles (team shape): a login role per user is named ``role_prefix + login``
    role_prefix: str = ""
    router_logins: tuple[str, ...] = ("router",)


def show(value: Any) -> str:
    """A value as the file would write it, with its kind when that helps: ``"5" (a string)``."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, list):
        return "an array"
    return "a table" if isinstance(value, dict) else f"a {type(value).__name__}"


def _kind(value: Any) -> str:
    names = {bool: "a boolean", str: "a string", int: "an integer", float: "a float", list: "an array",
             dict: "a table"}
    return names.get(type(value), "a date or time")


class _Entry:
    """One table of the file: typed getters that record a problem (and return a default) instead of raising."""

    def __init__(self, problems: list[str], where: str, table: Mapping[str, Any], known: Iterable[str],
                 ident: str | None = None) -> None:
        if ident is not None and isinstance(table.get(ident), str):
            where = f"{where} ({ident} {show(table[ident])})"
        self.problems, self.where, self.table = problems, where, table
        known = tuple(known)
        for key in table:
            if key not in known:
                self.fail(f'unknown key "{key}" (known keys: {", ".join(known)})')

    def fail(self, message: str) -> None:
        self.problems.append(f"{self.where}: {message}")

    def _bad(self, key: str, wanted: str, value: Any) -> None:
        self.fail(f"{key} must be {wanted}, not {show(value)}" + ("" if isinstance(value, list | dict)
                                                                   else f" ({_kind(value)})"))

    def text(self, key: str, *, required: bool = False, default: str = "", max_len: int = 0,
             pattern: re.Pattern[str] | None = None, multiline: bool = False) -> str:
        if key not in self.table:
            if required:
                self.fail(f"{key} is required")
            return default
        value = self.table[key]
        if not isinstance(value, str):
            self._bad(key, "a string", value)
            return default
        if multiline:
            value = value.replace("\r\n", "\n")
        if required and not value.strip():
            self.fail(f"{key} must not be empty")
        elif max_len and len(value) > max_len:
            self.fail(f"{key} is {len(value)} characters long; at most {max_len} are allowed")
        elif pattern is not None and value and not pattern.match(value):
            self.fail(f"{key} {show(value)} must not contain blanks or control characters")
        elif _CONTROL.search(value) or (not multiline and "\n" in value):
            self.fail(f"{key} {show(value)} must " + ("not contain control characters" if multiline
                                                        else "be one line without control characters"))
        return value

    def optional_text(self, key: str, *, max_len: int = 0) -> str | None:
        return self.text(key, max_len=max_len) if key in self.table else None

    def flag(self, key: str, default: bool) -> bool:
        value = self.table.get(key, default)
        if not isinstance(value, bool):
            self._bad(key, "true or false", value)
            return default
        return value

    def integer(self, key: str, default: int, *, minimum: int, maximum: int | None = None, wanted: str) -> int:
        value = self.table.get(key, default)
        if not isinstance(value, int) or isinstance(value, bool) or value < minimum or (
                maximum is not None and value > maximum):
            self._bad(key, wanted, value)
            return default
        return value

    def choice(self, key: str, choices: tuple[str, ...], default: str | None = None) -> str:
        if key not in self.table and default is None:
            self.fail(f"{key} is required (one of {', '.join(choices)})")
            return choices[0]
        value = self.table.get(key, default)
        if value not in choices:
            wanted = ", ".join(f'"{c}"' for c in choices[:-1]) + f' or "{choices[-1]}"'
            self._bad(key, wanted, value)
            return default or choices[0]
        return str(value)

    def texts(self, key: str, *, required: bool = False) -> list[str]:
        if key not in self.table:
            if required:
                self.fail(f"{key} is required")
            return []
        value = self.table[key]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self._bad(key, "an array of strings", value)
            return []
        if required and not value:
            self.fail(f"{key} must list at least one")
        return list(value)

    def sub(self, key: str) -> dict[str, Any] | None:
        value = self.table.get(key)
        if value is not None and not isinstance(value, dict):
            self._bad(key, "a table", value)
            return None
        return value

    def email(self, key: str, value: str) -> str:
        try:
            return str(validate_email(value, check_deliverability=False).normalized)
        except EmailNotValidError as exc:
            self.fail(f"{key} {show(value)} is not a valid email address: {exc}")
            return value


def _entries(problems: list[str], data: Mapping[str, Any], name: str) -> list[dict[str, Any]]:
    value = data.get(name, [])
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        problems.append(f"{name}: must be an array of tables, written [[{name}]], not {show(value)}")
        return []
    return value


def load_center_file(path: str | Path) -> CenterDecl:
    """Read and check the center file at ``path``; raises :class:`CenterFileError` naming every problem."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise CenterFileError(path.name, [f"cannot read the file: {exc.strerror or exc}"]) from None
    except UnicodeDecodeError as exc:
        raise CenterFileError(path.name, [f"the file is not UTF-8 text: {exc.reason} at byte {exc.start}"]) from None
    except tomllib.TOMLDecodeError as exc:
        raise CenterFileError(path.name, [f"not valid TOML: {exc}"]) from None
    return parse_center(data, source=path.name)


def parse_center(data: Mapping[str, Any], *, source: str = "the center file") -> CenterDecl:
    """Check a parsed center file; raises :class:`CenterFileError` naming every problem."""
    problems: list[str] = []
    for key in data:
        if key not in TABLES:
            problems.append(f'top level: unknown table "{key}" (known: {", ".join(TABLES)})')
    teams = _teams(problems, data)
    users = _users(problems, data, teams)
    logins = {u.login for u in users}
    center, options = _center_and_options(problems, data, teams, logins)
    prefix, routers = _database(problems, data, logins)
    decl = CenterDecl(
        name=center["name"], options=options, from_addresses=_from_addresses(problems, data, center["default_from"]),
        teams=tuple(teams), users=tuple(users), dispositions=_dispositions(problems, data),
        responses=_responses(problems, data), workbins=_workbins(problems, data, teams),
        contacts=_contacts(problems, data, teams), role_prefix=prefix, router_logins=routers,
    )
    if problems:
        raise CenterFileError(source, problems)
    return decl


def _table(problems: list[str], data: Mapping[str, Any], name: str) -> dict[str, Any]:
    value = data.get(name, {})
    if not isinstance(value, dict):
        problems.append(f"[{name}]: must be a table, written [{name}], not {show(value)}")
        return {}
    return value


def _center_and_options(problems: list[str], data: Mapping[str, Any], teams: list[str],
                        logins: set[str]) -> tuple[dict[str, Any], dict[str, Any]]:
    center = _Entry(problems, "[center]", _table(problems, data, "center"), ("name", "default_from"))
    found: dict[str, Any] = {"name": center.text("name", default="agentdesk", max_len=200),
                             "default_from": center.optional_text("default_from")}
    options: dict[str, Any] = {"center.name": found["name"]}
    table = _table(problems, data, "options")
    o = _Entry(problems, "[options]", table, OPTION_KEYS)
    if "forward" in table:
        options["forward"] = o.choice("forward", FORWARD_MODES)
    if "routing_strategy" in table:
        options["routing_strategy"] = o.choice("routing_strategy", STRATEGIES)
    for key in ("forward_from_history", "disposition_required", "file_sent_copy", "iso2022jp_for_japanese"):
        if key in table:
            options[key] = o.flag(key, False)
    if "transfer_timeout_minutes" in table:
        options["transfer_timeout_minutes"] = o.integer("transfer_timeout_minutes", 5, minimum=1,
                                                        wanted="a positive integer (minutes)")
    if "undo_send_seconds" in table:
        options["undo_send_seconds"] = o.integer("undo_send_seconds", 0, minimum=0, maximum=3600,
                                                 wanted="an integer from 0 to 3600 (seconds)")
    if "case_data_read_only" in table:
        options["case_data_read_only"] = o.texts("case_data_read_only")
    if "case_token" in table:
        token = o.text("case_token", required=True)
        try:
            if re.compile(token).groups < 1:
                o.fail(f"case_token {show(token)} needs a group that captures the case number, like [#(\\d+)]")
        except re.error as exc:
            o.fail(f"case_token {show(token)} is not a valid regular expression: {exc}")
        options["case_token"] = token
    qa = o.sub("qa_review")
    if qa is not None:
        q = _Entry(problems, "[options] qa_review", qa, ("teams", "agents", "sample_percent"))
        qa_teams, qa_agents = q.texts("teams"), q.texts("agents")
        for team in qa_teams:
            if team not in teams:
                q.fail(f'teams: team "{team}" is not declared in [[teams]]')
        for login in qa_agents:
            if login not in logins:
                q.fail(f'agents: user "{login}" is not declared in [[users]]')
        options["qa_review"] = {"teams": qa_teams, "agents": qa_agents, "sample_percent": q.integer(
            "sample_percent", 0, minimum=0, maximum=100, wanted="an integer from 0 to 100")}
    return found, options


def _database(problems: list[str], data: Mapping[str, Any], logins: set[str]) -> tuple[str, tuple[str, ...]]:
    """``[database]``: the prefix of the PostgreSQL roles and the router's logins; every role name must fit."""
    table = _table(problems, data, "database")
    d = _Entry(problems, "[database]", table, ("role_prefix", "router_logins"))
    prefix = d.text("role_prefix", max_len=30)
    if prefix and not _PREFIX.match(prefix):
        d.fail(f"role_prefix {show(prefix)} must be lower-case letters, digits and _ (not starting with a digit)")
        prefix = ""
    routers = d.texts("router_logins") if "router_logins" in table else ["router"]
    for name in routers:
        if not _NAME.match(name):
            d.fail(f"router_logins: {show(name)} must not be empty or contain blanks or control characters")
        elif name in logins:
            d.fail(f"router_logins: {show(name)} is also a user's login; the router needs a login of its own")
    if len(set(routers)) != len(routers):
        d.fail("router_logins: a login is listed twice")
    for name in (*logins, *routers):
        size = len((prefix + name).encode("utf-8"))
        if size > ROLE_NAME_BYTES:
            problems.append(f"login {show(name)}: with role_prefix {show(prefix)} its PostgreSQL role name is "
                            f"{size} bytes; at most {ROLE_NAME_BYTES} are allowed")
    for suffix in GROUP_SUFFIXES:
        if prefix + suffix in {prefix + n for n in (*logins, *routers)}:
            problems.append(f"login {show(suffix)}: this name is kept for the group role {show(prefix + suffix)}")
    return prefix, tuple(routers)


def _teams(problems: list[str], data: Mapping[str, Any]) -> list[str]:
    names: dict[str, int] = {}
    for n, table in enumerate(_entries(problems, data, "teams"), 1):
        e = _Entry(problems, f"teams[{n}]", table, ("name",), "name")
        name = e.text("name", required=True, max_len=100)
        if name in names:
            e.fail(f"name {show(name)} is already declared by teams[{names[name]}]")
        elif name.strip():
            names[name] = n
    return list(names)


def _users(problems: list[str], data: Mapping[str, Any], teams: list[str]) -> list[UserDecl]:
    seen: dict[str, int] = {}
    users = []
    known = ("login", "name", "email", "role", "team", "capacity", "language")
    for n, table in enumerate(_entries(problems, data, "users"), 1):
        e = _Entry(problems, f"users[{n}]", table, known, "login")
        login = e.text("login", required=True, max_len=100, pattern=_NAME)
        if login in seen:
            e.fail(f"login {show(login)} is already declared by users[{seen[login]}]")
        elif login:
            seen[login] = n
        email = e.text("email", required=True)
        email = e.email("email", email) if email else email
        role = e.choice("role", ROLES)
        team: str | None = e.text("team", max_len=100) or None
        if team is not None and team not in teams:
            e.fail(f"team {show(team)} is not declared in [[teams]]")
        elif team is None and role != Role.ADMIN.value:
            e.fail(f'team is required for role "{role}" (only an admin may have no team)')
        users.append(UserDecl(
            login=login, name=e.text("name", default=login, max_len=200) or login, email=email, role=role,
            team=team, capacity=e.integer("capacity", 5, minimum=1, maximum=1000, wanted="a positive integer"),
            language=e.optional_text("language", max_len=10) or None,
        ))
    return users


def _from_addresses(problems: list[str], data: Mapping[str, Any], default_from: str | None) -> tuple[FromDecl, ...]:
    seen: dict[str, int] = {}
    found: list[FromDecl] = []
    defaults: list[int] = []
    for n, table in enumerate(_entries(problems, data, "from_addresses"), 1):
        e = _Entry(problems, f"from_addresses[{n}]", table, ("address", "display_name", "default", "signature"),
                   "address")
        address = e.text("address", required=True)
        address = e.email("address", address).lower() if address else address
        if address in seen:
            e.fail(f"address {show(address)} is already declared by from_addresses[{seen[address]}]")
        elif address:
            seen[address] = n
        if e.flag("default", False):
            defaults.append(n)
        found.append(FromDecl(address, e.text("display_name", max_len=200), False,
                              e.text("signature", multiline=True)))
    if default_from is not None:
        wanted = default_from.strip().lower()
        if wanted not in seen:
            listed = ", ".join(seen) or "none are"
            problems.append(f"[center]: default_from {show(default_from)} is not listed in [[from_addresses]] "
                            f"(listed: {listed})")
        elif any(seen[wanted] != n for n in defaults):
            problems.append(f"[center]: default_from {show(default_from)} disagrees with "
                            + ", ".join(f"from_addresses[{n}]" for n in defaults if n != seen[wanted])
                            + " marked default = true")
        else:
            defaults = [seen[wanted]]
    if len(defaults) > 1:
        problems.append("from_addresses: more than one default ("
                        + ", ".join(f"from_addresses[{n}] ({show(found[n - 1].address)})" for n in defaults)
                        + "); mark exactly one default = true")
    elif found and not defaults:
        problems.append("from_addresses: no default; mark one address default = true "
                        "(or name it in [center] default_from)")
    return tuple(FromDecl(f.address, f.display_name, defaults == [n], f.signature) for n, f in enumerate(found, 1))


def _dispositions(problems: list[str], data: Mapping[str, Any]) -> tuple[tuple[str, dict[str, str]], ...]:
    seen: dict[str, int] = {}
    found = []
    for n, table in enumerate(_entries(problems, data, "dispositions"), 1):
        e = _Entry(problems, f"dispositions[{n}]", table, ("code", "label"), "code")
        code = e.text("code", required=True, max_len=100, pattern=_NAME)
        if code in seen:
            e.fail(f"code {show(code)} is already declared by dispositions[{seen[code]}]")
        elif code:
            seen[code] = n
        raw = table.get("label", code)
        label: dict[str, str] = {}
        if isinstance(raw, str):
            label = {"en": raw}
        elif isinstance(raw, dict) and raw and all(isinstance(k, str) and isinstance(v, str) and v.strip()
                                                   for k, v in raw.items()):
            label = dict(raw)
        else:
            e.fail(f'label must be a string or a table of languages, like {{ en = "Resolved", ja = "解決済み" }}, '
                   f"not {show(raw)}")
        found.append((code, label))
    return tuple(found)


def _responses(problems: list[str], data: Mapping[str, Any]) -> tuple[ResponseDecl, ...]:
    seen: dict[str, int] = {}
    found = []
    for n, table in enumerate(_entries(problems, data, "standard_responses"), 1):
        e = _Entry(problems, f"standard_responses[{n}]", table,
                   ("name", "category", "language", "subject", "body"), "name")
        name = e.text("name", required=True, max_len=200)
        if name in seen:
            e.fail(f"name {show(name)} is already declared by standard_responses[{seen[name]}]")
        elif name:
            seen[name] = n
        found.append(ResponseDecl(name, e.text("category", max_len=200), e.text("language", default="en", max_len=10),
                                  e.text("subject"), e.text("body", required=True, multiline=True)))
    return tuple(found)


def _workbins(problems: list[str], data: Mapping[str, Any], teams: list[str]) -> tuple[tuple[str, str], ...]:
    seen: dict[tuple[str, str], int] = {}
    for n, table in enumerate(_entries(problems, data, "workbins"), 1):
        e = _Entry(problems, f"workbins[{n}]", table, ("name", "team"), "name")
        name = e.text("name", required=True, max_len=100)
        team = e.text("team", required=True, max_len=100)
        if team and team not in teams:
            e.fail(f"team {show(team)} is not declared in [[teams]]")
        if (team, name) in seen:
            e.fail(f"workbin {show(name)} of team {show(team)} is already declared by workbins[{seen[team, name]}]")
        elif name and team:
            seen[team, name] = n
    return tuple(seen)


def _contacts(problems: list[str], data: Mapping[str, Any], teams: list[str]) -> tuple[ContactDecl, ...]:
    seen: dict[str, int] = {}
    found = []
    known = ("name", "first_name", "last_name", "company", "emails", "phones", "team", "attributes")
    for n, table in enumerate(_entries(problems, data, "contacts"), 1):
        e = _Entry(problems, f"contacts[{n}]", table, known, "name")
        emails: list[str] = []
        for address in e.texts("emails", required=True):
            address = e.email("emails", address).lower()
            if address in seen:
                e.fail(f"emails: {show(address)} is already declared by contacts[{seen[address]}]"
                       if seen[address] != n else f"emails: {show(address)} is listed twice")
            else:
                seen[address] = n
                emails.append(address)
        team = e.optional_text("team", max_len=100)
        if team is not None and team not in teams:
            e.fail(f"team {show(team)} is not declared in [[teams]]")
        attributes = e.sub("attributes")
        if attributes is not None and not all(isinstance(v, str) for v in attributes.values()):
            e.fail("attributes must map names to strings, like { plan = \"Gold\" }")
        found.append(ContactDecl(
            name=e.text("name", required=True, max_len=200), emails=tuple(emails), phones=_phones(e),
            first_name=e.optional_text("first_name", max_len=100), last_name=e.optional_text("last_name", max_len=100),
            company=e.optional_text("company", max_len=200), team=team, attributes=attributes,
        ))
    return tuple(found)


def _phones(e: _Entry) -> tuple[tuple[str, str | None], ...] | None:
    if "phones" not in e.table:
        return None
    phones: list[tuple[str, str | None]] = []
    for item in e.table["phones"] if isinstance(e.table["phones"], list) else [e.table["phones"]]:
        if isinstance(item, str) and item.strip() and len(item) <= 50:
            phones.append((item.strip(), None))
        elif (isinstance(item, dict) and set(item) <= {"number", "label"} and isinstance(item.get("number"), str)
              and item["number"].strip() and isinstance(item.get("label", ""), str)):
            phones.append((item["number"].strip(), item.get("label") or None))
        else:
            e.fail(f'phones must list numbers ("+81 3 1234 5678") or tables {{ number = "…", label = "work" }}, '
                   f"not {show(item)}")
    return tuple(phones)

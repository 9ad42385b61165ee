"""``agentdesk admin``: declare the contact center from one TOML file, and show what is in force.

Both verbs act with the rights of the database connection (``--url``, else ``[routing] url``), not as
``[user]``: nobody needs to be signed in, so the first apply on an upgraded, empty database bootstraps it.
On PostgreSQL ``apply`` also makes every user's database login and the group roles (agentdesk.routing.security).
"""

from __future__ import annotations

import argparse
from typing import Any

from agentdesk.cli import admin_password
from agentdesk.cli.common import CliError, database, print_json
from agentdesk.routing.center import (
    CenterFileError,
    SchemaNotReady,
    apply_center,
    center_in_force,
    load_center_file,
)
from agentdesk.routing.security import RoleError

_URL_HELP = "database URL (default: [routing] url of the settings file); its rights are used, not [user]'s"


def register(sub: Any) -> None:
    parser = sub.add_parser("admin", help="apply or show the contact center's declaration (the center file)",
                            description="Declare the contact center in one TOML file and apply it; show what "
                                        "is in force. See docs/center-file.md for the format.")
    verbs = parser.add_subparsers(dest="admin_verb", metavar="ACTION", required=True)
    apply = verbs.add_parser(
        "apply", help="check a center file and make the routing database match it (idempotent)",
        description="Check the whole center file, then apply it in one transaction: entries are added or "
                    "updated; entries removed from the file are retired, never deleted; contacts are a seed. "
                    "An invalid file changes nothing. On PostgreSQL it also creates or updates each user's "
                    "database login and the router's (see docs/security.md); run it as the tables' owner "
                    "(with CREATEROLE) or a superuser.")
    apply.add_argument("file", metavar="CENTER_FILE", help="the center file (TOML)")
    apply.add_argument("--url", help=_URL_HELP)
    apply.add_argument("--dry-run", action="store_true", help="check and report what would change; change nothing")
    apply.set_defaults(handler=_apply)
    show = verbs.add_parser("show", help="print the contact center in force",
                            description="Print the options (defaults filled in), From addresses, teams, users, "
                                        "dispositions, standard responses and team workbins in force.")
    show.add_argument("--json", action="store_true", help="print JSON")
    show.add_argument("--all", action="store_true", help="include retired entries (with their retired_at)")
    show.add_argument("--url", help=_URL_HELP)
    show.set_defaults(handler=_show)
    admin_password.register(verbs, _URL_HELP)


def _apply(args: argparse.Namespace) -> int:
    try:
        decl = load_center_file(args.file)
    except CenterFileError as exc:
        raise CliError(str(exc)) from None
    db = database(args)
    try:
        report = apply_center(db, decl, dry_run=args.dry_run, roles=db.is_postgres)
    except (SchemaNotReady, RoleError) as exc:
        raise CliError(str(exc)) from None
    finally:
        db.dispose()
    if not report.changed:
        print(f"no changes: the routing database already matches {args.file}")
        return 0
    print(f"{'would apply (dry run, nothing changed)' if args.dry_run else 'applied'} {args.file} "
          f"(center {report.center!r}):")
    for line in report.lines():
        print(f"  {line}")
    return 0


def _show(args: argparse.Namespace) -> int:
    db = database(args)
    try:
        center = center_in_force(db, include_retired=args.all)
    except SchemaNotReady as exc:
        raise CliError(str(exc)) from None
    finally:
        db.dispose()
    if args.json:
        print_json(center)
        return 0
    _print_text(center)
    return 0


def _print_text(center: dict[str, Any]) -> None:
    def retired(entry: dict[str, Any]) -> str:
        return f"  [retired {entry['retired_at']:%Y-%m-%d}]" if entry.get("retired_at") else ""

    print(f"center: {center['center']['name']}")
    print("options:")
    for key, value in center["options"].items():
        print(f"  {key} = {value!r}")
    print("from addresses:")
    for f in center["from_addresses"]:
        default = "  (default)" if f["default"] else ""
        print(f"  {f['address']}  {f['display_name']}{default}{retired(f)}")
    print("teams: " + (", ".join(t["name"] + retired(t) for t in center["teams"]) or "none"))
    print("users:")
    for u in center["users"]:
        print(f"  {u['login']:<16} {u['role']:<6} {u['team'] or '-':<16} capacity {u['capacity']:<3} "
              f"{u['presence']:<10} {u['name']} <{u['email']}>{retired(u)}")
    print("dispositions: " + (", ".join(d["code"] + retired(d) for d in center["dispositions"]) or "none"))
    print("standard responses:")
    for r in center["standard_responses"]:
        print(f"  {r['name']}  [{r['language']}] {r['category']}{retired(r)}")
    print("team workbins: " + (", ".join(f"{w['team']}/{w['name']}{retired(w)}" for w in center["workbins"])
                               or "none"))
    print(f"contacts: {center['contacts']['count']}")

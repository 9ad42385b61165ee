"""``agentdesk db``: bring a routing database to the newest schema, or say where it stands."""

from __future__ import annotations

import argparse
from typing import Any

from agentdesk.cli.common import database
from agentdesk.routing import migrate


def register(sub: Any) -> None:
    parser = sub.add_parser("db", help="create or upgrade the routing database")
    verbs = parser.add_subparsers(dest="db_verb", metavar="ACTION", required=True)
    up = verbs.add_parser("upgrade", help="bring the database to the newest schema (idempotent)")
    up.add_argument("--url", help="database URL (default: [routing] url of the settings file)")
    up.set_defaults(handler=_upgrade)
    cur = verbs.add_parser("current", help="print the database's schema revision and the newest one")
    cur.add_argument("--url", help="database URL (default: [routing] url of the settings file)")
    cur.set_defaults(handler=_current)


def _upgrade(args: argparse.Namespace) -> int:
    db = database(args)
    try:
        before = migrate.current_revision(db)
        migrate.upgrade(db)
        after = migrate.current_revision(db)
    finally:
        db.dispose()
    if before == after:
        print(f"already at the newest schema ({after})")
    else:
        print(f"upgraded from {before or 'an empty database'} to {after}")
    return 0


def _current(args: argparse.Namespace) -> int:
    db = database(args)
    try:
        print(f"current: {migrate.current_revision(db) or 'none'}  newest: {migrate.head_revision()}")
    finally:
        db.dispose()
    return 0

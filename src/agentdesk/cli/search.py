"""``agentdesk search QUERY``: full-text search over the local cache, brought up to date first when possible.

When the routing database cannot be reached the local copy is searched as it is (said on stderr). With
``--local`` it is searched as it is without asking (what the desktop's cache follower last brought, as
``notmuch search`` searches its index without ``notmuch new``): no connection, no ORM, so a search as a new
process costs Python's start, the settings and the query, not the database layer's import.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from agentdesk.cache.search import SearchResult, SearchSyntaxError, search
from agentdesk.cache.store import CacheError, CacheStore, cache_path
from agentdesk.cli.common import CliError, add_as_option, print_json, settings, signed_in_login
from agentdesk.config import SecretError

if TYPE_CHECKING:
    from agentdesk.routing.db import Database


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "search", help="full-text search of the interactions you may see",
        description=(
            "Search subject, addresses, names, body and text attachments. Words must all occur; "
            '"a phrase"; from: to: subject: body: contact: attachment:; before:/after:YYYY-MM-DD; '
            "has:attachment; state: owner: team: case:; -word excludes; a OR b; word* for a prefix."
        ),
    )
    parser.add_argument("query", nargs="+", metavar="QUERY", help="the query (several arguments are joined)")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--limit", type=int, default=50, metavar="N", help="how many results (default 50)")
    parser.add_argument("--offset", type=int, default=0, metavar="N", help="skip the first N results")
    parser.add_argument("--newest", action="store_true", help="newest first instead of best match first")
    parser.add_argument("--local", action="store_true",
                        help="search the local copy as it is, without bringing it up to date from the routing "
                             "database first (quicker; what the desktop last brought)")
    parser.add_argument("--all", action="store_true", dest="wide",
                        help="search the whole routing database (everything you may see, not only the local "
                             "copy); needs the database, results newest first")
    parser.add_argument("--config", metavar="FILE", default=argparse.SUPPRESS, help="settings file")
    add_as_option(parser)
    parser.set_defaults(handler=run)


def _requote(arg: str) -> str:
    """An argument the shell unquoted (``subject:"big order"`` arrives as ``subject:big order``), requoted."""
    if not any(ch.isspace() for ch in arg) or '"' in arg:
        return arg
    head, sep, tail = arg.partition(":")
    if sep and head.isalpha() and not any(ch.isspace() for ch in head):
        return f'{head}:"{tail}"'
    return f'"{arg}"'


def _open_database(url: Any) -> Database:
    from sqlalchemy.engine import make_url

    from agentdesk.routing.db import Database

    parsed = make_url(url)
    if parsed.get_backend_name() == "postgresql":
        return Database(parsed, connect_args={"connect_timeout": 5})
    return Database(parsed)


def run(args: argparse.Namespace) -> int:
    if args.limit < 1:
        raise CliError("--limit must be at least 1")
    if args.offset < 0:
        raise CliError("--offset must not be negative")
    if args.local and args.wide:
        raise CliError("--local and --all cannot be used together: --all searches the routing database")
    query = " ".join(_requote(a) for a in args.query)
    config = settings(args)
    if args.local:
        _print(_search_local(config, signed_in_login(args), query, args), args)
        return 0
    try:
        db: Database | None = _open_database(config.routing.sqlalchemy_url())
    except SecretError as exc:
        if args.wide:
            raise CliError(f"cannot search the routing database: {exc}") from None
        print(f"agentdesk: offline: searching the local copy ({exc})", file=sys.stderr)
        db = None
    try:
        login = _login(args, db)
        if args.wide:
            assert db is not None
            _print(_search_wide(db, login, query, args), args)
            return 0
        if config.routing.is_team:
            _claim_cache(config.paths.data_dir, login)
        path = cache_path(config.paths.data_dir, login, config.routing.url)
        try:
            cache = CacheStore.open(path)
        except CacheError as exc:
            raise CliError(str(exc)) from None
        try:
            if db is not None:
                _sync(cache, db, login)
            try:
                result = search(cache, query, limit=args.limit, offset=args.offset, newest_first=args.newest)
            except SearchSyntaxError as exc:
                raise CliError(f"cannot search for {query!r}: {exc}") from None
        finally:
            cache.close()
    finally:
        if db is not None:
            db.dispose()
    _print(result, args)
    return 0


def _search_local(config: Any, login: str, query: str, args: argparse.Namespace) -> SearchResult:
    """``--local``: the cache of ``login`` searched as it is, opened read-only (nothing is created, checked or
    synced: a missing or unreadable copy is an error that says what to do)."""
    import sqlite3

    path = cache_path(config.paths.data_dir, login, config.routing.url)
    if not path.is_file():
        raise CliError(f"no local copy for {login} yet ({path}): search without --local, or open agentdesk once")
    try:
        cache = CacheStore.open_readonly(path)
    except (CacheError, sqlite3.Error) as exc:
        raise CliError(f"cannot read the local copy {path}: {exc} (search without --local to rebuild it)") from None
    try:
        return search(cache, query, limit=args.limit, offset=args.offset, newest_first=args.newest)
    except SearchSyntaxError as exc:
        raise CliError(f"cannot search for {query!r}: {exc}") from None
    except sqlite3.DatabaseError as exc:
        raise CliError(f"cannot read the local copy {path}: {exc} (search without --local to rebuild it)") from None
    finally:
        cache.close()


def _login(args: argparse.Namespace, db: Database | None) -> str:
    """The user the database signs in (team shape), else --as or [user] login; offline, the latter."""
    from sqlalchemy.exc import OperationalError

    if db is None:
        return signed_in_login(args)
    try:
        return signed_in_login(args, db)
    except OperationalError:
        if args.wide:
            raise
        return signed_in_login(args)  # the sync says the database is unreachable


def _claim_cache(data_dir: Any, login: str) -> None:
    """The desktop's cache becomes ``login``'s; another user's unsent work is never deleted silently."""
    from agentdesk.cache.owner import claim, unsent_work

    unsent = unsent_work(data_dir, login)
    if unsent:
        work = unsent[0]
        raise CliError(
            f"this desktop's local cache holds {work.drafts} unsent draft(s) and {work.waiting} waiting action(s) "
            f"of {work.login}; searching as {login} would delete them (a cache holds one user at a time). Open "
            f"agentdesk as {work.login} first so that they reach the routing database, or delete {work.path} to "
            "discard them")
    claim(data_dir, login)


def _search_wide(db: Database, login: str, query: str, args: argparse.Namespace) -> SearchResult:
    from sqlalchemy.exc import OperationalError

    from agentdesk.actions.context import ActionContext
    from agentdesk.actions.errors import ActionError
    from agentdesk.desk.wide import search_routing

    try:
        return search_routing(ActionContext(db, login), query, limit=args.limit, offset=args.offset)
    except SearchSyntaxError as exc:
        raise CliError(f"cannot search for {query!r}: {exc}") from None
    except ActionError as exc:
        raise CliError(exc.message) from None
    except OperationalError as exc:
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        raise CliError(f"cannot search the routing database: {reason} (without --all, the local copy is "
                       "searched)") from None


def _sync(cache: CacheStore, db: Database, login: str) -> None:
    from sqlalchemy.exc import OperationalError

    from agentdesk.cache.sync import SyncError, sync_from_routing

    try:
        sync_from_routing(cache, db, login)
    except OperationalError as exc:
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        print(f"agentdesk: offline: searching the local copy (the routing database: {reason})", file=sys.stderr)
    except SyncError as exc:
        raise CliError(str(exc)) from None


def _print(result: SearchResult, args: argparse.Namespace) -> None:
    if args.json:
        print_json({
            "total_estimate": result.total_estimate, "total_exact": result.total_exact,
            "ranked": result.ranked,
            "hits": [
                {"interaction_id": h.interaction_id, "subject": h.subject, "snippet": h.snippet,
                 "score": h.score, "received_at": h.received_at, "sender": h.sender, "state": h.state}
                for h in result.hits
            ],
        })
        return
    for h in result.hits:
        when = h.received_at.astimezone().strftime("%Y-%m-%d %H:%M") if h.received_at else " " * 16
        print(f"#{h.interaction_id:<7} {when}  {h.state:<9} {h.sender}  {h.subject}")
        print(f"          {h.snippet}")
    more = "" if result.total_exact else "+"
    shown = f"{args.offset + 1}–{args.offset + len(result.hits)}" if result.hits else "none"
    order = "best match first" if result.ranked else "newest first"
    print(f"{shown} of {result.total_estimate}{more} ({order})")

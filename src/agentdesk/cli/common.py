"""What every CLI verb shares: settings, the routing database, JSON output and error reporting."""

from __future__ import annotations

import argparse
import dataclasses
import json
import re
import sys
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from agentdesk.config import ConfigError, SecretError, Settings, load_settings

if TYPE_CHECKING:
    from agentdesk.routing.db import Database

#: exit statuses: 0 fine, 1 the action was refused, 2 bad usage, input or configuration
EXIT_REFUSED = 1
EXIT_USAGE = 2

Handler = Callable[[argparse.Namespace], int]


class CliError(Exception):
    """A problem the user must fix; printed as ``agentdesk: error: …`` with exit status 2."""


def settings(args: argparse.Namespace) -> Settings:
    try:
        return load_settings(getattr(args, "config", None))
    except ConfigError as exc:
        raise CliError(str(exc)) from None


def database(args: argparse.Namespace) -> Database:
    """The routing database: ``--url`` where the verb has it, else the settings file's ``[routing] url``."""
    from agentdesk.routing.db import Database

    url = getattr(args, "url", None)
    if url:
        return Database(url)
    try:
        return Database(settings(args).routing.sqlalchemy_url())
    except SecretError as exc:
        raise CliError(str(exc)) from None


def signed_in_login(args: argparse.Namespace, db: Database | None = None) -> str:
    """Who the verb acts as. On a team database where the connection is a user's own login, that user, and
    nobody else: a ``--as LOGIN`` or ``[user] login`` naming someone else is refused. Otherwise (SQLite, the
    owner's or a router's connection, or ``db`` None: offline) ``--as LOGIN`` where given, else ``[user] login``."""
    config = settings(args)
    as_login = getattr(args, "as_login", None)
    login = as_login or config.user.login
    if db is not None:
        from agentdesk.routing.signin import SignInRefused, resolve_login

        where = f"[user] login of {config.path}" if config.path else "[user] login"
        try:
            login = resolve_login(db, configured=config.user.login, as_login=as_login, configured_where=where)
        except SignInRefused as exc:
            raise CliError(str(exc)) from None
    if not login:
        raise CliError("nobody is signed in: give --as LOGIN or set [user] login in the settings file")
    return str(login)


def _default(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if isinstance(value, (set, tuple)):
        return list(value)
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def print_json(value: Any) -> None:
    """``value`` as JSON; control characters (which can only be inside strings) are written as ``\\u`` escapes,
    so that the text stays exact and prints safely."""
    text = json.dumps(value, ensure_ascii=False, indent=2, default=_default)
    sys.stdout.write(re.sub("[\x7f-\x9f]", lambda m: f"\\u{ord(m.group(0)):04x}", text) + "\n")


def add_as_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--as", dest="as_login", metavar="LOGIN",
                        help="act as this user (default: [user] login); on a team database only the owner's or a "
                             "router's connection may: a user's own database login acts as that user only")


# -- verbs that call an action as the signed-in user ---------------------------------------------------------

#: what a verb hands back: the data (printed by --json) and the text for a person
Outcome = tuple[Any, str]


def plain(value: Any) -> Any:
    """Dataclasses (and lists of them) as dicts, for JSON output."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def action_handler(verb: Callable[[Any, argparse.Namespace], Outcome]) -> Handler:
    """A handler that runs ``verb(ActionContext, args)`` as the signed-in user and prints its outcome."""

    def run(args: argparse.Namespace) -> int:
        from agentdesk.actions import ActionContext  # the CLI's light verbs (db, render) need no actions

        db = database(args)
        try:
            login = signed_in_login(args, db)
            data, text = verb(ActionContext(db, login), args)
        finally:
            db.dispose()
        if getattr(args, "json", False):
            print_json(plain(data))
        elif text:
            print(text)
        return 0

    return run


def add_action_verb(verbs: Any, name: str, help_text: str, verb: Callable[[Any, argparse.Namespace], Outcome],
                    description: str | None = None) -> argparse.ArgumentParser:
    """Add a sub-command with ``--as`` and ``--json`` that runs ``verb`` through :func:`action_handler`."""
    parser: argparse.ArgumentParser = verbs.add_parser(name, help=help_text, description=description or help_text)
    add_as_option(parser)
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.set_defaults(handler=action_handler(verb))
    return parser

"""``agentdesk admin password LOGIN``: set a user's database password (team shape), never from an argument.

The password is read with ``getpass`` (asked twice) when standard input is a terminal, else as the first line
of standard input (scripts: ``agentdesk admin password sato < file``). It is hashed here (SCRAM-SHA-256) and set
with the rights of the connection: the tables' owner for anyone, or a user's own login for themselves.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import Any

from agentdesk.cli.common import CliError, database
from agentdesk.routing.passwords import PasswordError, set_password


def register(verbs: Any, url_help: str) -> None:
    parser = verbs.add_parser(
        "password", help="set a user's database password (team shape; asked, or read from standard input)",
        description="Set the PostgreSQL password of user LOGIN's database login, as a SCRAM-SHA-256 verifier "
                    "computed here: the password never travels or reaches a log in clear. It is asked twice on "
                    "a terminal, else read from the first line of standard input; it is never an argument. Run "
                    "it as the tables' owner (any user), or with a user's own connection (their own password).")
    parser.add_argument("login", metavar="LOGIN", help="the user's login (as in the center file)")
    parser.add_argument("--url", help=url_help)
    parser.set_defaults(handler=_password)


def read_password(login: str) -> str:
    """From the terminal (twice, compared) or the first line of standard input."""
    if sys.stdin is not None and sys.stdin.isatty():
        first = getpass.getpass(f"new database password for {login}: ")
        if not first:
            raise CliError("the password is empty: nothing changed")
        if getpass.getpass("again: ") != first:
            raise CliError("the two passwords differ: nothing changed")
        return first
    line = sys.stdin.readline() if sys.stdin is not None else ""
    password = line.removesuffix("\n").removesuffix("\r")
    if not password:
        raise CliError("no password on standard input (its first line is the password): nothing changed")
    return password


def _password(args: argparse.Namespace) -> int:
    password = read_password(args.login)
    db = database(args)
    try:
        done = set_password(db, args.login, password)
    except PasswordError as exc:
        raise CliError(str(exc)) from None
    finally:
        db.dispose()
    print(f"password of {done.login} set (database login {done.role}, SCRAM-SHA-256); a desktop that kept the "
          "old one asks for the new one at its next sign-in")
    return 0

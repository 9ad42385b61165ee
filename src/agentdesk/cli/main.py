"""``agentdesk``: the one console script. With no verb it opens the desktop; each verb is a module here."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Sequence

from agentdesk.cli.common import EXIT_REFUSED, EXIT_USAGE, CliError
from agentdesk.cli.terminal import closed_pipe, safe_output

#: what to check, by what libpq said (agentdesk.routing.signin.classify_connect_error); docs/security.md
_CONNECT_HINTS = {
    "auth": " (the login was refused: check the URL's user, your own database login, and the password: the OS "
            "keyring, password_env, PGPASSWORD or ~/.pgpass)",
    "tls": " (no TLS: the team shape asks for sslmode=verify-full unless the URL names a mode; only a database "
           "on this machine may say sslmode=disable)",
    "certificate": " (the server's certificate: name its authority with sslrootcert=FILE, or sslrootcert=system, "
                   "in the URL, and connect by the name the certificate carries)",
}

#: modules under agentdesk.cli that each define ``register(subparsers)``
VERB_MODULES = ("db", "admin", "interactions", "router", "relay", "render", "search", "outbox_verbs", "demo")
#: the verb each module registers: a command names its verb, and only that module is imported (each pulls in
#: its own part of agentdesk; all of them cost a router pass with nothing to do most of its time)
VERBS = {"db": "db", "admin": "admin", "interactions": "interactions", "router": "router", "relay": "relay", "render": "render",
         "search": "search", "outbox": "outbox_verbs", "demo": "demo"}
#: options of the top-level parser that take a value
_VALUED = ("--config",)


def verb_modules(argv: Sequence[str]) -> tuple[str, ...]:
    """The modules to register for ``argv``: the named verb's only; all of them for help or an unknown verb (so
    that argparse can list them); none when no verb is named: the desktop opens, and importing every verb (the
    migrations' Alembic, the center file's checks …) cost its start a good part of its second."""
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg in _VALUED:
            skip = True
        elif arg == "--":
            break
        elif arg in ("-h", "--help"):
            return VERB_MODULES
        elif not arg.startswith("-"):
            module = VERBS.get(arg)
            return (module,) if module is not None else VERB_MODULES
    return ()


class _Version(argparse.Action):
    """``--version``: the version is looked up only when asked (reading the package metadata costs every other
    command tens of milliseconds)."""

    def __init__(self, option_strings: Sequence[str], dest: str = argparse.SUPPRESS,
                 default: str = argparse.SUPPRESS, help: str = "show program's version number and exit") -> None:
        super().__init__(option_strings=option_strings, dest=dest, default=default, nargs=0, help=help)

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: object,
                 option_string: str | None = None) -> None:
        from agentdesk import __version__

        print(f"agentdesk {__version__}")
        parser.exit()


def build_parser(modules: Sequence[str] = VERB_MODULES) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="agentdesk",
        description=(
            "agentdesk: the contact-center agent's desktop for customer email. "
            "Run with no verb to open the desktop."
        ),
    )
    parser.add_argument("--version", action=_Version)
    parser.add_argument("--config", metavar="FILE", help="settings file (default: $AGENTDESK_CONFIG, then the user's)")
    sub = parser.add_subparsers(dest="verb", metavar="VERB")
    for name in modules:
        module = importlib.import_module(f"agentdesk.cli.{name}")
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser(verb_modules(sys.argv[1:] if argv is None else argv))
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", None)
    if handler is None and getattr(args, "verb", None) is None:
        from agentdesk.cli import gui  # no verb: open the desktop

        return _run(gui.launch, args)  # the desktop's own output is left as it is
    if handler is None:
        parser.print_help()
        return 0
    with safe_output():
        return _run(handler, args)


def _run(handler: Callable[[argparse.Namespace], int], args: argparse.Namespace) -> int:
    """Run a verb's handler; every error it reports is printed once, here (customer text made printable)."""
    try:
        status = int(handler(args))
        sys.stdout.flush()  # here, so that a reader gone away is noticed while it can be handled
        return status
    except BrokenPipeError:  # the reader of our output went away (``… | head -1``): nothing left to say
        return closed_pipe()
    except CliError as exc:
        print(f"agentdesk: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        reported = _reported(exc)
        if reported is None:
            raise
        return reported


def _reported(exc: Exception) -> int | None:
    """Print a database or action error once and return its exit status; None for anything else. The database
    layer and the actions are imported only by the verbs that use them (a search of the local copy needs
    neither), so their errors can only have been raised where their modules are loaded."""
    if "sqlalchemy.exc" in sys.modules:
        from sqlalchemy.exc import DBAPIError, OperationalError

        if isinstance(exc, OperationalError):
            from agentdesk.routing.signin import classify_connect_error

            reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
            hint = _CONNECT_HINTS.get(classify_connect_error(exc).kind, "")
            print(f"agentdesk: error: cannot reach the routing database: {reason}{hint}", file=sys.stderr)
            return EXIT_USAGE
        if isinstance(exc, DBAPIError):  # the database itself refused (a grant, a row-level policy, a trigger)
            reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc).splitlines()[0]
            code = getattr(exc.orig, "sqlstate", None) or "database"
            print(f"agentdesk: refused by the database ({code}): {reason}", file=sys.stderr)
            return EXIT_REFUSED
    if "agentdesk.actions.errors" in sys.modules:
        from agentdesk.actions.errors import ActionError

        if isinstance(exc, ActionError):
            print(f"agentdesk: refused ({exc.code}): {exc.message}", file=sys.stderr)
            return EXIT_REFUSED
    return None


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

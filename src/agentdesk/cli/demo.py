"""``agentdesk demo [--reset]``: the real desktop on a throwaway folder, with mail servers on loopback and an
invented contact center whose customers keep writing (see README, "The demo").

Nothing is imported from Qt or the demo until the verb runs, so ``agentdesk --help`` stays light.
"""

from __future__ import annotations

import argparse
from typing import Any

from agentdesk.cli.common import CliError


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "demo", help="open the desktop on an invented contact center, with its own mail servers",
        description="Open agentdesk on a throwaway demo folder (\"demo\" in your data folder): an invented, "
                    "bilingual contact center, an IMAP and an SMTP server on 127.0.0.1 inside this process, and "
                    "customers who write about once a minute. Your own settings, keyring and data are not "
                    "touched. Demo > Switch user lets you be the team lead and approve a reply.",
    )
    parser.add_argument("--reset", action="store_true", help="delete the demo folder first and start over")
    parser.add_argument("--language", choices=("en", "ja"), help="the desktop's language (default: the OS's)")
    parser.add_argument("--interval", type=float, default=None, metavar="SECONDS",
                        help="seconds between two customer emails (default 60)")
    parser.set_defaults(handler=_run)


def _run(args: argparse.Namespace) -> int:
    from agentdesk.demo.world import DemoError

    interval = args.interval
    if interval is not None and not 1 <= interval <= 86400:
        raise CliError(f"--interval must be from 1 to 86400 seconds, not {interval:g}")
    try:
        from agentdesk.demo.desktop import run
    except ImportError as exc:  # pymap missing from a hand-made environment
        raise CliError(f"the demo needs a package that is not installed: {exc.name or exc}") from None
    try:
        return run(reset_first=args.reset, language=args.language, interval=interval)
    except DemoError as exc:
        raise CliError(str(exc)) from None
    except OSError as exc:
        raise CliError(f"the demo cannot start: {exc}") from None

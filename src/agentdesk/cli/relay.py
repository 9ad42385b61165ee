"""``agentdesk relay``: the wake-up relay beside the router (:mod:`agentdesk.desk.relay`).

It holds one direct connection to the team's PostgreSQL (the settings file's ``[routing] url``, as the router's:
never through the pooler, which does not carry LISTEN), listens for committed changes and tells each desktop
concerned, over TCP on ``--listen`` (default ``0.0.0.0:7432``), to read its change log now. Desktops name it in
``[routing] relay``. It logs to ``relay.log`` in the platformdirs log folder and to stderr; SIGTERM or Ctrl-C
stop it.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
from types import FrameType
from typing import Any

from agentdesk.cli.common import CliError, settings
from agentdesk.config.secrets import SecretError
from agentdesk.config.settings import RELAY_PORT, parse_address

log = logging.getLogger("agentdesk.relay")


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "relay", help="tell desktops behind a pooler when to read their change feed",
        description="Listen to the team database's changes on one direct connection and hint the desktops "
                    "concerned over TCP, so that behind PgBouncer they read at once instead of every second.",
    )
    parser.add_argument("--listen", metavar="HOST:PORT", default=f"0.0.0.0:{RELAY_PORT}",
                        help=f"where desktops connect (default 0.0.0.0:{RELAY_PORT})")
    parser.add_argument("--config", metavar="FILE", default=argparse.SUPPRESS,
                        help="settings file (default: $AGENTDESK_CONFIG, then the user's)")
    parser.add_argument("-v", "--verbose", action="store_true", help="log debugging detail too")
    parser.set_defaults(handler=_run)


def _run(args: argparse.Namespace) -> int:
    from agentdesk.desk.relay import Relay

    config = settings(args)
    if not config.routing.is_team:
        raise CliError(f"{config.path or 'the settings file'}: the relay serves a team's PostgreSQL database; "
                       "[routing] url names none")
    if config.routing.pooled:
        raise CliError(f"{config.path or 'the settings file'}: [routing] pooled = true: the relay needs a direct "
                       "connection to PostgreSQL (a pooler does not carry LISTEN); give it the router's settings")
    try:
        host, port = parse_address(args.listen)
    except ValueError as exc:
        raise CliError(f"--listen: {exc}") from None
    try:
        url = config.routing.sqlalchemy_url()
    except SecretError as exc:
        raise CliError(str(exc)) from None
    log_dir = config.paths.log_dir
    log_dir.mkdir(parents=True, exist_ok=True)
    fmt = logging.Formatter(f"%(asctime)s relay[{os.getpid()}] %(levelname)s %(name)s: %(message)s")
    handlers: list[logging.Handler] = [logging.FileHandler(log_dir / "relay.log", encoding="utf-8"),
                                       logging.StreamHandler(sys.stderr)]
    root = logging.getLogger("agentdesk")
    root.setLevel(logging.DEBUG if getattr(args, "verbose", False) else logging.INFO)
    for handler in handlers:
        handler.setFormatter(fmt)
        root.addHandler(handler)
    relay = Relay(url, host, port)

    def on_signal(signum: int, _frame: FrameType | None) -> None:
        log.info("%s received: stopping", signal.Signals(signum).name)
        relay.stop()

    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        try:
            relay.run()
        except OSError as exc:
            raise CliError(f"the relay cannot listen on {host}:{port}: {exc.strerror or exc}") from None
        log.info("relay stopped")
        return 0
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)
        for handler in handlers:
            root.removeHandler(handler)
            handler.close()

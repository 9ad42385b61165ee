"""``agentdesk router [--once]``: the headless service that ingests every mailbox, routes and sends.

It logs to ``router.log`` in the platformdirs log folder and to stderr. SIGTERM (or Ctrl-C) stops it after the
step in hand. Several instances may run against one routing database: writes of a mailbox are serialised in
the database and every message is stored once. ``--once`` does one full pass; its exit status is 0 when every
mailbox synced, 1 when one could not be (the log says why), 2 for a configuration error. Before a ``--once``
pass, :func:`agentdesk.routing.quick.nothing_to_do` asks the database and the servers whether there is anything to
do at all, without importing SQLAlchemy, the models or the engine: a router run every minute by a timer costs
little when no mail came.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
import time
from types import FrameType
from typing import TYPE_CHECKING, Any

from agentdesk.cli.common import EXIT_REFUSED, CliError, database, settings
from agentdesk.config import ConfigError
from agentdesk.config.mailboxes import mailboxes_from_settings

if TYPE_CHECKING:
    from agentdesk.routing.engine import Housekeeping

log = logging.getLogger("agentdesk.router")


def housekeeping() -> dict[str, Housekeeping]:
    """What the router does on every pass besides ingest, routing and sending."""
    from agentdesk.actions.transfer import expire_transfer_offers
    from agentdesk.routing.changes import prune_now_and_then

    return {"transfer offers": expire_transfer_offers, "change log": prune_now_and_then}


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "router", help="run mailbox ingest, routing and the outbox as a service",
        description="Ingest every configured mailbox, route queued interactions and send the outbox.",
    )
    parser.add_argument("--once", action="store_true", help="do one full pass and exit")
    parser.add_argument("--config", metavar="FILE", default=argparse.SUPPRESS,
                        help="settings file (default: $AGENTDESK_CONFIG, then the user's)")
    parser.add_argument("-v", "--verbose", action="store_true", help="log debugging detail too")
    parser.set_defaults(handler=_run)
    from agentdesk.cli import router_signin

    router_signin.register(parser.add_subparsers(dest="router_verb", metavar="{sign-in,sign-in-status,sign-out}"))


def _setup_logging(log_dir: Any, verbose: bool) -> list[logging.Handler]:
    log_dir.mkdir(parents=True, exist_ok=True)
    fmt = logging.Formatter(f"%(asctime)s router[{os.getpid()}] %(levelname)s %(name)s: %(message)s")
    file_handler = logging.FileHandler(log_dir / "router.log", encoding="utf-8")
    file_handler.setFormatter(fmt)
    stream = logging.StreamHandler(sys.stderr)
    stream.setFormatter(fmt)
    root = logging.getLogger("agentdesk")
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    root.addHandler(file_handler)
    root.addHandler(stream)
    return [file_handler, stream]


def _warn_signed_out(mailboxes: Any) -> None:
    """Say at start-up which OAuth 2.0 mailboxes wait for a person to sign in (their mail stays queued)."""
    for mailbox in mailboxes:
        if mailbox.oauth is None or mailbox.oauth.app_only:
            continue
        from agentdesk.mail.oauth import sign_in_state

        try:
            state = sign_in_state(mailbox.oauth)
        except Exception as exc:  # an unreadable keyring: the mailbox's own errors will say more
            log.warning("mailbox %s: its sign-in cannot be read: %s", mailbox.name, exc)
            continue
        if state.needs_sign_in:
            log.warning("mailbox %s: sign in again%s: run agentdesk router sign-in --mailbox %s (its mail waits "
                        "in the outbox)", mailbox.name, f" ({state.reason})" if state.reason else "", mailbox.name)


def _run(args: argparse.Namespace) -> int:
    config = settings(args)
    try:
        mailboxes = mailboxes_from_settings(config)
    except ConfigError as exc:
        raise CliError(str(exc)) from None
    if not mailboxes:
        raise CliError(f"{config.path or 'the settings file'}: no [[mailboxes]] are configured")
    handlers = _setup_logging(config.paths.log_dir, getattr(args, "verbose", False))
    if args.once:
        from agentdesk.routing.quick import nothing_to_do

        started = time.perf_counter()
        if nothing_to_do(config.routing.url, mailboxes):
            log.info("pass done in %.3f s: nothing new (quick check)", time.perf_counter() - started)
            _drop_handlers(handlers)
            return 0
    from agentdesk.routing.engine import Engine

    db = database(args)

    def progress(name: str, done: int, total: int) -> None:
        if total:
            log.info("%s: %d/%d messages", name, done, total)

    _warn_signed_out(mailboxes)
    engine = Engine(db, mailboxes, progress=progress, housekeeping=housekeeping())

    def on_signal(signum: int, _frame: FrameType | None) -> None:
        log.info("%s received: stopping after the step in hand", signal.Signals(signum).name)
        engine.stop()

    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        if args.once:
            started = time.perf_counter()
            report = engine.run_once()
            log.info("pass done in %.3f s: %d ingested, %d duplicates skipped, %d transfer offers expired%s",
                     time.perf_counter() - started, report.ingested,
                     sum(r.duplicates for r in report.synced.values()),
                     report.housekeeping.get("transfer offers") or 0,
                     "; errors: " + "; ".join(report.errors.values()) if report.errors else "")
            return EXIT_REFUSED if report.errors else 0
        log.info("router started for %s", ", ".join(m.name for m in mailboxes))
        engine.run_forever()
        log.info("router stopped")
        return 0
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)
        _drop_handlers(handlers)
        db.dispose()


def _drop_handlers(handlers: list[logging.Handler]) -> None:
    for handler in handlers:
        logging.getLogger("agentdesk").removeHandler(handler)
        handler.close()

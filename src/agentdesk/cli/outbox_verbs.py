"""``agentdesk outbox``: what is waiting to go out, taking a sent reply back, and deciding on *uncertain* sends.

Each verb calls the same action as the desktop (``agentdesk.actions.outbox``), as ``--as LOGIN`` or the
settings' user. ``check`` searches the mailbox's Sent folder with the settings file's ``[[mailboxes]]`` (its
IMAP password from the keyring or ``password_env``) — only where that folder can tell, i.e. the mailbox's server
files what it takes there; elsewhere it says plainly that no search can answer.
"""

from __future__ import annotations

import argparse
import dataclasses
from collections.abc import Callable
from datetime import datetime
from typing import Any

from agentdesk.actions import ActionContext
from agentdesk.actions import outbox as actions
from agentdesk.cli.common import (
    CliError,
    Handler,
    add_as_option,
    database,
    print_json,
    settings,
    signed_in_login,
)
from agentdesk.config import ConfigError
from agentdesk.config.mailboxes import MailboxSettings, mailboxes_from_settings

Outcome = tuple[Any, str]
Verb = Callable[[ActionContext, argparse.Namespace], Outcome]


def _handler(verb: Verb) -> Handler:
    def run(args: argparse.Namespace) -> int:
        db = database(args)
        try:
            login = signed_in_login(args, db)
            data, text = verb(ActionContext(db, login), args)
        finally:
            db.dispose()
        if getattr(args, "json", False):
            print_json(data)
        elif text:
            print(text)
        return 0

    return run


def _add(verbs: Any, name: str, help_text: str, verb: Verb, *, description: str | None = None,
         json_output: bool = True) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = verbs.add_parser(name, help=help_text, description=description or help_text)
    add_as_option(parser)
    if json_output:
        parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.set_defaults(handler=_handler(verb))
    return parser


def _when(value: datetime | None) -> str:
    return value.astimezone().strftime("%Y-%m-%d %H:%M:%S") if value is not None else "-"


def _found(value: bool | None) -> str:
    return {True: "found", False: "not found", None: "not searched"}[value]


def _uncertain(v: actions.OutboxView) -> str:
    """What an agent needs to know about an uncertain message, in one sentence."""
    decide = f"agentdesk outbox decide {v.interaction_id} --was-sent | --send-again"
    if v.decided_at is not None:
        return (f"the server files what it takes in the Sent folder: looked up there at {_when(v.decided_at)} and "
                f"sent again only if it is not there (or decide now: {decide})")
    if not v.sent_folder_can_tell:
        return f"the server cannot tell whether it took it (no search can answer): decide with {decide}"
    return f"Sent folder: {_found(v.found_in_sent)}; decide with {decide}"


def _line(v: actions.OutboxView) -> str:
    extra = ""
    if v.can_take_back:
        extra = f"  can be taken back until {_when(v.not_before)}"
    elif v.state == "uncertain":
        extra = f"  {_uncertain(v)}"
    elif v.state == "sent" and v.sent_copy_error:
        extra = f"  {v.sent_copy_error} (tried again at each pass)"
    elif v.last_error:
        extra = f"  {v.last_error}"
    return f"{v.interaction_id:>6}  {v.state:<10} {v.owner_login or '-':<10} {', '.join(v.to):<30} {v.subject}{extra}"


# -- verbs ----------------------------------------------------------------------------------------------------

def _list(ctx: ActionContext, args: argparse.Namespace) -> Outcome:
    states = tuple(args.state) if args.state else actions.OPEN_STATES
    rows = actions.list_outbox(ctx, states=states, mine=args.mine)
    return ([dataclasses.asdict(r) | {"sent_folder_can_tell": r.sent_folder_can_tell, "decided_at": r.decided_at}
             for r in rows],
            "\n".join(_line(r) for r in rows) or f"nothing in the outbox ({', '.join(states)})")


def _show(ctx: ActionContext, args: argparse.Namespace) -> Outcome:
    v = actions.outbox_entry(ctx, args.id)
    lines = [f"Interaction {v.interaction_id} · outbox {v.state} · {v.subject}",
             f"To:          {', '.join(v.to)}", f"Message-ID:  {v.message_id}", f"Attempts:    {v.attempts}",
             f"Queued:      {_when(v.created_at)}", f"Not before:  {_when(v.not_before)}"
             + ("  (can still be taken back)" if v.can_take_back else ""),
             f"Sent:        {_when(v.sent_at)}"]
    if v.last_error:
        lines.append(f"Last error:  {v.last_error}")
    if v.step:
        lines.append(f"Last step:   {v.step}")
    if v.state == "uncertain":
        lines.append(f"Uncertain:   {_uncertain(v)}")
    if v.sent_copy:
        lines.append(f"Sent copy:   {v.sent_copy}" + (f" — {v.sent_copy_error}" if v.sent_copy_error else ""))
    data = dataclasses.asdict(v) | {"sent_folder_can_tell": v.sent_folder_can_tell, "decided_at": v.decided_at}
    return data, "\n".join(lines)


def _take_back(ctx: ActionContext, args: argparse.Namespace) -> Outcome:
    state = actions.take_back(ctx, args.id)
    return ({"interaction_id": args.id, "state": state},
            f"interaction {args.id} taken back: it is a draft again (send it again when it is ready)")


def _schedule(ctx: ActionContext, args: argparse.Namespace) -> Outcome:
    try:
        at = datetime.fromisoformat(args.at)
    except ValueError:
        raise CliError(f"--at {args.at!r} is not a date and time such as 2026-12-01T09:00+09:00") from None
    if at.tzinfo is None:
        at = at.astimezone()  # the local time zone
    when = actions.schedule(ctx, args.id, at)
    return ({"interaction_id": args.id, "not_before": when},
            f"interaction {args.id} will be sent at {_when(when)} (held if the customer writes again first)")


def _configured(args: argparse.Namespace) -> dict[str, MailboxSettings]:
    try:
        return {m.name: m for m in mailboxes_from_settings(settings(args))}
    except ConfigError as exc:
        raise CliError(str(exc)) from None


def _check(ctx: ActionContext, args: argparse.Namespace) -> Outcome:
    from agentdesk.routing.sender import sent_folder_has  # imports the mail stack only when needed

    configured = _configured(args)

    def search(mailbox: str | None, message_id: str) -> bool:
        found = configured.get(mailbox or "")
        if found is None:
            raise LookupError(f"mailbox {mailbox!r} is not configured in the settings file, so its Sent folder "
                              "cannot be searched here")
        return sent_folder_has(found, message_id)

    result = actions.check_sent_folder(ctx, args.id, search)
    now = f"{_found(result.found)} now" if result.error is None else f"could not be searched now: {result.error}"
    text = "\n".join([
        f"Interaction {result.interaction_id}: uncertain: the server may or may not have taken it.",
        f"Sent folder of mailbox {result.mailbox!r}, Message-ID {result.message_id}:",
        f"  {_found(result.earlier)} when it happened; {now}.",
        f"Decide with: agentdesk outbox decide {result.interaction_id} --was-sent | --send-again",
    ])
    return dataclasses.asdict(result), text


def _decide(ctx: ActionContext, args: argparse.Namespace) -> Outcome:
    decision = "sent" if args.was_sent else "resend"
    state = actions.decide_uncertain(ctx, args.id, decision)
    text = (f"interaction {args.id}: recorded as sent" if state == "sent" else
            f"interaction {args.id}: queued to be sent again (not sent if the Sent folder already holds it)")
    return {"interaction_id": args.id, "decision": decision, "state": state}, text


# -- the parser -----------------------------------------------------------------------------------------------

def register(sub: Any) -> None:
    parser = sub.add_parser(
        "outbox", help="outbound email waiting to go out: take one back, decide on uncertain sends",
        description="What is in the outbox; take a sent reply back inside its undo window; decide on a message "
                    "whose fate the sender could not know (uncertain).",
    )
    verbs = parser.add_subparsers(dest="outbox_verb", metavar="ACTION", required=True)

    p = _add(verbs, "list", "outbox messages of my team not yet finished (queued, sending, uncertain, failed)", _list)
    p.add_argument("--state", action="append", choices=actions.STATES, help="only this state (repeatable)")
    p.add_argument("--mine", action="store_true", help="only my own messages")

    p = _add(verbs, "show", "one outbound email's place in the outbox", _show)
    p.add_argument("id", type=int, metavar="ID", help="the outbound interaction")

    p = _add(verbs, "take-back", "take a sent reply back while its undo window is open (it becomes a draft)",
             _take_back)
    p.add_argument("id", type=int, metavar="ID", help="the outbound interaction")

    p = _add(verbs, "schedule", "send a reply later, while it still waits in its undo window", _schedule,
             description="Move a message still waiting in its undo window to a later time. A reply scheduled so "
                         "is held (not sent) if the customer writes again first.")
    p.add_argument("id", type=int, metavar="ID", help="the outbound interaction")
    p.add_argument("--at", required=True, metavar="WHEN",
                   help="ISO 8601 date and time (local time zone unless it says one), e.g. 2026-12-01T09:00")

    p = _add(verbs, "check", "search the Sent folder for an uncertain message", _check,
             description="Search the mailbox's Sent folder for an uncertain message's Message-ID (with the settings "
                         "file's [[mailboxes]]), beside what the sender found when it happened. Only where the "
                         "mailbox's server files what it takes there (server_files_sent): elsewhere the folder "
                         "cannot tell, and the command says so.")
    p.add_argument("id", type=int, metavar="ID", help="the outbound interaction")

    p = _add(verbs, "decide", "decide on an uncertain message: it was sent, or send it again", _decide)
    p.add_argument("id", type=int, metavar="ID", help="the outbound interaction")
    choice = p.add_mutually_exclusive_group(required=True)
    choice.add_argument("--was-sent", action="store_true", help="it reached the customer: record it as sent")
    choice.add_argument("--send-again", action="store_true",
                        help="send it again (same Message-ID; skipped if the Sent folder already holds it)")

"""``agentdesk interactions`` verbs for outbound email: reply, forward, new email, drafts, send, QA review,
standard responses. Each calls the same action as the desktop, as ``--as LOGIN`` or the settings' user."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from agentdesk.actions import ActionContext, drafts, forward, outbound, review, templates
from agentdesk.cli.common import CliError, Outcome, add_action_verb

Verb = Callable[[ActionContext, argparse.Namespace], Outcome]



def _read_text(path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8") if path != "-" else sys.stdin.read()
    except (OSError, UnicodeDecodeError) as exc:
        raise CliError(f"cannot read {path}: {exc}") from None


# -- verbs ----------------------------------------------------------------------------------------------------

def _reply(ctx: ActionContext, args: argparse.Namespace) -> Outcome:
    oid = outbound.reply(ctx, args.id, reply_all=args.all, text=args.text, response=args.response)
    return {"outbound_id": oid, "interaction_id": args.id}, f"draft {oid}: reply to interaction {args.id} (in Drafts)"


def _forward(ctx: ActionContext, args: argparse.Namespace) -> Outcome:
    fid = forward.forward(ctx, args.id, mode=args.mode, to=args.to, cc=args.cc or (),
                          instructions=args.instructions or "")
    return ({"outbound_id": fid, "interaction_id": args.id},
            f"forward {fid}: interaction {args.id} to {', '.join(args.to)} (in In Progress; send it with "
            f"complete-forward {fid})")


def _complete_forward(ctx: ActionContext, args: argparse.Namespace) -> Outcome:
    state = forward.complete_forward(ctx, args.id, confirm_checks=args.confirm or ())
    return {"outbound_id": args.id, "state": state}, f"forward {args.id}: {_sent_text(state)}"


def _new_email(ctx: ActionContext, args: argparse.Namespace) -> Outcome:
    oid = outbound.new_email(ctx, contact_id=args.contact, to=args.to or [], cc=args.cc or [],
                             subject=args.subject or "", text=args.text or "")
    return {"outbound_id": oid}, f"draft {oid}: new email (in Drafts)"


def _draft(ctx: ActionContext, args: argparse.Namespace) -> Outcome:
    text = _read_text(args.text_file) if args.text_file else args.text
    changed = drafts.save_draft(ctx, args.id, to=args.to, cc=args.cc, bcc=args.bcc, subject=args.subject, text=text,
                                from_addr=args.from_addr, instructions=args.instructions)
    return ({"outbound_id": args.id, "changed": changed},
            f"draft {args.id}: saved ({', '.join(changed)})" if changed else f"draft {args.id}: nothing changed")


def _delete_draft(ctx: ActionContext, args: argparse.Namespace) -> Outcome:
    drafts.delete_draft(ctx, args.id)
    return {"outbound_id": args.id, "state": "done"}, f"draft {args.id} deleted"


def _sent_text(state: str) -> str:
    return "waiting for QA review" if state == "review" else "handed to the outbox"


def _send(ctx: ActionContext, args: argparse.Namespace) -> Outcome:
    confirm = [*(args.confirm or ()), *(["empty_body"] if args.allow_empty else [])]
    state = outbound.send(ctx, args.id, confirm_checks=confirm)
    return {"outbound_id": args.id, "state": state}, f"outbound email {args.id}: {_sent_text(state)}"


def _review_queue(ctx: ActionContext, args: argparse.Namespace) -> Outcome:
    items = review.review_queue(ctx)
    lines = [f"{i.outbound_id:>6}  round {i.round_no}  {i.author_login:<10} {i.submitted_at.astimezone():%Y-%m-%d %H:%M}"
             f"  {i.subject}" for i in items]
    return items, "\n".join(lines) or "nothing is waiting for review"


def _review(ctx: ActionContext, args: argparse.Namespace) -> Outcome:
    d = review.review_detail(ctx, args.id)
    lines = [f"Outbound email {d.outbound_id} · {d.state} · by {d.author_login or '-'}", f"To: {', '.join(d.to)}",
             f"Subject: {d.subject}"]
    for r in d.rounds:
        lines.append(f"Round {r.round_no}: {r.decision or 'waiting'}" + (f" by {r.reviewer}" if r.reviewer else "")
                     + (f" — {r.note}" if r.note else ""))
    marks = {"equal": "{}", "insert": "[+{}+]", "delete": "[-{}-]"}
    lines += ["", "".join(marks[op].format(text) for op, text in d.redline)]
    return d, "\n".join(lines)


def _approve(ctx: ActionContext, args: argparse.Namespace) -> Outcome:
    text = _read_text(args.text) if args.text else None
    state = review.approve(ctx, args.id, edited_text=text, edited_subject=args.subject, note=args.note)
    return {"outbound_id": args.id, "state": state}, f"outbound email {args.id} approved: {_sent_text(state)}"


def _reject(ctx: ActionContext, args: argparse.Namespace) -> Outcome:
    review.reject(ctx, args.id, args.note)
    return {"outbound_id": args.id, "state": "rejected"}, f"outbound email {args.id} rejected: back to its author"


def _responses(ctx: ActionContext, args: argparse.Namespace) -> Outcome:
    rows = templates.list_responses(ctx, text=args.text, category=args.category, language=args.language)
    lines = [f"{r.name:<20} {r.category:<16} {r.language:<4} {r.subject}" for r in rows]
    return rows, "\n".join(lines) or "no standard responses"


# -- the parser -----------------------------------------------------------------------------------------------

def _confirm(p: argparse.ArgumentParser) -> None:
    p.add_argument("--confirm", action="extend", nargs="+", metavar="CODE",
                   help="go ahead despite these pre-send checks: " + ", ".join((*outbound.CHECKS, outbound.COLLISION)))


def register(verbs: Any) -> None:
    """Add the outbound verbs to the ``interactions`` parser."""
    p = add_action_verb(verbs, "reply", "start a reply to an inbound email (a draft in my Drafts)", _reply,
             description="Start a reply (or reply all) to an inbound email I hold: a draft with the original quoted, "
                         "from the address the customer wrote to. Edit it with 'draft', send it with 'send'.")
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument("--all", action="store_true", help="reply all: the original To and CC too (not our addresses)")
    body = p.add_mutually_exclusive_group()
    body.add_argument("--text", help="my text, above the quoted original")
    body.add_argument("--response", metavar="NAME", help="a standard response, its fields filled")

    p = add_action_verb(verbs, "forward", "forward an interaction to an external resource (parked in In Progress)", _forward)
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument("--mode", required=True, choices=("inline", "attachment"), help="quoted inline, or attached")
    p.add_argument("--to", required=True, action="append", metavar="ADDR", help="a recipient (repeatable)")
    p.add_argument("--cc", action="append", metavar="ADDR", help="a CC recipient (repeatable)")
    p.add_argument("--instructions", metavar="TEXT", help="instructions for the recipient, above the forwarded email")
    p = add_action_verb(verbs, "complete-forward", "send a forward (it stays in In Progress until marked done)",
             _complete_forward)
    p.add_argument("id", type=int, metavar="ID")
    _confirm(p)

    p = add_action_verb(verbs, "new-email", "write a new email to a contact or an address (a draft in my Drafts)", _new_email)
    p.add_argument("--to", action="append", metavar="ADDR", help="a recipient (repeatable; default: the contact's)")
    p.add_argument("--cc", action="append", metavar="ADDR", help="a CC recipient (repeatable)")
    p.add_argument("--contact", type=int, metavar="ID", help="the contact it is for (from the directory)")
    p.add_argument("--subject", help="the subject")
    p.add_argument("--text", help="the text")

    p = add_action_verb(verbs, "draft", "change my draft: recipients, subject, text, From, instructions", _draft,
             description="Change my draft; what is not given stays. Addresses are checked when it is sent.")
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument("--to", action="append", metavar="ADDR", help="replace the To recipients (repeatable)")
    p.add_argument("--cc", action="append", metavar="ADDR", help="replace the CC recipients (repeatable)")
    p.add_argument("--bcc", action="append", metavar="ADDR", help="replace the BCC recipients (repeatable)")
    p.add_argument("--subject", help="the new subject")
    text = p.add_mutually_exclusive_group()
    text.add_argument("--text", help="the new text (an HTML part the desktop saved is dropped)")
    text.add_argument("--text-file", metavar="FILE", help="the new text, from a UTF-8 file (- for standard input)")
    p.add_argument("--from", dest="from_addr", metavar="ADDR", help="one of the center's From addresses")
    p.add_argument("--instructions", metavar="TEXT", help="a forward's new instructions")
    p = add_action_verb(verbs, "delete-draft", "delete my draft (it is closed; its history stays)", _delete_draft)
    p.add_argument("id", type=int, metavar="ID")

    p = add_action_verb(verbs, "send", "send my draft: to QA review where it applies, else to the outbox", _send,
             description="Send my draft. Pre-send checks stop it until each is confirmed with --confirm CODE; a "
                         "reply that went stale is stopped (confirm 'collision' to send it anyway). An empty "
                         "email (no text of my own, nothing attached) is sent only with --allow-empty.")
    p.add_argument("id", type=int, metavar="ID")
    _confirm(p)
    p.add_argument("--allow-empty", action="store_true",
                   help="send it even though it holds no text of my own (the same as --confirm empty_body)")

    add_action_verb(verbs, "review-queue", "leads: outbound email of my team waiting for review", _review_queue)
    p = add_action_verb(verbs, "review", "an outbound email's review rounds and its redline against the previous round",
             _review)
    p.add_argument("id", type=int, metavar="ID")
    p = add_action_verb(verbs, "approve", "leads: approve an outbound email (optionally with my edited text): it is sent",
             _approve)
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument("--text", metavar="FILE", help="send my edited text instead, from a UTF-8 file (- for stdin)")
    p.add_argument("--subject", help="send my edited subject instead")
    p.add_argument("--note", help="a note for the author")
    p = add_action_verb(verbs, "reject", "leads: send an outbound email back to its author with a note", _reject)
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument("--note", required=True, help="what to correct (shown in case data)")

    p = add_action_verb(verbs, "responses", "list the standard responses", _responses)
    p.add_argument("--text", help="only those whose name, subject or text contains this")
    p.add_argument("--category", help="only this category")
    p.add_argument("--language", help="only this language (en, ja …)")

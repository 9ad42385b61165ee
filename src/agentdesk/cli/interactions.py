"""``agentdesk interactions``: list, show and act on interactions from a script (``--as LOGIN``).

Each verb calls the same action the desktop calls, as the signed-in user (``[user] login`` of the settings
file, or ``--as LOGIN``), on the routing database of the settings file. ``--json`` prints what the verb
returns as JSON. A refused action prints ``agentdesk: refused (code): message`` and exits with status 1.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

from agentdesk.actions import (
    ActionContext,
    NotFound,
    calls,
    casedata,
    consult,
    history,
    notes,
    presence,
    queries,
    saved_views,
    snooze,
    tags,
    transfer,
    workbins,
)
from agentdesk.cli.common import CliError, Outcome, action_handler, add_action_verb, add_as_option

Verb = Callable[[ActionContext, argparse.Namespace], Outcome]

_STATES = ", ".join(s for s in queries.OPEN_STATES) + ", sent, done"



def _when(moment: datetime | None) -> str:
    return moment.astimezone().strftime("%Y-%m-%d %H:%M") if moment is not None else "-"


def _table(rows: Sequence[queries.InteractionSummary]) -> str:
    if not rows:
        return "no interactions"
    lines = [f"{'ID':>6}  {'STATE':<15} {'OWNER':<10} {'RECEIVED':<16}  {'FROM':<28} SUBJECT"]
    for r in rows:
        sender = r.contact_name or r.from_name or r.from_addr or ("(call)" if r.kind == "call" else "")
        lines.append(f"{r.id:>6}  {r.state:<15} {r.owner_login or '-':<10} {_when(r.received_at or r.created_at):<16}"
                     f"  {sender[:28]:<28} {r.subject or '(no subject)'}{_snooze_mark(r.snoozed_until)}"
                     f"{_tag_marks(r.tags)}")
    return "\n".join(lines)


def _snooze_mark(until: datetime | None) -> str:
    if until is None:
        return ""
    return f"  [snoozed until {_when(until)}]" if until > datetime.now(UTC) else "  [follow-up due]"


def _tag_marks(names: Sequence[str]) -> str:
    return ("  " + " ".join(f"#{t}" for t in names)) if names else ""


# -- reading ------------------------------------------------------------------------------------------------

def _list(ctx: ActionContext, args: argparse.Namespace) -> Outcome:
    workbin_id = _workbin_id(ctx, args.workbin) if args.workbin else None
    filters: dict[str, Any] = dict(saved_views.get_view(ctx, args.view).filters) if args.view else {}
    # what is given on the command line narrows or replaces the view's filter
    given = {"scope": args.scope, "states": args.states or None, "tag": args.tag, "snoozed": args.snoozed,
             "mailbox": args.mailbox}
    filters.update({key: value for key, value in given.items() if value is not None})
    rows = queries.list_interactions(ctx, workbin_id=workbin_id, text=args.text, owner=args.owner, limit=args.limit,
                                     offset=args.offset, **filters)
    return rows, _table(rows)


def _view_only(ctx: ActionContext, args: argparse.Namespace) -> Outcome:
    if not args.top_view:
        raise CliError("give an action (agentdesk interactions --help lists them) or --view NAME")
    rows = queries.list_interactions(ctx, **saved_views.get_view(ctx, args.top_view).filters)
    return rows, _table(rows)


def _views(ctx: ActionContext, args: argparse.Namespace) -> Outcome:
    views = saved_views.list_views(ctx, counts=True)
    text = "\n".join(f"{'-' if v.count is None else v.count:>5}  {v.name:<28} {v.describe()}" for v in views)
    return views, text or "no saved views: save one with agentdesk interactions view-save NAME --tag … --state …"


def _view_save(ctx: ActionContext, args: argparse.Namespace) -> Outcome:
    view = saved_views.save_view(ctx, args.name, scope=args.scope or "mine", states=args.states or None, tag=args.tag,
                                 mailbox=args.mailbox, snoozed=args.snoozed)
    return view, f"view {view.name!r} saved: {view.describe()}"


def _view_delete(ctx: ActionContext, args: argparse.Namespace) -> Outcome:
    saved_views.delete_view(ctx, args.name)
    return {"deleted": args.name}, f"view {args.name!r} deleted"


def _show(ctx: ActionContext, args: argparse.Namespace) -> Outcome:
    d = queries.get_interaction(ctx, args.id)
    s = d.summary
    sender = f"{s.from_name} <{s.from_addr}>" if s.from_name and s.from_addr else (s.from_addr or s.from_name or "-")
    lines = [
        f"Interaction {s.id} · {s.direction} {s.kind} · {s.state} · owner {s.owner_login or '-'} · team {s.team or '-'}",
        f"From:        {sender}",
        f"To:          {', '.join(d.to) or '-'}",
    ]
    if d.cc:
        lines.append(f"Cc:          {', '.join(d.cc)}")
    lines += [f"Subject:     {s.subject or '(no subject)'}", f"Date:        {_when(s.received_at or s.created_at)}",
              f"Case:        {s.case_id or '-'}    Contact: {s.contact_name or '-'}",
              f"Disposition: {d.disposition or '-'}    Workbin: {s.workbin or '-'}"]
    if s.tags:
        lines.append(f"Tags:        {', '.join(s.tags)}")
    if s.snoozed_until is not None:
        lines.append(f"Follow-up:   {_snooze_mark(s.snoozed_until).strip(' []')}")
    if "duplicate_message_id" in d.flags:
        lines.append(f"Warning:     duplicate Message-ID — {d.message_id} is also used by another message with "
                     "different content; this one is kept as its own interaction")
    if d.qa_status:
        lines.append(f"QA:          {d.qa_status}" + (f" — {d.qa_note}" if d.qa_note else ""))
    if d.outbox_state:
        lines.append(f"Outbox:      {d.outbox_state}" + (f" — {d.last_error}" if d.last_error else ""))
    if d.case_data:
        lines.append("Case data:")
        lines += [f"  {c.key} = {c.value}{' (read-only)' if c.read_only else ''}" for c in d.case_data]
    if d.notes:
        lines.append("Notes:")
        lines += [f"  {_when(n.created_at)} {n.author_login}: {n.body}" for n in d.notes]
    if d.attachments:
        lines.append("Attachments:")
        lines += [f"  {a.filename} ({a.content_type}, {a.size} bytes)" for a in d.attachments]
    if d.instructions:
        lines += ["Instructions:", d.instructions]
    lines += ["", d.body_text]
    return d, "\n".join(lines)


def _history(ctx: ActionContext, args: argparse.Namespace) -> Outcome:
    since = _since(args.since)
    if args.interaction is not None:
        entries = history.interaction_history(ctx, args.interaction)
        text = "\n".join(f"{_when(e.created_at)}  {e.actor_login or '(router)':<10} {e.event:<22} "
                         f"interaction {e.interaction_id}  {json.dumps(e.detail, ensure_ascii=False)}"
                         for e in entries) or "no history"
        return entries, text
    if args.contact is not None:
        rows = history.contact_history(ctx, args.contact, text=args.text, since=since, states=args.states or None)
    else:
        rows = history.my_history(ctx, text=args.text, since=since, states=args.states or None)
    return rows, _table(rows)


def _since(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise CliError(f"--since {value!r} is not a date (YYYY-MM-DD) or an ISO date and time") from None
    return moment if moment.tzinfo is not None else moment.astimezone()


def _workbins(ctx: ActionContext, args: argparse.Namespace) -> Outcome:
    views = workbins.list_workbins(ctx, members=args.members)
    text = "\n".join(f"{v.id:>5}  {v.kind:<12} {v.name:<24} {v.owner_login or v.team or '':<12} {v.count:>5}"
                     for v in views)
    return views, text


def _workbin_id(ctx: ActionContext, spec: str) -> int:
    """A workbin given by id, or by name among the ones I see ("My workbin", a team workbin's name)."""
    if spec.strip().isdigit():
        return int(spec)
    views = workbins.list_workbins(ctx)
    found = [v for v in views if v.name.casefold() == spec.strip().casefold()]
    mine = [v for v in found if v.owner_login == ctx.login]
    if len(found) == 1 or len(mine) == 1:
        return (mine or found)[0].id
    if not found:
        raise NotFound(f"no workbin named {spec!r}; yours are: {', '.join(v.name for v in views)}")
    raise CliError(f"several workbins are named {spec!r}: give its id ({', '.join(str(v.id) for v in found)})")


def _offers(ctx: ActionContext, args: argparse.Namespace) -> Outcome:
    offers = transfer.pending_offers(ctx)
    text = "\n".join(f"offer {o.id}: interaction {o.interaction_id} {o.subject!r} from {o.from_login}"
                     f"{' to team ' + o.to_team if o.to_team else ''}, until {_when(o.expires_at)}"
                     f"{' — ' + o.reason if o.reason else ''}" for o in offers) or "no offers are waiting"
    return offers, text


# -- acting -------------------------------------------------------------------------------------------------

def _transfer(ctx: ActionContext, args: argparse.Namespace) -> Outcome:
    offer = transfer.transfer(ctx, args.id, to_login=args.to, to_team=args.team, reason=args.reason)
    target = args.to or f"team {args.team}"
    return {"offer_id": offer, "interaction_id": args.id}, f"offer {offer}: interaction {args.id} offered to {target}"


def _accept(ctx: ActionContext, args: argparse.Namespace) -> Outcome:
    interaction_id = transfer.accept_transfer(ctx, args.offer)
    return {"offer_id": args.offer, "interaction_id": interaction_id}, f"interaction {interaction_id} is now yours"


def _decline(ctx: ActionContext, args: argparse.Namespace) -> Outcome:
    transfer.decline_transfer(ctx, args.offer, reason=args.reason)
    return {"offer_id": args.offer}, f"offer {args.offer} declined"


def _reassign(ctx: ActionContext, args: argparse.Namespace) -> Outcome:
    if args.from_login and args.ids:
        raise CliError("give interaction ids or --from LOGIN, not both")
    if args.from_login:
        moved = transfer.reassign_all(ctx, args.from_login, args.to)
    elif args.ids:
        moved = transfer.reassign_many(ctx, args.ids, args.to)
    else:
        raise CliError("give the interaction ids to reassign, or --from LOGIN for all of an agent's open work")
    text = (f"reassigned to {args.to}: {', '.join(str(i) for i in moved)}" if moved
            else f"{args.from_login} holds no open interaction to reassign")
    return {"reassigned": moved, "to": args.to}, text


def _store(ctx: ActionContext, args: argparse.Namespace) -> Outcome:
    workbin_id = _workbin_id(ctx, args.workbin)
    workbins.store_in_workbin(ctx, args.id, workbin_id)
    return {"interaction_id": args.id, "workbin_id": workbin_id}, f"interaction {args.id} stored in {args.workbin}"


def _move(ctx: ActionContext, args: argparse.Namespace) -> Outcome:
    workbin_id = _workbin_id(ctx, args.workbin)
    workbins.move_to_workbin(ctx, args.id, workbin_id)
    return {"interaction_id": args.id, "workbin_id": workbin_id}, f"interaction {args.id} moved to {args.workbin}"


def _pull(ctx: ActionContext, args: argparse.Namespace) -> Outcome:
    workbins.pull_from_workbin(ctx, args.id)
    return {"interaction_id": args.id}, f"interaction {args.id} taken out of its workbin"


def _note(ctx: ActionContext, args: argparse.Namespace) -> Outcome:
    note_id = notes.add_note(ctx, args.id, " ".join(args.text))
    return {"interaction_id": args.id, "note_id": note_id}, f"note {note_id} added to interaction {args.id}"


def _tag(ctx: ActionContext, args: argparse.Namespace) -> Outcome:
    change = tags.change_tags(ctx, args.id, add=args.tags, remove=args.remove or ())
    return change, _tag_text(change)


def _untag(ctx: ActionContext, args: argparse.Namespace) -> Outcome:
    change = tags.remove_tags(ctx, args.id, args.tags)
    return change, _tag_text(change)


def _tag_text(change: tags.TagChange) -> str:
    done = [f"added {', '.join(change.added)}"] if change.added else []
    done += [f"removed {', '.join(change.removed)}"] if change.removed else []
    done += [f"unchanged {', '.join(change.unchanged)}"] if change.unchanged else []
    return (f"interaction {change.interaction_id}: tags {', '.join(change.tags) or '(none)'}"
            f" ({'; '.join(done) or 'nothing to change'})")


def _tags_in_use(ctx: ActionContext, args: argparse.Namespace) -> Outcome:
    counts = tags.tags_in_use(ctx)
    text = "\n".join(f"{c.count:>5}  {c.tag}" for c in counts) or "no tags in use"
    return counts, ("OPEN  TAG\n" + text) if counts else text


def _snooze(ctx: ActionContext, args: argparse.Namespace) -> Outcome:
    view = snooze.snooze(ctx, args.id, snooze.parse_until(args.until))
    assert view.until is not None
    return view, f"interaction {args.id} snoozed until {_when(view.until)}: it comes back to your list then"


def _unsnooze(ctx: ActionContext, args: argparse.Namespace) -> Outcome:
    view = snooze.clear_follow_up(ctx, args.id)
    return view, f"interaction {args.id}: follow-up cleared"


def _disposition(ctx: ActionContext, args: argparse.Namespace) -> Outcome:
    notes.set_disposition(ctx, args.id, args.code)
    return {"interaction_id": args.id, "disposition": args.code}, f"interaction {args.id}: disposition {args.code}"


def _done(ctx: ActionContext, args: argparse.Namespace) -> Outcome:
    notes.mark_done(ctx, args.id)
    return {"interaction_id": args.id, "state": "done"}, f"interaction {args.id} is done"


def _case_data(ctx: ActionContext, args: argparse.Namespace) -> Outcome:
    pairs = []
    for item in args.pairs:
        key, sep, value = item.partition("=")
        if not sep:
            raise CliError(f"{item!r} is not KEY=VALUE")
        pairs.append((key, value))
    for key, value in pairs:
        casedata.set_case_data(ctx, args.id, key, value)
    items = casedata.case_data(ctx, args.id)
    text = "\n".join(f"{c.key} = {c.value}{' (read-only)' if c.read_only else ''}" for c in items) or "no case data"
    return items, text


def _call(ctx: ActionContext, args: argparse.Namespace) -> Outcome:
    result = calls.call_contact(ctx, interaction_id=args.id, phone=args.phone)
    return result, f"{result.tel_uri}\ncall record: interaction {result.call_interaction_id}"


def _consult(ctx: ActionContext, args: argparse.Namespace) -> Outcome:
    consultation_id = consult.start_consultation(ctx, args.id, args.with_login, " ".join(args.message))
    return ({"consultation_id": consultation_id, "interaction_id": args.id},
            f"consultation {consultation_id} with {args.with_login} started")


def _presence(ctx: ActionContext, args: argparse.Namespace) -> Outcome:
    presence.set_presence(ctx, args.presence)
    return {"login": ctx.login, "presence": args.presence}, f"{ctx.login} is {args.presence}"


# -- the parser ---------------------------------------------------------------------------------------------

def register(sub: Any) -> None:
    parser = sub.add_parser(
        "interactions", help="list, show and act on interactions (scripting surface)",
        description="List, show and act on interactions as the signed-in user ([user] login, or --as LOGIN).",
    )
    # ``agentdesk interactions --view NAME``: a saved view's list, the verb left out
    parser.add_argument("--view", dest="top_view", metavar="NAME",
                        help="list what a saved view holds (as list --view NAME)")
    add_as_option(parser)
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.set_defaults(handler=action_handler(_view_only))
    verbs = parser.add_subparsers(dest="interactions_verb", metavar="ACTION")

    p = add_action_verb(verbs, "list", "list interactions, newest first", _list,
             description=f"List interactions, newest first. Without --state: the open ones. States: {_STATES}.")
    p.add_argument("--view", metavar="NAME", help="a saved view's filter (the options below narrow or replace it)")
    p.add_argument("--scope", choices=queries.SCOPES,
                   help="mine (default), team, queue (waiting for routing), all (leads and admins: every state)")
    p.add_argument("--state", dest="states", action="extend", nargs="+", metavar="STATE", help="only these states")
    p.add_argument("--owner", metavar="LOGIN", help="only those owned by LOGIN")
    p.add_argument("--workbin", metavar="NAME|ID", help="only what this workbin holds")
    p.add_argument("--text", help="only those whose subject, sender or text contains this")
    p.add_argument("--tag", metavar="TAG", help="only those tagged TAG")
    p.add_argument("--mailbox", metavar="NAME", help="only those of this mailbox")
    p.add_argument("--snoozed", nargs="?", const="only", choices=queries.SNOOZED, metavar="WHICH",
                   help="snoozed interactions: only (the default of --snoozed: those snoozed until later), due (back "
                        "for their follow-up), include, hide (--scope mine hides them unless asked)")
    p.add_argument("--limit", type=int, default=100, help="at most this many (default 100)")
    p.add_argument("--offset", type=int, default=0, help="skip this many first")

    p = add_action_verb(verbs, "show", "show one interaction: headers, case data, notes, attachments, text", _show)
    p.add_argument("id", type=int, metavar="ID")

    p = add_action_verb(verbs, "history", "an interaction's history, a contact's interactions, or mine", _history)
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--interaction", type=int, metavar="ID", help="what happened to this interaction and its case")
    which.add_argument("--contact", type=int, metavar="ID", help="this contact's interactions")
    which.add_argument("--mine", action="store_true", help="the interactions I handled")
    p.add_argument("--text", help="only interactions whose subject, sender or text contains this")
    p.add_argument("--since", metavar="DATE", help="only interactions created since (YYYY-MM-DD or ISO date-time)")
    p.add_argument("--state", dest="states", action="extend", nargs="+", metavar="STATE", help="only these states")

    p = add_action_verb(verbs, "workbins", "list my workbins and my team's, with how many items each holds", _workbins)
    p.add_argument("--members", action="store_true", help="leads: also the team members' personal workbins")
    add_action_verb(verbs, "offers", "list the transfer offers waiting for me", _offers)

    p = add_action_verb(verbs, "transfer", "offer an inbound email to another agent or a team (they accept or decline)",
             _transfer)
    p.add_argument("id", type=int, metavar="ID")
    target = p.add_mutually_exclusive_group(required=True)
    target.add_argument("--to", metavar="LOGIN", help="the agent to offer it to")
    target.add_argument("--team", metavar="TEAM", help="the team to offer it to (any member may accept)")
    p.add_argument("--reason", help="why, shown to the target")
    p = add_action_verb(verbs, "accept", "accept a transfer offer: the interaction becomes mine", _accept)
    p.add_argument("offer", type=int, metavar="OFFER")
    p = add_action_verb(verbs, "decline", "decline a transfer offer: the interaction stays with its owner", _decline)
    p.add_argument("offer", type=int, metavar="OFFER")
    p.add_argument("--reason", help="why, recorded in the history")
    p = add_action_verb(verbs, "reassign", "leads: hand interactions to another agent of the team at once (no offer)", _reassign,
             description="Leads and admins: reassign the given interactions, or with --from every open interaction "
                         "of an absent agent, to another agent of the team. All or nothing.")
    p.add_argument("ids", type=int, nargs="*", metavar="ID")
    p.add_argument("--from", dest="from_login", metavar="LOGIN", help="all open interactions of this agent")
    p.add_argument("--to", required=True, metavar="LOGIN", help="the agent who takes them")

    p = add_action_verb(verbs, "store", "store an interaction in My workbin (stays mine) or a team workbin (nobody's)", _store)
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument("--workbin", required=True, metavar="NAME|ID", help='"My workbin", a team workbin, or an id')
    p = add_action_verb(verbs, "move", "move an interaction from its workbin to another", _move)
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument("--workbin", required=True, metavar="NAME|ID", help="the workbin to move it to")
    p = add_action_verb(verbs, "pull", "take an interaction out of its workbin (from a team workbin: it becomes mine)", _pull)
    p.add_argument("id", type=int, metavar="ID")

    p = add_action_verb(verbs, "note", "add an internal note to an interaction", _note)
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument("text", nargs="+", metavar="TEXT")
    p = add_action_verb(verbs, "tag", "add tags to an interaction (and remove others with --remove)", _tag,
                        description="Add tags to an interaction. Tags are case-insensitive words (spaces become -); "
                                    "anyone who sees the interaction may tag it.")
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument("tags", nargs="*", metavar="TAG", help="tags to add")
    p.add_argument("--remove", action="extend", nargs="+", metavar="TAG", help="tags to remove")
    p = add_action_verb(verbs, "untag", "remove tags from an interaction", _untag)
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument("tags", nargs="+", metavar="TAG")
    add_action_verb(verbs, "tags", "list the tags in use on what I see, with how many open interactions carry each",
                    _tags_in_use)
    add_action_verb(verbs, "views", "list my saved views, with how many interactions each lists now", _views)
    p = add_action_verb(verbs, "view-save", "save a named filter (a view): list it with list --view NAME",
                        _view_save, description="Save (or replace) a view: a named filter of interactions. "
                                                "agentdesk interactions list --view NAME lists it; the desktop "
                                                "shows it under Views.")
    p.add_argument("name", metavar="NAME")
    p.add_argument("--scope", choices=queries.SCOPES, help="mine (default), team, queue, all (leads and admins)")
    p.add_argument("--state", dest="states", action="extend", nargs="+", metavar="STATE", help="only these states")
    p.add_argument("--tag", metavar="TAG", help="only those tagged TAG")
    p.add_argument("--mailbox", metavar="NAME", help="only those of this mailbox")
    p.add_argument("--snoozed", nargs="?", const="only", choices=queries.SNOOZED, metavar="WHICH",
                   help="only (snoozed until later), due (back for their follow-up), include, hide")
    p = add_action_verb(verbs, "view-delete", "delete one of my saved views", _view_delete)
    p.add_argument("name", metavar="NAME")
    p = add_action_verb(verbs, "snooze", "snooze an interaction until a time: out of your list until then, then "
                                         "back marked 'follow-up due'", _snooze,
                        description="Snooze an interaction you hold until a time; it comes back to your list then, "
                                    "marked 'follow-up due' until you act (snooze again, unsnooze, done).")
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument("--until", required=True, metavar="WHEN",
                   help="3h, 90m, 2d, 1w, later (in 3 hours), tomorrow (09:00), next-week (Monday 09:00), or a date "
                        "and time: 2026-12-08 09:00 (your computer's time zone unless given)")
    p = add_action_verb(verbs, "unsnooze", "wake a snoozed interaction now, or clear its 'follow-up due' mark",
                        _unsnooze)
    p.add_argument("id", type=int, metavar="ID")
    p = add_action_verb(verbs, "disposition", "set an interaction's disposition code", _disposition)
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument("code", metavar="CODE")
    p = add_action_verb(verbs, "done", "mark an interaction done (a disposition first, where the center requires one)", _done)
    p.add_argument("id", type=int, metavar="ID")
    p = add_action_verb(verbs, "case-data", "show an interaction's case data, or set keys with KEY=VALUE", _case_data)
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument("pairs", nargs="*", metavar="KEY=VALUE")
    p = add_action_verb(verbs, "call", "call the contact: print the tel: URI and open a call record for notes", _call)
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument("--phone", metavar="NUMBER", help="this number rather than the contact's first one")
    p = add_action_verb(verbs, "consult", "start a consultation about an interaction with a team member", _consult)
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument("--with", dest="with_login", required=True, metavar="LOGIN", help="the team member to consult")
    p.add_argument("message", nargs="+", metavar="MESSAGE")
    p = add_action_verb(verbs, "presence", "set my presence: ready, not_ready or offline", _presence)
    p.add_argument("presence", choices=presence.PRESENCES)

    from agentdesk.cli import outbound_verbs

    outbound_verbs.register(verbs)

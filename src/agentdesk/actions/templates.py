"""Standard responses (S1, X8): field codes filled from contact, agent, interaction and case data.

A field code is ``<$ Contact.FirstName $>``; with a fallback, ``<$ Contact.LastName | "お客様" $>``. The
fields: ``Contact.FirstName/LastName/FullName/Email/Company`` and ``Contact.<custom attribute>``,
``Agent.FullName/FirstName/LastName/Email``, ``Interaction.Subject/From/ReceivedDate``, ``Case.<key>`` (the
case data) and ``Center.Name``. Names match case-insensitively. A field with no value and no fallback is
*unfilled*: :func:`fill` raises :class:`UnfilledFields` naming every such field; :func:`preview_response`
leaves them in place and lists them, so that the desktop can prompt for what is missing.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from agentdesk.actions import access
from agentdesk.actions.context import ActionContext, Tx
from agentdesk.actions.errors import InvalidInput, NotFound, UnfilledFields
from agentdesk.routing.models import CaseData, Contact, ContactEmail, Interaction, StandardResponse, User
from agentdesk.routing.options import Options

#: any ``<$ … $>`` (parsed further by :data:`_FIELD`)
CODE = re.compile(r"<\$(.*?)\$>", re.DOTALL)
_FIELD = re.compile(r'\s*([^\s|"<>$]+)\s*(?:\|\s*"((?:[^"\\]|\\.)*)"\s*)?', re.DOTALL)

__all__ = ["CODE", "FilledResponse", "ResponseView", "field_data", "fill", "fill_partial", "filled", "list_responses",
           "preview_response", "response_for", "split_name"]


@dataclass(frozen=True)
class ResponseView:
    name: str
    category: str
    language: str
    subject: str
    body: str


@dataclass(frozen=True)
class FilledResponse:
    """A standard response filled for one interaction; ``unfilled`` names the fields left in place."""

    name: str
    language: str
    subject: str
    body: str
    unfilled: tuple[str, ...]


def fill_partial(template: str, data: Mapping[str, str | None]) -> tuple[str, list[str]]:
    """``template`` with every field it can fill filled, and the names of those it cannot (in order, once)."""
    lookup = {key.casefold(): value for key, value in data.items()}
    missing: list[str] = []

    def one(match: re.Match[str]) -> str:
        parsed = _FIELD.fullmatch(match.group(1))
        if parsed is None:
            name = " ".join(match.group(1).split()) or "(empty field code)"
            if name not in missing:
                missing.append(name)
            return match.group(0)
        name, fallback = parsed.group(1), parsed.group(2)
        value = lookup.get(name.casefold())
        if value is not None and value.strip():
            return value
        if fallback is not None:
            return re.sub(r"\\(.)", r"\1", fallback)
        if name not in missing:
            missing.append(name)
        return match.group(0)

    return CODE.sub(one, template), missing


def fill(template: str, data: Mapping[str, str | None]) -> str:
    """``template`` with its field codes filled; :class:`UnfilledFields` names any left without a value."""
    text, missing = fill_partial(template, data)
    if missing:
        raise UnfilledFields(missing)
    return text


def _is_cjk(text: str) -> bool:
    return any(unicodedata.east_asian_width(ch) in ("W", "F") for ch in text)


def split_name(name: str) -> tuple[str | None, str | None]:
    """(first name, last name) of a full name: Japanese names put the family name first (``佐藤 花子``)."""
    parts = name.replace("\u3000", " ").split()
    if not parts:
        return None, None
    if len(parts) == 1:
        return (None, parts[0]) if _is_cjk(parts[0]) else (parts[0], None)
    if _is_cjk(name):
        return " ".join(parts[1:]), parts[0]
    return " ".join(parts[:-1]), parts[-1]


def _when(interaction: Interaction) -> str | None:
    moment = interaction.received_at or interaction.created_at
    return moment.astimezone().strftime("%Y-%m-%d %H:%M") if moment is not None else None


def field_data(session: Session, interaction: Interaction, agent: User, options: Options) -> dict[str, str | None]:
    """Every field a standard response may use, for ``interaction`` answered by ``agent``."""
    data: dict[str, str | None] = {}
    contact = session.get(Contact, interaction.contact_id) if interaction.contact_id is not None else None
    if contact is not None:
        for key, value in (contact.attributes or {}).items():
            data[f"Contact.{key}"] = None if value is None else str(value)
        first, last = split_name(contact.name or "")
        email = session.scalar(select(ContactEmail.address).where(ContactEmail.contact_id == contact.id)
                               .order_by(ContactEmail.position, ContactEmail.id).limit(1))
        data.update({
            "Contact.FirstName": contact.first_name or first,
            "Contact.LastName": contact.last_name or last,
            "Contact.FullName": contact.name,
            "Contact.Email": email,
            "Contact.Company": contact.company,
        })
    first, last = split_name(agent.name or "")
    data.update({
        "Agent.FullName": agent.name, "Agent.FirstName": first, "Agent.LastName": last, "Agent.Email": agent.email,
        "Interaction.Subject": interaction.subject,
        "Interaction.From": (f"{interaction.from_name} <{interaction.from_addr}>"
                             if interaction.from_name and interaction.from_addr
                             else interaction.from_addr or interaction.from_name),
        "Interaction.ReceivedDate": _when(interaction),
        "Center.Name": options.center_name,
    })
    if interaction.case_id is not None:
        for key, value in session.execute(select(CaseData.key, CaseData.value)
                                          .where(CaseData.case_id == interaction.case_id)):
            data[f"Case.{key}"] = value
    return data


def response_for(session: Session, name: str) -> StandardResponse:
    """The standard response named ``name`` (not retired), or :class:`NotFound` naming it."""
    if not name or not name.strip():
        raise InvalidInput("no standard response was named", field="response")
    found = session.scalar(select(StandardResponse).where(StandardResponse.name == name.strip()))
    if found is None or found.retired_at is not None:
        listed = session.scalars(select(StandardResponse.name).where(StandardResponse.retired_at.is_(None))
                                 .order_by(StandardResponse.name)).all()
        why = "has been retired" if found is not None else "does not exist"
        raise NotFound(f"the standard response {name!r} {why}; listed: {', '.join(listed) or '(none)'}")
    return found


def filled(tx: Tx, response: StandardResponse, interaction: Interaction,
           extra: Mapping[str, str] | None = None) -> FilledResponse:
    """``response`` filled for ``interaction`` by the acting agent; ``extra`` supplies or overrides fields."""
    data = field_data(tx.session, interaction, tx.actor, tx.options)
    data.update(extra or {})
    subject, missing_subject = fill_partial(response.subject or "", data)
    body, missing_body = fill_partial(response.body or "", data)
    unfilled = tuple(dict.fromkeys([*missing_subject, *missing_body]))
    return FilledResponse(response.name, response.language, subject, body, unfilled)


def list_responses(ctx: ActionContext, *, text: str | None = None, category: str | None = None,
                   language: str | None = None) -> list[ResponseView]:
    """The standard responses in force, by category and name; ``text`` matches name, subject or body."""
    with ctx.read() as tx:
        stmt = select(StandardResponse).where(StandardResponse.retired_at.is_(None))
        if category:
            stmt = stmt.where(StandardResponse.category == category)
        if language:
            stmt = stmt.where(StandardResponse.language == language)
        rows = tx.session.scalars(stmt.order_by(StandardResponse.category, StandardResponse.name)).all()
        needle = (text or "").strip().casefold()
        return [ResponseView(r.name, r.category, r.language, r.subject, r.body) for r in rows
                if not needle or any(needle in (v or "").casefold() for v in (r.name, r.subject, r.body))]


def preview_response(ctx: ActionContext, response_name: str, interaction_id: int,
                     extra: Mapping[str, str] | None = None) -> FilledResponse:
    """A standard response filled for an interaction I may see, for the preview before insert (X8)."""
    with ctx.read() as tx:
        interaction = access.visible_interaction(tx, interaction_id)
        return filled(tx, response_for(tx.session, response_name), interaction, extra)

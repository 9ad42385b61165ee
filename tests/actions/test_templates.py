"""Standard responses with field codes (X8): filling, fallbacks, unfilled fields, preview and listing."""

from __future__ import annotations

import pytest

from agentdesk.actions import PermissionDenied, UnfilledFields
from agentdesk.actions.templates import fill, fill_partial, list_responses, preview_response, split_name
from agentdesk.routing.db import Database
from agentdesk.routing.models import CaseData, Contact, StandardResponse
from agentdesk.routing.types import utcnow
from tests.actions.outbound_support import as_, row, update
from tests.support.factories import Center, inbound, seed_center


def test_fill_values_fallbacks_and_unfilled() -> None:
    data = {"Contact.FirstName": "Jane", "Contact.LastName": "", "Case.注文番号": "A-1"}
    assert fill("Dear <$ Contact.FirstName $>,", data) == "Dear Jane,"
    assert fill("<$contact.firstname$>", data) == "Jane"  # names match case-insensitively
    assert fill('<$ Contact.LastName | "お客様" $> 様', data) == "お客様 様"
    assert fill('<$ Agent.FullName | "say \\"hi\\"" $>', data) == 'say "hi"'
    assert fill("ご注文 <$ Case.注文番号 $>", data) == "ご注文 A-1"
    assert fill("no codes at all", {}) == "no codes at all"
    with pytest.raises(UnfilledFields) as caught:
        fill("<$ Contact.LastName $> <$ Agent.Email $> <$ Contact.LastName $>", data)
    assert caught.value.fields == ["Contact.LastName", "Agent.Email"]
    assert caught.value.code == "unfilled_fields"
    text, missing = fill_partial("Hi <$ Contact.FirstName $> <$ Bad Code $> <$ Case.X $>", data)
    assert text == "Hi Jane <$ Bad Code $> <$ Case.X $>"
    assert missing == ["Bad Code", "Case.X"]


def test_split_name() -> None:
    assert split_name("佐藤 花子") == ("花子", "佐藤")
    assert split_name("佐藤\u3000花子") == ("花子", "佐藤")
    assert split_name("Jane Q. Doe") == ("Jane Q.", "Doe")
    assert split_name("Jane") == ("Jane", None)
    assert split_name("佐藤") == (None, "佐藤")
    assert split_name("  ") == (None, None)


@pytest.fixture
def center(db: Database) -> Center:
    return seed_center(db)


def test_preview_fills_every_kind_of_field(db: Database, center: Center) -> None:
    iid = inbound(db, center, subject="納期")
    received = utcnow().replace(microsecond=0)
    update(db, iid, received_at=received)
    with db.write() as s:
        jane = s.get(Contact, center.jane_id)
        assert jane is not None
        jane.company, jane.attributes = "Doe Trading", {"Plan": "Gold"}
        s.add(CaseData(case_id=row(db, iid).case_id, key="OrderId", value="4711"))
        s.add(StandardResponse(
            name="all", category="Test", language="en", subject="Re: <$ Interaction.Subject $> [<$ Case.OrderId $>]",
            body="<$ Contact.FirstName $>|<$ Contact.LastName $>|<$ Contact.FullName $>|<$ Contact.Email $>|"
                 "<$ Contact.Company $>|<$ Contact.Plan $>|<$ Agent.FullName $>|<$ Agent.FirstName $>|"
                 "<$ Agent.LastName $>|<$ Agent.Email $>|<$ Interaction.From $>|<$ Interaction.ReceivedDate $>|"
                 "<$ Center.Name $>|<$ Case.Missing $>"))
    filled = preview_response(as_(db, "sato"), "all", iid)
    assert filled.subject == "Re: 納期 [4711]"
    when = received.astimezone().strftime("%Y-%m-%d %H:%M")
    assert filled.body == ("Jane|Doe|Jane Doe|jane@example.org|Doe Trading|Gold|佐藤 花子|花子|佐藤|sato@example.com|"
                           f"Jane Doe <jane@example.org>|{when}|Example Support|<$ Case.Missing $>")
    assert filled.unfilled == ("Case.Missing",)
    assert preview_response(as_(db, "sato"), "all", iid, {"Case.Missing": "ok"}).body.endswith("|ok")
    with pytest.raises(PermissionDenied):
        preview_response(as_(db, "kato"), "all", iid)


def test_list_responses_filters(db: Database, center: Center) -> None:
    with db.write() as s:
        s.add(StandardResponse(name="delay", category="Shipping", language="en", subject="About your order",
                               body="Sorry for the delay."))
        s.add(StandardResponse(name="old", category="Shipping", language="en", body="gone", retired_at=utcnow()))
    ctx = as_(db, "sato")
    assert [r.name for r in list_responses(ctx)] == ["thanks", "delay"]  # by category: General, Shipping
    assert [r.name for r in list_responses(ctx, category="Shipping")] == ["delay"]
    assert [r.name for r in list_responses(ctx, language="ja")] == ["thanks"]
    assert [r.name for r in list_responses(ctx, text="DELAY")] == ["delay"]
    assert [r.name for r in list_responses(ctx, text="ありがとう")] == ["thanks"]

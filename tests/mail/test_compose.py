"""Composing: replies, reply-all, forwards both ways for every corpus message, checks against header
injection and bad addresses, non-ASCII headers and the ISO-2022-JP option."""

from __future__ import annotations

import json
import random
import re
from dataclasses import replace
from datetime import UTC, datetime
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

import pytest

from agentdesk.mail.addresses import (
    AddressError,
    HeaderInjectionError,
    check_address,
    check_addresses,
    check_header_value,
)
from agentdesk.mail.compose import (
    ComposeError,
    Outgoing,
    OutgoingAttachment,
    build,
    envelope_recipients,
    forward_header_block,
    forward_subject,
    make_message_id,
    quote_html,
    quote_text,
    references_for_reply,
    reply_all_recipients,
    reply_subject,
)
from agentdesk.mail.parse import attachment_bytes, parse_message
from agentdesk.mail.render import render_json, render_message
from tests.mail.corpus import corpus, raw

OWN = ("support@example.com", "billing@example.com")


def outgoing(**changes: object) -> Outgoing:
    base = Outgoing(
        from_addr="support@example.com", from_name="Example Support", to=("jane@example.org",), cc=(), bcc=(),
        subject="Your order", text="Hello\n", date=datetime(2026, 11, 24, 10, 0, tzinfo=UTC),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def reparse(data: bytes) -> EmailMessage:
    msg = message_from_bytes(data, policy=policy.default)
    assert isinstance(msg, EmailMessage)
    return msg


# -- each corpus message: reply, inline forward, forward as attachment -----------------------------------

@pytest.mark.parametrize("path", corpus(), ids=lambda p: p.name)
def test_reply_to_every_corpus_message(path: Path) -> None:
    original = parse_message(path.read_bytes())
    to, cc = reply_all_recipients(sender=original.from_addr or "unknown@example.org", to=original.to,
                                  cc=original.cc, own_addresses=OWN)
    o = outgoing(
        to=tuple(to) or ("unknown@example.org",), cc=tuple(cc), subject=reply_subject(original.subject),
        text="ご連絡ありがとうございます。\n\n" + quote_text(original.text, date=original.date,
                                                     sender=original.from_name or "customer", language="ja"),
        html="<p>ご連絡ありがとうございます。</p>" + quote_html(original.html or "<p>x</p>", date=original.date,
                                                         sender="customer", language="ja"),
        in_reply_to=original.message_id,
        references=references_for_reply(original.message_id, original.references),
    )
    data = build(o)
    back = parse_message(data)
    assert back.subject == o.subject.strip()
    assert back.in_reply_to == original.message_id
    assert "ご連絡ありがとうございます。" in back.text
    assert not back.flags


@pytest.mark.parametrize("path", corpus(), ids=lambda p: p.name)
def test_forward_inline_every_corpus_message(path: Path) -> None:
    original = parse_message(path.read_bytes())
    block = forward_header_block(date=original.date, from_=original.from_addr or "?", to=original.to,
                                 cc=original.cc, subject=original.subject, language="en")
    o = outgoing(to=("partner@example.net",), subject=forward_subject(original.subject),
                 text="Please have a look.\n\n" + block + "\n" + original.text)
    back = parse_message(build(o))
    assert "---------- Forwarded message ----------" in back.text
    assert original.text.strip()[:50] in back.text.replace("\r", "")


@pytest.mark.parametrize("path", corpus(), ids=lambda p: p.name)
def test_forward_as_attachment_carries_the_original_untouched(path: Path) -> None:
    original = path.read_bytes()
    data = build(outgoing(to=("partner@example.net",), subject="Fwd: see attached", forward_raw=original))
    back = parse_message(data)
    rfc822 = [a for a in back.attachments if a.content_type == "message/rfc822"]
    assert len(rfc822) == 1
    part = next(p for p in reparse(data).walk() if p.get_content_type() == "message/rfc822")
    extracted = attachment_bytes(data, rfc822[0].index)
    if part["Content-Transfer-Encoding"] in ("7bit", "8bit"):
        assert original in data  # byte for byte
        # what the parser hands back is regenerated from its tree: the same message, header lines as they were
        assert parse_message(extracted) == parse_message(original)
    else:
        assert part["Content-Transfer-Encoding"] == "base64"  # NUL, bare CR or over-long lines
        assert extracted == original


def test_forward_of_lf_only_original_gets_crlf_and_nothing_else() -> None:
    original = raw("ja-eucjp.eml").replace(b"\r\n", b"\n")
    data = build(outgoing(forward_raw=original))
    assert original.replace(b"\n", b"\r\n") in data
    assert re.search(rb"(?<!\r)\n", data) is None


# -- building ----------------------------------------------------------------------------------------------

def test_build_sets_headers_and_keeps_bcc_out() -> None:
    o = outgoing(to=("Jane@Example.ORG",), cc=("b@example.jp",), bcc=("audit@example.com",),
                 in_reply_to="<p@example.org>", references=("<a@example.org>", "<p@example.org>"),
                 message_id="<fixed.1@example.com>")
    data = build(o)
    msg = reparse(data)
    assert msg["To"] == "Jane@example.org"
    assert msg["Cc"] == "b@example.jp"
    assert msg["Bcc"] is None and b"audit@example.com" not in data
    assert msg["Message-ID"] == "<fixed.1@example.com>"
    assert msg["In-Reply-To"] == "<p@example.org>"
    assert msg["References"] == "<a@example.org> <p@example.org>"
    assert msg["Date"].datetime == datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
    assert envelope_recipients(o) == ["Jane@example.org", "b@example.jp", "audit@example.com"]
    assert b"\r\n" in data and re.search(rb"(?<!\r)\n", data) is None


def test_build_generates_a_message_id_on_the_from_domain() -> None:
    msg = reparse(build(outgoing()))
    assert re.fullmatch(r"<[^@<>]+@example\.com>", msg["Message-ID"])
    assert make_message_id("example.com") != make_message_id("example.com")


def test_non_ascii_headers_round_trip() -> None:
    o = outgoing(from_name="佐藤 花子 (Example, Support)", subject="納期の遅れについて — 長い件名が折り返されても正しく戻ること" * 2,
                 to=("山田 太郎 <yamada@example.jp>", "YAMADA@example.jp", "Bob <bob@example.org>"),
                 attachments=(OutgoingAttachment("お見積書 2026年11月.pdf", "application/pdf", b"%PDF-1.4"),),
                 text="本文です。\n")
    data = build(o)
    assert data.isascii()
    msg = reparse(data)
    assert msg["Subject"] == o.subject
    assert msg["From"].addresses[0].display_name == "佐藤 花子 (Example, Support)"
    assert [(a.display_name, a.addr_spec) for a in msg["To"].addresses] == [
        ("山田 太郎", "yamada@example.jp"), ("Bob", "bob@example.org")]
    parsed = parse_message(data)
    assert parsed.subject == o.subject
    assert parsed.from_name == "佐藤 花子 (Example, Support)"
    assert [a.filename for a in parsed.attachments] == ["お見積書 2026年11月.pdf"]
    assert attachment_bytes(data, 0) == b"%PDF-1.4"
    assert parsed.text == "本文です。\n"


def test_text_that_looks_like_encoded_words_stays_literal() -> None:
    o = outgoing(subject="Re: =?EUC-JP?Q?=CA=D6:C9 返品", from_name="=?utf-8?q?Boss?=")
    data = build(o)
    parsed = parse_message(data)
    assert (parsed.subject, parsed.from_name) == (o.subject, o.from_name)


def test_internationalized_domain_goes_out_as_punycode() -> None:
    data = build(outgoing(to=("info@例え.jp",)))
    assert reparse(data)["To"] == "info@xn--r8jz45g.jp"


def test_iso2022jp_option() -> None:
    o = outgoing(subject="お問い合わせの件", from_name="サポート", text="山田様\n\nありがとうございます。\n",
                 html="<p>ありがとうございます。</p>", iso2022jp=True)
    data = build(o)
    assert data.isascii()
    assert b"Subject: =?ISO-2022-JP?B?" in data
    assert b"From: =?ISO-2022-JP?B?" in data
    msg = reparse(data)
    plain = msg.get_body(("plain",))
    assert plain is not None
    assert plain.get_content_charset() == "iso-2022-jp" and plain["Content-Transfer-Encoding"] == "7bit"
    assert b"\x1b$B" in data
    parsed = parse_message(data)
    assert (parsed.subject, parsed.from_name, parsed.text) == (o.subject, "サポート", o.text)
    assert parsed.html is not None and "ありがとうございます。" in parsed.html


def test_iso2022jp_falls_back_to_utf8_when_text_does_not_fit() -> None:
    data = build(outgoing(subject="絵文字 😀", text="😀\n", iso2022jp=True))
    assert b"ISO-2022-JP" not in data.upper().replace(b"ISO-2022-JP?", b"")
    assert reparse(data).get_body(("plain",)).get_content_charset() == "utf-8"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"subject": "Hello\r\nBcc: victim@example.net"}, "Subject"),
        ({"subject": "Hello\nX-Evil: 1"}, "Subject"),
        ({"subject": "nul\0byte"}, "Subject"),
        ({"from_name": "Support\r\nBcc: x@example.net"}, "From"),
        ({"to": ("jane@example.org\r\nBcc: x@example.net",)}, "To"),
        ({"cc": ("a@example.org\n",)}, "CC"),
        ({"bcc": ("a@example.org\r",)}, "BCC"),
        ({"in_reply_to": "<a@b.example>\r\nX-Evil: 1"}, "In-Reply-To"),
        ({"references": ("<a@b.example>\nX-Evil: 1",)}, "References"),
        ({"attachments": (OutgoingAttachment("a\r\nb.pdf", "application/pdf", b""),)}, "attachment"),
    ],
)
def test_header_injection_is_refused(changes: dict[str, object], field: str) -> None:
    with pytest.raises(HeaderInjectionError) as info:
        build(outgoing(**changes))
    assert field in str(info.value)
    assert "not allowed in a header" in str(info.value)


@pytest.mark.parametrize(
    ("changes", "field", "bad"),
    [
        ({"to": ("not an address",)}, "To", "not an address"),
        ({"cc": ("jane@",)}, "CC", "jane@"),
        ({"bcc": ("@example.com",)}, "BCC", "@example.com"),
        ({"from_addr": "support@@example.com"}, "From", "support@@example.com"),
        ({"to": ("jane@localhost",)}, "To", "jane@localhost"),
    ],
)
def test_bad_addresses_are_refused_with_the_field_named(changes: dict[str, object], field: str, bad: str) -> None:
    with pytest.raises(AddressError) as info:
        build(outgoing(**changes))
    assert str(info.value).startswith(f"{field}: ")
    assert bad in str(info.value)
    assert info.value.field == field


def test_address_checks() -> None:
    assert check_address(" Jane.Doe@EXAMPLE.org ", field="To") == "Jane.Doe@example.org"
    assert check_addresses(["a@example.org", "A@EXAMPLE.org", "b@example.org"], field="CC") == [
        "a@example.org", "b@example.org"]
    assert check_header_value("fine", field="Subject") == "fine"
    assert check_address("Jane Doe <jane@EXAMPLE.org>", field="To") == "jane@example.org"
    with pytest.raises(AddressError, match=r"^To: 'Jane <jane@>' is not"):
        build(outgoing(to=("Jane <jane@>",)))
    with pytest.raises(AddressError, match="To: the address is empty"):
        check_address("  ", field="To")
    with pytest.raises(AddressError, match=r"(?i)internationalized"):
        check_address("ユーザー@example.jp", field="To")


def test_build_refuses_what_cannot_be_sent() -> None:
    with pytest.raises(ComposeError, match="no recipient"):
        build(outgoing(to=()))
    with pytest.raises(ComposeError, match="is not a message id"):
        build(outgoing(in_reply_to="no-brackets"))
    with pytest.raises(ComposeError, match="is not a MIME type"):
        build(outgoing(attachments=(OutgoingAttachment("x.bin", "nonsense", b""),)))


# -- subjects, quoting, recipients -------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("subject", "reply"),
    [("Order", "Re: Order"), ("Re: Order", "Re: Order"), ("RE: Order", "RE: Order"), ("Re[2]: Order", "Re[2]: Order"),
     ("返信: 注文", "返信: 注文"), ("Re：注文", "Re：注文"), ("AW: Bestellung", "AW: Bestellung"), ("", "Re: "),
     ("Reply needed", "Re: Reply needed")],
)
def test_reply_subject(subject: str, reply: str) -> None:
    assert reply_subject(subject) == reply


def test_forward_subject() -> None:
    assert forward_subject("Order") == "Fwd: Order"
    assert forward_subject("FW: Order") == "FW: Order"
    assert forward_subject("転送: 注文") == "転送: 注文"


def test_quote_text_in_both_languages() -> None:
    when = datetime(2026, 11, 2, 10, 2, tzinfo=UTC)
    en = quote_text("Hello\n\n> earlier\n", date=when, sender="Jane Doe", language="en")
    assert en == "On Mon, Nov 2, 2026 at 10:02, Jane Doe wrote:\n> Hello\n>\n>> earlier\n"
    ja = quote_text("こんにちは\r\n", date=when, sender="山田", language="ja")
    assert ja == "2026年11月2日(月) 10:02 山田 さんは書きました:\n> こんにちは\n"
    assert quote_text("x", date=None, sender="Jane", language="en").startswith("Jane wrote:")


def test_quote_html_sanitises_the_original() -> None:
    out = quote_html('<p onclick="x()">Hi</p><script>alert(1)</script>', date=None, sender="<Jane>",
                     language="en")
    assert "<blockquote" in out and "<p>Hi</p>" in out
    assert "script" not in out and "onclick" not in out and "&lt;Jane&gt;" in out


def test_reply_all_recipients() -> None:
    to, cc = reply_all_recipients(
        sender="Jane <JANE@example.org>",
        to=["support@example.com", "bob@example.org", "jane@example.org"],
        cc=["Support <SUPPORT@EXAMPLE.COM>", "Bob <BOB@example.org>", "carol@example.org", "billing@example.com"],
        own_addresses=OWN,
    )
    assert to == ["Jane <JANE@example.org>", "bob@example.org"]
    assert cc == ["carol@example.org"]
    # replying to our own sent message goes to its recipients
    to, cc = reply_all_recipients(sender="support@example.com", to=["jane@example.org"], cc=[],
                                  own_addresses=OWN)
    assert (to, cc) == (["jane@example.org"], [])


def test_forward_header_block_in_both_languages() -> None:
    when = datetime(2026, 11, 2, 10, 2, tzinfo=UTC)
    en = forward_header_block(date=when, from_="Jane Doe <jane@example.org>", to=["support@example.com"],
                              cc=["bob@example.org"], subject="Order", language="en")
    assert en.splitlines() == [
        "---------- Forwarded message ----------", "Date: Mon, Nov 2, 2026 at 10:02",
        "From: Jane Doe <jane@example.org>", "To: support@example.com", "Cc: bob@example.org", "Subject: Order"]
    ja = forward_header_block(date=when, from_="山田 <yamada@example.jp>", to=["support@example.com"], cc=[],
                              subject="注文", language="ja")
    assert ja.splitlines() == [
        "---------- 転送メッセージ ----------", "日付: 2026年11月2日(月) 10:02", "差出人: 山田 <yamada@example.jp>",
        "宛先: support@example.com", "件名: 注文"]


def test_references_for_reply() -> None:
    assert references_for_reply("<p@x.example>", ["<a@x.example>", "<b@x.example>"]) == (
        "<a@x.example>", "<b@x.example>", "<p@x.example>")
    assert references_for_reply("<p@x.example>", ["<p@x.example>"]) == ("<p@x.example>",)
    assert references_for_reply(None, []) == ()
    long = references_for_reply("<last@x.example>", [f"<r{i}@x.example>" for i in range(40)])
    assert len(long) == 20 and long[0] == "<r0@x.example>" and long[-1] == "<last@x.example>"


def test_mutated_corpus_messages_render_reply_and_forward() -> None:
    """Damaged input never breaks the chain parse → render → reply (quoted) → forward (attached)."""
    rng = random.Random(7)
    for path in corpus():
        data = path.read_bytes()
        for _ in range(12):
            mutated = bytearray(data)
            for _ in range(rng.randrange(1, 30)):
                mutated[rng.randrange(len(mutated))] = rng.choice(b"\r\n:;=?\"<>-\x00\x1b\xff")
            damaged = bytes(mutated)
            render_message(damaged)
            json.dumps(render_json(damaged), ensure_ascii=False)
            p = parse_message(damaged)
            build(outgoing(
                from_name=p.from_name, subject=reply_subject(p.subject),
                text=quote_text(p.text, date=p.date, sender=p.from_addr or "?", language="en"),
                html=quote_html(p.html or "", date=p.date, sender="?", language="ja"), forward_raw=damaged,
                in_reply_to=p.message_id, references=references_for_reply(p.message_id, p.references),
                iso2022jp=rng.random() < 0.5,
            ))


def test_attachments_leave_under_a_safe_base_name() -> None:
    from email import policy as _policy
    from email.parser import BytesParser as _Parser

    from agentdesk.mail.compose import Outgoing, OutgoingAttachment, build

    raw = build(Outgoing(from_addr="support@example.com", from_name=None, to=("jane@example.org",), cc=(), bcc=(),
                         subject="files", text="see attached",
                         attachments=(OutgoingAttachment("../../etc/passwd", "text/plain", b"x"),
                                      OutgoingAttachment("LPT1.txt", "text/plain", b"y"))))
    message = _Parser(policy=_policy.default).parsebytes(raw)
    assert [p.get_filename() for p in message.iter_attachments()] == ["passwd", "_LPT1.txt"]  # type: ignore[attr-defined]


def test_an_outbound_html_part_keeps_nothing_remote() -> None:
    from agentdesk.mail.compose import clean_html_part

    html = clean_html_part('<p>a<img src="http://t.example/p.gif"><img src="https://t.example/q.png" alt="q">'
                           '<q cite="http://t.example/c">c</q><a href="http://ok.example/">link</a></p>')
    assert "t.example" not in html and "<img" not in html
    assert 'href="http://ok.example/"' in html

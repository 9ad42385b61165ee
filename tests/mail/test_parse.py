"""Parsing the corpus of hard messages: charsets, encoded words, RFC 2231, nesting, bounces, never a crash."""

from __future__ import annotations

import random
from datetime import UTC, datetime
from pathlib import Path

import pytest

from agentdesk.mail.charsets import decode_bytes, decode_header_value
from agentdesk.mail.parse import (
    AttachmentNotFound,
    attachment_bytes,
    cid_parts,
    filename_warnings,
    parse_message,
)
from tests.mail.corpus import corpus, raw


@pytest.mark.parametrize("path", corpus(), ids=lambda p: p.name)
def test_every_corpus_message_parses(path: Path) -> None:
    parsed = parse_message(path.read_bytes())
    assert isinstance(parsed.text, str)
    assert parsed.text.strip()
    assert "\r\n" not in parsed.text


@pytest.mark.parametrize("path", corpus(), ids=lambda p: p.name)
def test_truncated_messages_never_raise(path: Path) -> None:
    data = path.read_bytes()
    for cut in (1, 7, len(data) // 3, len(data) // 2, len(data) - 5):
        parsed = parse_message(data[:cut])
        assert isinstance(parsed.text, str)


EXPECTED = {
    "ja-iso2022jp.eml": ("納期の遅れについて（ご注文①）", "yamada@example.jp", "山田 太郎", "㈱サンプル 髙橋"),
    "ja-shiftjis.eml": ("請求書の再発行のお願い　髙橋様分", "suzuki@example.jp", "鈴木 花子", "請求書（No.①-2026）"),
    "ja-eucjp.eml": ("返品について", "ito@example.jp", "伊藤", "返品したいのですが"),
    "ja-utf8-8bit-headers.eml": ("Re: 配送状況の確認（8ビットのヘッダー）", "kobayashi@example.jp", "小林 健",
                                 "まだ届いていません。"),
    "ja-sjis-8bit-headers.eml": ("見積もりの依頼", "nakamura@example.jp", "中村", "数量は100個です"),
    "zh-gb2312.eml": ("订单查询", "wang@example.cn", "王芳", "联系人：王喆"),
    "zh-big5.eml": ("產品退貨問題", "chan@example.tw", "陳大文", "請問如何退貨"),
    "ru-koi8r.eml": ("Вопрос о доставке", "ivan@example.ru", "Иван Петров", "Когда будет доставлен"),
    "latin1-cp1252.eml": ("Facture € – “urgent”", "renee@example.fr", "Renée Dupré", "120 € est “erronée” –"),
    "lying-charset.eml": ("パスワードの再設定", "liar@example.com", "Lying Client", "再設定の方法"),
    "unknown-charset.eml": ("解約の手続き", "unknown@example.jp", "Unknown Charset", "解約の手続きについて"),
    "calendar.eml": ("招待: 打ち合わせ", "organizer@example.com", "Organizer", "打ち合わせにご招待します"),
    "deep-nesting.eml": ("twenty levels deep", "deep@example.com", "Deep Nest", "bottom of twenty levels"),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_headers_and_text_are_decoded(name: str) -> None:
    subject, addr, display, snippet = EXPECTED[name]
    parsed = parse_message(raw(name))
    assert parsed.subject == subject
    assert parsed.from_addr == addr
    assert parsed.from_name == display
    assert snippet in parsed.text
    assert "\ufffd" not in parsed.text


def test_fallbacks_are_flagged() -> None:
    assert "charset_fallback:iso-8859-1" in parse_message(raw("lying-charset.eml")).flags
    assert "charset_fallback:x-unknown-japanese" in parse_message(raw("unknown-charset.eml")).flags
    assert "charset_fallback:none" in parse_message(raw("ja-sjis-8bit-headers.eml")).flags
    assert not [f for f in parse_message(raw("ja-iso2022jp.eml")).flags if f.startswith("charset")]


def test_ids_dates_and_recipients() -> None:
    parsed = parse_message(raw("ja-shiftjis.eml"))
    assert parsed.message_id == "<ja-sjis.2@example.jp>"
    assert parsed.to == ("サポート <support@example.com>",)
    assert parsed.cc == ("accounting@example.jp",)
    assert parsed.date == datetime(2026, 11, 3, 0, 15, 30, tzinfo=UTC)
    quoted = parse_message(raw("quoted-signature.eml"))
    assert quoted.in_reply_to == "<reply.24@example.com>"
    assert quoted.references == ("<first.24@example.com>", "<reply.24@example.com>")


def test_malformed_headers_are_flagged_not_fatal() -> None:
    parsed = parse_message(raw("malformed-headers.eml"))
    assert parsed.from_addr is None
    assert "no_from" in parsed.flags and "defects" in parsed.flags
    assert parsed.subject.startswith("日本語")  # the good word decoded, the broken one left as it stands
    assert parsed.date is None
    assert parsed.message_id == "<no-angle-brackets@example.com>"
    assert "本文です。" in parsed.text


def test_multipart_without_boundary_is_shown_as_text() -> None:
    parsed = parse_message(raw("multipart-no-boundary.eml"))
    assert "The body is still readable." in parsed.text
    assert "defects" in parsed.flags


def test_deep_nesting_finds_text_and_attachment() -> None:
    parsed = parse_message(raw("deep-nesting.eml"))
    assert [a.filename for a in parsed.attachments] == ["level10.csv"]
    assert attachment_bytes(raw("deep-nesting.eml"), 0).replace(b"\r\n", b"\n") == b"a,b\n1,2\n"


def test_huge_header() -> None:
    parsed = parse_message(raw("huge-header.eml"))
    assert len(parsed.references) == 4300
    assert parsed.in_reply_to == "<ref.004299@example.com>"


def test_rfc2231_and_rfc2047_filenames() -> None:
    names = [a.filename for a in parse_message(raw("rfc2231-ja-filename.eml")).attachments]
    assert names == ["お見積書_2026年11月分（改訂版）.xlsx", "契約書.pdf"]
    sjis = parse_message(raw("ja-shiftjis.eml")).attachments
    assert [(a.filename, a.content_type) for a in sjis] == [("請求書.pdf", "application/pdf")]
    assert attachment_bytes(raw("ja-shiftjis.eml"), 0).startswith(b"%PDF-1.4")


def test_attached_message_is_listed_not_merged() -> None:
    data = raw("attached-rfc822.eml")
    parsed = parse_message(data)
    assert "INNER TEXT" not in parsed.text
    assert [(a.content_type, a.filename) for a in parsed.attachments] == [
        ("message/rfc822", "the original message.eml")]
    inner = parse_message(attachment_bytes(data, 0))
    assert inner.message_id == "<inner.18@example.org>"
    assert "INNER TEXT" in inner.text
    assert [a.filename for a in inner.attachments] == ["inner.bin"]


def test_tnef_and_calendar_are_attachments() -> None:
    tnef = parse_message(raw("tnef-winmail.eml")).attachments
    assert [(a.filename, a.content_type) for a in tnef] == [("winmail.dat", "application/ms-tnef")]
    assert attachment_bytes(raw("tnef-winmail.eml"), 0).startswith(b"\x78\x9f\x3e\x22")
    cal = parse_message(raw("calendar.eml"))
    assert [a.content_type for a in cal.attachments] == ["text/calendar"]
    assert cal.attachments[0].filename.endswith(".ics")
    assert b"BEGIN:VCALENDAR" in attachment_bytes(raw("calendar.eml"), 0)
    assert cal.html is not None and "BEGIN:VCALENDAR" not in cal.text


def test_dangerous_attachment_names() -> None:
    atts = parse_message(raw("executable-attachments.eml")).attachments
    assert atts[0].filename == "invoice.pdf.exe"
    assert set(atts[0].warnings) == {"executable", "double_extension"}
    assert "\u202e" in atts[1].filename
    assert {"rtl_override", "executable"} <= set(atts[1].warnings)
    assert filename_warnings("report.pdf") == ()
    assert filename_warnings("invoice\u202efdp.scr") == ("rtl_override", "executable")
    assert filename_warnings("photo\u202eexe.jpg") == ("rtl_override", "executable")
    assert "double_extension" in filename_warnings("scan.jpeg          .js")


def test_bounces_name_the_original_message() -> None:
    full = parse_message(raw("dsn-bounce.eml"))
    assert full.is_bounce and full.bounced_message_id == "<sent.reply.42@example.com>"
    assert "User unknown" in full.text and "Thank you for your order" not in full.text
    headers_only = parse_message(raw("dsn-headers-only.eml"))
    assert headers_only.is_bounce and headers_only.bounced_message_id == "<sent.reply.43@example.com>"
    assert not parse_message(raw("attached-rfc822.eml")).is_bounce
    plain = parse_message(
        b"From: MAILER-DAEMON@mx.example.com\r\nTo: support@example.com\r\nSubject: failure notice\r\n\r\n"
        b"Sorry, I couldn't deliver.\r\n--- Below this line is a copy of the message.\r\n\r\n"
        b"From: support@example.com\r\nMessage-ID: <sent.44@example.com>\r\n\r\nHello\r\n"
    )
    assert plain.is_bounce and plain.bounced_message_id == "<sent.44@example.com>"
    customer = parse_message(b"From: jane@example.org\r\nSubject: delivery failed?\r\n\r\nMessage-ID: <x@y.z>\r\n")
    assert not customer.is_bounce


def test_unparseable_blob_is_kept_as_text() -> None:
    data = raw("unparseable-blob.eml")
    parsed = parse_message(data)
    assert parsed.flags == ("unparseable",)
    assert "binary junk" in parsed.text and "not a message at all" in parsed.text
    assert parse_message(b"").flags == ("unparseable",)


def test_cid_parts_and_missing_attachment() -> None:
    parts = cid_parts(raw("hostile-html.eml"))
    assert parts["logo@example.test"][0] == "image/png"
    assert parts["logo@example.test"][1].startswith(b"\x89PNG")
    with pytest.raises(AttachmentNotFound, match="no attachment 5"):
        attachment_bytes(raw("hostile-html.eml"), 5)


def test_lf_only_message_parses_like_crlf() -> None:
    lf = raw("ja-shiftjis.eml").replace(b"\r\n", b"\n")
    a, b = parse_message(lf), parse_message(raw("ja-shiftjis.eml"))
    assert (a.subject, a.text, a.attachments) == (b.subject, b.text, b.attachments)


def test_charset_decoding_units() -> None:
    assert decode_bytes("①㈱髙".encode("cp932"), "Shift_JIS") == ("①㈱髙", False)
    assert decode_bytes("喆".encode("gbk"), "gb2312") == ("喆", False)
    assert decode_bytes(b"\x93quoted\x94 \x80", "us-ascii") == ("“quoted” €", False)
    assert decode_bytes("日本".encode(), "base64") == ("日本", True)  # a non-text codec named as a charset
    # a character split across two encoded words survives
    assert decode_header_value("=?UTF-8?B?5pel5pys?= =?UTF-8?B?6Kqe?=") == "日本語"
    assert decode_header_value("=?utf-8?q?caf=C3?= =?utf-8?q?=A9?=") == "café"
    assert decode_header_value("=?iso-2022-jp?B?GyRCJEgbKEI=?= plain") == "と plain"
    # a line break or NUL hidden in an encoded word never reaches the decoded text
    assert decode_header_value("=?utf-8?q?Hi=0D=0ABcc:_x@example.org=00?=") == "Hi Bcc: x@example.org"


def _nested(levels: int) -> bytes:
    body = b"Content-Type: text/plain\r\n\r\nbottom\r\n"
    for i in range(levels - 1, -1, -1):
        b = b"b%d" % i
        body = (b'Content-Type: multipart/mixed; boundary="' + b + b'"\r\n\r\n--' + b + b"\r\n" + body
                + b"\r\n--" + b + b"--\r\n")
    return b"From: a@example.org\r\nSubject: deep\r\nMIME-Version: 1.0\r\n" + body


@pytest.mark.parametrize("levels", [500, 3000])
def test_absurd_nesting_is_flagged_not_fatal(levels: int) -> None:
    parsed = parse_message(_nested(levels))
    assert {"nesting_too_deep", "unparseable"} & set(parsed.flags)


def test_mutated_messages_never_raise() -> None:
    rng = random.Random(3)
    for path in corpus():
        data = bytearray(path.read_bytes())
        for _ in range(15):
            mutated = bytearray(data)
            for _ in range(rng.randrange(1, 20)):
                pos = rng.randrange(len(mutated))
                mutated[pos] = rng.choice(b"\r\n:;=?\"<>-\x00\x1b\xff" + bytes([rng.randrange(256)]))
            parsed = parse_message(bytes(mutated))
            assert isinstance(parsed.text, str) and isinstance(parsed.subject, str)

"""The fast header-only read used by ingest: decoded fields, odd charsets, and never an exception."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from agentdesk.mail.headers import message_ids, parse_headers

DATA = Path(__file__).resolve().parents[1] / "data"


def test_routing_fields() -> None:
    raw = (
        b"From: =?UTF-8?B?5bGx55SwIOiKseWtkA==?= <Hanako@Example.JP>\r\n"
        b"To: support@example.com, \"Doe, Jane\" <jane@example.org>\r\n"
        b"Cc: =?ISO-2022-JP?B?GyRCQ2ZFRBsoQg==?= <nakata@example.jp>\r\n"
        b"Subject: =?ISO-2022-JP?B?GyRCRnxLXDhsGyhC?= [#12]\r\n"
        b"Message-ID: <abc@example.jp>\r\nIn-Reply-To: <p@example.com>\r\n"
        b"References: <r1@example.com>\r\n <p@example.com>\r\n"
        b"Date: Mon, 02 Nov 2026 10:00:00 +0900\r\nContent-Type: text/plain\r\n\r\nbody\r\n"
    )
    info = parse_headers(raw)
    assert info.from_addr == "hanako@example.jp" and info.from_name == "山田 花子"
    assert [a.address for a in info.to] == ["support@example.com", "jane@example.org"]
    assert info.to[1].name == "Doe, Jane" and info.cc[0].name == "中田"
    assert info.subject == "日本語 [#12]"
    assert (info.message_id, info.in_reply_to) == ("<abc@example.jp>", "<p@example.com>")
    assert info.references == ["<r1@example.com>", "<p@example.com>"]
    assert info.date == datetime(2026, 11, 2, 1, 0, tzinfo=UTC)
    assert info.flags == [] and not info.is_delivery_report


def test_delivery_reports_are_recognised() -> None:
    assert parse_headers((DATA / "dsn-bounce.eml").read_bytes()).is_delivery_report
    assert parse_headers((DATA / "dsn-bounce.eml").read_bytes()).auto_submitted == "auto-replied"


def test_raw_8bit_headers_are_decoded() -> None:
    utf8 = parse_headers("Subject: 納期について\nFrom: 山田 <y@example.jp>\n\nx".encode())
    assert utf8.subject == "納期について" and utf8.from_name == "山田" and "header_charset" not in utf8.flags
    sjis = parse_headers("Subject: 請求書の件\n\nx".encode("cp932"))
    assert sjis.subject == "請求書の件" and "header_charset" in sjis.flags


@pytest.mark.parametrize("raw", [b"", b"\x00\xff\xfe", b"no colon line\r\n\r\n", b"Subject: =?bogus?Q?x?=\r\n\r\n",
                                 b"From: <<<@>>>\r\nDate: yesterday\r\n\r\n", b"Subject: x\r\n" * 5000])
def test_never_raises(raw: bytes) -> None:
    info = parse_headers(raw)
    assert info.message_id is None


def test_every_corpus_file_is_read() -> None:
    for path in sorted(DATA.glob("*.eml")):
        parse_headers(path.read_bytes())


def test_message_ids() -> None:
    assert message_ids("<a@x> <b@x>\r\n <a@x>") == ["<a@x>", "<b@x>"]
    assert message_ids("bare@example.com") == ["<bare@example.com>"]
    assert message_ids("no id here") == []

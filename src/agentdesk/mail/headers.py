"""A fast, header-only read of a raw message: what ingest and routing need, without parsing the body.

Only the header block is parsed (``BytesHeaderParser`` with ``compat32``); encoded words are decoded with
``email.header.decode_header`` and addresses split with ``email.utils``. Raw 8-bit header bytes are decoded as
UTF-8, then as the usual Japanese and Chinese charsets, then as windows-1252. Nothing here ever raises: a
header that cannot be understood is kept as well as possible and the problem is listed in ``flags``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email import policy
from email.header import decode_header
from email.parser import BytesHeaderParser
from email.utils import getaddresses, parsedate_to_datetime

_MSGID_RE = re.compile(r"<[^<>\s]+>")
_FOLD_RE = re.compile(r"\r?\n[ \t]*")
_HEADER_END = re.compile(rb"\r?\n\r?\n")
_PARSER = BytesHeaderParser(policy=policy.compat32)

#: Charset labels that name a smaller charset than what senders really use.
CHARSET_ALIASES = {
    "iso-8859-1": "cp1252",
    "latin-1": "cp1252",
    "latin1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "shift_jis": "cp932",
    "shift-jis": "cp932",
    "sjis": "cp932",
    "x-sjis": "cp932",
    "windows-31j": "cp932",
    "iso-2022-jp": "iso2022_jp_ext",
    "euc-jp": "euc_jis_2004",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "ks_c_5601-1987": "cp949",
    "euc-kr": "cp949",
    "big5": "big5hkscs",
}
_GUESSES = ("utf-8", "iso2022_jp_ext", "cp932", "euc_jis_2004", "gb18030")


def decode_bytes(data: bytes, charset: str | None) -> tuple[str, bool]:
    """Decode ``data`` labelled ``charset``; returns the text and whether it had to be guessed or replaced."""
    if charset:
        label = charset.strip().strip('"').lower()
        codec = CHARSET_ALIASES.get(label, label)
        try:
            return data.decode(codec), False
        except (LookupError, UnicodeDecodeError):
            pass
    for guess in _GUESSES:
        try:
            return data.decode(guess), charset is not None and charset.lower() not in ("unknown-8bit",)
        except UnicodeDecodeError:
            continue
    return data.decode("cp1252", errors="replace"), True


def _raw_text(value: str) -> tuple[str, bool]:
    """A parsed header value with undeclared 8-bit bytes (surrogate-escaped) decoded by guessing."""
    try:
        value.encode("utf-8")
        return value, False
    except UnicodeEncodeError:
        data = value.encode("ascii", "surrogateescape")
        try:
            return data.decode("utf-8"), False
        except UnicodeDecodeError:
            return decode_bytes(data, None)[0], True


def decode_words(value: str) -> tuple[str, bool]:
    """Unfold a header value and decode its RFC 2047 encoded words; returns the text and whether it was odd."""
    value, odd = _raw_text(value)
    value = _FOLD_RE.sub(" ", value)
    if "=?" not in value:
        return value.strip(), odd
    try:
        parts = decode_header(value)
    except Exception:
        return value.strip(), True
    out: list[str] = []
    for chunk, charset in parts:
        if isinstance(chunk, str):
            out.append(chunk)
            continue
        text, guessed = decode_bytes(chunk, charset)
        odd = odd or guessed
        out.append(text)
    return "".join(out).strip(), odd


def message_ids(value: str | None) -> list[str]:
    """The ``<…>`` identifiers of a Message-ID, In-Reply-To or References value, in order, without repeats."""
    if not value:
        return []
    found = _MSGID_RE.findall(_FOLD_RE.sub(" ", value))
    if not found:
        bare = value.strip().split()
        found = [f"<{bare[0].strip('<>')}>"] if bare and "@" in bare[0] else []
    seen: set[str] = set()
    return [m for m in found if not (m in seen or seen.add(m))]  # type: ignore[func-returns-value]


@dataclass(frozen=True)
class Address:
    """One mailbox of an address header; ``address`` is lower-cased."""

    address: str
    name: str


@dataclass(frozen=True)
class HeaderInfo:
    """What routing needs from a message's header."""

    message_id: str | None = None
    in_reply_to: str | None = None
    references: list[str] = field(default_factory=list)
    subject: str = ""
    from_addr: str | None = None
    from_name: str | None = None
    to: list[Address] = field(default_factory=list)
    cc: list[Address] = field(default_factory=list)
    date: datetime | None = None
    content_type: str = "text/plain"
    report_type: str | None = None
    auto_submitted: str | None = None
    flags: list[str] = field(default_factory=list)

    @property
    def is_delivery_report(self) -> bool:
        """A delivery-status notification (``multipart/report; report-type=delivery-status``)."""
        return self.content_type == "multipart/report" and (self.report_type or "") == "delivery-status"


def _addresses(values: list[str], flags: list[str]) -> list[Address]:
    texts = []
    for value in values:
        text, odd = _raw_text(value)
        if odd:
            flags.append("header_8bit")
        texts.append(_FOLD_RE.sub(" ", text))
    try:
        pairs = getaddresses(texts)
    except Exception:
        flags.append("bad_address")
        return []
    result = []
    for name, addr in pairs:
        addr = addr.strip()
        if not addr:
            continue
        decoded, odd = decode_words(name) if name else ("", False)
        if odd:
            flags.append("header_charset")
        result.append(Address(addr.lower(), decoded))
    return result


def _content_type(value: str | None) -> tuple[str, str | None]:
    if not value:
        return "text/plain", None
    main, _, params = value.partition(";")
    ctype = main.strip().lower() or "text/plain"
    report = None
    match = re.search(r"report-type\s*=\s*\"?([A-Za-z0-9._-]+)", params, re.IGNORECASE)
    if match:
        report = match.group(1).lower()
    return ctype, report


def header_block(raw: bytes) -> bytes:
    """The bytes of the header section (up to the first empty line), or the whole message if there is none."""
    match = _HEADER_END.search(raw)
    return raw[: match.end()] if match else raw


def parse_headers(raw: bytes) -> HeaderInfo:
    """Read routing fields from ``raw``'s header section; never raises."""
    flags: list[str] = []
    try:
        msg = _PARSER.parsebytes(header_block(raw))
        items: dict[str, list[str]] = {}
        for name, value in msg.raw_items():
            items.setdefault(name.lower(), []).append(str(value))
        if msg.defects:
            flags.append("header_defects")
    except Exception:
        return HeaderInfo(flags=["unparseable_header"])

    def first(name: str) -> str | None:
        values = items.get(name)
        return values[0] if values else None

    mids = message_ids(first("message-id"))
    reply = message_ids(first("in-reply-to"))
    refs = message_ids(" ".join(items.get("references", [])))
    subject, odd = decode_words(first("subject") or "")
    if odd:
        flags.append("header_charset")
    senders = _addresses(items.get("from", []), flags)
    date = None
    date_value = first("date")
    if date_value:
        try:
            date = parsedate_to_datetime(date_value)
            date = date.replace(tzinfo=UTC) if date.tzinfo is None else date.astimezone(UTC)
        except Exception:
            flags.append("bad_date")
            date = None
    ctype, report = _content_type(first("content-type"))
    if not mids:
        flags.append("no_message_id")
    return HeaderInfo(
        message_id=mids[0] if mids else None,
        in_reply_to=reply[0] if reply else None,
        references=refs,
        subject=subject,
        from_addr=senders[0].address if senders else None,
        from_name=(senders[0].name or None) if senders else None,
        to=_addresses(items.get("to", []), flags),
        cc=_addresses(items.get("cc", []), flags),
        date=date,
        content_type=ctype,
        report_type=report,
        auto_submitted=(first("auto-submitted") or "").strip().lower() or None,
        flags=sorted(set(flags)),
    )

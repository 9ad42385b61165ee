"""Parsing a whole message for showing, quoting and indexing: it never raises and never drops a message.

The standard library's parser (with the lenient ``compat32`` policy, which keeps raw bytes) splits the MIME
tree; headers and bodies are decoded here, with the fallbacks of :mod:`agentdesk.mail.charsets`.
"""

from __future__ import annotations

import base64
import binascii
import io
import quopri
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email import errors, message_from_bytes
from email.generator import BytesGenerator
from email.message import Message
from email.parser import HeaderParser
from email.policy import compat32
from email.utils import getaddresses, parsedate_to_datetime

from agentdesk.mail.bounces import plain_bounce
from agentdesk.mail.charsets import decode_bytes, decode_header_value, guess_decode, raw_header_text
from agentdesk.mail.filenames import filename_warnings
from agentdesk.mail.htmltext import html_to_text

#: MIME nesting deeper than this is not descended into (the rest is listed, flagged)
MAX_DEPTH = 60

@dataclass(frozen=True)
class AttachmentInfo:
    index: int
    filename: str
    content_type: str
    size: int
    content_id: str | None
    disposition: str
    warnings: tuple[str, ...]  # "executable", "double_extension", "rtl_override"


@dataclass(frozen=True)
class ParsedMessage:
    message_id: str | None
    in_reply_to: str | None
    references: tuple[str, ...]
    subject: str
    from_addr: str | None
    from_name: str | None
    to: tuple[str, ...]
    cc: tuple[str, ...]
    reply_to: tuple[str, ...]
    date: datetime | None
    text: str
    html: str | None
    attachments: tuple[AttachmentInfo, ...]
    flags: tuple[str, ...]  # "unparseable", "charset_fallback:<label>", "defects", "no_from" …
    is_bounce: bool = False
    bounced_message_id: str | None = None
    #: leaf parts shown as the body, and text parts left out as alternatives of a shown one
    #: (multipart/alternative); with the attachments they account for every leaf part
    shown_parts: int = 0
    alternative_parts: int = 0


class AttachmentNotFound(LookupError):
    """No attachment with that index in the message."""


# -- headers -----------------------------------------------------------------------------------------------

def raw_all(msg: Message, name: str) -> list[str]:
    """Every ``name`` header exactly as parsed (8-bit bytes kept as surrogates, not replaced)."""
    key = name.lower()
    return [str(v) for k, v in msg.raw_items() if k.lower() == key]


def raw_get(msg: Message, name: str) -> str | None:
    """The first ``name`` header as parsed, or None."""
    values = raw_all(msg, name)
    return values[0] if values else None


def header_text(msg: Message, name: str) -> str | None:
    """The decoded text of the first ``name`` header, or None when absent."""
    value = raw_get(msg, name)
    if value is None:
        return None
    return decode_header_value(value)


_MSG_ID = re.compile(r"<[^<>@\s\x00-\x1f\x7f]+@[^<>@\s\x00-\x1f\x7f]+>")


def _ids(value: str | None) -> list[str]:
    if not value:
        return []
    text = raw_header_text(value)
    if "<" in text:
        found = re.findall(r"<[^<>\s]+>", text)
    else:
        found = [f"<{v}>" for v in re.split(r"[\s,]+", text.strip()) if v]
    return [mid for mid in found if _MSG_ID.fullmatch(mid)]


def _mailboxes(msg: Message, name: str) -> list[tuple[str, str]]:
    texts = [raw_header_text(v) for v in raw_all(msg, name)]
    out = []
    for display, addr in getaddresses(texts):
        display = decode_header_value(display) if display else ""
        if addr or display:
            out.append((display, addr.strip()))
    return out


def _format(display: str, addr: str) -> str:
    if not display:
        return addr
    if re.search(r'[(),.:;<>@\[\]\\"]', display):
        display = '"' + display.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return f"{display} <{addr}>" if addr else display


def _date(msg: Message) -> datetime | None:
    value = raw_get(msg, "Date")
    if not value:
        return None
    try:
        when = parsedate_to_datetime(raw_header_text(value).strip())
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


# -- walking the MIME tree ---------------------------------------------------------------------------------

@dataclass
class _Walk:
    texts: list[str] = field(default_factory=list)
    htmls: list[str] = field(default_factory=list)
    attachments: list[Message] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    shown: int = 0
    alternatives: int = 0

    def flag(self, value: str) -> None:
        if value not in self.flags:
            self.flags.append(value)


def _disposition(part: Message) -> str:
    value = part.get("Content-Disposition")
    if not value:
        return ""
    return str(value).split(";", 1)[0].strip().lower()


#: regenerates a parsed message with its header lines as they were (no refolding)
_AS_PARSED = compat32.clone(linesep="\r\n", max_line_length=None)

_B64_PREFIX = re.compile(rb"[A-Za-z0-9+/=\s]*")


def _lenient_b64(data: bytes) -> bytes:
    """Base64 up to the first byte that cannot belong to it, padded as needed."""
    body = data.rstrip()
    if b"=" not in body.rstrip(b"=") and _B64_PREFIX.fullmatch(data):  # the usual case: well formed
        try:
            return binascii.a2b_base64(body)
        except binascii.Error:
            pass
    match = _B64_PREFIX.match(data)
    clean = re.sub(rb"[^A-Za-z0-9+/]", b"", match.group(0) if match else b"")
    if len(clean) % 4 == 1:
        clean = clean[:-1]
    return base64.b64decode(clean + b"=" * (-len(clean) % 4))


def _payload_bytes(part: Message) -> bytes:
    payload = part.get_payload()
    cte = str(part.get("Content-Transfer-Encoding", "")).strip().lower()
    if cte == "base64" and isinstance(payload, str):
        try:
            data = payload.encode("ascii", "surrogateescape")
            if not _B64_PREFIX.fullmatch(data):
                part.defects.append(errors.InvalidBase64CharactersDefect())
            return _lenient_b64(data)
        except (binascii.Error, ValueError):
            pass
    try:
        decoded: object = part.get_payload(decode=True)
    except (ValueError, TypeError, binascii.Error, AssertionError):
        decoded = None
    if isinstance(decoded, bytes):
        return decoded
    if isinstance(payload, str):
        return payload.encode("ascii", "surrogateescape")
    return b""


#: the decoded content of a leaf part (lenient base64, quoted-printable, or the bytes as they are)
payload_bytes = _payload_bytes


def _message_bytes(part: Message) -> bytes:
    """The bytes of an attached message (message/rfc822): regenerated by the lenient policy, which keeps
    header lines as they were; one sent base64-encoded (against RFC 2046, but seen) is decoded."""
    cte = str(part.get("Content-Transfer-Encoding", "")).strip().lower()
    payload = part.get_payload()
    inner = payload[0] if isinstance(payload, list) and payload else None
    if inner is None:
        return _payload_bytes(part)
    blocks = payload if part.get_content_type() != "message/rfc822" else [inner]
    chunks = []
    for block in blocks:
        if not isinstance(block, Message):
            continue
        buf = io.BytesIO()
        BytesGenerator(buf, mangle_from_=False, policy=_AS_PARSED).flatten(block)
        chunks.append(buf.getvalue())
    data = b"\r\n".join(chunks)
    if cte in ("base64", "quoted-printable"):
        try:
            if cte == "base64":
                return base64.b64decode(re.sub(rb"[^A-Za-z0-9+/=]", b"", data))
            return quopri.decodestring(data)
        except (binascii.Error, ValueError):
            return data
    return data


def _text_of(part: Message, walk: _Walk) -> str:
    data = _payload_bytes(part)
    text, fell_back = decode_bytes(data, part.get_content_charset())
    if part.defects:
        walk.flag("defects")
    if fell_back:
        walk.flag(f"charset_fallback:{part.get_content_charset() or 'none'}")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _is_body(part: Message) -> bool:
    ctype = part.get_content_type()
    if ctype not in ("text/plain", "text/html"):
        return False
    disp = _disposition(part)
    if disp == "attachment":
        return False
    return not (part.get_filename() and disp != "inline")


def _visit(part: Message, walk: _Walk, depth: int) -> None:
    if part.defects:
        walk.flag("defects")
    if depth > MAX_DEPTH:
        walk.flag("nesting_too_deep")
        walk.attachments.append(part)
        return
    ctype = part.get_content_type()
    payload = part.get_payload()
    if ctype.startswith("message/") and isinstance(payload, list):
        walk.attachments.append(part)
        return
    if isinstance(payload, list):
        children = [p for p in payload if isinstance(p, Message)]
        if not children:
            return
        if ctype == "multipart/alternative":
            sub = _Walk()
            for child in children:
                _visit(child, sub, depth + 1)
            if sub.texts:
                walk.texts.append(sub.texts[-1])
            if sub.htmls:
                walk.htmls.append(sub.htmls[-1])
            kept = bool(sub.texts) + bool(sub.htmls)
            walk.shown += kept
            walk.alternatives += sub.alternatives + sub.shown - kept
            walk.attachments.extend(sub.attachments)
            for f in sub.flags:
                walk.flag(f)
            return
        if ctype == "multipart/related" and children:
            start = part.get_param("start")
            root = children[0]
            if isinstance(start, str):
                root = next((c for c in children if str(c.get("Content-ID", "")).strip() == start.strip()),
                            root)
            _visit(root, walk, depth + 1)
            walk.attachments.extend(c for c in children if c is not root)
            return
        for child in children:
            _visit(child, walk, depth + 1)
        return
    if ctype.startswith("multipart/"):
        walk.flag("defects")  # a multipart without its boundary: shown as text
        walk.texts.append(_text_of(part, walk))
        walk.shown += 1
        return
    if _is_body(part):
        text = _text_of(part, walk)
        (walk.htmls if ctype == "text/html" else walk.texts).append(text)
        walk.shown += 1
        return
    walk.attachments.append(part)


def _walk(msg: Message) -> _Walk:
    walk = _Walk()
    _visit(msg, walk, 0)
    return walk


# -- attachments -------------------------------------------------------------------------------------------

def _params_source(part: Message) -> Message:
    """``part`` itself, or (when its Content-Type/-Disposition hold raw 8-bit bytes) a copy of those two
    headers with the bytes decoded, so that the standard parameter parsing applies."""
    raw = [(k, v) for k, v in part.raw_items() if k.lower() in ("content-type", "content-disposition")]
    if all(str(v).isascii() for _, v in raw):
        return part
    copy = Message()
    for k, v in raw:
        copy[k] = raw_header_text(str(v))
    return copy


def _filename(part: Message, index: int) -> str:
    name = declared_filename(part)
    if name:
        name = name.replace("\0", "")
        name = name.replace("/", "_").replace("\\", "_").strip()
    if name:
        return name
    ctype = part.get_content_type()
    if ctype in ("message/rfc822", "message/global") and isinstance(part.get_payload(), list):
        inner = part.get_payload(0)
        subject = header_text(inner, "Subject") if isinstance(inner, Message) else None
        return (re.sub(r'[\\/:*?"<>|\r\n]+', "_", subject)[:80] if subject else "message") + ".eml"
    ext = {
        "text/calendar": ".ics", "application/ms-tnef": ".dat", "message/global-delivery-status": ".txt", "text/plain": ".txt", "text/html": ".html",
        "message/delivery-status": ".txt", "text/rfc822-headers": ".txt", "image/png": ".png",
        "image/jpeg": ".jpg", "image/gif": ".gif", "application/pdf": ".pdf",
    }.get(ctype, ".bin")
    stem = {"application/ms-tnef": "winmail", "text/calendar": "invite", "message/delivery-status":
            "delivery-status", "text/rfc822-headers": "original-headers"}.get(ctype, f"part-{index + 1}")
    return stem + ext


def declared_filename(part: Message) -> str | None:
    """The file name the part itself gives (decoded), or None."""
    source = _params_source(part)
    try:
        name = source.get_filename() or source.get_param("name")
    except (ValueError, TypeError, LookupError):
        return None
    return decode_header_value(name) if isinstance(name, str) and name else None


def decoded_size(part: Message) -> int:
    """The size of the part's decoded content."""
    ctype = part.get_content_type()
    return len(_message_bytes(part) if ctype.startswith("message/") else _payload_bytes(part))


def _describe(part: Message, index: int) -> AttachmentInfo:
    ctype = part.get_content_type()
    data = _message_bytes(part) if ctype.startswith("message/") else _payload_bytes(part)
    cid = part.get("Content-ID")
    name = _filename(part, index)
    disp = _disposition(part) or ("inline" if cid else "attachment")
    return AttachmentInfo(
        index=index,
        filename=name,
        content_type=ctype,
        size=len(data),
        content_id=str(cid).strip().strip("<>") if cid else None,
        disposition=disp,
        warnings=filename_warnings(name),
    )


def _bounce(msg: Message, parts: list[Message]) -> tuple[bool, str | None]:
    is_report = (msg.get_content_type() == "multipart/report"
                 and str(msg.get_param("report-type", "")).lower() == "delivery-status")
    has_status = any(p.get_content_type() in ("message/delivery-status", "message/global-delivery-status")
                     for p in _all_parts(msg))
    if not (is_report or has_status):
        return False, None
    for part in parts:
        ctype = part.get_content_type()
        headers: Message | None = None
        if ctype in ("message/rfc822", "message/global") and isinstance(part.get_payload(), list):
            inner = part.get_payload(0)
            headers = inner if isinstance(inner, Message) else None
        elif ctype in ("text/rfc822-headers", "message/global-headers"):
            text = _payload_bytes(part).decode("utf-8", "replace")
            headers = HeaderParser(policy=compat32).parsestr(text.lstrip("\r\n"))
        if headers is not None and raw_get(headers, "Message-ID"):
            ids = _ids(raw_get(headers, "Message-ID"))
            if ids:
                return True, ids[0]
    return True, None


def _all_parts(msg: Message, depth: int = 0) -> Iterator[Message]:
    yield msg
    payload = msg.get_payload()
    if isinstance(payload, list) and depth < MAX_DEPTH and not msg.get_content_type().startswith("message/"):
        for child in payload:
            if isinstance(child, Message):
                yield from _all_parts(child, depth + 1)


# -- the public functions ----------------------------------------------------------------------------------

def load(raw: bytes) -> Message:
    """The lenient MIME tree of ``raw`` (raises only on what the parser cannot take at all)."""
    return message_from_bytes(raw, policy=compat32)


def _looks_like_message(msg: Message) -> bool:
    return len(msg.keys()) > 0 and not any(type(d).__name__ == "MissingHeaderBodySeparatorDefect"
                                           and len(msg.keys()) < 2 for d in msg.defects)


def _unparseable(raw: bytes) -> ParsedMessage:
    text = raw.decode("utf-8", "replace") if b"\0" in raw else guess_decode(raw)[0]
    text = text.replace("\0", "\ufffd").replace("\r\n", "\n")
    return ParsedMessage(
        message_id=None, in_reply_to=None, references=(), subject="", from_addr=None, from_name=None, to=(),
        cc=(), reply_to=(), date=None, text=text, html=None, attachments=(), flags=("unparseable",),
    )


def parse_message(raw: bytes) -> ParsedMessage:
    """Everything agentdesk shows of ``raw``. Never raises: what cannot be parsed comes back as its raw text
    with the flag "unparseable"; what was repaired or guessed is flagged too."""
    try:
        return _parse(raw)
    except Exception:  # the contract: a message is never lost to a parser bug
        return _unparseable(raw)


def _parse(raw: bytes) -> ParsedMessage:
    msg = load(raw)
    if not _looks_like_message(msg):
        return _unparseable(raw)
    walk = _walk(msg)
    flags = list(walk.flags)
    if msg.defects and "defects" not in flags:
        flags.append("defects")
    senders = _mailboxes(msg, "From")
    subject = header_text(msg, "Subject") or ""
    if not senders:
        flags.append("no_from")
    text = "\n\n".join(t.rstrip("\n") for t in walk.texts if t.strip())
    html = "\n".join(walk.htmls) if walk.htmls else None
    if not text.strip() and html:
        text = html_to_text(html)
    elif text:
        text += "\n"
    attachments = tuple(_describe(p, i) for i, p in enumerate(walk.attachments))
    is_bounce, bounced = _bounce(msg, walk.attachments)
    if not is_bounce:
        is_bounce, bounced = plain_bounce(senders[0][1] if senders else None, subject, text)
    ids = _ids(raw_get(msg, "Message-ID"))
    replies = _ids(raw_get(msg, "In-Reply-To"))
    return ParsedMessage(
        message_id=ids[0] if ids else None,
        in_reply_to=replies[0] if replies else None,
        references=tuple(_ids(" ".join(raw_all(msg, "References")))),
        subject=subject,
        from_addr=(senders[0][1] or None) if senders else None,
        from_name=(senders[0][0] or None) if senders else None,
        to=tuple(_format(*a) for a in _mailboxes(msg, "To")),
        cc=tuple(_format(*a) for a in _mailboxes(msg, "Cc")),
        reply_to=tuple(_format(*a) for a in _mailboxes(msg, "Reply-To")),
        date=_date(msg),
        text=text,
        html=html,
        attachments=attachments,
        flags=tuple(flags),
        is_bounce=is_bounce,
        bounced_message_id=bounced,
        shown_parts=walk.shown,
        alternative_parts=walk.alternatives,
    )


def attachment_parts(msg: Message) -> list[Message]:
    """The parts listed as attachments, in the order of :attr:`ParsedMessage.attachments`."""
    return _walk(msg).attachments


def attachment_bytes(raw: bytes, index: int) -> bytes:
    """The decoded content of attachment ``index`` (an attached message: its bytes)."""
    parts = attachment_parts(load(raw))
    if not 0 <= index < len(parts):
        raise AttachmentNotFound(f"the message has no attachment {index} (it has {len(parts)})")
    part = parts[index]
    return _message_bytes(part) if part.get_content_type().startswith("message/") else _payload_bytes(part)


def cid_parts(raw: bytes) -> dict[str, tuple[str, bytes]]:
    """Parts that carry a Content-ID (inline images of HTML mail): content-id → (content type, bytes)."""
    out: dict[str, tuple[str, bytes]] = {}
    try:
        msg = load(raw)
    except Exception:
        return out
    for part in _all_parts(msg):
        cid = part.get("Content-ID")
        if cid and not part.is_multipart():
            key = str(cid).strip().strip("<>")
            out.setdefault(key, (part.get_content_type(), _payload_bytes(part)))
    return out

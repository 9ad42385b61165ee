"""Is this the same message again? A content fingerprint for ingest's fast path, and a closer look for copies that
share a Message-ID but not a fingerprint.

:func:`content_fingerprint` hashes the header fields that say what a message is (From, To, Cc, Subject, Date,
the identifiers, the MIME type and encoding; unfolded, whitespace collapsed) and the body (line ends and
trailing blanks normalised). It reads the bytes once with a few regular expressions: no MIME parse. Headers
added on the way — Received, Delivered-To, Return-Path, X-* trace, DKIM and ARC signatures, List-* — change
nothing, so a redelivered copy has the same fingerprint.

:func:`copy_kind` is the slow path, run only for a new message whose Message-ID is already stored with another
fingerprint: it parses both and tells a mailing-list copy (a footer added to a text part or as an extra text
part, a ``[list]`` tag in the subject, list headers) from a different message that reuses the Message-ID.
"""

from __future__ import annotations

import hashlib
import re
from email.message import Message
from email.utils import getaddresses

from agentdesk.mail.headers import header_block
from agentdesk.mail.parse import load, payload_bytes

#: the header fields that make a message what it is (everything else is transport, trace or list decoration)
MATTER = frozenset({"from", "to", "cc", "subject", "date", "message-id", "in-reply-to", "references", "reply-to",
                    "mime-version", "content-type", "content-transfer-encoding"})
#: the most text a mailing list may add (footer, tag) for a copy to count as the same message
FOOTER_MAX = 4096

_FIELD = re.compile(rb"^([!-9;-~]+)[ \t]*:(.*(?:\r?\n[ \t].*)*)", re.MULTILINE)
_SPACE = re.compile(rb"\s+")
_TRAILING = re.compile(rb"[ \t]+(?=\n)")
_LIST_TAG = re.compile(r"^\s*(?:\[[^\]]{1,60}\]\s*)+")


def _canonical_headers(block: bytes) -> bytes:
    fields = []
    for match in _FIELD.finditer(block):
        name = match.group(1).lower()
        if name.decode("ascii", "replace") in MATTER:
            fields.append(name + b":" + _SPACE.sub(b" ", match.group(2)).strip())
    fields.sort(key=lambda f: f.split(b":", 1)[0])  # stable: repeated fields keep their order
    return b"\n".join(fields)


def canonical_body(data: bytes) -> bytes:
    """``data`` with CRLF made LF, blanks at line ends and blank lines at the end dropped."""
    data = data.replace(b"\r\n", b"\n")
    if b" \n" in data or b"\t\n" in data:  # the regular expression costs more than both searches (base64, most text)
        data = _TRAILING.sub(b"", data)
    return data.rstrip(b" \t\r\n")


def content_fingerprint(raw: bytes) -> str:
    """sha256 (hex) of the fields that matter and the normalised body: equal for copies that differ only in
    transport headers (see the module docstring)."""
    block = header_block(raw)
    digest = hashlib.sha256(_canonical_headers(block))
    digest.update(b"\0")
    digest.update(canonical_body(raw[len(block):]))
    return digest.hexdigest()


# -- the slow path ------------------------------------------------------------------------------------------

def _leaves(msg: Message, depth: int = 0) -> list[tuple[str, bytes]]:
    payload = msg.get_payload()
    if isinstance(payload, list) and depth < 40:
        return [leaf for part in payload if isinstance(part, Message) for leaf in _leaves(part, depth + 1)]
    return [(msg.get_content_type(), canonical_body(payload_bytes(msg)))]


def _address(msg: Message, name: str) -> list[str]:
    return sorted(a.lower() for _, a in getaddresses([str(v) for v in msg.get_all(name, [])]) if a)


def _subject(msg: Message) -> str:
    return _LIST_TAG.sub("", " ".join(str(msg.get("Subject", "")).split()))


def _added(short: bytes, long: bytes) -> int | None:
    """How many bytes ``long`` inserts into ``short`` in one place (a footer, a header line), or None when
    it changes more than that."""
    if len(long) < len(short):
        return None
    prefix = 0
    limit = len(short)
    while prefix < limit and short[prefix] == long[prefix]:
        prefix += 1
    suffix = 0
    while suffix < limit - prefix and short[-1 - suffix] == long[-1 - suffix]:
        suffix += 1
    if prefix + suffix < len(short):
        return None
    return len(long) - len(short)


def _is_list_copy(original: Message, copy: Message) -> bool:
    if _address(original, "From") != _address(copy, "From"):
        return False
    if " ".join(str(original.get("Date", "")).split()) != " ".join(str(copy.get("Date", "")).split()):
        return False
    if _subject(original) != _subject(copy):
        return False
    first, second = _leaves(original), _leaves(copy)
    if len(second) < len(first):
        return False
    added = 0
    for (type_a, data_a), (type_b, data_b) in zip(first, second, strict=False):
        if type_a != type_b:
            return False
        if data_a == data_b:
            continue
        grown = _added(data_a, data_b) if type_a.startswith("text/") else None
        if grown is None:
            return False
        added += grown
    for type_b, data_b in second[len(first):]:
        if type_b not in ("text/plain", "text/html"):
            return False
        added += len(data_b)
    return added <= FOOTER_MAX


def copy_kind(stored: bytes, new: bytes) -> str | None:
    """``"identical"``, ``"transport"`` (only transport headers differ), ``"list_copy"`` (one is the other with
    a mailing list's footer, subject tag or headers), or None: a different message."""
    if stored == new:
        return "identical"
    if content_fingerprint(stored) == content_fingerprint(new):
        return "transport"
    try:
        a, b = load(stored), load(new)
        return "list_copy" if _is_list_copy(a, b) or _is_list_copy(b, a) else None
    except Exception:  # a message the parser cannot take is not called a copy of anything
        return None

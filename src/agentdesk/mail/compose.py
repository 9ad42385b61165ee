"""Outgoing mail: replies, reply-all, forwards (inline or with the original attached untouched) and new
messages, built with the standard library's ``email`` package and checked before anything is sent."""

from __future__ import annotations

import base64
import html as html_lib
import re
import secrets
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from email import policy as email_policy
from email.header import Header
from email.headerregistry import Address
from email.message import EmailMessage
from email.parser import BytesParser
from email.policy import Policy
from email.utils import format_datetime, formataddr, getaddresses, localtime

import nh3

from agentdesk.mail.addresses import (
    AddressError,
    address_key,
    check_address,
    check_addresses,
    check_header_value,
    check_mailbox,
    wire_address,
)
from agentdesk.mail.filenames import safe_filename
from agentdesk.mail.sanitize import is_remote

__all__ = [
    "AddressError",
    "ComposeError",
    "Outgoing",
    "OutgoingAttachment",
    "build",
    "clean_html_part",
    "envelope_recipients",
    "forward_header_block",
    "forward_subject",
    "make_message_id",
    "quote_html",
    "quote_text",
    "references_for_reply",
    "reply_all_recipients",
    "reply_subject",
]

#: CRLF line ends, headers folded at 78, bodies in 7-bit transfer encodings (base64 / quoted-printable)
POLICY = email_policy.SMTP.clone(cte_type="7bit")


class ComposeError(ValueError):
    """The message cannot be built as asked (an empty recipient list, a bad attachment type …)."""


@dataclass(frozen=True)
class OutgoingAttachment:
    filename: str
    content_type: str
    data: bytes


@dataclass(frozen=True)
class Outgoing:
    from_addr: str
    from_name: str | None
    to: tuple[str, ...]
    cc: tuple[str, ...]
    bcc: tuple[str, ...]
    subject: str
    text: str
    html: str | None = None
    message_id: str | None = None
    in_reply_to: str | None = None
    references: tuple[str, ...] = ()
    attachments: tuple[OutgoingAttachment, ...] = field(default_factory=tuple)
    forward_raw: bytes | None = None  # attached untouched as message/rfc822
    iso2022jp: bool = False
    date: datetime | None = None
    forward_filename: str = "forwarded-message.eml"


# -- identifiers and subjects ------------------------------------------------------------------------------

def make_message_id(domain: str) -> str:
    """A new, globally unique Message-ID ``<…@domain>``."""
    check_header_value(domain, field="Message-ID")
    domain = domain.strip().strip("<>").rpartition("@")[2] or "agentdesk.invalid"
    if not domain.isascii():
        domain = domain.encode("idna").decode("ascii")
    stamp = datetime.now().strftime("%Y%m%d%H%M%S")
    return f"<{stamp}.{secrets.token_hex(12)}@{domain}>"


_REPLY_PREFIX = re.compile(
    r"^\s*(?:re|aw|sv|vs|antw|ref|rif|odp|返信|回复|答复|回覆)\s*(?:\[\d+\]|\(\d+\))?\s*[:：]",
    re.IGNORECASE,
)
_FORWARD_PREFIX = re.compile(r"^\s*(?:fwd?|wg|tr|rv|転送|转发|轉寄)\s*(?:\[\d+\])?\s*[:：]", re.IGNORECASE)


def reply_subject(subject: str) -> str:
    """``Re: subject`` unless the subject already starts with a reply prefix (Re:, RE:, Re[2]:, 返信: …)."""
    subject = subject.strip()
    return subject if _REPLY_PREFIX.match(subject) else f"Re: {subject}"


def forward_subject(subject: str) -> str:
    """``Fwd: subject`` unless the subject already starts with a forward prefix (Fwd:, FW:, 転送: …)."""
    subject = subject.strip()
    return subject if _FORWARD_PREFIX.match(subject) else f"Fwd: {subject}"


def references_for_reply(parent_message_id: str | None, parent_references: Sequence[str]) -> tuple[str, ...]:
    """The References of a reply: the parent's References then its Message-ID, without duplicates.

    Very long chains keep the first and the last 19 ids (as RFC 5322 suggests trimming from the middle).
    """
    out: list[str] = []
    for ref in [*parent_references, *([parent_message_id] if parent_message_id else [])]:
        for mid in _split_ids(ref):
            if mid not in out:
                out.append(mid)
    if len(out) > 20:
        out = [out[0], *out[-19:]]
    return tuple(out)


def _split_ids(value: str) -> list[str]:
    found = re.findall(r"<[^<>\s]+>", value)
    if found:
        return found
    return [f"<{v}>" for v in value.split() if v]


# -- quoting and forwarding --------------------------------------------------------------------------------

_WEEKDAYS_JA = "月火水木金土日"


def _is_ja(language: str) -> bool:
    return language.lower().startswith("ja")


def _date_text(date: datetime, language: str) -> str:
    if _is_ja(language):
        return f"{date.year}年{date.month}月{date.day}日({_WEEKDAYS_JA[date.weekday()]}) {date:%H:%M}"
    return f"{date:%a}, {date:%b} {date.day}, {date.year} at {date:%H:%M}"


def attribution(*, date: datetime | None, sender: str, language: str) -> str:
    """The line above a quote: "On <date>, <sender> wrote:" or its Japanese form."""
    if _is_ja(language):
        return f"{_date_text(date, language)} {sender} さんは書きました:" if date else f"{sender} さんは書きました:"
    return f"On {_date_text(date, language)}, {sender} wrote:" if date else f"{sender} wrote:"


def quote_text(text: str, *, date: datetime | None, sender: str, language: str) -> str:
    """The attribution line, then ``text`` with every line quoted with ``> ``."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").rstrip("\n").split("\n")
    quoted = [(">" + line if line.startswith(">") else "> " + line) if line else ">" for line in lines]
    return attribution(date=date, sender=sender, language=language) + "\n" + "\n".join(quoted) + "\n"


#: the bar beside a quote in an HTML part (replies quoting HTML, the outbound window's quotes)
QUOTE_STYLE = "margin:0 0 0 .8ex;border-left:1px solid #ccc;padding-left:1ex"


def quote_html(html: str, *, date: datetime | None, sender: str, language: str) -> str:
    """The attribution, then ``html`` (sanitised: no scripts, handlers, forms or frames) in a blockquote."""
    body = nh3.clean(html)
    head = html_lib.escape(attribution(date=date, sender=sender, language=language))
    return (
        f'<div class="agentdesk-quote"><div class="agentdesk-attribution">{head}</div>'
        f'<blockquote type="cite" style="{QUOTE_STYLE}">'
        f"{body}</blockquote></div>"
    )


#: the CSS an outbound HTML part may keep (what a quote's bar needs); everything else in ``style`` goes
_HTML_PART_STYLES = {"margin", "margin-left", "border-left", "padding-left", "color"}


#: attributes whose value a mail reader may fetch (``cite`` too: nothing of ours should point elsewhere)
_FETCHED_ATTRIBUTES = {"src", "srcset", "cite", "longdesc", "background", "poster", "lowsrc", "dynsrc"}
_IMG_WITHOUT_SRC = re.compile(r"<img\b(?![^>]*\ssrc=)[^>]*>", re.IGNORECASE)


def _no_remote(tag: str, attr: str, value: str) -> str | None:
    """nh3's attribute filter: drops every reference a mail reader would fetch from elsewhere."""
    return None if attr in _FETCHED_ATTRIBUTES and is_remote(value) else value


def clean_html_part(html: str) -> str:
    """An outbound email's HTML part as it may leave: nh3's safe tags and attributes, plus a quote's ``type``
    and bar style (what the rich-text editor writes), no scripts, handlers, forms, frames or other CSS, and
    nothing remote (an image from a web address is dropped: the recipient's reader would fetch it, telling
    the site that the mail was read)."""
    attributes = {tag: set(names) for tag, names in nh3.ALLOWED_ATTRIBUTES.items()}
    attributes.setdefault("blockquote", set()).update({"type", "style"})
    cleaned = nh3.clean(html, attributes=attributes, filter_style_properties=_HTML_PART_STYLES,
                        attribute_filter=_no_remote)
    return _IMG_WITHOUT_SRC.sub("", cleaned)


def reply_all_recipients(
    *, sender: str, to: Sequence[str], cc: Sequence[str], own_addresses: Collection[str]
) -> tuple[list[str], list[str]]:
    """(To, CC) of a reply-all: the sender and the original To, then the original CC; never one of
    ``own_addresses``, never an address twice (compared case-insensitively). Replying to one's own message
    goes to its original recipients."""
    own = {address_key(a) for a in own_addresses}
    seen: set[str] = set()

    def keep(values: Sequence[str]) -> list[str]:
        out: list[str] = []
        for name, addr in getaddresses(list(values)):
            key = addr.strip().lower()
            if not key or key in own or key in seen:
                continue
            seen.add(key)
            out.append(formataddr((name, addr.strip())) if name else addr.strip())
        return out

    new_to = keep([sender, *to])
    new_cc = keep(cc)
    if not new_to and new_cc:
        new_to, new_cc = new_cc[:1], new_cc[1:]
    return new_to, new_cc


def forward_header_block(
    *, date: datetime | None, from_: str, to: Sequence[str], cc: Sequence[str], subject: str, language: str
) -> str:
    """The block that starts an inline forward: Date, From, To, Cc and Subject, in the agent's language."""
    ja = _is_ja(language)
    labels = ("日付", "差出人", "宛先", "Cc", "件名") if ja else ("Date", "From", "To", "Cc", "Subject")
    lines = ["---------- 転送メッセージ ----------" if ja else "---------- Forwarded message ----------"]
    if date is not None:
        lines.append(f"{labels[0]}: {_date_text(date, language)}")
    lines.append(f"{labels[1]}: {from_}")
    lines.append(f"{labels[2]}: {', '.join(to)}")
    if cc:
        lines.append(f"{labels[3]}: {', '.join(cc)}")
    lines.append(f"{labels[4]}: {subject}")
    return "\n".join(lines) + "\n"


# -- building ----------------------------------------------------------------------------------------------

class _PreEncoded(str):
    """A header value already folded and encoded by us (ISO-2022-JP words the policy would redo as UTF-8)."""

    name: str
    _folded: str

    def __new__(cls, name: str, value: str, folded: str) -> _PreEncoded:
        obj = super().__new__(cls, value)
        obj.name = name
        obj._folded = folded
        return obj

    def fold(self, *, policy: Policy) -> str:
        return f"{self.name}: {self._folded}{policy.linesep}"


def _words(value: str, name: str, charset: str) -> str:
    """``value`` as RFC 2047 encoded words only (folded): for ISO-2022-JP, and for text that holds ``=?``,
    which the email package would otherwise take for encoded words of its own and decode."""
    encoded = Header(value, charset=charset, header_name=name, maxlinelen=76).encode(linesep=POLICY.linesep)
    return re.sub(r"=\?iso-2022-jp\?b\?", "=?ISO-2022-JP?B?", encoded, flags=re.IGNORECASE)


def _jis_ok(*texts: str | None) -> bool:
    try:
        for text in texts:
            if text:
                text.encode("iso-2022-jp")
    except UnicodeEncodeError:
        return False
    return True


def envelope_recipients(o: Outgoing) -> list[str]:
    """Every recipient for the SMTP envelope (To, CC and BCC), checked, ASCII form, without duplicates."""
    out: list[str] = []
    for fld, values in (("To", o.to), ("CC", o.cc), ("BCC", o.bcc)):
        for addr in check_addresses(values, field=fld):
            wire = wire_address(addr)
            if wire.lower() not in {x.lower() for x in out}:
                out.append(wire)
    return out


def _address_list(values: Sequence[str], fld: str) -> tuple[Address, ...]:
    """``user@example.com`` or ``Name <user@example.com>`` entries, checked, without duplicates."""
    out: list[Address] = []
    seen: set[str] = set()
    for value in values:
        name, addr = check_mailbox(value, field=fld)
        if addr.lower() not in seen:
            seen.add(addr.lower())
            out.append(Address(display_name=name or "", addr_spec=wire_address(addr)))
    return tuple(out)


def _split_type(content_type: str, filename: str) -> tuple[str, str]:
    check_header_value(content_type, field=f"attachment {filename!r} content type")
    maintype, _, subtype = content_type.strip().lower().partition("/")
    if not re.fullmatch(r"[a-z0-9!#$&^_.+-]+", maintype or "") or not re.fullmatch(
        r"[a-z0-9!#$&^_.+-]+", subtype.split(";")[0].strip() or ""
    ):
        raise ComposeError(f"attachment {filename!r}: {content_type!r} is not a MIME type")
    return maintype, subtype.split(";")[0].strip()


def _forward_cte(raw: bytes) -> str:
    """7bit or 8bit where the original may travel as it is (bare LF made CRLF), base64 where it may not: NUL,
    bare CR or lines over 998 octets (RFC 2046 wants 7bit/8bit/binary here, but no SMTP server takes binary;
    mail readers decode base64 in message/rfc822 parts)."""
    if b"\0" in raw or re.search(rb"\r(?!\n)", raw) or any(len(x) > 998 for x in re.split(rb"\r?\n", raw)):
        return "base64"
    return "7bit" if raw.isascii() else "8bit"


def _canonical_lines(raw: bytes) -> bytes:
    """CRLF line ends (the only change made to a forwarded original: bare LF becomes CRLF, as in transport)."""
    return re.sub(rb"(?<!\r)\n", b"\r\n", raw)


def build(o: Outgoing) -> bytes:
    """The RFC 5322 bytes of ``o`` (CRLF line ends). Every address and header value is checked first
    (:class:`AddressError`, :class:`HeaderInjectionError`); BCC goes to the envelope only; the result is parsed
    again and compared with what was meant before it is returned."""
    from_addr = check_address(o.from_addr, field="From")
    to = _address_list(o.to, "To")
    cc = _address_list(o.cc, "CC")
    check_addresses(o.bcc, field="BCC")
    if not (o.to or o.cc or o.bcc):
        raise ComposeError("the message has no recipient: give at least one To, CC or BCC address")
    subject = check_header_value(o.subject, field="Subject")
    from_name = check_header_value(o.from_name, field="From") if o.from_name else None
    message_id = o.message_id or make_message_id(from_addr)
    ids = {"Message-ID": [message_id], "In-Reply-To": [o.in_reply_to] if o.in_reply_to else [],
           "References": list(o.references)}
    for fld, values in ids.items():
        for value in values:
            check_header_value(value, field=fld)
            if not re.fullmatch(r"\s*<[^<>\s]+@[^<>\s]+>\s*", value):
                raise ComposeError(f"{fld}: {value!r} is not a message id of the form <local@domain>")
    for att in o.attachments:
        check_header_value(att.filename, field="attachment file name")

    jis = o.iso2022jp and _jis_ok(subject, from_name, o.text, o.html)
    msg = EmailMessage(policy=POLICY)
    if from_name and ((jis and not from_name.isascii()) or "=?" in from_name):
        words = _words(from_name, "From", "iso-2022-jp" if jis else "utf-8")
        msg["From"] = _PreEncoded("From", formataddr((from_name, wire_address(from_addr))),
                                  f"{words} <{wire_address(from_addr)}>")
    else:
        msg["From"] = Address(display_name=from_name or "", addr_spec=wire_address(from_addr))
    if to:
        msg["To"] = to
    if cc:
        msg["Cc"] = cc
    if (jis and not subject.isascii()) or "=?" in subject:
        msg["Subject"] = _PreEncoded("Subject", subject,
                                     _words(subject, "Subject", "iso-2022-jp" if jis else "utf-8"))
    else:
        msg["Subject"] = subject
    msg["Date"] = format_datetime(o.date if o.date and o.date.tzinfo else localtime(o.date))
    msg["Message-ID"] = message_id.strip()
    if o.in_reply_to:
        msg["In-Reply-To"] = o.in_reply_to.strip()
    if o.references:
        msg["References"] = " ".join(r.strip() for r in o.references)

    charset = "iso-2022-jp" if jis else "utf-8"
    msg.set_content(o.text, charset=charset, cte="7bit" if jis else None)
    if o.html is not None:
        msg.add_alternative(o.html, subtype="html", charset=charset, cte="7bit" if jis else None)
    for att in o.attachments:
        maintype, subtype = _split_type(att.content_type, att.filename)
        if maintype in ("multipart", "message"):
            maintype, subtype = "application", "octet-stream"
        msg.add_attachment(att.data, maintype, subtype, filename=safe_filename(att.filename))
    token = ""
    if o.forward_raw is not None:
        cte = _forward_cte(o.forward_raw)
        raw = o.forward_raw if cte == "base64" else _canonical_lines(o.forward_raw)
        part = EmailMessage(policy=POLICY)
        part["Content-Type"] = "message/rfc822"
        part["Content-Disposition"] = "attachment"
        part.set_param("filename", check_header_value(o.forward_filename, field="forward file name"),
                       header="Content-Disposition")
        part["Content-Transfer-Encoding"] = cte
        if cte == "base64":
            part.set_payload(base64.encodebytes(raw).decode("ascii").replace("\n", "\r\n"))
        else:
            token = f"agentdesk-forward-{secrets.token_hex(16)}"
            part.set_payload(token)
        if msg.get_content_type() != "multipart/mixed":
            msg.make_mixed()
        msg.attach(part)

    data = msg.as_bytes(policy=POLICY)
    if token:
        marker = token.encode("ascii")
        if data.count(marker) != 1:
            raise ComposeError("the forwarded message could not be placed in the built message")
        data = data.replace(marker, raw)
    _verify(data, msg)
    return data


def _verify(data: bytes, built: EmailMessage) -> None:
    """Parse ``data`` again: the same top-level headers, in the same order, with the same values; no BCC."""
    top = data.split(b"\r\n\r\n", 1)[0] + b"\r\n\r\n"
    parsed = BytesParser(policy=email_policy.default).parsebytes(top, headersonly=True)
    want = [k.lower() for k in built]
    got = [k.lower() for k in parsed]
    if want != got or "bcc" in got:
        raise ComposeError(f"the built message's headers are not the ones meant: {got} instead of {want}")
    for name in ("Subject", "Message-ID", "In-Reply-To", "References"):
        if name in built and str(parsed[name]).split() != str(built[name]).split():
            raise ComposeError(f"the built message's {name} header did not survive a re-parse")
    if parsed.defects:
        raise ComposeError(f"the built message has defects: {[type(d).__name__ for d in parsed.defects]}")

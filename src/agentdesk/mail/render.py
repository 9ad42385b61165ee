"""What the agent sees of a message: headers, a text view split into body / quote / signature blocks (so the
GUI can fold quoted history), a sanitised HTML view that loads nothing remote, the attachments with their
warnings, and flags. ``agentdesk render`` prints the same views."""

from __future__ import annotations

import html as html_lib
import re
from dataclasses import asdict, dataclass
from email.message import Message
from typing import Any

from agentdesk.mail.charsets import decode_header_value
from agentdesk.mail.parse import (
    MAX_DEPTH,
    AttachmentInfo,
    ParsedMessage,
    cid_parts,
    declared_filename,
    decoded_size,
    load,
    parse_message,
)
from agentdesk.mail.sanitize import SuspiciousLink, sanitize_html

__all__ = ["Block", "RenderedMessage", "SuspiciousLink", "format_text", "render_json", "render_message",
           "split_blocks", "text_html"]


@dataclass(frozen=True)
class Block:
    kind: str  # "body" | "quote" | "signature"
    text: str


@dataclass(frozen=True)
class RenderedMessage:
    headers: dict[str, str]
    text: str
    blocks: tuple[Block, ...]
    html: str
    remote_blocked: int
    flags: tuple[str, ...]
    suspicious_links: tuple[SuspiciousLink, ...]
    attachments: tuple[AttachmentInfo, ...]


# -- text blocks -------------------------------------------------------------------------------------------

_ATTRIBUTION = re.compile(
    r"^\s*(?:On\b.{0,200}\bwrote\s*:|.{0,200}(?:さんは書きました|さんが書きました|wrote)\s*[:：]"
    r"|\d{4}[/年-]\d{1,2}[/月-]\d{1,2}.{0,120}[:：])\s*$",
    re.IGNORECASE,
)
_HISTORY = re.compile(
    r"^\s*(?:-{2,}\s*(?:Original Message|Forwarded message|元のメッセージ|転送メッセージ|"
    r"オリジナルメッセージ)\s*-{2,}|_{20,})\s*$",
    re.IGNORECASE,
)
_SIG_RULE = re.compile(r"^\s*[-=_━─＝＿*~～]{10,}\s*$")


def _is_quote(line: str) -> bool:
    return line.lstrip().startswith((">", "＞"))


def split_blocks(text: str) -> tuple[Block, ...]:
    """``text`` cut into body, quote and signature blocks (in order; joined again they give ``text``)."""
    lines = text.split("\n")
    kinds = ["body"] * len(lines)
    i = 0
    while i < len(lines):
        line = lines[i]
        if _HISTORY.match(line):
            for j in range(i, len(lines)):
                kinds[j] = "quote"
            break
        nxt = next((x for x in lines[i + 1:i + 3] if x.strip()), "")
        if _is_quote(line) or (_ATTRIBUTION.match(line) and _is_quote(nxt)):
            kinds[i] = "quote"
        elif line in ("-- ", "--", "—"):
            j = i
            while j < len(lines) and not _is_quote(lines[j]) and not (
                    j > i and (_ATTRIBUTION.match(lines[j]) or _HISTORY.match(lines[j]))):
                kinds[j] = "signature"
                j += 1
            i = j
            continue
        i += 1
    _rule_signature(lines, kinds)
    runs: list[tuple[str, list[str]]] = []  # joined once at the end: a long message is not copied per line
    for kind, line in zip(kinds, lines, strict=True):
        if runs and runs[-1][0] == kind:
            runs[-1][1].append(line)
        else:
            runs.append((kind, [line]))
    blocks = [Block(kind, "\n".join(chunk) + ("\n" if n < len(runs) - 1 else ""))
              for n, (kind, chunk) in enumerate(runs)]
    return tuple(b for b in blocks if b.text)


def _rule_signature(lines: list[str], kinds: list[str]) -> None:
    """A signature boxed by rules (common in Japanese business mail) near the end of the body."""
    body = [i for i, k in enumerate(kinds) if k == "body"]
    if not body or "signature" in kinds:
        return
    end = body[-1]
    for i in range(end, max(-1, end - 15), -1):
        if kinds[i] == "body" and _SIG_RULE.match(lines[i]) and i > 0:
            start = i
            above = [j for j in range(max(0, i - 12), i) if _SIG_RULE.match(lines[j]) and kinds[j] == "body"]
            if above and end - i <= 1:
                start = above[0]
            if end - start <= 14 and start > 0:
                for j in range(start, end + 1):
                    if kinds[j] == "body":
                        kinds[j] = "signature"
            return


def _blocks_html(blocks: tuple[Block, ...]) -> str:
    out = ['<div class="agentdesk-text" style="white-space: pre-wrap">']
    for block in blocks:
        text = html_lib.escape(block.text, quote=False)
        if block.kind == "quote":
            out.append(f'<blockquote class="agentdesk-quote">{text}</blockquote>')
        elif block.kind == "signature":
            out.append(f'<div class="agentdesk-signature">{text}</div>')
        else:
            out.append(f'<div class="agentdesk-body">{text}</div>')
    out.append("</div>")
    return "".join(out)


def text_html(text: str) -> str:
    """Plain text as the email view shows it: body, quotes and signature as their own blocks, escaped."""
    return _blocks_html(split_blocks(text))


# -- the views ---------------------------------------------------------------------------------------------

def _headers(p: ParsedMessage) -> dict[str, str]:
    out: dict[str, str] = {}
    if p.from_addr or p.from_name:
        out["From"] = f"{p.from_name} <{p.from_addr}>" if p.from_name and p.from_addr else (p.from_addr or
                                                                                              p.from_name or "")
    for name, values in (("To", p.to), ("Cc", p.cc), ("Reply-To", p.reply_to)):
        if values:
            out[name] = ", ".join(values)
    out["Subject"] = p.subject
    if p.date:
        out["Date"] = p.date.strftime("%Y-%m-%d %H:%M %z")
    if p.message_id:
        out["Message-ID"] = p.message_id
    return out


def render_message(raw: bytes, *, allow_remote: bool = False) -> RenderedMessage:
    """The views of ``raw``; remote content stays blocked unless ``allow_remote``."""
    parsed = parse_message(raw)
    blocks = split_blocks(parsed.text)
    flags = list(parsed.flags)
    if parsed.html is not None:
        clean = sanitize_html(parsed.html, cid_images=cid_parts(raw), allow_remote=allow_remote)
        html, blocked, suspicious = clean.html, clean.remote_blocked, clean.suspicious_links
    else:
        html, blocked, suspicious = _blocks_html(blocks), 0, ()
    if blocked:
        flags.append("remote_content_blocked")
    if suspicious:
        flags.append("suspicious_links")
    if any(a.warnings for a in parsed.attachments):
        flags.append("dangerous_attachment")
    if parsed.is_bounce:
        flags.append("bounce")
    return RenderedMessage(
        headers=_headers(parsed),
        text=parsed.text,
        blocks=blocks,
        html=html,
        remote_blocked=blocked,
        flags=tuple(flags),
        suspicious_links=suspicious,
        attachments=parsed.attachments,
    )


def _size(n: int) -> str:
    if n < 1024:
        return f"{n} B"
    if n < 1024 * 1024:
        return f"{n / 1024:.0f} KB"
    return f"{n / 1024 / 1024:.1f} MB"


def format_text(r: RenderedMessage) -> str:
    """The text view as printed by ``agentdesk render --text``: headers, body, attachments, flags."""
    lines = [f"{k}: {v}" for k, v in r.headers.items()]
    lines.append("")
    lines.append(r.text.rstrip("\n"))
    if r.attachments:
        lines.append("")
        lines.append("Attachments:")
        for a in r.attachments:
            warn = f"  WARNING: {', '.join(a.warnings)}" if a.warnings else ""
            shown = a.filename.encode("unicode_escape").decode("ascii") if "rtl_override" in a.warnings \
                else a.filename
            lines.append(f"  [{a.index}] {shown} ({a.content_type}, {_size(a.size)}){warn}")
    for link in r.suspicious_links:
        lines.append(f"Suspicious link: text shows {link.text_host}, goes to {link.href_host or link.href}")
    if r.flags:
        lines.append("")
        lines.append("Flags: " + ", ".join(r.flags))
    return "\n".join(lines) + "\n"


def _tree(part: Message, depth: int = 0) -> dict[str, Any]:
    payload = part.get_payload()
    node: dict[str, Any] = {
        "type": part.get_content_type(),
        "charset": part.get_content_charset(),
        "filename": declared_filename(part),
        "disposition": str(part.get("Content-Disposition", "")).split(";")[0].strip().lower() or None,
        "content_id": str(part.get("Content-ID")).strip() if part.get("Content-ID") else None,
        "defects": [type(d).__name__ for d in part.defects],
    }
    if isinstance(payload, list) and depth < MAX_DEPTH:
        children = [_tree(p, depth + 1) for p in payload if isinstance(p, Message)]
        is_message = part.get_content_type().startswith("message/")
        node["size"] = decoded_size(part) if is_message else sum(c["size"] for c in children)
        node["parts"] = children
    else:
        node["size"] = decoded_size(part)
    return node


def render_json(raw: bytes) -> dict[str, Any]:
    """Everything an administrator needs to look at a problem message: headers (decoded, in order), the MIME
    tree (type, charset, size, filename), attachments, flags."""
    r = render_message(raw)
    parsed = parse_message(raw)
    headers: list[dict[str, str]] = []
    parts: dict[str, Any] | None = None
    if "unparseable" not in parsed.flags:
        msg = load(raw)
        headers = [{"name": k, "value": decode_header_value(str(v))} for k, v in msg.raw_items()]
        parts = _tree(msg)
    return {
        "headers": headers,
        "parts": parts,
        "attachments": [asdict(a) for a in r.attachments],
        "flags": list(r.flags),
        "subject": parsed.subject,
        "from": r.headers.get("From"),
        "date": parsed.date.isoformat() if parsed.date else None,
        "message_id": parsed.message_id,
        "is_bounce": parsed.is_bounce,
        "bounced_message_id": parsed.bounced_message_id,
        "remote_blocked": r.remote_blocked,
        "suspicious_links": [asdict(s) for s in r.suspicious_links],
        "size": len(raw),
    }

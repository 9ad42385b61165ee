"""A property-based MIME fuzz of the parser and the renderer (issue 12), with Hypothesis.

Messages are generated as trees (headers with encoded words and raw 8-bit bytes, charsets right and wrong,
transfer encodings, multipart nesting, attached messages, inline images, remote references pointing at a
loopback HTTP server) and written out by hand, so that they can then be broken (boundaries lost, cut short,
huge lines, bare LF). For every message: no exception escapes ``parse_message``, ``render_message``,
``render_json``, ``format_text``, ``attachment_bytes`` or ``cid_parts``; the loopback server is never asked for
anything and the safe HTML never names it; and in a well-formed message every leaf part is accounted for: shown
(its text is in the view), an attachment, or an alternative of a shown part.

Sizes are bounded (at most a few hundred kilobytes a message). The CI profile ("ci", the default) runs 30
examples, derandomized; a longer run: ``pytest tests/mail/test_fuzz.py --hypothesis-profile=fuzz-long``
(2,000 examples, random; Hypothesis prints the seed and the failing example to reproduce).
"""

from __future__ import annotations

import base64
import quopri
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import Message
from http.server import ThreadingHTTPServer

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agentdesk.mail.parse import attachment_bytes, cid_parts, load, parse_message
from agentdesk.mail.render import format_text, render_json, render_message
from tests.mail.test_render import _collect, _Counting

CHARSETS = ["utf-8", "iso-2022-jp", "shift_jis", "euc-jp", "iso-8859-1", "windows-1252", "koi8-r", "gb2312",
            "big5", "x-unknown-8bit", None]
ENCODINGS = ["7bit", "8bit", "base64", "quoted-printable", "x-bogus", None]
WORDS = ["注文", "請求書", "お問い合わせ", "Grüße", "naïve", "Заказ", "订单", "hello", "invoice", "\u202e", "\x1b[31m",
         "=?utf-8?b?5rOo5paH?=", "<b>", "&amp;", "\t", "  "]

_HOST = "127.0.0.1:9"  # replaced per test by the loopback server's address


@dataclass
class Leaf:
    ctype: str
    text: str
    charset: str | None
    cte: str | None
    filename: str | None = None
    cid: str | None = None


@dataclass
class Multi:
    subtype: str
    children: list[Node] = field(default_factory=list)


@dataclass
class Attached:
    inner: Tree


Node = Leaf | Multi | Attached


@dataclass
class Tree:
    headers: list[tuple[str, str]]
    body: Node


text = st.lists(st.sampled_from(WORDS) | st.text(max_size=12), min_size=1, max_size=30).map(" ".join)


@st.composite
def leaves(draw: st.DrawFn) -> Leaf:
    kind = draw(st.sampled_from(["plain", "html", "image", "binary", "calendar"]))
    charset, cte = draw(st.sampled_from(CHARSETS)), draw(st.sampled_from(ENCODINGS))
    body = draw(text)
    if kind == "html":
        body = (f'<p>{body}</p><img src="http://{{HOST}}/pixel.gif"><div style="background:url(//{{HOST}}/b)">x</div>'
                f'<a href="http://{{HOST}}/click">{body[:10]}</a><img src="cid:img1@example">')
        return Leaf("text/html", body, charset, cte)
    if kind == "image":
        return Leaf("image/png", body, None, "base64", draw(st.sampled_from([None, "a.png", "../../x.png"])),
                    draw(st.sampled_from([None, "img1@example"])))
    if kind == "binary":
        return Leaf("application/octet-stream", body, None, cte, draw(st.sampled_from(
            ["file.bin", "請求書.pdf", "CON", "../../etc/passwd", "a\x1b.exe", None])))
    if kind == "calendar":
        return Leaf("text/calendar", "BEGIN:VCALENDAR\nEND:VCALENDAR", "utf-8", None)
    return Leaf("text/plain", body, charset, cte, draw(st.sampled_from([None, None, "notes.txt"])))


def _nodes(depth: int) -> st.SearchStrategy[Node]:
    if depth <= 0:
        return leaves()
    child = _nodes(depth - 1)
    multi = st.builds(Multi, st.sampled_from(["mixed", "alternative", "related", "report", "x-unknown"]),
                      st.lists(child, min_size=0, max_size=4))
    attached = st.builds(Attached, trees(depth - 1))
    return st.one_of(leaves(), multi, attached)


header_values = st.one_of(text, st.sampled_from(["=?iso-2022-jp?b?GyRCJUYlOSVIGyhC?=", "=?utf-8?q?caf=C3=A9?=",
                                                 "=?bogus?x?zz?=", "\udcff\udcfe raw", "", "<a@b> <c@d>"]))


@st.composite
def trees(draw: st.DrawFn, depth: int = 3) -> Tree:
    headers = [("From", draw(st.sampled_from(["Jane <jane@example.org>", "=?utf-8?b?5bGx55Sw?= <t@example.jp>",
                                               "broken <<@>>", "", "MAILER-DAEMON@example.net"]))),
               ("To", "support@example.com"), ("Subject", draw(header_values)),
               ("Message-ID", draw(st.sampled_from(["<m1@example.org>", "", "no-brackets@x", "<a@b> <c@d>"]))),
               ("Date", draw(st.sampled_from(["Tue, 03 Nov 2026 09:14:02 +0900", "yesterday", "", "Mon, 99 Foo"])))]
    headers += draw(st.lists(st.tuples(st.sampled_from(["X-Trace", "Received", "References", "Content-ID"]),
                                       header_values), max_size=3))
    return Tree(headers, draw(_nodes(depth)))


# -- writing a tree as bytes ----------------------------------------------------------------------------------

def _encode(leaf: Leaf) -> bytes:
    data = leaf.text.replace("{HOST}", _HOST)
    try:
        raw = data.encode(leaf.charset or "utf-8", "surrogateescape")
    except (LookupError, UnicodeEncodeError):
        raw = data.encode("utf-8", "surrogateescape")
    if leaf.cte == "base64":
        return base64.encodebytes(raw).replace(b"\n", b"\r\n")
    if leaf.cte == "quoted-printable":
        return quopri.encodestring(raw).replace(b"\n", b"\r\n")
    return raw.replace(b"\n", b"\r\n")


def _headers(pairs: list[tuple[str, str]]) -> bytes:
    return b"".join(f"{k}: {v}\r\n".encode("utf-8", "surrogateescape") for k, v in pairs)


def write(node: Node, counter: list[int]) -> bytes:
    if isinstance(node, Leaf):
        ctype = node.ctype + (f"; charset={node.charset}" if node.charset else "")
        pairs = [("Content-Type", ctype)]
        if node.cte:
            pairs.append(("Content-Transfer-Encoding", node.cte))
        if node.filename:
            pairs.append(("Content-Disposition", f'attachment; filename="{node.filename}"'))
        if node.cid:
            pairs.append(("Content-ID", f"<{node.cid}>"))
        return _headers(pairs) + b"\r\n" + _encode(node)
    if isinstance(node, Attached):
        return b"Content-Type: message/rfc822\r\n\r\n" + write_tree(node.inner, counter)
    counter[0] += 1
    boundary = f"b{counter[0]}=_x"
    parts = b"".join(b"--" + boundary.encode() + b"\r\n" + write(c, counter) + b"\r\n" for c in node.children)
    return (f'Content-Type: multipart/{node.subtype}; boundary="{boundary}"\r\n\r\npreamble\r\n'.encode() + parts
            + b"--" + boundary.encode() + b"--\r\n")


def write_tree(tree: Tree, counter: list[int]) -> bytes:
    return _headers(tree.headers) + b"MIME-Version: 1.0\r\n" + write(tree.body, counter)


mutations = st.lists(st.tuples(st.sampled_from(["cut", "drop_boundaries", "huge_line", "bare_lf", "nul",
                                                "garbage", "no_blank_line"]), st.integers(0, 10**6)), max_size=3)


def mutate(raw: bytes, steps: list[tuple[str, int]]) -> bytes:
    for step, n in steps:
        if step == "cut" and raw:
            raw = raw[: n % len(raw)]
        elif step == "drop_boundaries":
            raw = b"\r\n".join(line for line in raw.split(b"\r\n") if not line.startswith(b"--b"))
        elif step == "huge_line":
            at = n % (len(raw) + 1)
            raw = raw[:at] + b"x" * (100_000 + n % 100_000) + raw[at:]
        elif step == "bare_lf":
            raw = raw.replace(b"\r\n", b"\n")
        elif step == "nul":
            raw = raw.replace(b"e", b"\0", 3)
        elif step == "garbage":
            at = n % (len(raw) + 1)
            raw = raw[:at] + bytes(range(256)) + raw[at:]
        elif step == "no_blank_line":
            raw = raw.replace(b"\r\n\r\n", b"\r\n", 1)
    return raw


# -- the properties -------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def loopback() -> Iterator[tuple[str, list[str]]]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Counting)
    server.requests = []  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"127.0.0.1:{server.server_address[1]}", server.requests  # type: ignore[attr-defined]
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def _leaf_count(msg: Message, depth: int = 0) -> int:
    payload = msg.get_payload()
    if msg.get_content_type().startswith("message/") or not isinstance(payload, list):
        return 1
    return sum(_leaf_count(p, depth + 1) for p in payload if isinstance(p, Message))


def _everything(raw: bytes, host: str) -> None:
    parsed = parse_message(raw)
    rendered = render_message(raw)
    fetched = [a for a in _collect(rendered.html).attrs if host in a[2] and a[1] not in ("href", "title")]
    assert fetched == []  # a link may name the host (nothing follows it unasked); nothing to load may
    render_json(raw)
    format_text(rendered)
    cid_parts(raw)
    for attachment in parsed.attachments:
        attachment_bytes(raw, attachment.index)


FUZZ = settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.function_scoped_fixture], deadline=None)


@FUZZ
@given(tree=trees(), steps=mutations)
def test_no_exception_escapes_and_nothing_remote_is_fetched(loopback: tuple[str, list[str]], tree: Tree,
                                                            steps: list[tuple[str, int]]) -> None:
    global _HOST
    _HOST, requests = loopback
    raw = mutate(write_tree(tree, [0]), steps)
    _everything(raw, _HOST)
    assert requests == []


@FUZZ
@given(tree=trees())
def test_every_part_is_accounted_for(loopback: tuple[str, list[str]], tree: Tree) -> None:
    global _HOST
    _HOST, requests = loopback
    raw = write_tree(tree, [0])
    parsed = parse_message(raw)
    if "unparseable" in parsed.flags or "nesting_too_deep" in parsed.flags:
        return  # reported as unreadable: the raw text is shown / the rest listed
    leaves_in = _leaf_count(load(raw))
    accounted = parsed.shown_parts + parsed.alternative_parts + len(parsed.attachments)
    assert accounted == leaves_in, (accounted, leaves_in, parsed.flags)
    _everything(raw, _HOST)
    assert requests == []

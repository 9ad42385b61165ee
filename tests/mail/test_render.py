"""Rendering: the sanitised HTML view fetches nothing (proved with a loopback HTTP server), inlines cid:
images, shows link targets and flags deceptive links; the text view is cut into body, quote and signature."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from html.parser import HTMLParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from agentdesk.mail.render import Block, format_text, render_json, render_message, split_blocks
from agentdesk.mail.sanitize import sanitize_html
from tests.mail.corpus import TRACKER, corpus, raw


class _Counting(BaseHTTPRequestHandler):
    requests: list[str]

    def do_GET(self) -> None:
        self.server.requests.append(self.path)  # type: ignore[attr-defined]
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def tracker() -> Iterator[tuple[str, list[str]]]:
    """A loopback HTTP server on a free port that records every request it gets."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Counting)
    server.requests = []  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", server.requests  # type: ignore[attr-defined]
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs.extend((tag, k, v or "") for k, v in attrs)


def _collect(html: str) -> _Collect:
    c = _Collect()
    c.feed(html)
    c.close()
    return c


def test_hostile_html_fetches_nothing(tracker: tuple[str, list[str]]) -> None:
    url, requests = tracker
    host = url.removeprefix("http://")
    data = raw("hostile-html.eml").replace(TRACKER, url.encode()).replace(b"//tracker.example.test",
                                                                          b"//" + host.encode())
    assert data.count(host.encode()) > 15
    r = render_message(data)
    assert host not in r.html
    assert r.remote_blocked >= 8
    assert "remote_content_blocked" in r.flags
    seen = _collect(r.html)
    assert not {"script", "iframe", "form", "input", "object", "embed", "style", "link", "meta", "base", "svg",
                "video", "source", "picture", "button"} & set(seen.tags)
    assert not [a for a in seen.attrs if a[1].startswith("on") or a[1] in ("srcset", "background")]
    assert "url(" not in r.html and "javascript:" not in r.html and "@import" not in r.html
    assert 'class="agentdesk-remote-image"' in r.html
    # allowed: the remote images come back, still without scripts, handlers, frames or forms
    allowed = render_message(data, allow_remote=True)
    assert f"{url}/pixel.gif" in allowed.html
    seen = _collect(allowed.html)
    assert not {"script", "iframe", "form", "object", "embed"} & set(seen.tags)
    assert not [a for a in seen.attrs if a[1].startswith("on")]
    # rendering and sanitising never fetch; the server was reachable all along
    assert requests == []


def test_cid_image_is_inlined() -> None:
    r = render_message(raw("hostile-html.eml"))
    srcs = [v for tag, k, v in _collect(r.html).attrs if tag == "img" and k == "src"]
    assert len(srcs) == 1 and srcs[0].startswith("data:image/png;base64,iVBORw0KGgo")


def test_links_show_their_target_and_deceptive_ones_are_flagged() -> None:
    r = render_message(raw("hostile-html.eml"))
    assert [(s.text_host, s.href_host) for s in r.suspicious_links] == [
        ("www.bank.example.com", "login.evil.example.net")]
    assert "suspicious_links" in r.flags
    assert 'class="agentdesk-suspicious-link"' in r.html
    assert "(→ login.evil.example.net)" in r.html
    assert 'title="http://login.evil.example.net/bank"' in r.html
    assert "(→ newsletter.example.net)" in r.html  # "Unsubscribe" hides its host
    data_link = sanitize_html('<a href="data:text/html;base64,PHNjcmlwdD4=">invoice</a>')
    assert "data:" not in data_link.html
    honest = sanitize_html('<a href="https://shop.example.com/x">shop.example.com</a>')
    assert honest.suspicious_links == () and "→" not in honest.html


def test_css_is_filtered() -> None:
    out = sanitize_html('<p style="color: red; background: url(http://x.example/a.png); width: expression(1)">'
                        "t</p><p style=\"background-image: url('data:image/png;base64,AAAA')\">d</p>")
    assert out.html == ('<p style="color: red">t</p>'
                        '<p style="background-image: url(&#x27;data:image/png;base64,AAAA&#x27;)">d</p>')
    assert out.remote_blocked == 1


def test_text_blocks() -> None:
    r = render_message(raw("quoted-signature.eml"))
    assert [b.kind for b in r.blocks] == ["body", "signature", "quote"]
    assert "".join(b.text for b in r.blocks) == r.text
    assert r.blocks[1].text.startswith("-- \nJane Doe")
    assert r.blocks[2].text.startswith("On Sun, Nov 22, 2026")
    assert 'class="agentdesk-quote"' in r.html and 'class="agentdesk-signature"' in r.html


def test_japanese_quote_and_boxed_signature() -> None:
    text = ("ご確認ください。\n\n━━━━━━━━━━━━━━━━\n株式会社サンプル\n山田 太郎\n━━━━━━━━━━━━━━━━\n\n"
            "2026年11月2日(月) 10:02 佐藤 さんは書きました:\n> お世話になっております。\n")
    kinds = [b.kind for b in split_blocks(text)]
    assert kinds == ["body", "signature", "body", "quote"] or kinds == ["body", "signature", "quote"]
    outlook = split_blocks("OK\n\n-----Original Message-----\nFrom: x\nSubject: y\n\nold\n")
    assert outlook[-1] == Block("quote", "-----Original Message-----\nFrom: x\nSubject: y\n\nold\n")


def test_html_quotes_are_marked_for_folding() -> None:
    r = render_message(raw("ja-utf8-8bit-headers.eml"))
    assert '<blockquote class="agentdesk-quote">' in r.html
    assert [b.kind for b in r.blocks] == ["body", "quote"]
    gmail = sanitize_html('<p>new</p><div class="gmail_quote evil-class">old</div>').html
    assert gmail == '<p>new</p><div class="agentdesk-quote">old</div>'


def test_text_only_message_is_escaped_in_the_html_view() -> None:
    data = (b"From: a@example.org\r\nSubject: x\r\nContent-Type: text/plain\r\n\r\n"
            b"<script>alert(1)</script> <img src=http://x.example/a.png>\r\n")
    r = render_message(data)
    assert "<script" not in r.html and "&lt;script&gt;" in r.html
    assert "<img" not in r.html


@pytest.mark.parametrize("path", corpus(), ids=lambda p: p.name)
def test_every_corpus_message_renders(path: Path) -> None:
    data = path.read_bytes()
    r = render_message(data)
    assert r.text == "".join(b.text for b in r.blocks)
    assert "<script" not in r.html.lower()
    view = render_json(data)
    json.dumps(view, ensure_ascii=False)
    assert set(view) >= {"headers", "parts", "attachments", "flags"}
    assert format_text(r).strip()


def test_json_view_lists_headers_parts_and_attachments() -> None:
    view = render_json(raw("ja-shiftjis.eml"))
    assert {"name": "Subject", "value": "請求書の再発行のお願い　髙橋様分"} in view["headers"]
    assert view["parts"]["type"] == "multipart/mixed"
    assert [(p["type"], p["charset"], p["filename"]) for p in view["parts"]["parts"]] == [
        ("text/plain", "shift_jis", None), ("application/pdf", None, "請求書.pdf")]
    assert view["attachments"][0]["filename"] == "請求書.pdf"
    bounce = render_json(raw("dsn-bounce.eml"))
    assert bounce["is_bounce"] and bounce["bounced_message_id"] == "<sent.reply.42@example.com>"
    blob = render_json(raw("unparseable-blob.eml"))
    assert blob["flags"] == ["unparseable"] and blob["parts"] is None


def test_text_view_warns_about_attachments() -> None:
    out = format_text(render_message(raw("executable-attachments.eml")))
    assert "invoice.pdf.exe (application/octet-stream, 24 B)  WARNING: executable, double_extension" in out
    assert "\u202e" not in out and "photo\\u202egpj.exe" in out


def test_rendering_the_whole_corpus_fetches_nothing(tracker: tuple[str, list[str]]) -> None:
    url, requests = tracker
    host = url.removeprefix("http://").encode()
    for path in corpus():
        data = path.read_bytes().replace(TRACKER, url.encode()).replace(b"//tracker.example.test", b"//" + host)
        rendered = render_message(data)
        assert host.decode() not in rendered.html, path.name
        render_json(data)
    assert requests == []

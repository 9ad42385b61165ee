"""Making a customer's HTML safe to show: nh3 removes scripts, handlers, forms, frames and objects; this module
then removes every remote reference (images, srcset, backgrounds, CSS ``url()``) unless the agent allowed
them, inlines ``cid:`` images as ``data:`` URIs, shows each link's real target and flags deceptive links."""

from __future__ import annotations

import base64
import html as html_lib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

import nh3

_TAGS = (set(nh3.ALLOWED_TAGS) - {"area", "map"}) | {"font", "center"}
_GENERIC = {"style", "class", "dir", "lang", "title", "align", "valign", "width", "height", "bgcolor", "color",
            "border", "cellpadding", "cellspacing"}
_ATTRIBUTES: dict[str, set[str]] = {tag: set(attrs) - {"cite"} for tag, attrs in nh3.ALLOWED_ATTRIBUTES.items()}
_ATTRIBUTES["*"] = _GENERIC
_ATTRIBUTES["img"] = _ATTRIBUTES.get("img", set()) | {"src", "alt", "srcset"}
_ATTRIBUTES["a"] = {"href", "name"}
_ATTRIBUTES["font"] = {"face", "size", "color"}
for _tag in ("table", "td", "th", "tr", "tbody", "thead"):
    _ATTRIBUTES[_tag] = _ATTRIBUTES.get(_tag, set()) | {"background", "nowrap", "colspan", "rowspan"}
_SCHEMES = {"http", "https", "mailto", "tel", "cid", "data", "ftp"}
_CONTENT_DROPPED = {"script", "style", "title", "template", "noscript", "iframe", "object", "embed", "svg",
                    "math", "select", "textarea", "head"}

_CSS_DANGER = re.compile(r"expression\s*\(|behaviou?r\s*:|-moz-binding|javascript:|@import|\\", re.IGNORECASE)
_CSS_URL = re.compile(r"url\s*\(|image-set\s*\(|image\s*\(", re.IGNORECASE)
_QUOTE_CLASSES = ("gmail_quote", "moz-cite-prefix", "yahoo_quoted", "protonmail_quote", "ms-outlook-quote")
_SIGNATURE_CLASSES = ("gmail_signature", "moz-signature", "signature")
_DOMAIN_IN_TEXT = re.compile(
    r"(?i)(?:[a-z][a-z0-9+.-]*://)?((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63})(?![a-z0-9-])"
)


@dataclass(frozen=True)
class SuspiciousLink:
    text: str
    href: str
    text_host: str
    href_host: str


@dataclass(frozen=True)
class SanitizedHtml:
    html: str
    remote_blocked: int
    suspicious_links: tuple[SuspiciousLink, ...]


def is_remote(url: str) -> bool:
    """True for a URL a viewer would fetch from elsewhere: anything but ``cid:`` and ``data:`` (relative URLs
    count too, since a base URL could make them remote)."""
    value = url.strip().lower()
    return bool(value) and not value.startswith(("cid:", "data:"))


def split_declarations(style: str) -> list[str]:
    """A style attribute's declarations (a ``;`` inside parentheses, as in a ``data:`` URI, splits nothing)."""
    out: list[str] = []
    current: list[str] = []
    depth = 0
    for ch in style:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        if ch == ";" and depth == 0:
            out.append("".join(current))
            current = []
        else:
            current.append(ch)
    out.append("".join(current))
    return [d.strip() for d in out if d.strip()]


def _clean_style(style: str, allow_remote: bool, blocked: list[int]) -> str | None:
    kept = []
    for decl in split_declarations(style):
        if _CSS_DANGER.search(decl):
            continue
        if _CSS_URL.search(decl):
            urls = re.findall(r"url\s*\(\s*['\"]?([^'\")]*)", decl, re.IGNORECASE)
            inline = bool(urls) and all(u.strip().lower().startswith("data:image/") for u in urls)
            allowed = allow_remote and bool(urls) and all(
                u.strip().lower().startswith(("http:", "https:", "data:image/")) for u in urls)
            if not (inline or allowed):
                blocked[0] += 1
                continue
        kept.append(decl)
    return "; ".join(kept) if kept else None


def _host(url: str) -> str:
    try:
        return (urlsplit(url.strip()).hostname or "").lower()
    except ValueError:
        return ""


def _same_site(a: str, b: str) -> bool:
    a, b = a.lower().removeprefix("www."), b.lower().removeprefix("www.")
    return a == b or a.endswith("." + b) or b.endswith("." + a)


class _Rewriter(HTMLParser):
    """Re-serialises nh3's (well-formed) output, changing images, links and class names on the way."""

    def __init__(self, cid_images: Mapping[str, tuple[str, bytes]], allow_remote: bool, blocked: list[int]):
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.cid_images = cid_images
        self.allow_remote = allow_remote
        self.blocked = blocked
        #: open links: (index of the start tag in ``out``, its attributes, its text so far)
        self.links: list[tuple[int, list[tuple[str, str | None]], list[str]]] = []
        self.suspicious: list[SuspiciousLink] = []

    @staticmethod
    def _tag(tag: str, attrs: list[tuple[str, str | None]], close: str = ">") -> str:
        parts = [tag]
        for name, value in attrs:
            parts.append(name if value is None else f'{name}="{html_lib.escape(value, quote=True)}"')
        return "<" + " ".join(parts) + close

    def _classes(self, tag: str, attrs: list[tuple[str, str | None]]) -> list[tuple[str, str | None]]:
        out = [(k, v) for k, v in attrs if k != "class"]
        given = " ".join(v or "" for k, v in attrs if k == "class").lower()
        ours = []
        if tag == "blockquote" or any(c in given for c in _QUOTE_CLASSES):
            ours.append("agentdesk-quote")
        if any(c in given.split() for c in _SIGNATURE_CLASSES):
            ours.append("agentdesk-signature")
        if ours:
            out.append(("class", " ".join(ours)))
        return out

    def _image(self, attrs: list[tuple[str, str | None]]) -> str:
        values = dict(attrs)
        src = (values.get("src") or "").strip()
        alt = values.get("alt") or ""
        if src.lower().startswith("cid:"):
            cid = unquote(src[4:]).strip().strip("<>")
            found = self.cid_images.get(cid)
            if found and found[0].startswith("image/"):
                data = base64.b64encode(found[1]).decode("ascii")
                rest = [(k, v) for k, v in attrs if k != "src"]
                return self._tag("img", [("src", f"data:{found[0]};base64,{data}"), *rest])
            return f'<span class="agentdesk-missing-image">[{html_lib.escape(alt or "image")}]</span>'
        if src.lower().startswith("data:image/") or (self.allow_remote and src):
            return self._tag("img", attrs)
        if not src:
            return ""
        self.blocked[0] += 1
        host = _host(src) or src[:60]
        return (f'<span class="agentdesk-remote-image" title="{html_lib.escape("blocked: " + host)}">'
                f"[{html_lib.escape(alt or 'image')}]</span>")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attrs = self._classes(tag, attrs)
        if tag == "img":
            self.out.append(self._image(attrs))
            return
        if tag == "a":
            self.links.append((len(self.out), attrs, []))
            self.out.append("")  # written at </a>, once the link's text is known
            return
        self.out.append(self._tag(tag, attrs))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        suffix = ""
        if tag == "a" and self.links:
            index, attrs, text_parts = self.links.pop()
            suffix = self._finish_link(index, attrs, "".join(text_parts))
        self.out.append(f"</{tag}>{suffix}")

    def _finish_link(self, index: int, attrs: list[tuple[str, str | None]], text: str) -> str:
        """Writes the link's start tag; returns what follows it (its real host, where the text hides it)."""
        href = (dict(attrs).get("href") or "").strip()
        attrs = [(k, v) for k, v in attrs if k != "title"]
        href_host = _host(href) if href.lower().startswith(("http:", "https:", "ftp:")) else ""
        match = _DOMAIN_IN_TEXT.search(text)
        text_host = match.group(1).lower() if match else ""
        classes = []
        if text_host and href_host and not _same_site(text_host, href_host):
            classes.append("agentdesk-suspicious-link")
            self.suspicious.append(SuspiciousLink(text=text.strip(), href=href, text_host=text_host,
                                                  href_host=href_host))
        elif text_host and href and not href_host and not href.lower().startswith("mailto:"):
            classes.append("agentdesk-suspicious-link")
            self.suspicious.append(SuspiciousLink(text=text.strip(), href=href, text_host=text_host, href_host=""))
        if href:
            attrs.append(("title", href))
        if classes:
            attrs = [(k, v) for k, v in attrs if k != "class"] + [("class", " ".join(classes))]
        self.out[index] = self._tag("a", attrs)
        if href_host and href_host not in text.lower():
            return f'<span class="agentdesk-link-target"> (→ {html_lib.escape(href_host)})</span>'
        return ""

    def close(self) -> None:
        super().close()
        while self.links:  # a link left open: write its start tag anyway
            index, attrs, text_parts = self.links.pop()
            self.out.append(self._finish_link(index, attrs, "".join(text_parts)))

    def handle_data(self, data: str) -> None:
        for _, _, text in self.links:
            text.append(data)
        self.out.append(html_lib.escape(data, quote=False))


def sanitize_html(
    html: str, *, cid_images: Mapping[str, tuple[str, bytes]] | None = None, allow_remote: bool = False
) -> SanitizedHtml:
    """Safe HTML for the message view (see the module docstring)."""
    blocked = [0]

    def attribute_filter(tag: str, attr: str, value: str) -> str | None:
        if attr == "style":
            return _clean_style(value, allow_remote, blocked)
        if attr == "href" and value.strip().lower().startswith(("data:", "cid:")):
            return None  # a data: page is a phishing page of its own
        if attr in ("background", "srcset"):
            if allow_remote and not (attr == "background" and not value.lower().startswith(("http:", "https:"))):
                return value
            blocked[0] += 1
            return None
        return value

    cleaned = nh3.clean(
        html,
        tags=_TAGS,
        clean_content_tags=_CONTENT_DROPPED,
        attributes=_ATTRIBUTES,
        attribute_filter=attribute_filter,
        strip_comments=True,
        link_rel="noopener noreferrer nofollow",
        url_schemes=_SCHEMES,
    )
    rewriter = _Rewriter(cid_images or {}, allow_remote, blocked)
    rewriter.feed(cleaned)
    rewriter.close()
    return SanitizedHtml(html="".join(rewriter.out), remote_blocked=blocked[0],
                         suspicious_links=tuple(rewriter.suspicious))

"""Quoted history and signatures collapsed into one line each (X10), for the email view.

The view shows the sanitised HTML of :func:`agentdesk.actions.reading.read_message`, where quoted history is a
``<blockquote>`` or an element of class ``agentdesk-quote`` (the renderer marks plain-text quotes, attribution
lines and forwarded originals that way, and the quote markup of the common mail programs). Each outermost such
element becomes a link ``agentdesk:quote/N`` that the view toggles; expanded, it is shown muted under a "hide"
link. Plain text (an outbound draft's) goes through :func:`text_to_html` first.
"""

from __future__ import annotations

import html
from html.parser import HTMLParser

QUOTE_CLASS = "agentdesk-quote"
SIGNATURE_CLASS = "agentdesk-signature"
_VOID = {"br", "img", "hr", "input", "meta", "link", "area", "base", "col", "wbr", "source", "track"}


class _QuoteFinder(HTMLParser):
    """Finds the outermost quote and signature elements: (start offset, end offset, text line count, kind)."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self.spans: list[tuple[int, int, int, str]] = []
        self._kind = "quote"
        self._line_starts = [0]
        for i, ch in enumerate(source):
            if ch == "\n":
                self._line_starts.append(i + 1)
        self._open: list[str] = []  # the tag stack inside the current quote
        self._start = -1
        self._text: list[str] = []

    def _offset(self) -> int:
        line, column = self.getpos()
        return self._line_starts[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._start >= 0:
            if tag not in _VOID:
                self._open.append(tag)
            elif tag == "br":
                self._text.append("\n")
            return
        classes = " ".join(v or "" for k, v in attrs if k == "class").split()
        quote = tag == "blockquote" or QUOTE_CLASS in classes
        if quote or SIGNATURE_CLASS in classes:
            self._kind = "quote" if quote else "signature"
            self._start = self._offset()
            self._open = [tag]
            self._text = []

    def handle_endtag(self, tag: str) -> None:
        if self._start < 0 or tag not in self._open:
            return
        while self._open:
            if self._open.pop() == tag:
                break
        if not self._open:
            end = self._offset() + len(f"</{tag}>")
            text = "".join(self._text).strip("\n")
            self.spans.append((self._start, end, text.count("\n") + 1 if text else 1, self._kind))
            self._start = -1

    def handle_data(self, data: str) -> None:
        if self._start >= 0:
            self._text.append(data)

    def finish(self, length: int) -> list[tuple[int, int, int, str]]:
        self.close()
        if self._start >= 0:  # a quote left open runs to the end
            text = "".join(self._text).strip("\n")
            self.spans.append((self._start, length, text.count("\n") + 1 if text else 1, self._kind))
            self._start = -1
        return self.spans


def quote_spans(source: str) -> list[tuple[int, int, int, str]]:
    """Where the outermost quotes and signatures of ``source`` are: (start, end, lines, "quote" | "signature")."""
    finder = _QuoteFinder(source)
    finder.feed(source)
    return finder.finish(len(source))


def collapse(source: str, expanded: frozenset[int], *, show_label: str, hide_label: str,
             signature_label: str | None = None) -> str:
    """``source`` with quote (or signature) N replaced by a link unless N is in ``expanded``.

    ``show_label``/``hide_label`` are the translated link texts; ``%1`` in ``show_label`` is the line count.
    Signatures fold too when ``signature_label`` is given (else they stay as they are).
    """
    out: list[str] = []
    position = 0
    spans = [span for span in quote_spans(source) if span[3] == "quote" or signature_label is not None]
    for number, (start, end, lines, kind) in enumerate(spans, start=1):
        out.append(source[position:start])
        if number in expanded:
            out.append(f'<p><a href="agentdesk:quote/{number}">{html.escape(hide_label)}</a></p>'
                       f'<div style="color: #6b7280;">{source[start:end]}</div>')
        elif kind == "signature" and signature_label is not None:
            out.append(f'<p><a href="agentdesk:quote/{number}">{html.escape(signature_label)}</a></p>')
        else:
            label = show_label.replace("%1", str(lines))
            out.append(f'<p><a href="agentdesk:quote/{number}">{html.escape(label)}</a></p>')
        position = end
    out.append(source[position:])
    return "".join(out)


def quote_count(source: str) -> int:
    return sum(1 for span in quote_spans(source) if span[3] == "quote")

"""The outbound window's rich-text editor: bold, italic, underline, lists, quotes and links, with the quoted
original shown as a quote, and the two forms an email carries made from one document.

The document is turned into mail by walking its blocks, not by ``QTextDocument.toHtml()`` (whose output is
Qt's own dialect, full of ``-qt-`` styles): :func:`document_text` gives the text part — quoted lines start with
``> `` as in :func:`agentdesk.mail.compose.quote_text`, list items with ``- `` or ``1. `` — and
:func:`document_html` a small HTML part (``div``, ``b``, ``i``, ``u``, ``s``, ``a``, ``ul``/``ol``,
``blockquote``) of escaped text, which the actions clean with nh3 once more before keeping it. A plain-text
draft (a reply just made, a draft written in the CLI) is read by :func:`fill_from_text`, which turns its ``>``
lines into quote blocks, so that text → editor → text gives back the same text: opening and saving a draft
changes nothing the agent did not change.
"""

from __future__ import annotations

import html as html_lib
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from typing import Any, ClassVar

import nh3

from agentdesk.desk.compose import QUOTE_STYLE
from agentdesk.gui.qt import (
    QAction,
    QColor,
    QCoreApplication,
    QDialog,
    QDialogButtonBox,
    QFont,
    QFormLayout,
    QKeySequence,
    QLabel,
    QLineEdit,
    Qt,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextEdit,
    QTextFormat,
    QTextListFormat,
    QToolBar,
    QUrl,
    QVBoxLayout,
    QWidget,
    Signal,
)

#: the block property holding a block's quote depth (0: not quoted)
QUOTE_DEPTH = QTextFormat.Property.UserProperty + 1
#: the block property holding the quote marks a quoted line was read with ("> > ", ">> "), kept as they were
QUOTE_MARKS = QTextFormat.Property.UserProperty + 2
QUOTE_INDENT = 14.0
QUOTE_COLOUR = "#57606a"
LINK_COLOUR = "#1d4ed8"
_QT_QUOTE_MARGIN = 40.0  # what Qt's HTML reader gives a <blockquote> per level
_QUOTE_PREFIX = re.compile(r"^((?:> ?)+)")
_LINK_SCHEMES = {"http", "https", "mailto", "tel"}
_HTML_TAGS = {"div", "br", "b", "i", "u", "s", "a", "ul", "ol", "li", "blockquote"}
_BLOCKQUOTE = f'<blockquote type="cite" style="{QUOTE_STYLE}">'


def quote_depth(block_format: QTextBlockFormat) -> int:
    depth = block_format.property(QUOTE_DEPTH)
    if isinstance(depth, int):
        return depth
    if block_format.property(QTextFormat.Property.BlockQuoteLevel):  # read from HTML: Qt's margins count levels
        return max(1, round(block_format.leftMargin() / _QT_QUOTE_MARGIN))
    return 0


def _quote_formats(depth: int) -> tuple[QTextBlockFormat, QTextCharFormat]:
    block = QTextBlockFormat()
    block.setProperty(QUOTE_DEPTH, depth)
    block.setLeftMargin(QUOTE_INDENT * depth)
    char = QTextCharFormat()
    if depth:
        char.setForeground(QColor(QUOTE_COLOUR))
    return block, char


def fill_from_text(document: QTextDocument, text: str) -> None:
    """Replace ``document``'s content by ``text``: a block per line, ``>`` lines as quote blocks."""
    document.clear()
    cursor = QTextCursor(document)
    cursor.beginEditBlock()
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for number, line in enumerate(lines):
        match = _QUOTE_PREFIX.match(line)
        depth = match.group(1).count(">") if match else 0
        content = line[match.end():] if match else line
        block, char = _quote_formats(depth)
        if match:
            block.setProperty(QUOTE_MARKS, match.group(1))
        if number == 0:
            cursor.setBlockFormat(block)
            cursor.setBlockCharFormat(char)
        else:
            cursor.insertBlock(block, char)
        cursor.insertText(content, char)
    cursor.endEditBlock()


class _HtmlReader(HTMLParser):
    """Builds the editor's document from HTML of the kind :func:`document_html` writes (and, less exactly, any
    other HTML nh3 has cleaned): a block per ``div``/``p``/``li``, quote depth by ``blockquote``, lists,
    bold/italic/underline/strike and links. ``<br>`` alone in a block marks an empty line; after text it is a
    line break inside the block."""

    BLOCKS = frozenset({"div", "p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "tr"})
    _ALIASES: ClassVar[dict[str, str]] = {"strong": "b", "em": "i", "del": "s", "strike": "s"}

    def __init__(self, document: QTextDocument) -> None:
        super().__init__(convert_charrefs=True)
        self.cursor = QTextCursor(document)
        self.depth = 0
        self.lists: list[list[Any]] = []  # [style, the QTextList once made]
        self.marks: list[str] = []
        self.href: list[str] = []
        self.started = False  # the document's first block is in use
        self.fresh = False  # the current block was just made and holds nothing yet
        self.block_depth = 0
        self.need_block = False  # a block-level element ended: text after it starts a new block

    def _char(self) -> QTextCharFormat:
        fmt = QTextCharFormat()
        if self.depth:
            fmt.setForeground(QColor(QUOTE_COLOUR))
        if "b" in self.marks:
            fmt.setFontWeight(QFont.Weight.Bold)
        if "i" in self.marks:
            fmt.setFontItalic(True)
        if "u" in self.marks or self.href:
            fmt.setFontUnderline(True)
        if "s" in self.marks:
            fmt.setFontStrikeOut(True)
        if self.href:
            fmt.setAnchor(True)
            fmt.setAnchorHref(self.href[-1])
            fmt.setForeground(QColor(LINK_COLOUR))
        return fmt

    def _new_block(self, item: bool = False) -> None:
        block, char = _quote_formats(self.depth)
        if self.fresh and not item:
            self.cursor.setBlockFormat(block)  # <li><p>…, <blockquote><div>…: one block, not two
        elif self.started:
            self.cursor.insertBlock(block, char)
        else:
            self.cursor.setBlockFormat(block)
            self.cursor.setBlockCharFormat(char)
            self.started = True
        if item and self.lists:
            entry = self.lists[-1]
            if entry[1] is None:
                fmt = QTextListFormat()
                fmt.setStyle(entry[0])
                fmt.setIndent(len(self.lists))
                entry[1] = self.cursor.createList(fmt)
            else:
                entry[1].add(self.cursor.block())
        self.fresh, self.need_block, self.block_depth = True, False, self.depth

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        tag = self._ALIASES.get(tag, tag)
        if tag == "blockquote":
            self.depth += 1
            self.need_block = True
        elif tag in ("ul", "ol"):
            style = QTextListFormat.Style.ListDecimal if tag == "ol" else QTextListFormat.Style.ListDisc
            self.lists.append([style, None])
        elif tag in self.BLOCKS:
            self._new_block(item=tag == "li" and bool(self.lists))
        elif tag == "br":
            if not self.started or self.need_block or self.block_depth != self.depth:
                self._new_block()
            elif not self.fresh:
                self.cursor.insertText("\u2028", self._char())
            self.fresh = False
        elif tag in ("b", "i", "u", "s"):
            self.marks.append(tag)
        elif tag == "a":
            self.href.append(dict(attrs).get("href") or "")

    def handle_endtag(self, tag: str) -> None:
        tag = self._ALIASES.get(tag, tag)
        if tag == "blockquote":
            self.depth = max(0, self.depth - 1)
            self.need_block = True
        elif tag in ("ul", "ol"):
            if self.lists:
                self.lists.pop()
            self.need_block = True
        elif tag in ("b", "i", "u", "s") and tag in self.marks:
            del self.marks[len(self.marks) - 1 - self.marks[::-1].index(tag)]
        elif tag == "a" and self.href:
            self.href.pop()
        elif tag in self.BLOCKS:
            self.need_block = True

    def handle_data(self, data: str) -> None:
        if not data.strip() and (self.fresh or self.need_block or not self.started):
            return  # whitespace between tags
        if not self.started or self.need_block or self.block_depth != self.depth:
            self._new_block()
        self.cursor.insertText(re.sub(r"[\r\n\t ]+", " ", data), self._char())
        self.fresh = False


def _for_editor(html: str, blocks: frozenset[str] = _HtmlReader.BLOCKS) -> str:
    """HTML cut down to what the editor keeps (a draft read back, a paste): text, ``blocks``, lists, quotes,
    bold/italic/underline/strike and links with a scheme mail may carry; no fonts, colours, images or tables."""
    return nh3.clean(html, tags=_HTML_TAGS | blocks | {"strong", "em", "del", "strike"},
                     attributes={"a": {"href"}}, url_schemes=_LINK_SCHEMES)


def fill_from_html(document: QTextDocument, html: str) -> None:
    """Replace ``document``'s content by ``html`` (cleaned by nh3 first), in the editor's own formats."""
    document.clear()
    cleaned = _for_editor(html)
    reader = _HtmlReader(document)
    reader.cursor.beginEditBlock()
    reader.feed(cleaned)
    reader.close()
    reader.cursor.endEditBlock()


def _list_prefix(block: object) -> tuple[str, int]:
    """(the text prefix of a list item, its nesting level) or ("", 0)."""
    text_list = block.textList()  # type: ignore[attr-defined]
    if text_list is None:
        return "", 0
    fmt = text_list.format()
    level = max(1, fmt.indent())
    if fmt.style() in (QTextListFormat.Style.ListDecimal, QTextListFormat.Style.ListLowerAlpha,
                       QTextListFormat.Style.ListUpperAlpha, QTextListFormat.Style.ListLowerRoman,
                       QTextListFormat.Style.ListUpperRoman):
        return f"{text_list.itemNumber(block) + 1}. ", level
    return "- ", level


def _blocks(document: QTextDocument) -> Iterator[object]:
    block = document.begin()
    while block.isValid():
        yield block
        block = block.next()


def document_text(document: QTextDocument) -> str:
    """The text part: what the agent sees, quotes as ``> `` lines and list items as ``- `` / ``1. ``."""
    lines: list[str] = []
    for block in _blocks(document):
        depth = quote_depth(block.blockFormat())  # type: ignore[attr-defined]
        item, level = _list_prefix(block)
        text = block.text().replace("\u00a0", " ").replace("\ufffc", "")  # type: ignore[attr-defined]
        marks = block.blockFormat().property(QUOTE_MARKS)  # type: ignore[attr-defined]
        for index, part in enumerate(text.split("\u2028")):
            lead = ("  " * (level - 1) + item) if item and index == 0 else ("  " * level if item else "")
            line = lead + part
            if depth and isinstance(marks, str) and marks.count(">") == depth:
                line = marks + line
            elif depth:
                line = ">" * depth + (" " + line if line else "")
            lines.append(line)
    return "\n".join(lines)


def _fragments_html(block: object) -> str:
    out: list[str] = []
    iterator = block.begin()  # type: ignore[attr-defined]
    while not iterator.atEnd():
        fragment = iterator.fragment()
        iterator += 1
        if not fragment.isValid():
            continue
        text = html_lib.escape(fragment.text().replace("\ufffc", "")).replace("\u2028", "<br>")
        if not text:
            continue
        fmt = fragment.charFormat()
        if fmt.fontWeight() >= QFont.Weight.DemiBold:
            text = f"<b>{text}</b>"
        if fmt.fontItalic():
            text = f"<i>{text}</i>"
        if fmt.fontUnderline() and not fmt.isAnchor():
            text = f"<u>{text}</u>"
        if fmt.fontStrikeOut():
            text = f"<s>{text}</s>"
        if fmt.isAnchor() and fmt.anchorHref():
            text = f'<a href="{html_lib.escape(fmt.anchorHref(), quote=True)}">{text}</a>'
        out.append(text)
    return "".join(out)


def document_html(document: QTextDocument) -> str:
    """The HTML part: a ``div`` per line, lists (a deeper list inside its parent's ``li``), quotes as
    ``blockquote type=cite``; nothing else."""
    out: list[str] = []
    depth = 0
    open_lists: list[list[Any]] = []  # [the QTextList, its tag, whether its last <li> is still open]

    def close_lists(keep: int) -> None:
        while len(open_lists) > keep:
            _list, tag, item_open = open_lists.pop()
            out.append(("</li>" if item_open else "") + f"</{tag}>")

    for block in _blocks(document):
        block_depth = quote_depth(block.blockFormat())  # type: ignore[attr-defined]
        if block_depth != depth:
            close_lists(0)
        while depth > block_depth:
            out.append("</blockquote>")
            depth -= 1
        while depth < block_depth:
            out.append(_BLOCKQUOTE)
            depth += 1
        content = _fragments_html(block) or "<br>"
        text_list = block.textList()  # type: ignore[attr-defined]
        if text_list is None:
            close_lists(0)
            out.append(f"<div>{content}</div>")
            continue
        level = max(1, text_list.format().indent())
        close_lists(level)
        if len(open_lists) == level and open_lists[-1][0] != text_list:
            close_lists(level - 1)
        while len(open_lists) < level:
            prefix, _level = _list_prefix(block)
            tag = "ol" if prefix[:1].isdigit() else "ul"
            out.append(f"<{tag}>")
            open_lists.append([text_list, tag, False])
        if open_lists[-1][2]:
            out.append("</li>")
        out.append(f"<li>{content}")
        open_lists[-1][2] = True
    close_lists(0)
    out.extend("</blockquote>" for _ in range(depth))
    return "".join(out)  # only escaped text and the tags above; the actions clean it once more before keeping it


class LinkDialog(QDialog):
    """Asks for a link's text and address; OK only for an address that can be a link."""

    def __init__(self, text: str, url: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("link_dialog")
        self.setWindowTitle(self.tr("Insert link"))
        self.text_edit = QLineEdit(text, self)
        self.text_edit.setObjectName("link_text")
        self.text_edit.setAccessibleName(self.tr("Text to show"))
        self.url_edit = QLineEdit(url, self)
        self.url_edit.setObjectName("link_url")
        self.url_edit.setAccessibleName(self.tr("Address"))
        self.url_edit.setPlaceholderText("https://")
        self.error = QLabel(self)
        self.error.setObjectName("field_error")
        self.error.setWordWrap(True)
        self.error.hide()
        form = QFormLayout()
        form.addRow(self.tr("Text to show"), self.text_edit)
        form.addRow(self.tr("Address"), self.url_edit)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        (self.url_edit if text else self.text_edit).setFocus()

    def accept(self) -> None:
        problem = _link_problem(self.url_edit.text())
        if problem is not None:
            self.error.setText(problem)
            self.error.show()
            self.url_edit.setFocus()
            return
        super().accept()


def _link_problem(url: str) -> str | None:
    url = url.strip()
    if not url:
        return QCoreApplication.translate("LinkDialog", "Enter the address the link goes to")
    parsed = QUrl(url, QUrl.ParsingMode.StrictMode)
    if not parsed.isValid() or parsed.scheme().lower() not in _LINK_SCHEMES or (
            parsed.scheme().lower() in ("http", "https") and not parsed.host()):
        return QCoreApplication.translate("LinkDialog", "A link must be a full address starting with https://, "
                                          "http://, mailto: or tel:")
    return None


class BodyEdit(QTextEdit):
    """The text area: rich text in, files dropped on it go to the window (attachments), not into the text."""

    def canInsertFromMimeData(self, source: object) -> bool:
        if source.hasUrls() and all(url.isLocalFile() for url in source.urls()):  # type: ignore[attr-defined]
            return False
        return bool(super().canInsertFromMimeData(source))  # type: ignore[arg-type]

    def insertFromMimeData(self, source: object) -> None:
        """Pasted HTML keeps what mail carries (bold, lists, links…), not fonts, colours, images or tables."""
        if source.hasHtml():  # type: ignore[attr-defined]
            pasted = _for_editor(source.html(), blocks=frozenset({"p"}))  # type: ignore[attr-defined]
            self.textCursor().insertHtml(pasted)  # headings, tables, preformatted: their text only
            return
        super().insertFromMimeData(source)  # type: ignore[arg-type]


class RichTextEditor(QWidget):
    """A formatting bar above the text: bold, italic, underline, bulleted and numbered lists, quote, link and
    clear formatting, each with its shortcut in the tooltip; :meth:`text` and :meth:`html` give the email."""

    sig_changed = Signal()
    """The content changed (typing, formatting, a response inserted)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = BodyEdit(self)
        self.edit.setObjectName("compose_body")
        self.edit.setAcceptRichText(True)
        self.edit.setTabChangesFocus(True)
        self.toolbar = QToolBar(self)
        self.toolbar.setObjectName("format_bar")
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.toolbar.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.actions_by_name: dict[str, QAction] = {}
        for name, shortcut, checkable in (
                ("bold", QKeySequence.StandardKey.Bold, True), ("italic", QKeySequence.StandardKey.Italic, True),
                ("underline", QKeySequence.StandardKey.Underline, True), ("bullets", "Ctrl+Shift+8", True),
                ("numbers", "Ctrl+Shift+7", True), ("quote", "Ctrl+Shift+9", True), ("link", "Ctrl+K", False),
                ("plain", "Ctrl+Space", False)):
            action = QAction(self)
            action.setObjectName(f"format_{name}")
            action.setCheckable(checkable)
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.toolbar.addAction(action)
            self.addAction(action)
            self.actions_by_name[name] = action
        for name, weight, italic, underline in (("bold", True, False, False), ("italic", False, True, False),
                                                ("underline", False, False, True)):
            font = QFont()
            font.setBold(weight)
            font.setItalic(italic)
            font.setUnderline(underline)
            self.actions_by_name[name].setFont(font)
        self.actions_by_name["bold"].triggered.connect(self.on_bold_triggered)
        self.actions_by_name["italic"].triggered.connect(self.on_italic_triggered)
        self.actions_by_name["underline"].triggered.connect(self.on_underline_triggered)
        self.actions_by_name["bullets"].triggered.connect(
            lambda on: self.set_list(QTextListFormat.Style.ListDisc if on else None))
        self.actions_by_name["numbers"].triggered.connect(
            lambda on: self.set_list(QTextListFormat.Style.ListDecimal if on else None))
        self.actions_by_name["quote"].triggered.connect(self.set_quote)
        self.actions_by_name["link"].triggered.connect(self.on_link_triggered)
        self.actions_by_name["plain"].triggered.connect(self.clear_formatting)
        self.edit.currentCharFormatChanged.connect(lambda _fmt: self._update_actions())
        self.edit.cursorPositionChanged.connect(self._update_actions)
        self.edit.textChanged.connect(self.sig_changed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.edit, 1)
        self.setFocusProxy(self.edit)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        texts = {"bold": (self.tr("B"), self.tr("Bold")), "italic": (self.tr("I"), self.tr("Italic")),
                 "underline": (self.tr("U"), self.tr("Underline")),
                 "bullets": (self.tr("• List"), self.tr("Bulleted list")),
                 "numbers": (self.tr("1. List"), self.tr("Numbered list")),
                 "quote": (self.tr("❝ Quote"), self.tr("Quote")), "link": (self.tr("Link"), self.tr("Insert link")),
                 "plain": (self.tr("Clear"), self.tr("Clear formatting"))}
        for name, (short, long) in texts.items():
            action = self.actions_by_name[name]
            action.setText(short)
            keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            action.setToolTip(f"{long} ({keys})")
            action.setStatusTip(long)
        self.toolbar.setAccessibleName(self.tr("Formatting"))
        self.edit.setAccessibleName(self.tr("Message"))

    # -- content -------------------------------------------------------------------------------------------

    def set_content(self, text: str, html: str | None) -> None:
        blocked = self.edit.blockSignals(True)
        try:
            if html:
                fill_from_html(self.edit.document(), html)
            else:
                fill_from_text(self.edit.document(), text)
            self.edit.document().setModified(False)
        finally:
            self.edit.blockSignals(blocked)
        self._update_actions()

    def text(self) -> str:
        return document_text(self.edit.document())

    def html(self) -> str:
        return document_html(self.edit.document())

    def insert_at_start(self, text: str) -> None:
        """Put ``text`` (a standard response) at the top, unquoted and unformatted."""
        cursor = QTextCursor(self.edit.document())
        cursor.movePosition(QTextCursor.MoveOperation.Start)
        cursor.beginEditBlock()
        block, char = _quote_formats(0)
        for index, line in enumerate(text.split("\n")):
            if index:
                cursor.insertBlock(block, char)
            cursor.insertText(line, char)
        cursor.insertBlock(block, char)
        cursor.endEditBlock()
        self.edit.setTextCursor(cursor)

    # -- formatting ----------------------------------------------------------------------------------------

    def _merge(self, fmt: QTextCharFormat) -> None:
        """Format the selection; with none, what is typed next."""
        cursor = self.edit.textCursor()
        if cursor.hasSelection():
            cursor.mergeCharFormat(fmt)
        self.edit.mergeCurrentCharFormat(fmt)

    def on_bold_triggered(self, on: bool) -> None:
        fmt = QTextCharFormat()
        fmt.setFontWeight(QFont.Weight.Bold if on else QFont.Weight.Normal)
        self._merge(fmt)

    def on_italic_triggered(self, on: bool) -> None:
        fmt = QTextCharFormat()
        fmt.setFontItalic(on)
        self._merge(fmt)

    def on_underline_triggered(self, on: bool) -> None:
        fmt = QTextCharFormat()
        fmt.setFontUnderline(on)
        self._merge(fmt)

    def set_list(self, style: QTextListFormat.Style | None) -> None:
        """Make the selected lines a list of ``style``, change the list's style, or (None) end the list."""
        cursor = self.edit.textCursor()
        cursor.beginEditBlock()
        current = cursor.currentList()
        if style is None:
            if current is not None:
                for index in range(current.count() - 1, -1, -1):
                    item = current.item(index)
                    if item.position() <= cursor.selectionEnd() and \
                            item.position() + item.length() > cursor.selectionStart():
                        current.remove(item)
                block_format = cursor.blockFormat()
                block_format.setIndent(0)
                cursor.setBlockFormat(block_format)
        elif current is not None:
            list_format = current.format()
            list_format.setStyle(style)
            current.setFormat(list_format)
        else:
            list_format = QTextListFormat()
            list_format.setStyle(style)
            list_format.setIndent(1)
            cursor.createList(list_format)
        cursor.endEditBlock()
        self._update_actions()

    def set_quote(self, on: bool) -> None:
        cursor = self.edit.textCursor()
        start, end = cursor.selectionStart(), cursor.selectionEnd()
        cursor.beginEditBlock()
        block = self.edit.document().findBlock(start)
        while block.isValid() and block.position() <= end:
            depth = quote_depth(block.blockFormat())
            new_depth = max(depth, 1) if on else 0
            fmt = block.blockFormat()
            fmt.setProperty(QUOTE_DEPTH, new_depth)
            fmt.setLeftMargin(QUOTE_INDENT * new_depth)
            line = QTextCursor(block)
            line.setBlockFormat(fmt)
            colour = QTextCharFormat()
            colour.setForeground(QColor(QUOTE_COLOUR) if new_depth else self.palette().text().color())
            line.movePosition(QTextCursor.MoveOperation.StartOfBlock)
            line.movePosition(QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor)
            line.mergeCharFormat(colour)
            block = block.next()
        cursor.endEditBlock()
        self._update_actions()

    def on_link_triggered(self) -> None:
        cursor = self.edit.textCursor()
        current = cursor.charFormat()
        dialog = LinkDialog(cursor.selectedText(), current.anchorHref() if current.isAnchor() else "", self)
        self.link_dialog = dialog
        dialog.accepted.connect(lambda: self.insert_link(dialog.text_edit.text(), dialog.url_edit.text()))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def insert_link(self, text: str, url: str) -> None:
        problem = _link_problem(url)
        if problem is not None:
            raise ValueError(problem)
        url = url.strip()
        fmt = QTextCharFormat()
        fmt.setAnchor(True)
        fmt.setAnchorHref(url)
        fmt.setFontUnderline(True)
        fmt.setForeground(self.palette().link())
        cursor = self.edit.textCursor()
        cursor.insertText(text.strip() or url, fmt)
        cursor.insertText(" ", QTextCharFormat())
        self.edit.setTextCursor(cursor)
        self.edit.setFocus()

    def clear_formatting(self) -> None:
        cursor = self.edit.textCursor()
        if not cursor.hasSelection():
            cursor.select(QTextCursor.SelectionType.BlockUnderCursor)
        cursor.setCharFormat(QTextCharFormat())
        self.edit.setCurrentCharFormat(QTextCharFormat())
        self._update_actions()

    def _update_actions(self) -> None:
        fmt = self.edit.currentCharFormat()
        cursor = self.edit.textCursor()
        current = cursor.currentList()
        style = current.format().style() if current is not None else None
        states = {"bold": fmt.fontWeight() >= QFont.Weight.DemiBold, "italic": fmt.fontItalic(),
                  "underline": fmt.fontUnderline() and not fmt.isAnchor(),
                  "bullets": style is not None and style not in (QTextListFormat.Style.ListDecimal,),
                  "numbers": style == QTextListFormat.Style.ListDecimal,
                  "quote": quote_depth(cursor.blockFormat()) > 0}
        for name, on in states.items():
            action = self.actions_by_name[name]
            blocked = action.blockSignals(True)
            action.setChecked(bool(on))
            action.blockSignals(blocked)

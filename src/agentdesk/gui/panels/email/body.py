"""The message body view: a QTextBrowser that loads only what the message carries (``data:`` images, i.e. inline
``cid:`` parts) and the remote images the agent allowed and the worker fetched; it never touches the network."""

from __future__ import annotations

import base64
from typing import Any
from urllib.parse import unquote_to_bytes

from agentdesk.gui.qt import QImage, QTextBrowser, QTextDocument, QUrl, QWidget

STYLE = """
.agentdesk-suspicious-link { color: #c62828; font-weight: 600; }
.agentdesk-link-target { color: #6b7280; }
.agentdesk-signature { color: #6b7280; }
blockquote { color: #6b7280; }
"""


def data_url_bytes(url: str) -> bytes | None:
    """The bytes of a ``data:`` URL (base64 or percent-encoded), None when it is not one."""
    if not url.lower().startswith("data:") or "," not in url:
        return None
    meta, payload = url[5:].split(",", 1)
    try:
        return base64.b64decode(payload) if meta.lower().endswith(";base64") else unquote_to_bytes(payload)
    except ValueError:
        return None


class MessageBrowser(QTextBrowser):
    """Shows sanitised HTML; images come from the message itself or from :attr:`remote_images`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.document().setDefaultStyleSheet(STYLE)
        self.document().setDocumentMargin(14)
        #: url → bytes of the remote images the agent allowed (fetched on the worker)
        self.remote_images: dict[str, bytes] = {}

    def loadResource(self, kind: int, url: QUrl | str) -> Any:
        if kind != int(QTextDocument.ResourceType.ImageResource.value):
            return None
        text = url.toString() if isinstance(url, QUrl) else str(url)
        data = data_url_bytes(text)
        if data is None:
            data = self.remote_images.get(text)
        if data is None:
            return None  # nothing remote unless allowed and fetched: an empty placeholder
        image = QImage()
        return image if image.loadFromData(data) else None

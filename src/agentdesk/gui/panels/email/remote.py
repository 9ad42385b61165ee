"""Fetching the remote images of one message, once the agent has allowed them (runs on a worker, never the GUI
thread): http and https only, a short timeout, a size cap per image and a cap on how many."""

from __future__ import annotations

import re
import urllib.error
import urllib.request

MAX_IMAGES = 30
MAX_BYTES = 5 * 1024 * 1024
TIMEOUT = 8.0
_IMG_SRC = re.compile(r"""<img\b[^>]*?\bsrc\s*=\s*(["'])(https?://[^"']+)\1""", re.IGNORECASE)


def image_urls(html: str) -> list[str]:
    """The distinct http(s) image sources of ``html``, in order, at most :data:`MAX_IMAGES`."""
    seen: dict[str, None] = {}
    for match in _IMG_SRC.finditer(html):
        seen.setdefault(match.group(2).replace("&amp;", "&"), None)
    return list(seen)[:MAX_IMAGES]


def fetch_images(urls: list[str]) -> dict[str, bytes]:
    """The bytes of each image that could be fetched (failures are left out: the image stays a placeholder)."""
    found: dict[str, bytes] = {}
    for url in urls:
        if not url.lower().startswith(("http://", "https://")):
            continue
        request = urllib.request.Request(url, headers={"User-Agent": "agentdesk"})
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
                data = response.read(MAX_BYTES + 1)
        except (OSError, ValueError, urllib.error.URLError):
            continue
        if len(data) <= MAX_BYTES:
            found[url] = data
    return found

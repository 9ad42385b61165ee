"""Render ``resources/icons/agentdesk.svg`` into the icon files the installers need: ``.ico``, ``.icns``, ``.png``.

``python packaging/icons.py OUT_DIR`` writes ``agentdesk.ico`` (Windows: executable and installer),
``agentdesk.icns`` (macOS: the .app bundle) and ``agentdesk.png`` (Linux: a .desktop entry), all rendered by
Qt's own image plugins from the one SVG, so no binary icon is kept in the repository.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SVG = ROOT / "resources" / "icons" / "agentdesk.svg"
SIZE = 256


def render(out_dir: Path) -> list[Path]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QByteArray, Qt
    from PySide6.QtGui import QGuiApplication, QImage, QImageWriter, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication([])
    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        raise SystemExit(f"icons: cannot read {SVG}")
    image = QImage(SIZE, SIZE, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    out_dir.mkdir(parents=True, exist_ok=True)
    made = []
    for suffix, fmt in (("png", "PNG"), ("ico", "ICO"), ("icns", "ICNS")):
        target = out_dir / f"agentdesk.{suffix}"
        writer = QImageWriter(str(target), QByteArray(fmt.encode()))
        if not writer.write(image):
            raise SystemExit(f"icons: Qt could not write {target}: {writer.errorString()}")
        made.append(target)
    return made


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit("usage: python packaging/icons.py OUT_DIR")
    for made in render(Path(sys.argv[1])):
        print(made)

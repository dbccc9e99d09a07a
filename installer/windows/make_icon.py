"""The Windows .ico of the executable and the installer, drawn from the application's one SVG icon
(desktop_ocr/resources/desktop-ocr.svg), so the icon exists once in the repository."""

from __future__ import annotations

import io
import sys

SIZES = (16, 24, 32, 48, 64, 128, 256)


def make_ico(svg: str, ico: str) -> str:
    from PIL import Image
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication(["make_icon", "-platform", "offscreen"])
    renderer = QSvgRenderer(svg)
    if not renderer.isValid():
        raise SystemExit(f"cannot read {svg}")
    image = QImage(256, 256, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buf, "PNG")
    Image.open(io.BytesIO(bytes(data))).save(ico, sizes=[(s, s) for s in SIZES])
    return ico


if __name__ == "__main__":
    print(make_ico(sys.argv[1], sys.argv[2]))

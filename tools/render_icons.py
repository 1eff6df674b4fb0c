"""Render the app icon's PNG sizes and the Windows .ico from resources/icons/legalbasis-sync.svg.

Usage: `python tools/render_icons.py`.

The SVG is the source (edit it, then run this); the PNGs are what the window and the tray load
(no SVG plugin needed at run time), the .ico is what PyInstaller puts on the Windows executables.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt  # noqa: E402
from PySide6.QtGui import QGuiApplication, QImage, QPainter  # noqa: E402
from PySide6.QtSvg import QSvgRenderer  # noqa: E402

ICON_DIR = Path(__file__).resolve().parent.parent / "resources" / "icons"
NAME = "legalbasis-sync"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)


def render(renderer: QSvgRenderer, size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    return image


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def ico_bytes(pngs: dict[int, bytes]) -> bytes:
    """An .ico holding one PNG-compressed image per size (Windows Vista and later read these)."""
    header = struct.pack("<HHH", 0, 1, len(pngs))
    offset = len(header) + 16 * len(pngs)
    entries, blobs = b"", b""
    for size, blob in sorted(pngs.items()):
        side = 0 if size >= 256 else size  # 0 means 256 in an icon directory entry
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(blob), offset)
        blobs += blob
        offset += len(blob)
    return header + entries + blobs


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 - QImage/QPainter need it
    source = ICON_DIR / f"{NAME}.svg"
    renderer = QSvgRenderer(str(source))
    if not renderer.isValid():
        print(f"{source} is not a valid SVG file.", file=sys.stderr)
        return 1
    pngs: dict[int, bytes] = {}
    for size in sorted(set(PNG_SIZES) | set(ICO_SIZES)):
        pngs[size] = png_bytes(render(renderer, size))
        if size in PNG_SIZES:
            (ICON_DIR / f"{NAME}-{size}.png").write_bytes(pngs[size])
    (ICON_DIR / f"{NAME}.ico").write_bytes(ico_bytes({s: pngs[s] for s in ICO_SIZES}))
    print(f"Wrote {len(PNG_SIZES)} PNG files and {NAME}.ico to {ICON_DIR}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())

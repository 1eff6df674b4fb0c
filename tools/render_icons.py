"""Render the app icon's PNG sizes, the Windows .ico and the macOS .icns from resources/icons/legalbasis-sync.svg.

Usage: `python tools/render_icons.py`.

The SVG is the source (edit it, then run this); the PNGs are what the window and the tray load
(no SVG plugin needed at run time), the .ico is what PyInstaller puts on the Windows executables,
the .icns the macOS app bundle's icon. Both containers are written here by hand (a few lines of
struct each), so neither Pillow nor Apple's iconutil is needed, and the .icns can be made on Linux.
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


# .icns element types holding PNG data, by the pixel size they hold (the @2x types hold twice their point size).
ICNS_TYPES = (
    (b"icp4", 16),
    (b"icp5", 32),
    (b"icp6", 64),
    (b"ic07", 128),
    (b"ic08", 256),
    (b"ic09", 512),
    (b"ic10", 1024),
    (b"ic11", 32),
    (b"ic12", 64),
    (b"ic13", 256),
    (b"ic14", 512),
)


def icns_bytes(pngs: dict[int, bytes]) -> bytes:
    """An Apple icon image: "icns", its total length, then one (type, length, PNG) element per size (macOS 10.7+)."""
    elements = b"".join(kind + struct.pack(">I", 8 + len(pngs[size])) + pngs[size] for kind, size in ICNS_TYPES)
    return b"icns" + struct.pack(">I", 8 + len(elements)) + elements


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 - QImage/QPainter need it
    source = ICON_DIR / f"{NAME}.svg"
    renderer = QSvgRenderer(str(source))
    if not renderer.isValid():
        print(f"{source} is not a valid SVG file.", file=sys.stderr)
        return 1
    pngs: dict[int, bytes] = {}
    for size in sorted(set(PNG_SIZES) | set(ICO_SIZES) | {size for _, size in ICNS_TYPES}):
        pngs[size] = png_bytes(render(renderer, size))
        if size in PNG_SIZES:
            (ICON_DIR / f"{NAME}-{size}.png").write_bytes(pngs[size])
    (ICON_DIR / f"{NAME}.ico").write_bytes(ico_bytes({s: pngs[s] for s in ICO_SIZES}))
    (ICON_DIR / f"{NAME}.icns").write_bytes(icns_bytes(pngs))
    print(f"Wrote {len(PNG_SIZES)} PNG files, {NAME}.ico and {NAME}.icns to {ICON_DIR}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())

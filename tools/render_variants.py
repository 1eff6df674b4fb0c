"""Render the window's screens in other looks: dark system theme and 200 % scaling, each in its own process.

    python tools/render_variants.py [--variant dark|scale2|dark-scale2|font2]... [--out FOLDER] [--docs]

Each variant runs `tools/render_screens.py`'s demo script (simulators, a preview, a sync, every tab,
the whole settings panel) in a fresh process, because the scale factor (`QT_SCALE_FACTOR`) is read
when the QApplication starts and the colour scheme must be set before the first widget. `font2`
doubles the text size on a screen at 100 % instead (what a large-text setting does), which shows
the sizes fixed in pixels that QT_SCALE_FACTOR scales along with the text. PNGs go to
FOLDER/<variant>/ (default /tmp/legalbasis-variants). With `--docs`, a dark and a 200 % screenshot
are copied to docs/screens/ (home-dark.png, conflicts-dark.png, settings-scale2.png, home-scale2.png)
for the README.

Dark: Qt 6.8+ asks the platform for a dark colour scheme (`QStyleHints.setColorScheme`) under the
Fusion style; platforms that cannot (the offscreen one) get Fusion with a dark palette, which is what
a dark desktop theme hands a Qt app.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VARIANTS = {
    "dark": {"dark": True, "scale": None},
    "scale2": {"dark": False, "scale": "2"},
    "dark-scale2": {"dark": True, "scale": "2"},
    "font2": {"dark": False, "scale": None, "font": 2.0},  # large text on a normal screen: fixed sizes show
}
DOCS_COPIES = {  # variant -> (rendered file, name in docs/screens)
    "dark": (
        ("home.png", "home-dark.png"),
        ("conflicts.png", "conflicts-dark.png"),
        ("history.png", "history-dark.png"),
    ),
    "scale2": (("settings.png", "settings-scale2.png"), ("home.png", "home-scale2.png")),
}


def dark_palette():
    """Fusion's colours for a dark desktop theme (roughly what KDE Breeze Dark or GNOME's dark style hand over)."""
    from PySide6.QtGui import QColor, QPalette

    p = QPalette()
    role, group = QPalette.ColorRole, QPalette.ColorGroup
    colours = {
        role.Window: "#2b2b2b",
        role.WindowText: "#e8e8e8",
        role.Base: "#1e1e1e",
        role.AlternateBase: "#262626",
        role.ToolTipBase: "#3a3a3a",
        role.ToolTipText: "#f0f0f0",
        role.PlaceholderText: "#8c8c8c",
        role.Text: "#e8e8e8",
        role.Button: "#353535",
        role.ButtonText: "#e8e8e8",
        role.BrightText: "#ff6b6b",
        role.Light: "#4a4a4a",
        role.Midlight: "#3e3e3e",
        role.Mid: "#2f2f2f",
        role.Dark: "#1a1a1a",
        role.Shadow: "#0d0d0d",
        role.Highlight: "#3d7bd9",
        role.HighlightedText: "#ffffff",
        role.Link: "#8ab4f8",
        role.LinkVisited: "#c58af9",
    }
    for r, value in colours.items():
        p.setColor(r, QColor(value))
    for r in (role.WindowText, role.Text, role.ButtonText):
        p.setColor(group.Disabled, r, QColor("#7a7a7a"))
    return p


def make_dark(app) -> str:
    """Switch `app` to a dark look before any widget exists; returns how."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication

    app.setStyle("Fusion")
    hints = QGuiApplication.styleHints()
    if hasattr(hints, "setColorScheme"):  # Qt 6.8+
        hints.setColorScheme(Qt.ColorScheme.Dark)
        app.processEvents()
        if app.palette().window().color().lightness() < 128:
            return "color scheme"
    app.setPalette(dark_palette())
    return "dark palette"


def child(variant: str, folder: Path) -> int:
    """In the child process: one variant, every screen of render_screens into `folder`."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.path.insert(0, str(ROOT / "tools"))
    sys.path.insert(0, str(ROOT))
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])
    how = make_dark(app) if VARIANTS[variant]["dark"] else "light"
    if factor := VARIANTS[variant].get("font"):
        font = app.font()
        font.setPointSizeF(font.pointSizeF() * factor)
        app.setFont(font)
        how += f", text at {factor:.0%}"
    import render_screens  # noqa: E402  (after the QApplication: it would otherwise make its own)

    written = render_screens.render(folder)
    ratio = app.primaryScreen().devicePixelRatio() if app.primaryScreen() else 1.0
    print(f"{variant}: {how}, device pixel ratio {ratio:g}, {len(written)} screens in {folder}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--variant", action="append", choices=sorted(VARIANTS), help="which look (repeatable; default: dark and scale2)"
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=Path("/tmp/legalbasis-variants"),
        help="folder for the PNGs (a sub-folder per variant)",
    )
    parser.add_argument("--docs", action="store_true", help="also copy a dark and a 200 %% screenshot to docs/screens")
    parser.add_argument("--child", choices=sorted(VARIANTS), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return child(args.child, args.out)

    failed = 0
    for variant in args.variant or ["dark", "scale2"]:
        folder = args.out / variant
        env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
        env.pop("QT_SCALE_FACTOR", None)
        if VARIANTS[variant]["scale"]:
            env["QT_SCALE_FACTOR"] = VARIANTS[variant]["scale"]
        done = subprocess.run([sys.executable, __file__, "--child", variant, "--out", str(folder)], env=env, cwd=ROOT)
        if done.returncode != 0:
            print(f"render_variants: {variant} failed (exit {done.returncode})", file=sys.stderr)
            failed += 1
            continue
        if args.docs:
            for name, target in DOCS_COPIES.get(variant, ()):
                shutil.copyfile(folder / name, ROOT / "docs" / "screens" / target)
                print(ROOT / "docs" / "screens" / target)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

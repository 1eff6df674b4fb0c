"""The one direction of dependency (STYLE.md): domain and store never import Qt or httpx; only ui draws widgets."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import desktop_app

PACKAGE = Path(desktop_app.__file__).resolve().parent
QT = ("PySide6", "PyQt5", "PyQt6", "PySide2", "shiboken6", "pytestqt")

# layer -> top-level modules (or module prefixes) it must never import
FORBIDDEN = {
    "domain": QT + ("httpx", "peewee", "keyring", "desktop_app.connectors", "desktop_app.store",
                    "desktop_app.sync", "desktop_app.ui", "desktop_app.simulators"),
    "store": QT + ("httpx", "desktop_app.connectors", "desktop_app.sync", "desktop_app.ui"),
    "connectors": QT + ("desktop_app.store", "desktop_app.sync", "desktop_app.ui"),
    "sync": ("PySide6.QtWidgets", "PySide6.QtGui", "desktop_app.ui"),
    "sending": QT + ("desktop_app.ui",),  # issue 4: the send service runs headless and on the window's worker
    # issue 14: the contact report runs from the command line too; only report/pdf.py touches Qt (QtGui's PDF writer)
    "report": ("PySide6.QtWidgets", "desktop_app.ui"),
}
# Modules outside ui allowed QtGui (never QtWidgets): Qt's PDF writer for the contact report (issue 14).
QTGUI_ALLOWED = ("report/pdf.py",)
# Modules outside ui that may still never touch widgets.
NO_WIDGETS = ("PySide6.QtWidgets", "PySide6.QtGui")


def imported_modules(path: Path) -> set[str]:
    """Absolute names of everything a source file of the package imports."""
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return imports_in(path.read_text(encoding="utf-8"), parts)


def imports_in(source: str, module_parts: tuple[str, ...]) -> set[str]:
    """Imports of one module's source, relative ones resolved against its dotted name."""
    package_parts = list(module_parts[:-1])  # a module's package; for __init__ the package itself
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package_parts[: len(package_parts) - (node.level - 1)]
                prefix = ".".join(base + ([node.module] if node.module else []))
            else:
                prefix = node.module or ""
            found.add(prefix)
            found.update(f"{prefix}.{alias.name}" for alias in node.names)
    return found


def violates(name: str, forbidden: tuple[str, ...]) -> bool:
    return any(name == f or name.startswith(f + ".") for f in forbidden)


def layer_files(layer: str) -> list[Path]:
    return sorted((PACKAGE / layer).rglob("*.py"))


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_layer_imports_stay_in_their_lane(layer):
    problems = [
        f"{path.relative_to(PACKAGE.parent)} imports {name}"
        for path in layer_files(layer)
        for name in sorted(imported_modules(path))
        if violates(name, FORBIDDEN[layer])
    ]
    assert not problems, "\n".join(problems)


def test_only_ui_imports_widgets():
    problems = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if (PACKAGE / "ui") in path.parents:
            continue
        forbidden = ("PySide6.QtWidgets",) if path.relative_to(PACKAGE).as_posix() in QTGUI_ALLOWED else NO_WIDGETS
        problems += [f"{path.relative_to(PACKAGE.parent)} imports {n}" for n in sorted(imported_modules(path))
                     if violates(n, forbidden)]
    assert not problems, "\n".join(problems)


def test_the_scan_sees_relative_and_absolute_imports():
    source = "from ..store import Store\nfrom PySide6 import QtCore\nimport httpx.client\nfrom . import model\n"
    names = imports_in(source, ("desktop_app", "domain", "probe"))
    assert {"desktop_app.store", "desktop_app.store.Store", "PySide6", "httpx.client",
            "desktop_app.domain.model"} <= names
    assert violates("desktop_app.store.Store", FORBIDDEN["domain"])
    assert not violates("desktop_app.domain.model", FORBIDDEN["domain"])
    assert imports_in("from . import x\n", ("desktop_app", "domain", "__init__")) >= {"desktop_app.domain.x"}


@pytest.mark.parametrize("module", ["desktop_app.domain", "desktop_app.store"])
def test_importing_a_core_layer_leaves_qt_and_httpx_out(module):
    if not (PACKAGE / module.split(".")[1] / "__init__.py").exists():
        pytest.skip(f"{module} has no package yet")
    code = (
        "import importlib, pkgutil, sys\n"
        f"package = importlib.import_module({module!r})\n"
        "for info in pkgutil.walk_packages(package.__path__, package.__name__ + '.'):\n"
        "    importlib.import_module(info.name)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6', 'httpx')))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]", f"importing {module} loaded {result.stdout.strip()}"


def test_the_contact_report_is_qt_free_but_its_pdf_writer():
    """Issue 14: report/contact.py builds the record without Qt, so the command line and tests need no display."""
    for name in ("contact.py", "commands.py", "__init__.py"):
        qt = [n for n in imported_modules(PACKAGE / "report" / name) if violates(n, QT)]
        assert not qt, f"report/{name} imports {qt}"

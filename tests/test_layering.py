"""The one direction of dependency (STYLE.md): domain and store never import Qt or httpx; only ui draws widgets;
no two modules import each other, at the top or inside a function."""

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
    "domain": QT
    + (
        "httpx",
        "peewee",
        "keyring",
        "desktop_app.connectors",
        "desktop_app.store",
        "desktop_app.sync",
        "desktop_app.ui",
        "desktop_app.simulators",
    ),
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
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            prefix = from_module(node, module_parts)
            found.add(prefix)
            found.update(f"{prefix}.{alias.name}" for alias in node.names)
    return found


def from_module(node: ast.ImportFrom, module_parts: tuple[str, ...]) -> str:
    """The absolute name of the module a `from ... import` reads, relative ones resolved against `module_parts`."""
    if not node.level:
        return node.module or ""
    package_parts = list(module_parts[:-1])  # a module's package; for __init__ the package itself
    base = package_parts[: len(package_parts) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


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
        problems += [
            f"{path.relative_to(PACKAGE.parent)} imports {n}"
            for n in sorted(imported_modules(path))
            if violates(n, forbidden)
        ]
    assert not problems, "\n".join(problems)


def test_the_scan_sees_relative_and_absolute_imports():
    source = "from ..store import Store\nfrom PySide6 import QtCore\nimport httpx.client\nfrom . import model\n"
    names = imports_in(source, ("desktop_app", "domain", "probe"))
    assert {
        "desktop_app.store",
        "desktop_app.store.Store",
        "PySide6",
        "httpx.client",
        "desktop_app.domain.model",
    } <= names
    assert violates("desktop_app.store.Store", FORBIDDEN["domain"])
    assert not violates("desktop_app.domain.model", FORBIDDEN["domain"])
    assert imports_in("from . import x\n", ("desktop_app", "domain", "__init__")) >= {"desktop_app.domain.x"}


@pytest.mark.parametrize("module", ["desktop_app.domain", "desktop_app.store"])
def test_importing_a_core_layer_leaves_qt_and_httpx_out(module):
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


def package_sources() -> dict[str, tuple[tuple[str, ...], str]]:
    """Dotted module name -> (its path parts, as `imports_in` takes them; its source), for the whole package."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = (parts, path.read_text(encoding="utf-8"))
    return found


def module_graph(sources: dict[str, tuple[tuple[str, ...], str]]) -> dict[str, set[str]]:
    """Module -> the package's modules it imports, at the top or inside a function (a lazy import closes a circle
    just the same). `from pkg import mod` is an edge to the module pkg.mod, `from pkg import Name` to pkg."""

    def owner(name: str) -> str:
        while name and name not in sources:
            name = name.rpartition(".")[0]
        return name

    graph: dict[str, set[str]] = {}
    for module, (parts, source) in sources.items():
        edges: set[str] = set()
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Import):
                edges.update(owner(alias.name) for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                base = from_module(node, parts)
                edges.update(
                    f"{base}.{alias.name}" if f"{base}.{alias.name}" in sources else owner(base) for alias in node.names
                )
        graph[module] = edges - {module, ""}
    return graph


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_no_import_circles():
    """Issue 13: `cli` <-> `ui.shell.app` and `domain.words` <-> `sentences` imported each other (one of them inside
    a function). Two modules that need each other share a piece that belongs in the layer below both."""
    graph = module_graph(package_sources())
    problems = [
        " <-> ".join(group) + ": " + "; ".join(f"{a} -> {b}" for a in group for b in sorted(graph[a]) if b in group)
        for group in circles(graph)
    ]
    assert not problems, "\n".join(problems)


def test_the_circle_scan_sees_lazy_imports_and_not_a_package_reading_its_own_modules():
    def sources(**files: str) -> dict[str, tuple[tuple[str, ...], str]]:
        found = {}
        for name, source in files.items():
            dotted = "desktop_app." + name.replace("__", ".").removesuffix(".init")
            parts = tuple(dotted.split(".")) + (("__init__",) if name.endswith("__init") else ())
            found[dotted] = (parts, source)
        return found

    lazy = sources(cli="from .ui import app\n", ui__init="", ui__app="def main():\n    from ..cli import x\n")
    assert circles(module_graph(lazy)) == [["desktop_app.cli", "desktop_app.ui.app"]]
    top = sources(a="import desktop_app.b\n", b="from desktop_app.a import f\n")
    assert circles(module_graph(top)) == [["desktop_app.a", "desktop_app.b"]]
    package = sources(
        store__init="from .store import Store\n",
        store__store="from . import db\n",
        store__db="from .errors import E\n",
        store__errors="",
    )
    assert circles(module_graph(package)) == []
    assert circles(
        module_graph(
            sources(store__init="from .store import Store\n", store__store="from ..store import errors, Thing\n")
        )
    ) == [["desktop_app.store", "desktop_app.store.store"]]

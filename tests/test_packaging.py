"""Packaging (issue 5): the PyInstaller spec's lists, the shipped resources the app loads, the icon, the .desktop file,
the version defined once, and `legalbasis-sync keyring-check` (STYLE practice 10: frozen builds lose keyring backends).

The built app itself is tested by tools/smoke_built_app.sh (CI runs it after this suite).
"""

from __future__ import annotations

import configparser
import importlib.util
import os
import subprocess
import sys
import types
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage

from desktop_app import __version__, paths
from desktop_app.cli import main
from desktop_app.secrets import CHECK_SERVICE_PREFIX
from desktop_app.ui import icons

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "build" / "pyinstaller.spec"
SHIELD_BLUE = QColor("#1d4f91")


class _Recorder:
    """Stands in for PyInstaller's Analysis/PYZ/EXE/COLLECT: keeps the arguments the spec passes."""

    calls: list[tuple[str, tuple, dict]] = []

    def __init__(self, kind: str):
        self.kind = kind

    def __call__(self, *args, **kwargs):
        _Recorder.calls.append((self.kind, args, kwargs))
        return types.SimpleNamespace(
            pure=[], scripts=[], binaries=[], datas=[], kind=self.kind, name=kwargs.get("name")
        )


def run_spec(monkeypatch, platform: str | None = None):
    """The spec run as PyInstaller runs it on `platform` (default: this one), recording the build classes' calls."""
    hooks = types.ModuleType("PyInstaller.utils.hooks")
    hooks.collect_submodules = lambda package, filter=None: [f"{package}.cli", f"{package}.ui.shell.app"]
    hooks.copy_metadata = lambda package: [(f"/site-packages/{package}-1.0.dist-info", f"{package}-1.0.dist-info")]
    for name, module in (
        ("PyInstaller", types.ModuleType("PyInstaller")),
        ("PyInstaller.utils", types.ModuleType("PyInstaller.utils")),
        ("PyInstaller.utils.hooks", hooks),
    ):
        monkeypatch.setitem(sys.modules, name, module)
    _Recorder.calls = []
    namespace = {
        "SPECPATH": str(SPEC.parent),
        "__file__": str(SPEC),
        **{kind: _Recorder(kind) for kind in ("Analysis", "PYZ", "EXE", "COLLECT", "BUNDLE")},
    }
    real_platform = sys.platform
    sys.platform = platform or real_platform  # only while the spec runs: imports afterwards see the real one
    try:
        exec(compile(SPEC.read_text(encoding="utf-8"), str(SPEC), "exec"), namespace)
    finally:
        sys.platform = real_platform
    calls: dict[str, list] = {}
    for kind, args, kwargs in _Recorder.calls:
        calls.setdefault(kind, []).append((args, kwargs))
    return namespace, calls


@pytest.fixture
def spec(monkeypatch):
    return run_spec(monkeypatch)


def test_the_spec_resolves_paths_from_its_own_location_and_ships_resources(spec):
    namespace, calls = spec
    (scripts,), analysis = calls["Analysis"][0]
    assert Path(scripts[0]) == ROOT / "desktop_app" / "__main__.py" and Path(scripts[0]).is_file()
    assert analysis["pathex"] == [str(ROOT)]
    # keyring's metadata: its entry points are how it finds its backends (a build without it has only "fail").
    assert ("/site-packages/keyring-1.0.dist-info", "keyring-1.0.dist-info") in analysis["datas"]
    shipped = {
        Path(source).relative_to(ROOT): Path(target)
        for source, target in analysis["datas"]
        if Path(source).is_relative_to(ROOT)
    }
    for path in (ROOT / "resources").rglob("*"):
        if path.is_file() and path.suffix not in (".ts", ".md"):  # sources stay out of the bundle
            assert shipped.get(path.relative_to(ROOT)) == path.parent.relative_to(ROOT), path
    assert Path("resources/icons/legalbasis-sync-32.png") in shipped
    assert Path("resources/i18n/legalbasis_sync_sv.qm") in shipped
    assert Path("resources/linux/legalbasis-sync.desktop") in shipped
    assert not [p for p in shipped if p.suffix == ".ts"]
    # In the bundle, paths.resource_path() looks for "<_MEIPASS>/resources": the same name as the data entry.
    assert paths.resource_path("icons").parent.name == "resources"


KEYRING_BACKENDS = {  # issue 14: each platform's build names its own keyring backend
    "linux": ("keyring.backends.SecretService", "keyring.backends.kwallet", "secretstorage", "jeepney.io.blocking"),
    "win32": ("keyring.backends.Windows", "win32ctypes.core", "win32ctypes.pywin32.win32cred"),
    "darwin": ("keyring.backends.macOS", "keyring.backends.macOS.api"),
}


@pytest.mark.parametrize("platform", sorted(KEYRING_BACKENDS))
def test_the_spec_names_each_platforms_keyring_backend_and_what_it_loads_at_run_time(monkeypatch, platform):
    _, calls = run_spec(monkeypatch, platform)
    hidden = calls["Analysis"][0][1]["hiddenimports"]
    for module in (*KEYRING_BACKENDS[platform], "keyring.backends.fail", "keyring.backends.chainer", "desktop_app.cli"):
        assert module in hidden, module
    others = {m for p, modules in KEYRING_BACKENDS.items() if p != platform for m in modules}
    assert not others & set(hidden), others & set(hidden)
    for module in hidden:  # a typo here would only show in the built app
        if module.startswith("win32ctypes"):
            continue  # installed only on Windows
        assert importlib.util.find_spec(module) is not None, module


def test_the_spec_builds_a_console_and_a_windowed_executable_in_one_folder(spec):
    _, calls = spec
    executables = {kwargs["name"]: kwargs for _, kwargs in calls["EXE"]}
    assert executables["legalbasis-sync"]["console"] is True
    assert executables["legalbasis-sync-gui"]["console"] is False
    (collect_args, collect) = calls["COLLECT"][0]
    assert collect["name"] == "legalbasis-sync" and len(collect_args) == 4
    assert "BUNDLE" not in calls


def test_the_windows_build_has_a_console_exe_a_windowed_exe_and_the_ico(monkeypatch):
    _, calls = run_spec(monkeypatch, "win32")
    executables = {kwargs["name"]: kwargs for _, kwargs in calls["EXE"]}
    assert executables["legalbasis-sync"]["console"] is True  # the command line, for servers and scripts
    assert executables["legalbasis-sync-gui"]["console"] is False  # the window, without a console window
    for exe in executables.values():
        assert Path(exe["icon"]).name == "legalbasis-sync.ico" and Path(exe["icon"]).is_file()
    assert "BUNDLE" not in calls


def test_the_macos_build_is_an_app_bundle_with_the_icns_and_an_identifier(monkeypatch):
    _, calls = run_spec(monkeypatch, "darwin")
    ((bundle_args, bundle),) = calls["BUNDLE"]
    assert bundle["name"] == "Legal Basis Sync.app"
    assert bundle["bundle_identifier"].count(".") >= 2 and " " not in bundle["bundle_identifier"]
    icns = Path(bundle["icon"])
    assert icns.name == "legalbasis-sync.icns" and icns.read_bytes()[:4] == b"icns"
    assert bundle["version"] == __version__ and bundle["info_plist"]["CFBundleShortVersionString"] == __version__
    # The bundle's executable is the first one collected: it must be the windowed one.
    ((collect_args, _),) = calls["COLLECT"]
    assert (collect_args[0].kind, collect_args[0].name, collect_args[1].name) == (
        "EXE",
        "legalbasis-sync-gui",
        "legalbasis-sync",
    )
    gui = [kwargs for _, kwargs in calls["EXE"] if kwargs["name"] == "legalbasis-sync-gui"][0]
    assert gui["console"] is False and gui["argv_emulation"] is False


def test_the_icns_holds_png_images_up_to_1024_pixels():
    """tools/render_icons.py writes it; macOS reads these element types (10.7+)."""
    import struct

    data = (ROOT / "resources" / "icons" / "legalbasis-sync.icns").read_bytes()
    assert data[:4] == b"icns" and struct.unpack(">I", data[4:8])[0] == len(data)
    kinds, offset = {}, 8
    while offset < len(data):
        kind, length = data[offset : offset + 4], struct.unpack(">I", data[offset + 4 : offset + 8])[0]
        kinds[kind] = data[offset + 8 : offset + length]
        offset += length
    assert offset == len(data)
    assert {b"ic07", b"ic08", b"ic09", b"ic10", b"icp4", b"icp5"} <= set(kinds)
    image = QImage.fromData(kinds[b"ic10"], "PNG")
    assert (image.width(), image.height()) == (1024, 1024)


def test_git_keeps_the_spec_and_ignores_the_build_output():
    ignored = (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert "/build/*" in ignored and "!/build/pyinstaller.spec" in ignored and "/dist/" in ignored


def test_every_icon_file_the_app_loads_exists_and_is_the_size_its_name_says(qtbot):
    files = icons.icon_files()
    assert len(files) == len(icons.ICON_SIZES)
    for size, path in zip(icons.ICON_SIZES, files):
        image = QImage(str(path))
        assert not image.isNull() and (image.width(), image.height()) == (size, size), path
    assert paths.resource_path("icons", "legalbasis-sync.svg").is_file()
    assert not icons.app_icon().isNull()


def test_the_status_icons_are_the_app_icon_with_a_coloured_badge(qtbot):
    for state, badge in ((icons.IDLE, "#2e7d32"), (icons.RUNNING, "#1565c0"), (icons.ERROR, "#c62828")):
        image = icons.status_icon(state).pixmap(64, 64).toImage()
        shield = image.pixelColor(14, 14)  # the shield's upper left, away from the arrows and the badge
        assert _close(shield, SHIELD_BLUE), (state, shield.name())
        corner = image.pixelColor(64 - 18, 64 - 8)  # inside the badge, below its tick, dots or '!'
        assert _close(corner, QColor(badge)), (state, corner.name())
    with pytest.raises(ValueError):
        icons.status_icon("sleeping")


def _close(a: QColor, b: QColor, tolerance: int = 24) -> bool:
    return all(abs(x - y) <= tolerance for x, y in ((a.red(), b.red()), (a.green(), b.green()), (a.blue(), b.blue())))


def test_the_linux_desktop_file_has_the_keys_a_menu_needs_in_english_and_swedish():
    parser = configparser.RawConfigParser(strict=True)
    parser.optionxform = str  # keys are case-sensitive: Name[sv]
    parser.read(ROOT / "resources" / "linux" / "legalbasis-sync.desktop", encoding="utf-8")
    entry = parser["Desktop Entry"]
    assert entry["Type"] == "Application" and entry["Terminal"] == "false"
    for key in ("Name", "Name[sv]", "Comment", "Comment[sv]", "Exec", "Icon", "Categories"):
        assert entry.get(key, "").strip(), key
    assert entry["Exec"] == "legalbasis-sync-gui"  # the gui-scripts entry point and the windowed executable
    assert entry["Icon"] == "legalbasis-sync"  # the icon files' name (tools/install_desktop_entry.sh)
    assert entry["Categories"].endswith(";") and "Office" in entry["Categories"].split(";")
    assert "SuperOffice" in entry["Comment[sv]"] and entry["Comment[sv]"] != entry["Comment"]


def test_the_version_is_defined_once_and_read_by_the_package_metadata():
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'version = { attr = "desktop_app.__version__" }' in pyproject and 'dynamic = ["version"]' in pyproject
    assert __version__.count(".") == 2 and all(part.isdigit() for part in __version__.split("."))


# -------------------------------------------------------------------- keyring-check


def test_keyring_check_without_a_usable_keyring_exits_1_with_one_sentence(capsys):
    assert main(["keyring-check"]) == 1  # conftest: keyring's "fail" backend
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("No usable system keyring was found") and lines[0].endswith(".")


def test_keyring_check_round_trips_a_secret_through_the_real_secret_service(tmp_path):
    """What the smoke test asks of the built app, here from source: keyring's own choice must be the Secret Service."""
    from test_secrets_service import _require_private_secret_service

    _require_private_secret_service()
    env = {k: v for k, v in os.environ.items() if k != "PYTHON_KEYRING_BACKEND"}
    result = subprocess.run(
        [sys.executable, "-m", "desktop_app", "keyring-check"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        "The system keyring works: a test secret was stored, read back and deleted (backend: SecretService.Keyring)."
    )
    # Nothing left behind under a check service name.
    import secretstorage

    with secretstorage.dbus_init() as connection:
        collection = secretstorage.get_default_collection(connection)
        services = [item.get_attributes().get("service", "") for item in collection.get_all_items()]
    assert not [s for s in services if s.startswith(CHECK_SERVICE_PREFIX)]


def test_a_plain_pip_install_carries_resources_and_the_app_finds_them(monkeypatch, tmp_path):
    """`pip install .` (a wheel, not editable) has no resources/ beside the package: pyproject's data-files put
    it under <prefix>/share/legalbasis-sync/resources, where resource_path looks when the source folder is missing."""
    import tomllib
    from fnmatch import fnmatch

    root = Path(__file__).resolve().parent.parent
    data_files = tomllib.loads((root / "pyproject.toml").read_text())["tool"]["setuptools"]["data-files"]
    shipped = {
        f.relative_to(root).as_posix()
        for f in (root / "resources").rglob("*")
        if f.is_file() and f.suffix not in (".ts", ".md")
    }
    covered = {
        name
        for name in shipped
        for target, patterns in data_files.items()
        if target.startswith(paths.INSTALLED_RESOURCES.as_posix()) and any(fnmatch(name, p) for p in patterns)
    }
    assert covered == shipped  # every .qm, icon and Linux file goes into the wheel

    prefix = tmp_path / "venv"
    installed = prefix / paths.INSTALLED_RESOURCES / "i18n"
    installed.mkdir(parents=True)
    (installed / "legalbasis_sync_sv.qm").write_bytes(b"qm")
    site = tmp_path / "site-packages" / "desktop_app"
    site.mkdir(parents=True)
    monkeypatch.setattr(paths, "__file__", str(site / "paths.py"))
    monkeypatch.setattr(sys, "prefix", str(prefix))
    assert paths.resource_path("i18n", "legalbasis_sync_sv.qm") == installed / "legalbasis_sync_sv.qm"


def test_the_release_workflow_builds_and_smoke_tests_on_all_three_platforms():
    """Issue 14 point 2: Windows, macOS and Linux are each built with the spec and smoke-tested as built."""
    workflow = (ROOT / ".github" / "workflows" / "release.yml").read_text(encoding="utf-8")
    for runner in ("ubuntu-latest", "windows-latest", "macos-latest"):
        assert f"os: {runner}" in workflow, runner
    assert "bash tools/build_app.sh dist" in workflow
    assert "bash tools/smoke_built_app.sh dist/legalbasis-sync" in workflow
    assert 'bash tools/smoke_built_app.sh "dist/Legal Basis Sync.app"' in workflow
    assert "./tools/smoke_built_app.ps1 -App dist\\legalbasis-sync" in workflow
    twin = (ROOT / "tools" / "smoke_built_app.ps1").read_text(encoding="utf-8")
    # The PowerShell twin checks what the bash one checks.
    for step in ("--demo", 'sync", "--dry-run", "--json', 'history", "--xlsx', "--contact", "keyring-check"):
        assert step in twin, step
    bash = (ROOT / "tools" / "smoke_built_app.sh").read_text(encoding="utf-8")
    assert "Contents/MacOS" in bash and "${pids[-1]}" not in bash  # the .app layout; bash 3.2 on macOS

#!/usr/bin/env bash
# Builds the one-folder desktop app with PyInstaller (build/pyinstaller.spec) into dist/legalbasis-sync/
# (or the folder given as the first argument); on macOS also dist/Legal Basis Sync.app. Runs on Linux, macOS and
# Windows (Git Bash, as the release workflow does); each builds for itself. PyInstaller comes from the project's `build` extra,
# installed into .venv (created when missing); the built folder does not need that venv, or any Python,
# to run. Work files go to build/work/ (ignored by git). On Linux PyInstaller needs objdump
# (Debian: binutils). Usage: bash tools/build_app.sh [DIST_FOLDER]
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
dist=${1:-dist}
mkdir -p "$dist"
dist=$(cd "$dist" && pwd)

python=${PYTHON:-}
for candidate in python3 python; do
    if [ -z "$python" ] && command -v "$candidate" >/dev/null 2>&1; then python=$candidate; fi
done
if [ -z "$python" ]; then
    echo "tools/build_app.sh: python3 is missing; on Debian or Ubuntu: sudo apt-get install python3 python3-venv" >&2
    exit 2
fi
if [ "$(uname -s)" = Linux ] && ! command -v objdump >/dev/null 2>&1; then
    echo "tools/build_app.sh: objdump is missing (PyInstaller needs it on Linux); on Debian or Ubuntu: sudo apt-get install binutils" >&2
    exit 2
fi

venv_python=.venv/bin/python
[ -x .venv/Scripts/python.exe ] && venv_python=.venv/Scripts/python.exe  # a Windows venv
if [ ! -x "$venv_python" ]; then
    "$python" -m venv .venv
    venv_python=.venv/bin/python
    [ -x .venv/Scripts/python.exe ] && venv_python=.venv/Scripts/python.exe
fi
"$venv_python" -m pip install --quiet --disable-pip-version-check -e '.[build]'

# --noconfirm: replace an earlier build in the same folder without asking.
"$venv_python" -m PyInstaller --noconfirm --log-level WARN \
    --distpath "$dist" --workpath "$root/build/work" build/pyinstaller.spec

echo "Built: $dist/legalbasis-sync/ (run $dist/legalbasis-sync/legalbasis-sync --demo)"

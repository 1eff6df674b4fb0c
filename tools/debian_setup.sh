#!/usr/bin/env bash
# Installs the Debian or Ubuntu packages the tests (and, with "build", the app build) need, only those missing,
# with sudo when not root. Used by tools/test.sh and .ci/run. Elsewhere (no dpkg) it does nothing; where it cannot
# install (no root, no sudo) it says in one sentence the one command that would, and exits 2.
#   bash tools/debian_setup.sh [build]
set -euo pipefail

# gnome-keyring + dbus: the real Secret Service for the keyring test (R19); the libraries: what PySide6's QtWidgets
# loads on the offscreen platform; python3-venv: tools/test.sh's .venv; poppler-utils: pdftotext, with which
# tests/test_report.py reads the contact report's PDF back (issue 14).
packages=(dbus dbus-x11 gnome-keyring python3-venv
          libegl1 libgl1 libxkbcommon0 libfontconfig1 libfreetype6 libglib2.0-0 libdbus-1-3 libx11-6
          poppler-utils)
if [ "${1:-}" = "build" ]; then
    # objdump, which PyInstaller needs on Linux; libxcb-icccm4 and libxcb-keysyms1: the two libraries Qt's xcb
    # platform plugin needs beyond the above, so the built app carries a complete one.
    packages+=(binutils libxcb-icccm4 libxcb-keysyms1)
fi

command -v dpkg-query >/dev/null 2>&1 || exit 0
missing=()
for package in "${packages[@]}"; do
    if [ "$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null)" != "install ok installed" ]; then
        missing+=("$package")
    fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
if [ "$(id -u)" -ne 0 ]; then
    if ! command -v sudo >/dev/null 2>&1; then
        echo "$0: missing ${missing[*]}; as root run: apt-get install ${missing[*]}" >&2
        exit 2
    fi
    sudo="sudo"
fi
echo "$0: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null

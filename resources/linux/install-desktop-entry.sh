#!/usr/bin/env bash
# Adds Legal Basis Sync to a Linux desktop's application menu, for the current user only: the .desktop
# file next to this script goes to ~/.local/share/applications/ with Exec pointing at the app, and the
# icon sizes to ~/.local/share/icons/hicolor/. Remove both with --uninstall.
#   In the built app:      bash /opt/legalbasis-sync/_internal/resources/linux/install-desktop-entry.sh
#   From a source checkout: bash resources/linux/install-desktop-entry.sh dist/legalbasis-sync
#                           (or with no argument: the pip-installed legalbasis-sync-gui on PATH)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
icons_src="$here/../icons"
data_home=${XDG_DATA_HOME:-$HOME/.local/share}
applications="$data_home/applications"
icons="$data_home/icons/hicolor"
sizes=(16 24 32 48 64 128 256)

refresh() {
    command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$applications" 2>/dev/null || true
    command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t "$icons" 2>/dev/null || true
}

if [ "${1:-}" = "--uninstall" ]; then
    rm -f "$applications/legalbasis-sync.desktop" "$icons/scalable/apps/legalbasis-sync.svg"
    for size in "${sizes[@]}"; do rm -f "$icons/${size}x${size}/apps/legalbasis-sync.png"; done
    refresh
    echo "Removed the Legal Basis Sync menu entry."
    exit 0
fi

if [ -n "${1:-}" ]; then
    gui="$(cd "$1" 2>/dev/null && pwd)/legalbasis-sync-gui"
elif [ -x "$here/../../../legalbasis-sync-gui" ]; then
    gui="$(cd "$here/../../.." && pwd)/legalbasis-sync-gui"  # <app>/_internal/resources/linux/
else
    gui=$(command -v legalbasis-sync-gui || true)
fi
if [ -z "$gui" ] || [ ! -x "$gui" ]; then
    echo "install-desktop-entry.sh: legalbasis-sync-gui not found; pass the built app's folder (dist/legalbasis-sync)." >&2
    exit 2
fi

mkdir -p "$applications"
# Exec quoted as the Desktop Entry specification asks for a path that may hold spaces.
sed -e "s|^Exec=.*|Exec=\"$gui\"|" -e "/^Exec=/a TryExec=$gui" \
    "$here/legalbasis-sync.desktop" >"$applications/legalbasis-sync.desktop"
for size in "${sizes[@]}"; do
    install -D -m 644 "$icons_src/legalbasis-sync-$size.png" "$icons/${size}x${size}/apps/legalbasis-sync.png"
done
install -D -m 644 "$icons_src/legalbasis-sync.svg" "$icons/scalable/apps/legalbasis-sync.svg"
refresh
echo "Added Legal Basis Sync to the application menu: $applications/legalbasis-sync.desktop (starts $gui)."

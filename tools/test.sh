#!/usr/bin/env bash
# Installs the project and its test tools into .venv, then runs pytest headless inside a private
# D-Bus session with a throw-away, unlocked GNOME keyring (the real Secret Service, never yours).
# Needs python3 (3.11+), dbus-run-session and gnome-keyring-daemon; on Debian or Ubuntu tools/debian_setup.sh
# installs them (and the libraries Qt needs) when missing.
# Arguments go to pytest: bash tools/test.sh -k config
set -euo pipefail
cd "$(dirname "$0")/.."

# On Debian or Ubuntu, what is missing is installed first (with sudo when not root), as CI does.
bash tools/debian_setup.sh

for tool in python3 dbus-run-session gnome-keyring-daemon; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "tools/test.sh: $tool is missing; on Debian or Ubuntu: sudo apt-get install dbus gnome-keyring" >&2
        exit 2
    fi
done

if [ ! -x .venv/bin/python ]; then
    python3 -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e '.[test]'

# Everything the keyring daemon keeps lives here and is deleted afterwards.
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
mkdir -m 700 "$scratch/run"

export QT_QPA_PLATFORM=offscreen
export XDG_RUNTIME_DIR="$scratch/run"
export LEGALBASIS_TEST_SECRET_SERVICE=private
export LEGALBASIS_TEST_KEYRING_DATA="$scratch/keyrings"

# gnome-keyring only creates (and unlocks) its login keyring from a non-empty password on stdin;
# with an empty one it would try to show a prompt and the Secret Service would refuse every write.
dbus-run-session -- bash -c '
    set -euo pipefail
    printf %s throwaway | XDG_DATA_HOME="$LEGALBASIS_TEST_KEYRING_DATA" \
        gnome-keyring-daemon --unlock --components=secrets >/dev/null
    exec .venv/bin/python -m pytest "$@"
' tools/test.sh "$@"

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

# The private bus (tools/private_dbus_session.conf) activates nothing: no second gnome-keyring-daemon (without the
# login keyring, in your home) can be started by a call that comes before ours is on the bus, and no prompt asked for.

# gnome-keyring only creates (and unlocks) its login keyring from a non-empty password on stdin;
# with an empty one it would try to show a prompt and the Secret Service would refuse every write.
# The daemon returns before it is on the bus and before the keyring exists, so the tests wait for both
# (tools/keyring_ready.py); a daemon that is not ready in 20 s is replaced, up to three times.
dbus-run-session --config-file=tools/private_dbus_session.conf -- bash -c '
    set -euo pipefail
    keyring_pid=""
    for attempt in 1 2 3; do
        rm -rf "$LEGALBASIS_TEST_KEYRING_DATA"
        printf %s throwaway | XDG_DATA_HOME="$LEGALBASIS_TEST_KEYRING_DATA" \
            gnome-keyring-daemon --foreground --unlock --components=secrets >"$XDG_RUNTIME_DIR/keyring.log" 2>&1 &
        keyring_pid=$!
        if .venv/bin/python tools/keyring_ready.py 20; then
            break
        fi
        kill "$keyring_pid" 2>/dev/null || true
        wait "$keyring_pid" 2>/dev/null || true
        keyring_pid=""
    done
    if [ -z "$keyring_pid" ]; then
        cat "$XDG_RUNTIME_DIR/keyring.log" >&2
        echo "tools/test.sh: the private GNOME keyring did not start in three tries; the keyring tests cannot run." >&2
        exit 2
    fi
    code=0
    .venv/bin/python -m pytest "$@" || code=$?
    if ! kill -0 "$keyring_pid" 2>/dev/null; then
        echo "tools/test.sh: the private GNOME keyring daemon ended during the tests (a keyring test failure may be that)." >&2
    fi
    kill "$keyring_pid" 2>/dev/null || true
    exit "$code"
' tools/test.sh "$@"

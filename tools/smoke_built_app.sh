#!/usr/bin/env bash
# Smoke test of the BUILT app (tools/build_app.sh), the way an admin runs it; no Python from this repo is used.
#   1. the window opens offscreen in demo mode and stays up for 10 s (no early exit, no traceback);
#   2. the headless command runs `sync --dry-run --json` against the frozen app's own simulators and
#      prints a valid JSON run summary;
#   3. `history --xlsx` writes the audit trail as an Excel workbook (openpyxl is bundled), and
#      `history --contact EMAIL --pdf FILE` a contact's report with Qt's PDF writer (offscreen, no display);
#   4. `keyring-check` stores, reads back and deletes a secret in the platform's keyring: on Linux a real Secret
#      Service (a throw-away, unlocked GNOME keyring in a private D-Bus session, as tools/test.sh uses; never
#      yours); on macOS the Keychain (a test secret under a throw-away service name, deleted again).
# Linux and macOS (bash 3.2 is enough); Windows has tools/smoke_built_app.ps1.
# Needs python3 (only to check the JSON and the workbook), and on Linux dbus-run-session and gnome-keyring-daemon.
# Usage: bash tools/smoke_built_app.sh [APP]   (default: dist/legalbasis-sync; on macOS "dist/Legal Basis Sync.app")
set -euo pipefail
cd "$(dirname "$0")/.."
macos=false
[ "$(uname -s)" = Darwin ] && macos=true
default_app=dist/legalbasis-sync
$macos && default_app="dist/Legal Basis Sync.app"
app=${1:-$default_app}
app=$(cd "$app" 2>/dev/null && pwd) || {
    echo "tools/smoke_built_app.sh: no built app in ${1:-$default_app}; build it first with bash tools/build_app.sh" >&2
    exit 2
}
bin="$app"
case "$app" in *.app) bin="$app/Contents/MacOS" ;; esac  # the bundle: both executables are in Contents/MacOS
cli="$bin/legalbasis-sync"
gui="$bin/legalbasis-sync-gui"
for file in "$cli" "$gui"; do
    [ -x "$file" ] || { echo "tools/smoke_built_app.sh: $file is missing or not executable" >&2; exit 2; }
done
tools="python3"
$macos || tools="dbus-run-session gnome-keyring-daemon python3"
for tool in $tools; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "tools/smoke_built_app.sh: $tool is missing; on Debian or Ubuntu: sudo apt-get install dbus gnome-keyring python3" >&2
        exit 2
    fi
done
with_timeout() {  # GNU timeout where there is one (macOS has none by default)
    if command -v timeout >/dev/null 2>&1; then timeout "$@"; else shift; "$@"; fi
}

scratch=$(mktemp -d)
real_home=$HOME
pids=()
cleanup() {
    for pid in ${pids[@]+"${pids[@]}"}; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$scratch"
}
trap cleanup EXIT
# Nothing from the caller's environment may steer the app (a saved account, a keyring choice, a display).
for name in $(env | sed -n 's/^\(LEGALBASIS_SYNC_[A-Z_]*\)=.*/\1/p'); do unset "$name"; done
unset PYTHON_KEYRING_BACKEND DISPLAY WAYLAND_DISPLAY
# TMPDIR too: the demo's throw-away data directory, left behind when the window is terminated, goes with $scratch.
export HOME="$scratch/home" XDG_CONFIG_HOME="$scratch/home/.config" XDG_DATA_HOME="$scratch/home/.local/share"
export TMPDIR="$scratch/tmp"
mkdir -p "$HOME" "$TMPDIR"
fail() { echo "SMOKE FAILED: $*" >&2; exit 1; }
started=$SECONDS

# ---------------------------------------------------------------- 1. the window, demo mode
echo "smoke 1/4: the window opens offscreen in demo mode and stays up"
# In Swedish: the window then also loads the shipped catalogue (resources/i18n), and says so if it is missing.
LEGALBASIS_SYNC_DATA_DIR="$scratch/gui-data" QT_QPA_PLATFORM=offscreen LANGUAGE= LC_ALL=sv_SE.UTF-8 LANG=sv_SE.UTF-8 \
    "$gui" --demo >"$scratch/gui.out" 2>"$scratch/gui.err" &
gui_pid=$!
pids+=("$gui_pid")
sleep 10
if ! kill -0 "$gui_pid" 2>/dev/null; then
    code=0; wait "$gui_pid" || code=$?
    cat "$scratch/gui.err" >&2
    fail "the window exited after less than 10 s (exit code $code)"
fi
kill -TERM "$gui_pid"
wait "$gui_pid" 2>/dev/null || true
if grep -q "Traceback" "$scratch/gui.err"; then
    cat "$scratch/gui.err" >&2
    fail "the window wrote a traceback to stderr"
fi
log="$scratch/gui-data/logs/legalbasis-sync.log"
[ -s "$log" ] || fail "the window wrote no log file ($log)"
if grep -E -q "Unexpected error|Traceback| ERROR | CRITICAL " "$log"; then
    cat "$log" >&2
    fail "the window logged an error"
fi
grep -q "Demo mode: simulators at" "$log" || { cat "$log" >&2; fail "the log does not show the demo starting"; }
if grep -q "icon files are missing" "$log"; then fail "the built app lacks its icon files (resources/)"; fi
if grep -q "No translation" "$log"; then grep "No translation" "$log" >&2; fail "the built app lacks a translation"; fi
if $macos; then
    # macOS takes the language from the system's preferences, not LC_ALL: English or Swedish, but one of them.
    grep -q "Window language" "$log" || { cat "$log" >&2; fail "the window did not choose a language"; }
    echo "  ok: up for 10 s, demo started, no error or traceback"
else
    grep -q "Window language sv" "$log" || { cat "$log" >&2; fail "the window did not switch to Swedish"; }
    echo "  ok: up for 10 s in Swedish, demo started, no error or traceback"
fi

# ---------------------------------------------------------------- 2. headless dry run against the simulators
echo "smoke 2/4: sync --dry-run --json against the frozen app's simulators"
"$cli" simulators --contacts 300 >"$scratch/sim.out" 2>"$scratch/sim.err" &
sim_pid=$!
pids+=("$sim_pid")
for _ in $(seq 1 300); do
    grep -q "Press Ctrl+C" "$scratch/sim.out" 2>/dev/null && break
    kill -0 "$sim_pid" 2>/dev/null || { cat "$scratch/sim.err" >&2; fail "the simulators exited"; }
    sleep 0.1
done
grep -q "Press Ctrl+C" "$scratch/sim.out" || { cat "$scratch/sim.out" "$scratch/sim.err" >&2; fail "the simulators did not start within 30 s"; }
so_url=$(awk '/^SuperOffice simulator/ {print $3; exit}' "$scratch/sim.out")
em_url=$(awk '/^eMarketeer simulator/ {print $3; exit}' "$scratch/sim.out")
[ -n "$so_url" ] && [ -n "$em_url" ] || { cat "$scratch/sim.out" >&2; fail "could not read the simulators' addresses"; }
code=0
LEGALBASIS_SYNC_DATA_DIR="$scratch/cli-data" \
LEGALBASIS_SYNC_CRM=onsite LEGALBASIS_SYNC_ENABLED=1 \
LEGALBASIS_SYNC_SUPEROFFICE_URL="$so_url" LEGALBASIS_SYNC_SUPEROFFICE_USER=admin \
LEGALBASIS_SYNC_SUPEROFFICE_PASSWORD=secret \
LEGALBASIS_SYNC_EMARKETEER_URL="$em_url" LEGALBASIS_SYNC_EMARKETEER_API_KEY=demo-key \
    with_timeout 180 "$cli" sync --dry-run --json >"$scratch/sync.json" 2>"$scratch/sync.err" || code=$?
[ "$code" -eq 0 ] || { cat "$scratch/sync.err" >&2; fail "sync --dry-run --json exited with $code"; }
python3 - "$scratch/sync.json" <<'PY' || fail "sync --dry-run --json did not print the run summary of CLI.md"
import json, sys
with open(sys.argv[1], encoding="utf-8") as f:
    run = json.load(f)  # exactly one JSON object, nothing else on stdout
for key in ("run_id", "status", "dry_run", "trigger", "matched", "changes", "conflicts", "errors"):
    assert key in run, f"no {key!r} in {run!r:.300}"
assert run["status"] == "done" and run["dry_run"] is True, run
assert run["matched"] > 0 and isinstance(run["changes"], list), run
print(f"  ok: run {run['run_id']} {run['status']}, {run['matched']} matched, "
      f"{len(run['changes'])} changes and {len(run['conflicts'])} conflicts found (dry run)")
PY

# ---------------------------------------------------------------- 3. the audit trail as a workbook
echo "smoke 3/4: history --xlsx writes the audit trail as an Excel workbook; --contact --pdf a PDF report"
code=0
LEGALBASIS_SYNC_DATA_DIR="$scratch/cli-data" "$cli" history --xlsx "$scratch/audit.xlsx" \
    >"$scratch/xlsx.out" 2>"$scratch/xlsx.err" || code=$?
[ "$code" -eq 0 ] || { cat "$scratch/xlsx.err" >&2; fail "history --xlsx exited with $code"; }
python3 - "$scratch/audit.xlsx" <<'PY' || fail "history --xlsx did not write a workbook with its three sheets"
import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as book:
    names = set(book.namelist())
    assert {"xl/workbook.xml", "xl/worksheets/sheet1.xml", "xl/worksheets/sheet3.xml"} <= names, sorted(names)
    assert b"Changes" in book.read("xl/workbook.xml")
print("  ok: a workbook with the changes, the send recipients and the About sheet")
PY
code=0
LEGALBASIS_SYNC_DATA_DIR="$scratch/cli-data" "$cli" history --contact anna@example.se --pdf "$scratch/anna.pdf" \
    >"$scratch/pdf.out" 2>"$scratch/pdf.err" || code=$?
[ "$code" -eq 0 ] || { cat "$scratch/pdf.err" >&2; fail "history --contact --pdf exited with $code"; }
head -c 5 "$scratch/anna.pdf" | grep -q "%PDF-" || fail "history --contact --pdf did not write a PDF"
grep -q "Wrote the record of anna@example.se" "$scratch/pdf.err" || { cat "$scratch/pdf.err" >&2; fail "no report sentence"; }
echo "  ok: $(cat "$scratch/pdf.err")"

# ---------------------------------------------------------------- 4. the platform's keyring
code=0
if $macos; then
    echo "smoke 4/4: keyring-check against the Keychain (a throw-away test entry, deleted again)"
    HOME="$real_home" "$cli" keyring-check >"$scratch/keyring.out" 2>"$scratch/keyring.err" || code=$?
    expected=macOS
else
    echo "smoke 4/4: keyring-check in a private D-Bus session with a throw-away GNOME keyring"
    mkdir -m 700 "$scratch/run"
    XDG_RUNTIME_DIR="$scratch/run" KEYRING_DATA="$scratch/keyrings" CLI="$cli" \
        dbus-run-session -- bash -c '
            set -euo pipefail
            printf %s throwaway | XDG_DATA_HOME="$KEYRING_DATA" \
                gnome-keyring-daemon --unlock --components=secrets >/dev/null
            # The daemon returns before its Secret Service is on the bus (it creates the login keyring first):
            # wait for it, or an early call would start a second daemon without that keyring.
            for _ in $(seq 100); do
                dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
                    org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null \
                    | grep -q "boolean true" && break
                sleep 0.2
            done
            exec "$CLI" keyring-check
        ' >"$scratch/keyring.out" 2>"$scratch/keyring.err" || code=$?
    expected=SecretService
fi
[ "$code" -eq 0 ] || { cat "$scratch/keyring.out" "$scratch/keyring.err" >&2; fail "keyring-check exited with $code"; }
grep -q "$expected" "$scratch/keyring.out" || { cat "$scratch/keyring.out" >&2; fail "keyring-check did not use $expected"; }
echo "  ok: $(cat "$scratch/keyring.out")"

echo "Smoke test of $app passed in $((SECONDS - started)) s."

#!/usr/bin/env bash
# Refreshes the translation sources from the code and compiles them for shipping (issue 5).
#   pyside6-lupdate: every tr()/translate()/QT_TRANSLATE_NOOP string in desktop_app/ into
#                    resources/i18n/legalbasis_sync_sv.ts (new strings arrive "unfinished"; obsolete ones are dropped)
#   pyside6-lrelease: the .ts into resources/i18n/legalbasis_sync_sv.qm, which the app loads (tracked, shipped)
# Then translate the unfinished messages (pyside6-linguist, or any editor) and run this again to compile.
# English is the source language and needs no catalogue. tests/test_i18n.py fails while a message is unfinished
# or the .qm is older than the .ts. Run from anywhere; PYSIDE_BIN may name the folder holding the pyside6 tools.
set -euo pipefail
cd "$(dirname "$0")/.."

bin="${PYSIDE_BIN:-}"
if [ -z "$bin" ]; then
    for candidate in .venv/bin /work/venv/bin "$(dirname "$(command -v pyside6-lupdate 2>/dev/null || echo .)")"; do
        if [ -x "$candidate/pyside6-lupdate" ]; then bin="$candidate"; break; fi
    done
fi
if [ -z "$bin" ] || [ ! -x "$bin/pyside6-lupdate" ]; then
    echo "tools/update_translations.sh: pyside6-lupdate not found (pip install PySide6-Essentials, or set PYSIDE_BIN)" >&2
    exit 2
fi

mapfile -t sources < <(find desktop_app -name '*.py' -not -path '*/simulators/*' | sort)
for language in sv; do
    ts="resources/i18n/legalbasis_sync_${language}.ts"
    "$bin/pyside6-lupdate" -no-obsolete -locations relative -target-language "${language}_SE" "${sources[@]}" -ts "$ts"
    "$bin/pyside6-lrelease" -removeidentical "$ts" -qm "${ts%.ts}.qm"
done

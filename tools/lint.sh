#!/usr/bin/env bash
# Lint, format check and type check (issue 13 pt 8), as CI does before the tests: `ruff check`, `ruff format --check`
# and `mypy`, all configured in pyproject.toml. Installs the `lint` extra into .venv first. Run from anywhere;
# arguments go to ruff check. To fix what the format check finds: `.venv/bin/ruff format .`
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x .venv/bin/python ]; then
    python3 -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e '.[lint]'
.venv/bin/ruff check "$@" .
.venv/bin/ruff format --check --quiet . || { echo "tools/lint.sh: run '.venv/bin/ruff format .' to format the files listed above" >&2; exit 1; }
.venv/bin/mypy

#!/usr/bin/env bash
# Lint and type check (issue 13 pt 8), as CI does before the tests: `ruff check` and `mypy`, both configured in
# pyproject.toml. Installs the `lint` extra into .venv first. Run from anywhere; arguments go to ruff check.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x .venv/bin/python ]; then
    python3 -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e '.[lint]'
.venv/bin/ruff check "$@" .
.venv/bin/mypy

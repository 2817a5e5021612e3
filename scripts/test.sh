#!/bin/sh
# Set up (first time) and run the linters, the layer contracts, the type check and the whole
# test suite.
set -eu
cd "$(dirname "$0")/.."
sh scripts/bootstrap.sh
.venv/bin/ruff check bot tests bench
.venv/bin/lint-imports --no-cache >/dev/null || .venv/bin/lint-imports --no-cache
.venv/bin/mypy
exec .venv/bin/python -m pytest "$@"

#!/bin/sh
# Set up (first time) and run the linter and the whole test suite.
set -eu
cd "$(dirname "$0")/.."
sh scripts/bootstrap.sh
.venv/bin/ruff check bot tests bench
exec .venv/bin/python -m pytest "$@"

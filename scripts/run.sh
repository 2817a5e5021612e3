#!/bin/sh
# Set up (first time) and run drillbot: the bot with a token configured, terminal practice without.
set -eu
cd "$(dirname "$0")/.."
sh scripts/bootstrap.sh
exec .venv/bin/drillbot "${@:-run}"

#!/bin/sh
# Set up (first time) and run drillbot: the bot with a token configured, terminal practice without.
set -eu
cd "$(dirname "$0")/.."
sh scripts/bootstrap.sh
# A checkout keeps its database in its own data/ folder (the drillbot command alone uses the
# user data directory); DRILLBOT_DB set by the caller wins.
DRILLBOT_DB=${DRILLBOT_DB:-$PWD/data/drillbot.sqlite3}
export DRILLBOT_DB
exec .venv/bin/drillbot "${@:-run}"

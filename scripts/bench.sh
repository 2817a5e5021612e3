#!/bin/sh
# Set up (first time) and run every benchmark; each prints its figures and fails on a missed target.
# The delivery benchmark sends 10,000 messages at 30/s twice (with and without kill -9): ~15 minutes.
set -eu
cd "$(dirname "$0")/.."
sh scripts/bootstrap.sh
status=0
.venv/bin/python bench/engine_bench.py || status=1
.venv/bin/python bench/chart_bench.py || status=1
.venv/bin/python bench/interview_sim.py || status=1
.venv/bin/python bench/delivery_bench.py || status=1
.venv/bin/python bench/delivery_bench.py --kill || status=1
exit $status

#!/bin/sh
# Set up (first time) and run every benchmark; each prints its figures and fails on a missed target.
# The delivery benchmark sends 10,000 messages at 30/s three times (live trigger with chatting
# users, start-up catch-up, catch-up with kill -9): ~20 minutes.
set -eu
cd "$(dirname "$0")/.."
sh scripts/bootstrap.sh
status=0
.venv/bin/python bench/engine_bench.py || status=1
.venv/bin/python bench/chart_bench.py || status=1
.venv/bin/python bench/interview_sim.py || status=1
.venv/bin/python bench/grading_bench.py || status=1
.venv/bin/python bench/delivery_bench.py || status=1
.venv/bin/python bench/delivery_bench.py --case catch-up --chatters 0 || status=1
.venv/bin/python bench/delivery_bench.py --case catch-up --chatters 0 --kill || status=1
.venv/bin/python bench/kill_burst_bench.py || status=1
.venv/bin/python bench/instances_bench.py || status=1
.venv/bin/python bench/instances_bench.py --kill || status=1
.venv/bin/python bench/paid_broadcast_bench.py || status=1
exit $status

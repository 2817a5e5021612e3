"""Two `drillbot run` instances on one PostgreSQL database share a daily send-out.

    .venv/bin/python bench/instances_bench.py [--users 10000] [--kill] [--limit 30]
        [--lease 10] [--keep DIR]

Starts a throwaway PostgreSQL server, fills it with `--users` Telegram users due a minute
ago, starts the flood-controlled fake Bot API (bench/fake_bot_api.py: `--limit` messages a
second overall, one a second per chat, 429 beyond) and two `drillbot run` processes in
webhook mode on that database. With `--kill` one of them is killed with SIGKILL half-way and
not restarted: the other sends its claims once their lease (`--lease` seconds) ran out.

Prints the combined rate (daily messages a second from the first to the last), each
instance's share, the 429s, the users lost and the users sent twice (after a kill: allowed
up to the sends the dead instance had in flight, which it prints). Exits 1 when a target
fails: >= 29 messages a second, no 429, nobody lost, nobody duplicated.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.delivery_bench import fake_bot_api, fetch, start_bot  # noqa: E402
from bench.delivery_db import FIRST_CHAT  # noqa: E402
from tests.support import postgres  # noqa: E402
from tests.support.instances import (  # noqa: E402
    add_due_users,
    free_port,
    in_flight_of,
    sent_by_process,
    statuses,
    webhook_env,
)

TOKEN = "123456789:AAHbenchmarkTokenOnly_0123456789abcdef"
TARGET_RATE = 29.0
STALL_SECONDS = 90.0  # no new chat reached for this long: the rest is lost
INSTANCES = 2


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=10_000)
    parser.add_argument("--kill", action="store_true", help="kill -9 one instance half-way")
    parser.add_argument("--limit", type=int, default=30, help="fake API's messages per second")
    parser.add_argument("--lease", type=int, default=10, help="delivery lease in seconds")
    parser.add_argument("--keep", type=Path, help="keep the logs in this directory")
    args = parser.parse_args()
    workdir = args.keep or Path(tempfile.mkdtemp(prefix="drillbot-instances-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    cluster = postgres.start()
    try:
        database, _name = cluster.new_database()
        asyncio.run(add_due_users(database, range(FIRST_CHAT, FIRST_CHAT + args.users)))
        print(f"database: {args.users} users due a minute ago, PostgreSQL")
        with fake_bot_api("--limit", str(args.limit)) as (url, _pid):
            return run(args, workdir, database, url)
    finally:
        cluster.stop()


def run(args: argparse.Namespace, workdir: Path, database: str, url: str) -> int:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DRILLBOT_", "TELEGRAM_", "SLACK_"))
    }
    env.update(
        DRILLBOT_DB=database,
        DRILLBOT_LEASE_SECONDS=str(args.lease),
        DRILLBOT_LOG_LEVEL="INFO",
        DRILLBOT_TIMEZONE="UTC",
    )
    bots = [
        start_bot({**env, **webhook_env(url, TOKEN, free_port())}, workdir, n)
        for n in range(1, INSTANCES + 1)
    ]
    started = time.time()
    killed: subprocess.Popen[bytes] | None = None
    in_flight = 0
    last_progress, reached = started, 0
    try:
        while True:
            time.sleep(0.2)
            stats = fetch(url)
            if args.kill and killed is None and stats["chats"] >= args.users // 2:
                killed = bots[0]
                killed.send_signal(signal.SIGKILL)
                killed.wait()
                in_flight = asyncio.run(in_flight_of(database, killed.pid))
                print(f"kill -9 of one instance after {stats['chats']} users")
            if stats["chats"] > reached:
                reached, last_progress = stats["chats"], time.time()
            if reached >= args.users and set(asyncio.run(statuses(database))) == {"sent"}:
                break
            if time.time() - last_progress > STALL_SECONDS:
                break
            if any(bot.poll() is not None for bot in bots if bot is not killed):
                print(f"an instance exited; see {workdir}")
                break
        stats = fetch(url)
    finally:
        for bot in bots:
            if bot.poll() is None:
                bot.send_signal(signal.SIGTERM)
                bot.wait(30)
    shares = asyncio.run(sent_by_process(database))
    return report(args, stats, bots, shares, killed, in_flight, workdir)


def report(
    args: argparse.Namespace,
    stats: dict,
    bots: list[subprocess.Popen[bytes]],
    shares: dict[int, int],
    killed: subprocess.Popen[bytes] | None,
    in_flight: int,
    workdir: Path,
) -> int:
    first, last = stats["first_at"], stats["last_at"]
    if first is None:
        print(f"FAIL: no daily question was sent; see {workdir}")
        return 1
    took = max(1e-9, last - first)
    rate = stats["daily"] / took
    lost = args.users - stats["chats"]
    duplicated = stats["duplicates"]
    allowed = in_flight if killed else 0
    print(
        f"case:          {args.users} users, {INSTANCES} instances"
        f"{', one killed with SIGKILL half-way' if killed else ''}"
    )
    print(f"send-out:      {took:.1f} s, {stats['daily']} daily messages")
    print(f"combined rate: {rate:.2f} msg/s (limit {args.limit}; peak 1 s window"
          f" {stats['peak_per_second']})")  # fmt: skip
    for n, bot in enumerate(bots, 1):
        dead = " (killed)" if bot is killed else ""
        print(f"instance {n}:    {shares.get(bot.pid, 0)} sent{dead}")
    print(f"429s received: {stats['rate_limited']} ({stats['refused_overall']} overall)")
    print(f"lost:          {lost}")
    print(
        f"duplicated:    {duplicated}"
        + (f" (in flight at the kill: {in_flight})" if killed else "")
    )
    print(f"logs:          {workdir}")
    failures = []
    if rate < TARGET_RATE:
        failures.append(f"rate {rate:.2f} < {TARGET_RATE}")
    if stats["rate_limited"]:
        failures.append(f"{stats['rate_limited']} x 429")
    if lost:
        failures.append(f"{lost} lost")
    if duplicated > allowed:
        failures.append(f"{duplicated} duplicated (allowed {allowed})")
    print("FAIL: " + "; ".join(failures) if failures else "PASS")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

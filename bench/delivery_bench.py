"""Daily send-out through the real bot against a flood-controlled fake Bot API.

    /work/venv/bin/python bench/delivery_bench.py [--users 10000] [--kill] [--limit 30]

Builds a database of `--users` Telegram users all due at the same minute, starts a fake Bot
API server (bench/fake_bot_api.py: at most `--limit` messages a second overall, 429 with
retry_after beyond) and runs `drillbot run` against both. With --kill, the bot is killed
with SIGKILL half-way through the send-out and started again. Prints the wall time, the
achieved rate, the 429s received, and users lost or sent twice; exits 1 when a target fails:
at least 28 messages a second, nobody lost, nobody duplicated (after a kill -9: at most the
sends in flight at that moment).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.delivery_db import build, delivery_states  # noqa: E402
from bot.delivery.service import WORKERS  # noqa: E402

TOKEN = "123456789:AAHbenchmarkTokenOnly_0123456789abcdef"
TARGET_RATE = 28.0
STALL_SECONDS = 60.0  # no new chat reached for this long: the rest is lost
SETTLE_SECONDS = 3.0  # after the last user, wait for late duplicates


@dataclass
class Kill:
    at: float
    messages: int
    resumed_at: float | None = None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=10_000)
    parser.add_argument("--kill", action="store_true", help="kill -9 the bot mid-send-out")
    parser.add_argument("--limit", type=int, default=30, help="fake API's messages per second")
    parser.add_argument("--keep", type=Path, help="keep the database and logs in this directory")
    args = parser.parse_args()
    workdir = args.keep or Path(tempfile.mkdtemp(prefix="drillbot-delivery-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    db = workdir / "drillbot.sqlite3"
    db.unlink(missing_ok=True)

    started = time.time()
    build(db, args.users)
    print(f"database: {args.users} users due now ({time.time() - started:.1f} s to build)")

    fake = subprocess.Popen(
        [sys.executable, str(ROOT / "bench" / "fake_bot_api.py"), "--limit", str(args.limit)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        url = json.loads(fake.stdout.readline())["url"]  # type: ignore[union-attr]
        return run(args, workdir, db, url)
    finally:
        fake.terminate()
        fake.wait(10)


def run(args: argparse.Namespace, workdir: Path, db: Path, url: str) -> int:
    env = {
        **os.environ,
        "DRILLBOT_DB": str(db),
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_BASE_URL": url,
        "DRILLBOT_LOG_LEVEL": "INFO",
    }
    env.pop("DRILLBOT_CONFIG", None)
    env.pop("SLACK_BOT_TOKEN", None)
    runs = iter(range(1, 10))
    started = time.time()
    bot = start_bot(env, workdir, next(runs))
    kill: Kill | None = None
    last_progress, reached = time.time(), 0
    try:
        while True:
            time.sleep(0.2)
            stats = fetch(url)
            if kill is not None and kill.resumed_at is None and stats["messages"] > kill.messages:
                kill.resumed_at = time.time()
            if args.kill and kill is None and stats["chats"] >= args.users // 2:
                bot.send_signal(signal.SIGKILL)
                bot.wait()
                stats = fetch(url)
                kill = Kill(time.time(), stats["messages"])
                print(f"kill -9 after {stats['chats']} users; restarting")
                bot = start_bot(env, workdir, next(runs))
            if stats["chats"] > reached:
                reached, last_progress = stats["chats"], time.time()
            if reached >= args.users or time.time() - last_progress > STALL_SECONDS:
                break
            if bot.poll() is not None:
                print(f"the bot exited with {bot.returncode}; see {workdir}")
                break
        time.sleep(SETTLE_SECONDS)
        stats = fetch(url)
    finally:
        if bot.poll() is None:
            bot.send_signal(signal.SIGTERM)
            bot.wait(30)
    return report(args, stats, started, kill, db, workdir)


def start_bot(env: dict[str, str], workdir: Path, number: int) -> subprocess.Popen[bytes]:
    log = (workdir / f"bot-{number}.log").open("wb")
    drillbot = Path(sys.executable).with_name("drillbot")
    command = (
        [str(drillbot), "run"]
        if drillbot.exists()
        else [sys.executable, "-c", "from bot.cli import main; raise SystemExit(main(['run']))"]
    )
    return subprocess.Popen(command, env=env, cwd=workdir, stdout=log, stderr=subprocess.STDOUT)


def fetch(url: str, chats: bool = False) -> dict:
    with urllib.request.urlopen(f"{url}/_stats{'?chats=1' if chats else ''}", timeout=10) as r:
        return json.load(r)


def report(
    args: argparse.Namespace,
    stats: dict,
    started: float,
    kill: Kill | None,
    db: Path,
    workdir: Path,
) -> int:
    first, last = stats["first_at"] or started, stats["last_at"] or started
    downtime = (kill.resumed_at or kill.at) - kill.at if kill else 0.0
    sending = max(1e-9, last - first - downtime)
    rate = stats["messages"] / sending
    lost = args.users - stats["chats"]
    duplicated = stats["duplicates"]
    allowed = WORKERS if kill else 0
    print(f"users:               {args.users}{' (kill -9 at half-way)' if kill else ''}")
    print(f"wall time:           {last - started:.1f} s (bot start to last message)")
    print(f"send-out:            {last - first:.1f} s, {stats['messages']} messages")
    if kill:
        print(f"restart gap:         {downtime:.1f} s (kill -9 to first message after it)")
    print(
        f"achieved rate:       {rate:.2f} msg/s (limit {args.limit}; peak 1 s window "
        f"{stats['peak_per_second']})"
    )
    print(f"429s received:       {stats['rate_limited']}")
    print(f"lost:                {lost}")
    print(f"duplicated:          {duplicated}")
    print(f"delivery rows:       {delivery_states(db)}")
    print(f"logs:                {workdir}")
    failures = []
    if rate < TARGET_RATE:
        failures.append(f"rate {rate:.2f} < {TARGET_RATE}")
    if lost:
        failures.append(f"{lost} lost")
    if duplicated > allowed:
        failures.append(f"{duplicated} duplicated (allowed {allowed})")
    print("FAIL: " + "; ".join(failures) if failures else "PASS")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

"""Daily send-out through the real `drillbot run` against a flood-controlled fake Bot API.

    .venv/bin/python bench/delivery_bench.py [--users 10000] [--case live|catch-up]
        [--chatters 50] [--kill] [--limit 30] [--keep DIR]

Builds a database of `--users` Telegram users all due at the same minute, starts a fake Bot
API server (bench/fake_bot_api.py: at most `--limit` messages a second overall and one a
second per chat, 429 with retry_after beyond) and runs `drillbot run` against both.

- `--case live` (default): the users become due one to two minutes after the bot started, so
  the per-minute trigger of the running process must fire (a bot that only sends at start-up
  sends nothing here).
- `--case catch-up`: they were due a minute before the start (the start-up send-out); with
  `--kill` the bot is killed with SIGKILL half-way through and started again.

While the daily questions go out, `--chatters` users practise (/next, Show answer, Good, with
a think time of --think seconds between) through the same bot. Prints the trigger delay, the
send-out's rate (daily messages alone, and all messages the platform counted, replies
included), the 429s, the users lost or sent twice, and the reply latency (p50/p99: command
sent to reply received). Exits 1 when a target fails: all messages >= 29 a second during the
send-out (97% of the limit), reply p99 <= 1.5 s, no 429, nobody lost, nobody duplicated
(after a kill -9: at most the sends in flight at that moment).
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
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.delivery_db import build, delivery_states  # noqa: E402
from bot.delivery.service import WORKERS  # noqa: E402

TOKEN = "123456789:AAHbenchmarkTokenOnly_0123456789abcdef"
TARGET_RATE = 29.0
TARGET_REPLY_P99 = 1.5
LEAD = timedelta(seconds=60)  # live case: due at the first whole minute after this lead
STALL_SECONDS = 60.0  # no new chat reached for this long after the due minute: the rest is lost
SETTLE_SECONDS = 3.0  # after the last user, wait for late duplicates


@dataclass
class Kill:
    at: float
    messages: int
    resumed_at: float | None = None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=10_000)
    parser.add_argument("--case", choices=("live", "catch-up"), default="live")
    parser.add_argument("--chatters", type=int, default=50, help="users practising meanwhile")
    parser.add_argument("--think", type=float, nargs=2, default=(3.0, 10.0), metavar=("MIN", "MAX"))
    parser.add_argument("--kill", action="store_true", help="kill -9 the bot mid-send-out")
    parser.add_argument("--limit", type=int, default=30, help="fake API's messages per second")
    parser.add_argument("--keep", type=Path, help="keep the database and logs in this directory")
    args = parser.parse_args()
    workdir = args.keep or Path(tempfile.mkdtemp(prefix="drillbot-delivery-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    db = workdir / "drillbot.sqlite3"
    db.unlink(missing_ok=True)

    now = datetime.now(UTC)
    if args.case == "catch-up":
        due = now.replace(second=0, microsecond=0) - timedelta(minutes=1)
    else:
        due = (now + LEAD).replace(second=0, microsecond=0) + timedelta(minutes=1)
    build(db, args.users, due)
    print(f"database: {args.users} users due at {due:%H:%M} UTC ({args.case})")

    with fake_bot_api("--limit", str(args.limit)) as (url, _pid):
        return run(args, workdir, db, url, due)


@contextmanager
def fake_bot_api(*options: str) -> Iterator[tuple[str, int]]:
    """bench/fake_bot_api.py as a process for the block: (its base URL, its pid)."""
    fake = subprocess.Popen(
        [sys.executable, str(ROOT / "bench" / "fake_bot_api.py"), *options],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        yield json.loads(fake.stdout.readline())["url"], fake.pid  # type: ignore[union-attr]
    finally:
        fake.terminate()
        fake.wait(10)


def run(args: argparse.Namespace, workdir: Path, db: Path, url: str, due: datetime) -> int:
    env = {
        **os.environ,
        "DRILLBOT_DB": str(db),
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_BASE_URL": url,
        "DRILLBOT_LOG_LEVEL": "INFO",
        "DRILLBOT_MAX_NEW_PER_DAY": "1000",  # chatters keep getting questions
        # Chatters register as they come: their own push is half a day away.
        "DRILLBOT_TIMEZONE": "UTC",
        "DRILLBOT_PUSH_TIME": f"{(due + timedelta(hours=12)):%H:%M}",
    }
    for name in ("DRILLBOT_CONFIG", "SLACK_BOT_TOKEN", "DRILLBOT_TICK_SECONDS"):
        env.pop(name, None)
    runs = iter(range(1, 10))
    started = time.time()
    bot = start_bot(env, workdir, next(runs))
    print(f"bot started; users due {relative(due.timestamp() - started)} it")
    kill: Kill | None = None
    chatting = False
    last_progress, reached = max(started, due.timestamp()), 0
    try:
        while True:
            time.sleep(0.2)
            stats = fetch(url)
            if not chatting and stats["daily"] and args.chatters:
                post(
                    url,
                    f"/_chat?users={args.chatters}&think_min={args.think[0]}"
                    f"&think_max={args.think[1]}",
                )
                chatting = True
            if kill is not None and kill.resumed_at is None and stats["daily"] > kill.messages:
                kill.resumed_at = time.time()
            if args.kill and kill is None and stats["chats"] >= args.users // 2:
                bot.send_signal(signal.SIGKILL)
                bot.wait()
                stats = fetch(url)
                kill = Kill(time.time(), stats["daily"])
                print(f"kill -9 after {stats['chats']} users; restarting")
                bot = start_bot(env, workdir, next(runs))
            if stats["chats"] > reached:
                reached, last_progress = stats["chats"], time.time()
            if reached >= args.users or time.time() - last_progress > STALL_SECONDS:
                break
            if bot.poll() is not None:
                print(f"the bot exited with {bot.returncode}; see {workdir}")
                break
        if chatting:
            post(url, "/_chat/stop")
        time.sleep(SETTLE_SECONDS)
        stats = fetch(url)
    finally:
        if bot.poll() is None:
            bot.send_signal(signal.SIGTERM)
            bot.wait(30)
    return report(args, stats, started, due, kill, db, workdir)


def relative(seconds: float) -> str:
    return f"{abs(seconds):.0f} s {'after' if seconds >= 0 else 'before'}"


def start_bot(
    env: dict[str, str], workdir: Path, number: int, python: list[str] | None = None
) -> subprocess.Popen[bytes]:
    """`drillbot run`; `python`: options for the interpreter (e.g. to run it under cProfile)."""
    log = (workdir / f"bot-{number}.log").open("wb")
    drillbot = Path(sys.executable).with_name("drillbot")
    command = (
        [sys.executable, *python, "-m", "bot.cli", "run"]
        if python
        else [str(drillbot), "run"]
        if drillbot.exists()
        else [sys.executable, "-c", "from bot.cli import main; raise SystemExit(main(['run']))"]
    )
    return subprocess.Popen(command, env=env, cwd=workdir, stdout=log, stderr=subprocess.STDOUT)


def fetch(url: str, chats: bool = False) -> dict:
    with urllib.request.urlopen(f"{url}/_stats{'?chats=1' if chats else ''}", timeout=10) as r:
        return json.load(r)


def post(url: str, path: str) -> None:
    request = urllib.request.Request(f"{url}{path}", data=b"", method="POST")
    with urllib.request.urlopen(request, timeout=30) as r:
        r.read()


def report(
    args: argparse.Namespace,
    stats: dict,
    started: float,
    due: datetime,
    kill: Kill | None,
    db: Path,
    workdir: Path,
) -> int:
    first, last = stats["first_at"], stats["last_at"]
    failures = []
    print(
        f"case:                {args.case}, {args.users} users, {args.chatters} chatting"
        f"{' (kill -9 at half-way)' if kill else ''}"
    )
    if first is None:
        print(f"send-out:            NONE: no daily question was sent; see {workdir}")
        print("FAIL: the trigger never fired")
        return 1
    downtime = (kill.resumed_at or kill.at) - kill.at if kill else 0.0
    sending = max(1e-9, last - first - downtime)
    daily_rate = stats["daily"] / sending
    all_rate = stats["during"] / sending
    lost = args.users - stats["chats"]
    duplicated = stats["duplicates"]
    allowed = WORKERS if kill else 0
    print(
        f"trigger:             first daily message {first - due.timestamp():+.1f} s after the"
        f" due minute (due {relative(due.timestamp() - started)} the bot started)"
    )
    print(f"send-out:            {last - first:.1f} s, {stats['daily']} daily messages")
    if kill:
        print(f"restart gap:         {downtime:.1f} s (kill -9 to first message after it)")
    print(f"daily rate:          {daily_rate:.2f} msg/s")
    print(
        f"all messages:        {all_rate:.2f} msg/s during the send-out, replies included "
        f"(limit {args.limit}; peak 1 s window {stats['peak_per_second']})"
    )
    if stats["replies"]:
        print(
            f"replies:             {stats['replies']}, latency p50 {stats['reply_p50']:.3f} s,"
            f" p99 {stats['reply_p99']:.3f} s, max {stats['reply_max']:.3f} s"
            f" ({stats['chatters_failed']} chatters got no reply)"
        )
    print(
        f"429s received:       {stats['rate_limited']} "
        f"({stats['refused_overall']} overall, the rest per chat)"
    )
    print(f"lost:                {lost}")
    print(f"duplicated:          {duplicated}")
    print(f"delivery rows:       {delivery_states(db)}")
    print(f"logs:                {workdir}")
    if all_rate < TARGET_RATE:
        failures.append(f"rate {all_rate:.2f} < {TARGET_RATE}")
    if stats["replies"] and stats["reply_p99"] > TARGET_REPLY_P99:
        failures.append(f"reply p99 {stats['reply_p99']:.2f} s > {TARGET_REPLY_P99}")
    if args.chatters and stats["chatters_failed"]:
        failures.append(f"{stats['chatters_failed']} chatters got no reply")
    if stats["rate_limited"] and not kill:
        failures.append(f"{stats['rate_limited']} x 429")
    if lost:
        failures.append(f"{lost} lost")
    if duplicated > allowed:
        failures.append(f"{duplicated} duplicated (allowed {allowed})")
    print("FAIL: " + "; ".join(failures) if failures else "PASS")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

"""Paid broadcasts: one `drillbot run` sends 20,000 daily questions as paid broadcasts against
a fake Bot API that allows 1,000 paid messages a second.

    .venv/bin/python bench/paid_broadcast_bench.py [--users 20000] [--paid-limit 1000]
        [--keep DIR] [--profile FILE]

Builds a SQLite database of `--users` Telegram users due a minute before the start (the
start-up send-out), starts bench/fake_bot_api.py (30 free and `--paid-limit` paid messages in
any one second, one a second per chat, 429 beyond) and the bot with
TELEGRAM_PAID_BROADCAST=true. Prints the sustained rate (paid messages from the first to the
last), users lost and sent twice, 429s, and the bot process's CPU time (user + sys, and as a
share of one core over the send-out) and peak RSS (VmHWM). Exits 1 when a target fails: rate
>= 900 a second, nobody lost, nobody sent twice, every message paid.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.delivery_bench import TOKEN, fake_bot_api, fetch, start_bot  # noqa: E402
from bench.delivery_db import build, delivery_states  # noqa: E402

TARGET_RATE = 900.0
STALL_SECONDS = 30.0  # no new chat reached for this long: the rest is lost
SETTLE_SECONDS = 2.0  # after the last user, wait for late duplicates
TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of the process so far (/proc/<pid>/stat, fields 14 and 15)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=20_000)
    parser.add_argument("--paid-limit", type=int, default=1000, help="fake API's paid rate")
    parser.add_argument("--keep", type=Path, help="keep the database and logs in this directory")
    parser.add_argument("--profile", type=Path, help="run the bot under cProfile, stats here")
    args = parser.parse_args()
    workdir = args.keep or Path(tempfile.mkdtemp(prefix="drillbot-paid-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    db = workdir / "drillbot.sqlite3"
    db.unlink(missing_ok=True)
    due = datetime.now(UTC).replace(second=0, microsecond=0) - timedelta(minutes=1)
    build(db, args.users, due)
    print(f"database:      SQLite, {args.users} users due at start-up")

    with fake_bot_api("--paid-limit", str(args.paid_limit)) as (url, fake_pid):
        return run(args, workdir, db, url, fake_pid)


def run(args: argparse.Namespace, workdir: Path, db: Path, url: str, fake_pid: int) -> int:
    env = {
        **os.environ,
        "DRILLBOT_DB": str(db),
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_BASE_URL": url,
        "TELEGRAM_PAID_BROADCAST": "true",
        "TELEGRAM_PAID_BROADCAST_DAILY_CAP": str(10 * args.users),
        "DRILLBOT_LOG_LEVEL": "INFO",
    }
    for name in ("DRILLBOT_CONFIG", "SLACK_BOT_TOKEN", "DRILLBOT_TICK_SECONDS"):
        env.pop(name, None)
    profile = ["-m", "cProfile", "-o", str(args.profile.resolve())] if args.profile else []
    bot = start_bot(env, workdir, 1, profile)
    cpu_at_first: float | None = None
    fake_at_first = 0.0
    reached, last_progress = 0, time.time()
    try:
        while True:
            time.sleep(0.1)
            stats = fetch(url)
            if cpu_at_first is None and stats["daily"]:
                cpu_at_first = cpu_seconds(bot.pid)
                fake_at_first = cpu_seconds(fake_pid)
            if stats["chats"] > reached:
                reached, last_progress = stats["chats"], time.time()
            if reached >= args.users or time.time() - last_progress > STALL_SECONDS:
                break
            if bot.poll() is not None:
                print(f"the bot exited with {bot.returncode}; see {workdir}")
                return 1
        cpu_at_last = cpu_seconds(bot.pid)
        fake_cpu = cpu_seconds(fake_pid) - fake_at_first
        time.sleep(SETTLE_SECONDS)
        stats = fetch(url)
        cpu_total, rss = cpu_seconds(bot.pid), peak_rss_mb(bot.pid)
    finally:
        if bot.poll() is None:
            bot.send_signal(signal.SIGTERM)
            bot.wait(30)
    cpu = (cpu_at_first or 0.0, cpu_at_last, cpu_total, fake_cpu)
    return report(args, stats, cpu, rss, db, workdir)


def report(
    args: argparse.Namespace,
    stats: dict,
    cpu: tuple[float, float, float, float],
    rss: float,
    db: Path,
    workdir: Path,
) -> int:
    if stats["first_at"] is None:
        print(f"FAIL: no daily question was sent; see {workdir}")
        return 1
    cpu_at_first, cpu_at_last, cpu_total, fake_cpu = cpu
    sending = max(1e-9, stats["last_at"] - stats["first_at"])
    rate = stats["paid"] / sending
    lost = args.users - stats["chats"]
    duplicated = stats["duplicates"]
    unpaid = stats["daily"] - stats["paid"]
    send_cpu = cpu_at_last - cpu_at_first
    print(f"send-out:      {sending:.1f} s, {stats['daily']} daily messages, {stats['paid']} paid")
    print(
        f"sustained:     {rate:.0f} paid msg/s (fake allows {args.paid_limit};"
        f" peak 1 s window {stats['peak_paid_per_second']})"
    )
    print(
        f"429s:          {stats['rate_limited']} ({stats['paid_refused']} paid window,"
        f" {stats['refused_overall']} free window, the rest per chat)"
    )
    print(f"lost:          {lost}")
    print(f"duplicated:    {duplicated}")
    print(
        f"bot CPU:       {send_cpu:.1f} s user+sys during the send-out"
        f" ({100 * send_cpu / sending:.0f}% of one core); {cpu_total:.1f} s in all"
    )
    print(
        f"                {1000 * send_cpu / max(1, stats['daily']):.2f} ms a message;"
        f" the fake API: {fake_cpu:.1f} s ({100 * fake_cpu / sending:.0f}% of one core)"
    )
    print(f"bot peak RSS:  {rss:.0f} MB (VmHWM)")
    print(f"delivery rows: {delivery_states(db)}")
    print(f"logs:          {workdir}")
    failures = []
    if rate < TARGET_RATE:
        failures.append(f"rate {rate:.0f} < {TARGET_RATE:.0f}")
    if lost:
        failures.append(f"{lost} lost")
    if duplicated:
        failures.append(f"{duplicated} duplicated")
    if unpaid:
        failures.append(f"{unpaid} unpaid")
    print("FAIL: " + "; ".join(failures) if failures else "PASS")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

"""Running the real `drillbot run` process in end-to-end tests, and reading what it did."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import sqlite3
import sys
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.conftest import CORPUS_DIR

DRILLBOT = Path(sys.executable).with_name("drillbot")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
LEAD = timedelta(seconds=25)  # time for the set-up commands before the chosen minute comes


def process_env(db: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "SLACK_"))}
    env.pop("DRILLBOT_CONFIG", None)
    env.update(DRILLBOT_DB=str(db), DRILLBOT_CONTENT=str(CORPUS_DIR), **extra)
    return env


async def start(env: dict[str, str]) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        DRILLBOT, "run", env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
    )


async def stop(process: asyncio.subprocess.Process) -> tuple[int, str]:
    """SIGTERM; the exit code and the log (stderr)."""
    if process.returncode is None:
        process.send_signal(signal.SIGTERM)
    _out, err = await asyncio.wait_for(process.communicate(), 15)
    return process.returncode or 0, err.decode()


def next_minutes() -> tuple[datetime, datetime]:
    """Two coming whole minutes (UTC), the first at least LEAD away: the question, the board."""
    now = datetime.now(UTC)
    first = now.replace(second=0, microsecond=0) + timedelta(minutes=1)
    if first - now < LEAD:
        first += timedelta(minutes=1)
    return first, first + timedelta(minutes=1)


def seconds_until(instant: datetime, slack: float = 15.0) -> float:
    return max(0.0, (instant - datetime.now(UTC)).total_seconds()) + slack


def rows(db: Path, sql: str, *params: object) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql, params).fetchall()


async def eventually(check: Callable[[], bool], timeout: float) -> None:
    for _ in range(int(timeout / 0.1)):
        if check():
            return
        await asyncio.sleep(0.1)
    assert check()


def team_log(stderr: str) -> str:
    """The log without the records of the personal per-minute job (DeliveryService.tick):
    its failure in a live process is a known defect fixed apart from team practice."""
    records = re.split(r"\n(?=\d{4}-\d\d-\d\d )", stderr)
    return "\n".join(r for r in records if "DeliveryService.tick" not in r)

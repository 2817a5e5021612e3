"""The real `drillbot run` command as a child process, against fake servers in this process.

Nothing is injected: the bot reads its configuration from the environment, keeps real time
and ticks with the real APScheduler; tests only talk to it through the fake platform servers.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import signal
import sys
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tests.conftest import CORPUS_DIR

TICK_SECONDS = 2  # the delivery trigger's period in these tests (60 in production)
SCRUBBED = ("DRILLBOT_", "TELEGRAM_", "SLACK_")
STOP_TIMEOUT = 20.0


@dataclass
class Drillbot:
    """A running `drillbot run` process and its log."""

    process: asyncio.subprocess.Process
    log: Path

    @property
    def running(self) -> bool:
        return self.process.returncode is None

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")

    def log_tail(self, lines: int = 40) -> str:
        return "\n".join(self.log_text().splitlines()[-lines:])

    async def stop(self) -> int:
        if self.running:
            self.process.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(self.process.wait(), STOP_TIMEOUT)
            except TimeoutError:
                self.process.kill()
                await self.process.wait()
        assert self.process.returncode is not None
        return self.process.returncode


StartDrillbot = Callable[[dict[str, str]], Awaitable[Drillbot]]


def drillbot_command() -> list[str]:
    script = Path(sys.executable).with_name("drillbot")
    if script.exists():
        return [str(script), "run"]
    return [sys.executable, "-c", "from bot.cli import main; raise SystemExit(main(['run']))"]


@pytest.fixture
async def start_drillbot(tmp_path: Path) -> AsyncIterator[StartDrillbot]:
    """Start `drillbot run` with a fresh database, the test corpus and `env` on top."""
    started: list[Drillbot] = []
    numbers = itertools.count(1)

    async def start(env: dict[str, str]) -> Drillbot:
        base = {k: v for k, v in os.environ.items() if not k.startswith(SCRUBBED)}
        number = next(numbers)
        log = tmp_path / f"drillbot-{number}.log"
        process = await asyncio.create_subprocess_exec(
            *drillbot_command(),
            env={
                **base,
                "DRILLBOT_DB": str(tmp_path / f"drillbot-{number}.sqlite3"),
                "DRILLBOT_CONTENT": str(CORPUS_DIR),
                "DRILLBOT_TICK_SECONDS": str(TICK_SECONDS),
                "DRILLBOT_LOG_LEVEL": "INFO",
                **env,
            },
            cwd=tmp_path,
            stdout=log.open("wb"),
            stderr=asyncio.subprocess.STDOUT,
        )
        bot = Drillbot(process, log)
        started.append(bot)
        return bot

    yield start
    for bot in started:
        await bot.stop()


def far_push_env(timezone: str = "UTC") -> dict[str, str]:
    """Defaults that keep a new user's first push half a day away, whatever the hour now."""
    later = datetime.now(UTC) + timedelta(hours=12)
    return {
        "DRILLBOT_TIMEZONE": timezone,
        "DRILLBOT_PUSH_TIME": later.astimezone(ZoneInfo(timezone)).strftime("%H:%M"),
    }


def next_push_minute(timezone: str, margin: float) -> tuple[str, datetime]:
    """The first whole minute at least `margin` seconds ahead: (HH:MM in `timezone`, instant)."""
    soon = datetime.now(UTC) + timedelta(seconds=margin)
    instant = soon.replace(second=0, microsecond=0) + timedelta(minutes=1)
    return instant.astimezone(ZoneInfo(timezone)).strftime("%H:%M"), instant


def seconds_until(instant: datetime) -> float:
    return instant.timestamp() - time.time()

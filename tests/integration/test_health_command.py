"""`drillbot health` against a real `drillbot run` process on the fake Telegram server."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
from pathlib import Path

import pytest

from tests.conftest import CORPUS_DIR
from tests.support.fake_telegram import ApiError, FakeTelegram
from tests.support.fixtures import TELEGRAM_TOKEN

DRILLBOT = str(Path(sys.executable).with_name("drillbot"))


async def health(env: dict[str, str]) -> tuple[int, str]:
    process = await asyncio.create_subprocess_exec(
        DRILLBOT, "health", env=env, stdout=asyncio.subprocess.PIPE
    )
    out, _ = await process.communicate()
    return process.returncode or 0, out.decode().strip()


async def health_until(env: dict[str, str], start: str, seconds: float = 30) -> tuple[int, str]:
    """Ask until the answer starts with `start` (or time is up): the last answer."""
    deadline = asyncio.get_running_loop().time() + seconds
    while True:
        code, out = await health(env)
        if out.startswith(start) or asyncio.get_running_loop().time() > deadline:
            return code, out
        await asyncio.sleep(0.2)


@pytest.mark.both_databases
async def test_health_fails_until_telegram_answers_and_after_the_bot_stops(
    fake_telegram: FakeTelegram, tmp_path: Path, database: Path | str
):
    fake = fake_telegram
    fake.fail_next("getUpdates", ApiError(502, "Bad Gateway"))
    fake.fail_next("getUpdates", ApiError(502, "Bad Gateway"))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DRILLBOT_", "SLACK_"))}
    env |= {
        "TELEGRAM_BOT_TOKEN": TELEGRAM_TOKEN,
        "TELEGRAM_API_BASE_URL": fake.url,
        "DRILLBOT_DB": str(database),
        "DRILLBOT_DATA_DIR": str(tmp_path / "data"),  # used with PostgreSQL only
        "DRILLBOT_CONTENT": str(CORPUS_DIR),
    }
    work = tmp_path / "work"  # the bot's working directory: nothing may land there
    work.mkdir()
    bot = await asyncio.create_subprocess_exec(
        DRILLBOT, "run", env=env, cwd=work, stderr=(tmp_path / "bot.log").open("w")
    )
    try:
        # Running and polling, but Telegram has not answered a poll yet.
        # First not connected yet, then polling but with no poll answered so far.
        waiting = "unhealthy: telegram not connected (no poll answered yet)"
        assert await health_until(env, waiting) == (1, waiting)
        assert await health_until(env, "healthy") == (0, "healthy")
        # The heartbeat beside a SQLite file. With a PostgreSQL URL in this host's folder of
        # the data dir, which instances may share: another host's stopped one changes nothing.
        files = tmp_path
        if isinstance(database, str):
            files = tmp_path / "data" / "instances" / socket.gethostname()
            other = files.with_name("another-host")
            other.mkdir()
            (other / "channels.json").write_text('{"at": 0, "channels": {"telegram": "stopped"}}')
            assert await health(env) == (0, "healthy")
        assert (files / "heartbeat").is_file() and (files / "channels.json").is_file()
    finally:
        bot.send_signal(signal.SIGTERM)
        assert await asyncio.wait_for(bot.wait(), 20) == 0, (tmp_path / "bot.log").read_text()
    code, out = await health(env)
    assert (code, out) == (1, "unhealthy: telegram not connected (the bot stopped)")
    assert list(work.iterdir()) == []


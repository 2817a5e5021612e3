"""Telegram unreachable while the bot starts: one clear line per attempt, retries with
backoff, and the bot serves once the network is back."""

from __future__ import annotations

import asyncio
import logging
import socket
from pathlib import Path

import pytest

from bot.channels import retry
from tests.conftest import CORPUS_DIR
from tests.integration.telegram.conftest import TOKEN, StartBot
from tests.support.drillbot_process import Drillbot, environment
from tests.support.fake_telegram import ApiError, FakeTelegram


async def test_failing_first_calls_are_retried_with_one_line_each(
    start_bot: StartBot,
    fake: FakeTelegram,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
):
    monkeypatch.setattr(retry, "FIRST_DELAY", 0.05)
    caplog.set_level(logging.INFO)
    fake.fail_next("getMe", ApiError(502, "Bad Gateway"))
    fake.fail_next("getMe", ApiError(504, "Gateway Timeout"))
    fake.fail_next("getUpdates", ApiError(500, "Internal Server Error"))
    await start_bot()

    ada = fake.user(1001)
    assert "Welcome to drillbot" in (await ada.ask("/start")).plain
    retries = [r.getMessage() for r in caplog.records if "retrying in" in r.getMessage()]
    assert retries == [
        "Telegram getMe failed (HTTP 502); retrying in 0.1 s",
        "Telegram getMe failed (HTTP 504); retrying in 0.1 s",
        "Telegram getUpdates failed (Internal Server Error); retrying in 0.1 s",
    ]
    assert not [r for r in caplog.records if r.exc_info]  # no tracebacks


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


async def until_logged(bot: Drillbot, text: str, times: int, timeout: float = 60) -> None:
    async def logged() -> None:
        while bot.output()[1].count(text) < times:
            assert bot.process.returncode is None, bot.output()[1]
            await asyncio.sleep(0.1)

    await asyncio.wait_for(logged(), timeout)


async def test_the_real_bot_waits_for_a_bot_api_that_starts_late(tmp_path: Path):
    port = free_port()
    env = environment(
        tmp_path / "drillbot.sqlite3",
        CORPUS_DIR,
        TELEGRAM_BOT_TOKEN=TOKEN,
        TELEGRAM_API_BASE_URL=f"http://127.0.0.1:{port}",
    )
    bot = await Drillbot.start("run", env=env)
    fake = FakeTelegram(TOKEN)
    try:
        await until_logged(bot, "Telegram getMe failed (", times=2)
        await fake.start(port)  # the network is back
        ada = fake.user(1001)
        await ada.send("/start")
        assert "Welcome to drillbot" in (await ada.next_message(timeout=60)).plain
    finally:
        code, _out, err = await bot.stop()
        await fake.close()
    assert code == 0, err
    assert "Traceback" not in err
    assert "Telegram getMe failed (httpx.ConnectError: All connection attempts failed)" in err

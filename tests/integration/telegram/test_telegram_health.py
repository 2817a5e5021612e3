"""The Telegram channel tells health whether its long polls or its webhook are working."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from bot.channels.telegram import liveness, run_telegram
from bot.config import Secret, Settings, TelegramSettings
from bot.corpus.loader import Corpus
from bot.domain.clock import ManualClock
from bot.domain.practice import PracticeConfig, PracticeService
from bot.health import ChannelHealth
from bot.storage import Store
from tests.integration.telegram.conftest import TOKEN
from tests.support.fake_telegram import ApiError, FakeTelegram
from tests.support.health import status_until


async def test_polling_is_unhealthy_while_telegram_does_not_answer(
    fake: FakeTelegram,
    clock: ManualClock,
    tmp_path: Path,
    fixture_corpus: Corpus,
    monkeypatch: pytest.MonkeyPatch,
):
    monkeypatch.setattr(liveness, "POLL_STALE_AFTER", 1.0)  # the fake answers idle polls in 0.5 s
    store = await Store.open(tmp_path / "drillbot.sqlite3")
    service = PracticeService(store, fixture_corpus, PracticeConfig(), clock)
    settings = Settings(
        database=tmp_path / "drillbot.sqlite3",
        telegram=TelegramSettings(token=Secret(TOKEN), api_base_url=fake.url),
    )
    health, stop = ChannelHealth(["telegram"]), asyncio.Event()
    task = asyncio.create_task(run_telegram(settings, service, stop, health))
    try:
        assert await status_until(health, "telegram", lambda s: s is None) is None
        for _ in range(3):  # PTB backs off 1 s, 1.5 s, 2.25 s: silent for longer than allowed
            fake.fail_next("getUpdates", ApiError(502, "Bad Gateway"))
        down = await status_until(health, "telegram", lambda s: s is not None)
        assert down is not None and down.startswith("no poll answered for")
        assert (
            await status_until(health, "telegram", lambda s: s is None) is None
        )  # answered again: healthy
    finally:
        stop.set()
        await asyncio.wait_for(task, 10)
        await store.close()
    assert (await health.status())["telegram"] == "stopped"

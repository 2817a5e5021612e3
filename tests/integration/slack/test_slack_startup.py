"""Slack unreachable while the bot starts: one clear line per attempt, retries with backoff,
and the app serves once Slack answers."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

import aiohttp
import pytest

from bot.channels import retry
from bot.channels.slack import run_slack
from bot.config import Secret, Settings, SlackSettings
from bot.corpus.loader import Corpus
from bot.domain.clock import ManualClock
from bot.domain.practice import PracticeConfig, PracticeService
from bot.storage import Store
from tests.integration.slack.conftest import (
    BOT_TOKEN,
    SIGNING_SECRET,
    _until_serving,
    free_port,
)
from tests.support.fake_slack import FakeSlack


async def test_slack_starting_late_is_waited_for(
    tmp_path: Path,
    clock: ManualClock,
    fixture_corpus: Corpus,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
):
    monkeypatch.setattr(retry, "FIRST_DELAY", 0.05)
    caplog.set_level(logging.INFO)
    api_port, http_port = free_port(), free_port()
    settings = Settings(
        database=tmp_path / "drillbot.sqlite3",
        slack=SlackSettings(
            mode="http",
            api_base_url=f"http://127.0.0.1:{api_port}/api/",
            http_listen="127.0.0.1",
            http_port=http_port,
            bot_token=Secret(BOT_TOKEN),
            signing_secret=Secret(SIGNING_SECRET),
        ),
    )
    store = await Store.open(settings.database)
    service = PracticeService(store, fixture_corpus, PracticeConfig(), clock)
    stop = asyncio.Event()
    task = asyncio.create_task(run_slack(settings, service, stop))
    late = FakeSlack(BOT_TOKEN)
    try:
        while sum("retrying in" in r.getMessage() for r in caplog.records) < 2:
            assert not task.done(), task
            await asyncio.sleep(0.02)
        await late.start(api_port)  # Slack is reachable again
        async with aiohttp.ClientSession() as session:
            await _until_serving(session, f"http://127.0.0.1:{http_port}/healthz", task)
    finally:
        stop.set()
        await asyncio.wait_for(task, 10)
        await late.close()
        await store.close()
    lines = [r.getMessage() for r in caplog.records if "retrying in" in r.getMessage()]
    assert lines[0].startswith("Slack start-up (auth.test) failed (attempt 1: ")
    assert lines[1].startswith("Slack start-up (auth.test) failed (attempt 2: ")
    assert not [r for r in caplog.records if r.exc_info]

"""The Slack channel tells health whether its Socket Mode connection is up."""

from __future__ import annotations

import asyncio
from pathlib import Path

from bot.channels.slack import run_slack
from bot.config import Secret, Settings, SlackSettings
from bot.corpus.loader import Corpus
from bot.domain.clock import ManualClock
from bot.domain.practice import PracticeConfig, PracticeService
from bot.health import ChannelHealth
from bot.storage import Store
from tests.integration.slack.conftest import BOT_TOKEN
from tests.support.fake_slack import FakeSlack, SlackError
from tests.support.health import status_until


async def test_socket_mode_is_unhealthy_while_disconnected(
    fake: FakeSlack, clock: ManualClock, tmp_path: Path, fixture_corpus: Corpus
):
    store = await Store.open(tmp_path / "drillbot.sqlite3")
    service = PracticeService(store, fixture_corpus, PracticeConfig(), clock)
    settings = Settings(
        database=tmp_path / "drillbot.sqlite3",
        slack=SlackSettings(
            api_base_url=fake.api_url, bot_token=Secret(BOT_TOKEN), app_token=Secret(fake.app_token)
        ),
    )
    health, stop = ChannelHealth(["slack"]), asyncio.Event()
    task = asyncio.create_task(run_slack(settings, service, stop, health))
    try:
        assert await status_until(health, "slack", lambda s: s is None) is None
        for _ in range(50):  # Slack refuses new connections for a while
            fake.fail_next("apps.connections.open", SlackError("internal_error"))
        await fake.sockets[-1].close()
        down = await status_until(health, "slack", lambda s: s is not None)
        assert down == "Socket Mode disconnected"
        fake.failures.clear()
        # The client reconnects by itself at its next check (every few seconds).
        assert await status_until(health, "slack", lambda s: s is None, timeout=40) is None
    finally:
        stop.set()
        await asyncio.wait_for(task, 10)
        await store.close()

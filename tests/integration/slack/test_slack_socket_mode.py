"""Socket Mode (the default): no public URL, requests arrive over a WebSocket."""

from __future__ import annotations

import asyncio
from pathlib import Path

from bot.channels.slack import run_slack
from bot.config import Secret, Settings, SlackSettings
from bot.corpus.loader import Corpus
from bot.domain.clock import ManualClock
from bot.domain.practice import PracticeConfig, PracticeService
from bot.storage import Store
from tests.integration.slack.conftest import BOT_TOKEN
from tests.support.fake_slack import FakeSlack, dm_of


async def test_socket_mode_acks_a_command_and_answers_in_the_dm(
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
    assert settings.slack.mode == "socket"
    stop = asyncio.Event()
    task = asyncio.create_task(run_slack(settings, service, stop))
    try:
        fake.add_user("U1")
        envelope = await fake.send_envelope(
            "slash_commands",
            {
                "command": "/drill",
                "text": "next",
                "user_id": "U1",
                "channel_id": dm_of("U1"),
                "team_id": "T0001",
                "response_url": fake.response_url("U1"),
                "trigger_id": "t",
            },
        )
        await fake.wait_for(lambda: envelope in fake.socket_acks)
        await fake.wait_for(lambda: len(fake.in_channel(dm_of("U1"))) == 2)
        assert fake.in_channel(dm_of("U1"))[1].button("Show answer")
        assert fake.calls_to("apps.connections.open")[0].status == 200
    finally:
        stop.set()
        await asyncio.wait_for(task, 10)
        await store.close()

"""Fixtures shared by every test that talks to a channel: the fake Telegram and Slack servers
on 127.0.0.1 with the credentials they accept. tests/conftest.py makes them available."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.support.fake_slack import FakeSlack
from tests.support.fake_telegram import FakeTelegram

TELEGRAM_TOKEN = "123456789:AAHfakeTokenForTests-only_0123456789abc"
SLACK_BOT_TOKEN = "xoxb-0000-fake-token-for-tests"


@pytest.fixture
async def fake_telegram() -> AsyncIterator[FakeTelegram]:
    """A Bot API server for TELEGRAM_TOKEN (its url is the bot's api_base_url)."""
    server = FakeTelegram(TELEGRAM_TOKEN)
    await server.start()
    yield server
    await server.close()


@pytest.fixture
async def fake_slack() -> AsyncIterator[FakeSlack]:
    """A Web API and Socket Mode server for SLACK_BOT_TOKEN (its api_url is the bot's)."""
    server = FakeSlack(SLACK_BOT_TOKEN)
    await server.start()
    yield server
    await server.close()

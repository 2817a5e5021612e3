"""Replies during a Bot API outage (500s) arrive once it is over, each exactly once."""

from __future__ import annotations

import logging

import pytest

from bot.channels import retry
from tests.integration.telegram.conftest import RunningBot
from tests.support.fake_telegram import ApiError, FakeTelegram

FAILED_CALLS = 8  # in a row: at the real backoff (1 s doubling, at most 8 s) over 20 s


async def test_replies_sent_during_500s_eventually_arrive(
    bot: RunningBot,
    fake: FakeTelegram,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
):
    monkeypatch.setattr(retry, "FIRST_DELAY", 0.01)
    caplog.set_level(logging.WARNING)
    users = [fake.user(1001 + n) for n in range(5)]
    for _ in range(FAILED_CALLS):
        fake.fail_next("sendMessage", ApiError(500, "Internal Server Error"))
    for user in users:
        await user.send("/start")

    for user in users:
        assert "Welcome to drillbot" in (await user.next_message()).plain
        assert len(user.inbox) == 1  # exactly once
    failed = [c for c in fake.calls_to("sendMessage") if c.status == 500]
    assert len(failed) == FAILED_CALLS
    assert "Telegram sendMessage failed (HTTP 500); retrying in" in caplog.text

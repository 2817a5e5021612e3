"""Odd input from a client: an endless timezone, buttons with empty or unknown data."""

from __future__ import annotations

import pytest

from tests.integration.telegram.conftest import RunningBot, assert_no_api_errors
from tests.support.fake_telegram import FakeTelegram


async def test_a_timezone_of_4000_characters_is_a_bad_timezone(
    bot: RunningBot, fake: FakeTelegram
):
    ada = fake.user(1001)
    await ada.ask("/start")
    reply = await ada.ask("/tz " + "A" * 4000)
    assert reply.plain.startswith("Unknown timezone")
    assert (await bot.user(1001)).timezone == "Asia/Shanghai"  # type: ignore[union-attr]


@pytest.mark.parametrize("data", ["", "a:", "r:3:", "r:", "p:", "t:", "zzz", ":", "r:9:x"])
async def test_a_button_with_odd_data_gets_the_stale_button_answer(
    bot: RunningBot, fake: FakeTelegram, data: str
):
    ada = fake.user(1001)
    card = await ada.ask("/next")
    answer = await ada.callback_answer(await ada.press_data(card, data))
    assert answer.get("text"), answer  # a toast saying why, not a spinner or an error
    assert "Something went wrong" not in answer["text"]
    assert_no_api_errors(fake)


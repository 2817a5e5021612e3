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


async def test_two_quick_taps_on_show_answer_send_it_once(bot: RunningBot, fake: FakeTelegram):
    ada = fake.user(1001)
    card = await ada.ask("/next")
    first = await ada.press(card, "Show answer")
    second = await ada.press(card, "Show answer")  # before the first was handled
    await ada.callback_answer(first)
    await ada.callback_answer(second)
    _, answer = await ada.next_message_with_buttons()
    await ada.ask("/help")  # handled after both presses
    assert [m for m in ada.inbox if m.buttons and "Good" in str(m.buttons)] == [answer]
    assert_no_api_errors(fake)


async def test_pressing_the_forget_confirmation_twice_is_harmless(
    bot: RunningBot, fake: FakeTelegram
):
    ada = fake.user(1001)
    confirm = await ada.ask("/forget")
    first = await ada.press(confirm, "Yes, delete everything")
    second = await ada.press(confirm, "Yes, delete everything")
    await ada.callback_answer(first)
    await ada.callback_answer(second)
    await fake.wait_for(lambda: "All your data is deleted" in confirm.plain)
    assert (await bot.user(1001)) is None
    assert_no_api_errors(fake)


def group_message(fake: FakeTelegram, user_id: int, text: str) -> dict:
    command = text.split()[0]
    return {
        "message": {
            "message_id": fake.new_message_id(-100123),
            "from": fake.chats[user_id].user,
            "chat": {"id": -100123, "type": "supergroup", "title": "Team"},
            "date": 0,
            "text": text,
            "entities": [{"type": "bot_command", "offset": 0, "length": len(command)}],
        }
    }


async def test_a_group_message_never_repoints_the_private_chat(
    bot: RunningBot, fake: FakeTelegram
):
    ada = fake.user(1001)
    await ada.ask("/start")
    await fake.push_update(group_message(fake, 1001, "/next@drill_bot"))
    await fake.push_update(group_message(fake, 1001, "/tz Europe/Berlin"))
    await ada.ask("/help")  # handled after the group messages
    user = await bot.user(1001)
    assert user is not None
    assert user.chat_id == "1001" and user.timezone == "Asia/Shanghai"
    assert [c for c in fake.calls if c.params.get("chat_id") in (-100123, "-100123")] == []

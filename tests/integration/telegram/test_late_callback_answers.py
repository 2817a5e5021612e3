"""A press answered after Telegram stopped waiting (e.g. one sent during a long restart)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from telegram import Bot

from bot.channels.telegram.team_delivery import TelegramTeamDelivery
from bot.delivery.team_service import TeamDeliveryService
from tests.integration.telegram.conftest import TOKEN, RunningBot
from tests.support.fake_telegram import ApiError, FakeTelegram

TOO_OLD = "Bad Request: query is too old and response timeout expired or query ID is invalid"


async def test_a_rating_pressed_long_ago_gets_the_normal_reply_and_no_error(
    bot: RunningBot, fake: FakeTelegram
):
    ada = fake.user(1001)
    await ada.ask("/start")
    card = await ada.ask("/next")
    await ada.press(card, "Show answer")
    _, answer = await ada.next_message_with_buttons()

    good = answer.button("Good")["callback_data"]
    fake.fail_next("answerCallbackQuery", ApiError(400, TOO_OLD))
    await ada.press_data(answer, good)
    reply = await ada.next_message()
    assert reply.plain.startswith("Good — back")
    await fake.wait_for(lambda: answer.buttons == [])  # the rated message is settled as usual
    # The failed answer was the only one: no "something went wrong", neither as an alert on
    # the press nor as a message in the chat.
    await handled_everything(bot)
    assert [c.status for c in fake.calls_to("answerCallbackQuery")] == [200, 400]
    assert "/stats" in (await ada.ask("/help")).plain  # the next reply is the next command's
    assert ada.unread() == []

    # The rating was saved once.
    again = await ada.callback_answer(await ada.press_data(answer, good))
    assert again["text"] == "Already rated Good."


async def test_a_late_press_on_the_group_question_still_answers_privately_and_quietly(
    bot: RunningBot, fake: FakeTelegram, clock
):
    ada, bob = fake.user(1, "Ada"), fake.user(2, "Bob")
    group = fake.group(-1001, "Study group", [ada, bob], admins=[ada])
    clock.set(datetime(2026, 3, 2, 6, 0, tzinfo=UTC))
    await fake.add_bot(group, by=ada)
    for command in ("/team tz UTC", "/team time 09:00"):
        await ada.send(command, group)
    await fake.wait_for(lambda: len(fake.sent_to_group(group)) == 3)
    async with Bot(TOKEN, base_url=f"{fake.url}/bot") as team_bot:
        clock.set(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
        sender = TeamDeliveryService(bot.service, TelegramTeamDelivery(team_bot))
        assert (await sender.run_due()).sent == 1
    posted = fake.sent_to_group(group)[-1]
    await bob.send("/start")
    await bob.next_message()

    fake.fail_next("answerCallbackQuery", ApiError(400, TOO_OLD))
    await bob.press(posted, "Show answer")
    _, answer = await bob.next_message_with_buttons()
    assert "Reference answer" in answer.plain
    await handled_everything(bot)  # error handling included, had there been any
    assert [c.status for c in fake.calls_to("answerCallbackQuery")] == [400]
    assert len(fake.sent_to_group(group)) == 4  # no error message in the group
    assert bob.unread() == []


async def handled_everything(bot: RunningBot) -> None:
    """Wait until the bot has finished every update it received."""
    for _ in range(200):
        async with bot.store.unit() as uow:
            if not await uow.inbox.pending("telegram"):
                return
        await asyncio.sleep(0.05)
    raise AssertionError("updates still pending after 10 s")

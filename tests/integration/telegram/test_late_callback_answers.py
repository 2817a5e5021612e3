"""A press answered after Telegram stopped waiting (e.g. one sent during a long restart)."""

from __future__ import annotations

from tests.integration.telegram.conftest import RunningBot
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
    assert [c.status for c in fake.calls_to("answerCallbackQuery")] == [200, 400]
    assert "/stats" in (await ada.ask("/help")).plain  # the next reply is the next command's
    assert ada.unread() == []

    # The rating was saved once.
    again = await ada.callback_answer(await ada.press_data(answer, good))
    assert again["text"] == "Already rated Good."

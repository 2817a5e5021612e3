"""Taps that arrive twice, and personal commands sent in a group."""

from __future__ import annotations

from tests.integration.telegram.conftest import RunningBot, assert_no_api_errors
from tests.support.fake_telegram import FakeTelegram

GROUP = -1001234567890


async def test_two_quick_taps_on_show_answer_send_the_answer_once(
    bot: RunningBot, fake: FakeTelegram
):
    ada = fake.user(1001)
    await ada.ask("/start")
    card = await ada.ask("/next")
    taps = [await ada.press(card, "Show answer"), await ada.press(card, "Show answer")]
    toasts = [await ada.callback_answer(tap) for tap in taps]
    assert [t.get("text") for t in toasts] == [None, "Answer below."]
    _, answer = await ada.next_message_with_buttons()
    assert "Reference answer" in answer.plain and card.buttons == []
    assert ada.unread() == []  # no second copy of the answer
    assert_no_api_errors(fake)  # and no edit that changes nothing ("message is not modified")


async def test_pressing_the_forget_confirmation_twice_makes_no_invalid_call(
    bot: RunningBot, fake: FakeTelegram
):
    ada = fake.user(1001)
    await ada.ask("/start")
    confirm = await ada.ask("/forget")
    taps = [await ada.press(confirm, "Yes, delete everything") for _ in range(2)]
    for tap in taps:
        await ada.callback_answer(tap)
    assert "All your data is deleted" in confirm.plain and confirm.buttons == []
    assert await bot.user(1001) is None
    assert_no_api_errors(fake)


async def test_a_group_command_never_repoints_the_private_chat(bot: RunningBot, fake: FakeTelegram):
    ada = fake.user(1001)
    stranger = fake.user(2002)
    team = fake.group(GROUP, "Team", [ada, stranger], admins=[ada])
    team.bot_present = True  # a member of the group, whether or not it practises as a team
    await ada.ask("/start")
    await ada.send("/next@drill_bot", team)
    [reply] = await fake.wait_for(lambda: fake.sent_to(GROUP))
    assert reply.plain == "I practise with each of you in a private chat: send me /next there."
    assert reply.buttons == []
    user = await bot.user(1001)
    assert user is not None and user.chat_id == "1001"  # daily questions still go to Ada
    assert await bot.service.current(user.id) is None  # nothing was asked on her behalf
    await ada.send("good morning, team", team)  # group talk is left alone
    await stranger.send("/start", team)
    question = await ada.ask("/next")  # the private chat goes on as before
    assert "Show answer" in [b["text"] for b in question.buttons]
    # Chats are handled side by side: the stranger's answer may come after Ada's question.
    await fake.wait_for(lambda: len(fake.sent_to(GROUP)) == 2)
    assert await bot.user(2002) is None  # nobody signs up from a group
    assert_no_api_errors(fake)

"""Schedule, topics, search and forget, driven through commands and buttons."""

from __future__ import annotations

from tests.integration.telegram.conftest import RunningBot, assert_no_api_errors
from tests.support.fake_telegram import FakeTelegram


async def test_push_time_and_timezone_valid_and_invalid(bot: RunningBot, fake: FakeTelegram):
    ada = fake.user(1001)
    await ada.ask("/start")
    assert (await ada.ask("/time")).plain == "Your daily question comes at 09:00 (Asia/Shanghai)."
    assert (await ada.ask("/time 7:30")).plain.startswith("Daily question at 07:30 (Asia/Shanghai)")
    assert "HH:MM" in (await ada.ask("/time 25:99")).plain
    assert (await bot.user(1001)).push_time == "07:30"

    assert (await ada.ask("/tz")).plain == "Your timezone is Asia/Shanghai."
    assert (await ada.ask("/tz Europe/Berlin")).plain.startswith("Timezone set to Europe/Berlin")
    assert "Unknown timezone" in (await ada.ask("/tz Mars/Olympus_Mons")).plain
    assert (await bot.user(1001)).timezone == "Europe/Berlin"

    assert "paused" in (await ada.ask("/pause")).plain
    assert (await bot.user(1001)).paused
    assert "resumed" in (await ada.ask("/resume")).plain
    assert not (await bot.user(1001)).paused
    help_text = (await ada.ask("/help")).plain
    assert "/forget" in help_text and "07:30" in help_text
    assert_no_api_errors(fake)


async def test_invalid_setting_in_chinese(bot: RunningBot, fake: FakeTelegram):
    li = fake.user(1002, "Li", "zh-CN")
    await li.ask("/start")
    assert "HH:MM" in (await li.ask("/time noon")).plain
    assert "未知时区" in (await li.ask("/tz Nowhere")).plain


async def test_topics_are_switched_with_buttons(bot: RunningBot, fake: FakeTelegram):
    ada = fake.user(1001)
    await ada.ask("/start")
    menu = await ada.ask("/topics")
    assert [b["text"] for b in menu.buttons] == [
        "✅ Distributed training (2)",
        "✅ RL & alignment (3)",
        "All topics",
    ]
    await ada.callback_answer(await ada.press(menu, "RL & alignment"))
    await fake.wait_for(lambda: "⬜ RL & alignment (3)" in [b["text"] for b in menu.buttons])
    assert (await bot.user(1001)).topics == ("dist",)
    question = await ada.ask("/next")
    qid = question.button("Show answer")["callback_data"].removeprefix("a:")
    assert qid.startswith("dist-")

    await ada.callback_answer(await ada.press(menu, "All topics"))
    await fake.wait_for(lambda: "✅ RL & alignment (3)" in [b["text"] for b in menu.buttons])
    assert (await bot.user(1001)).topics is None
    # Pressing "All topics" again changes nothing, and still gets an answer.
    await ada.callback_answer(await ada.press(menu, "All topics"))
    assert_no_api_errors(fake)


async def test_search_then_practise_a_hit(bot: RunningBot, fake: FakeTelegram):
    ada = fake.user(1001)
    await ada.ask("/start")
    assert "Tell me what to look for" in (await ada.ask("/search")).plain
    assert "No question matches “zebra*”" in (await ada.ask("/search zebra*")).plain
    results = await ada.ask("/search grpo")
    assert "Questions matching “grpo”:" in results.plain
    assert "What does GRPO drop compared with PPO?" in results.plain
    await ada.press(results, "1. What does GRPO drop")
    card = await ada.next_message()
    assert card.button("Show answer")["callback_data"] == "a:rl-1"
    assert "What does GRPO drop compared with PPO?" in card.plain
    assert_no_api_errors(fake)


async def test_forget_asks_first_then_deletes_everything(bot: RunningBot, fake: FakeTelegram):
    ada = fake.user(1001)
    await ada.ask("/start")
    await ada.ask("/next")
    confirm = await ada.ask("/forget")
    assert "cannot be undone" in confirm.plain
    await ada.callback_answer(await ada.press(confirm, "Cancel"))
    await fake.wait_for(lambda: confirm.plain == "Nothing was deleted.")
    assert (await bot.user(1001)) is not None

    confirm = await ada.ask("/forget")
    await ada.callback_answer(await ada.press(confirm, "Yes, delete everything"))
    await fake.wait_for(lambda: "All your data is deleted" in confirm.plain)
    assert confirm.buttons == []
    assert (await bot.user(1001)) is None
    assert_no_api_errors(fake)

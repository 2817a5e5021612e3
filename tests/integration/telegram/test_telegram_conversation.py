"""A new user's first day with the bot, over real HTTP against the fake Bot API."""

from __future__ import annotations

from tests.integration.telegram.conftest import RunningBot, assert_no_api_errors
from tests.support.fake_telegram import FakeTelegram


async def test_commands_are_registered_in_english_and_chinese(bot: RunningBot, fake: FakeTelegram):
    english = {c["command"]: c["description"] for c in fake.commands[""]}
    chinese = {c["command"]: c["description"] for c in fake.commands["zh"]}
    expected = {"start", "help", "next", "answer", "skip", "myanswer", "stats", "time", "tz",
                "pause", "resume", "topics", "open", "interview", "search", "team",
                "forget"}  # fmt: skip
    assert set(english) == set(chinese) == expected
    assert english["next"] == "A question now"
    assert chinese["next"] == "现在来一道题"


async def test_new_user_from_start_to_stats(bot: RunningBot, fake: FakeTelegram):
    ada = fake.user(1001, "Ada", "en")

    welcome = await ada.ask("/start")
    assert "Welcome to drillbot" in welcome.plain
    assert "09:00 (Asia/Shanghai)" in welcome.plain
    assert "/next" in welcome.plain
    assert (await bot.user(1001)) is not None

    question = await ada.ask("/next")
    assert question.button("Show answer")
    qid = question.button("Show answer")["callback_data"].removeprefix("a:")
    asked = bot.service.corpus.questions[qid]
    assert asked.question in question.plain

    press = await ada.press(question, "Show answer")
    assert (await ada.callback_answer(press)).get("text") is None
    parts, answer = await ada.next_message_with_buttons()
    assert not parts  # short answers fit one message
    assert asked.question in answer.plain
    assert [b["text"] for b in answer.buttons] == ["Again", "Hard", "Good", "Easy"]
    assert question.buttons == []  # the pressed button is gone

    press = await ada.press(answer, "Good")
    assert (await ada.callback_answer(press))["text"] == "Good"
    confirmation = await ada.next_message()
    assert confirmation.plain.startswith("Good — back ")
    assert "Streak: 1 day." in confirmation.plain
    assert answer.buttons == []

    stats = await ada.ask("/stats")
    assert "Your progress" in stats.plain
    assert "Reviewed today: 1" in stats.plain
    chart = await ada.next_message()
    assert chart.photo is not None and chart.photo.startswith(b"\x89PNG")
    assert fake.calls_to("sendChatAction")
    assert_no_api_errors(fake)


async def test_replies_follow_the_telegram_language(bot: RunningBot, fake: FakeTelegram):
    li = fake.user(1002, "Li", "zh-hans")
    welcome = await li.ask("/start")
    assert "欢迎使用 drillbot" in welcome.plain
    question = await li.ask("/next")
    assert question.button("显示答案")
    await li.press(question, "显示答案")
    _, answer = await li.next_message_with_buttons()
    assert [b["text"] for b in answer.buttons] == ["忘了", "困难", "良好", "简单"]


async def test_typed_rating_and_free_text(bot: RunningBot, fake: FakeTelegram):
    ada = fake.user(1001)
    await ada.ask("/start")
    assert "no open question" in (await ada.ask("3")).plain
    await ada.ask("/next")
    answer = await ada.ask("/answer")
    assert answer.buttons
    assert "1 Again · 2 Hard · 3 Good · 4 Easy" in answer.plain
    assert (await ada.ask(" 4 ")).plain.startswith("Easy — back ")
    assert "already rated" in (await ada.ask("2")).plain.lower()
    assert "Reply 1–4" in (await ada.ask("hello there")).plain
    assert "Reply 1–4" in (await ada.ask("/nonsense")).plain
    assert_no_api_errors(fake)


async def test_nothing_due_offers_one_more(start_bot, fake: FakeTelegram):
    bot = await start_bot(max_new_per_day=1)
    ada = fake.user(1001)
    await ada.ask("/start")
    await ada.ask("/next")
    await ada.ask("/answer")
    await ada.ask("3")
    nothing = await ada.ask("/next")
    assert "Nothing is due right now — 1 reviewed today." in nothing.plain
    press = await ada.press(nothing, "One more")
    await ada.callback_answer(press)
    extra = await ada.next_message()
    assert extra.button("Show answer")
    assert nothing.buttons == []
    assert (await bot.user(1001)) is not None
    assert_no_api_errors(fake)

"""`/interview` on every channel: the date, the plan, refusals, the selection following the
plan, stats, and the question how the interview went (buttons, or typed on the console)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot.dialogue import CONSOLE, SLACK, TELEGRAM, Command, Dialogue, Press, Text, actions
from bot.dialogue.replies import Message, Toast
from tests.unit.test_dialogue import buttons, sender, texts

STYLES = [TELEGRAM, SLACK, CONSOLE]
# The conftest clock: 2026-03-02 09:00 in Shanghai; the fixture corpus holds 5 questions.


async def opened(service, style, **kw):
    """The dialogue and a registered user (Slack welcomes on first contact)."""
    dialogue, me = Dialogue(service, style), sender(service, style, **kw)
    await dialogue.handle(me, Command("start"))
    return dialogue, me


async def say(dialogue, me, name: str, args: str = "") -> str:
    return texts(await dialogue.handle(me, Command(name, args)))


@pytest.mark.parametrize("style", STYLES, ids=lambda s: s.name)
async def test_set_show_and_clear_the_date_with_the_plan(make_service, style):
    service = make_service(max_new_per_day=1)
    dialogue, me = await opened(service, style)
    cmd = style.command("interview")
    assert f"Send {cmd} YYYY-MM-DD" in await say(dialogue, me, "interview")
    plan = await say(dialogue, me, "interview", "2026-03-12")
    assert "**Interview on 2026-03-12**: in 10 days" in plan
    assert "New questions a day: 1 (5 of 5 not seen yet)" in plan
    assert "Planned today: 1" in plan
    assert "Ready on the day (recall ≥ 90%): 100% if you keep to the plan" in plan
    assert "0% if you stop today" in plan
    assert "Schedule: default FSRS parameters" in plan
    assert "On track: every question is introduced in time." in plan
    assert f"{cmd} off clears the date" in plan
    assert await say(dialogue, me, "interview") == plan
    target = await say(dialogue, me, "interview", "target 95%")
    assert target.startswith("Recall wanted on the day: 95%.") and "(recall ≥ 95%)" in target
    assert await say(dialogue, me, "interview", "off") == (
        "Interview date cleared: normal scheduling goes on."
    )
    assert f"No interview date set. Send {cmd} YYYY-MM-DD" in await say(dialogue, me, "interview")


@pytest.mark.parametrize("style", STYLES, ids=lambda s: s.name)
async def test_bad_dates_and_targets_get_clear_replies(service, style):
    dialogue, me = await opened(service, style)
    cmd = style.command("interview")
    assert await say(dialogue, me, "interview", "2026-02-30") == (
        f"'2026-02-30' is not a date: send it as YYYY-MM-DD, for example {cmd} 2026-04-01."
    )
    assert await say(dialogue, me, "interview", "2026-03-01") == (
        "2026-03-01 has passed (today is 2026-03-02 where you are): send today or a later date."
    )
    assert await say(dialogue, me, "interview", "2027-03-04") == (
        "2027-03-04 is too far ahead: I plan up to a year, until 2027-03-03."
    )
    assert await say(dialogue, me, "interview", "target 50%") == (
        "'50%' is no target: send the recall wanted on the day between 70% and 99%,"
        f" e.g. {cmd} target 90%."
    )
    assert f"set a date with {cmd} YYYY-MM-DD" in await say(dialogue, me, "interview", "good")
    assert f"Send {cmd} YYYY-MM-DD" in await say(dialogue, me, "interview")  # nothing was saved


async def test_an_infeasible_plan_says_what_would_make_it_feasible(make_service):
    service = make_service(interview_max_new_per_day=1)
    dialogue, me = await opened(service, TELEGRAM)
    plan = await say(dialogue, me, "interview", "2026-03-05")
    assert "⚠️ Not feasible: 5 new questions need 5 a day, more than the 1 a day" in plan
    assert "- a later date: 2026-03-09 or after" in plan
    assert "- 4 fewer questions: leave out RL & alignment, Distributed training (/topics)" in plan
    assert "- 5 new questions a day" in plan


async def test_the_selection_follows_the_plans_new_question_limit(make_service):
    service = make_service(max_new_per_day=1)
    dialogue, me = await opened(service, TELEGRAM)
    await say(dialogue, me, "interview", "2026-03-05")  # 3 days: all 5 new ones today
    for _ in range(5):
        assert "New" in await say(dialogue, me, "next")
        await dialogue.handle(me, Text("3"))
    assert "Nothing is due right now — 5 reviewed today." in await say(dialogue, me, "next")
    await say(dialogue, me, "interview", "off")  # without the plan the cap is 1 a day
    other = sender(service, TELEGRAM, "u2")
    await dialogue.handle(other, Command("start"))
    assert "New" in await say(dialogue, other, "next")
    await dialogue.handle(other, Text("3"))
    assert "Nothing is due right now" in await say(dialogue, other, "next")


@pytest.mark.parametrize("style", STYLES, ids=lambda s: s.name)
async def test_stats_show_the_countdown_plan_and_projection(service, style):
    dialogue, me = await opened(service, style)
    await say(dialogue, me, "next")
    await dialogue.handle(me, Text("3"))
    assert "Schedule: default FSRS parameters" in await say(dialogue, me, "stats")
    await say(dialogue, me, "interview", "2026-03-12")
    figures = await say(dialogue, me, "stats")
    assert "Interview on 2026-03-12: in 10 days · planned today: " in figures
    assert "Ready on the day (recall ≥ 90%): " in figures
    stats = await service.stats((await me.register()).user.id)
    assert stats.interview.days_left == 10 and stats.interview.day == date(2026, 3, 12)
    assert not stats.personal_parameters


@pytest.mark.parametrize("style", STYLES, ids=lambda s: s.name)
async def test_after_the_day_the_bot_asks_once_how_it_went(service, clock, style):
    dialogue, me = await opened(service, style)
    await say(dialogue, me, "interview", "2026-03-03")
    assert "How did your interview" not in await say(dialogue, me, "next")
    clock.set(datetime(2026, 3, 3, 16, 0, tzinfo=UTC))  # midnight after the day, Shanghai
    replies = await dialogue.handle(me, Command("stats"))
    [asked] = [r for r in replies if "How did your interview on 2026-03-03 go?" in texts([r])]
    assert "How did your interview" not in await say(dialogue, me, "stats")  # once
    cmd = style.command("interview")
    assert "has passed: the plan ended" in await say(dialogue, me, "interview")
    if style.buttons:
        assert [(b.label, b.payload) for b in buttons([asked])] == [
            ("Well", "good"), ("So-so", "mixed"), ("Badly", "bad"),
        ]  # fmt: skip
        [bad] = [b for b in buttons([asked]) if b.payload == "bad"]
        toast, noted = await dialogue.handle(me, Press(bad.action, bad.payload))
        assert isinstance(toast, Toast) and toast.text == "Badly"
    else:
        assert f"Type *{cmd} good*, *{cmd} mixed* or *{cmd} bad*." in asked.markdown
        [noted] = await dialogue.handle(me, Command("interview", "bad"))
    assert isinstance(noted, Message)
    assert noted.markdown.startswith("Noted: your interview on 2026-03-03 went badly.")
    user = (await me.register()).user
    async with service.store.unit() as uow:
        assert await uow.interviews.outcome(user.id, date(2026, 3, 3)) == (True, "bad")


async def test_an_unknown_outcome_press_is_refused(service, clock):
    dialogue, me = await opened(service, TELEGRAM)
    await say(dialogue, me, "interview", "2026-03-02")
    clock.set(datetime(2026, 3, 2, 16, 0, tzinfo=UTC))
    refused = texts(await dialogue.handle(me, Press(actions.INTERVIEW_OUTCOME, "great")))
    assert "Answer one of: good, mixed, bad." in refused


async def test_chinese_users_get_chinese_plan_texts(service):
    dialogue, me = await opened(service, TELEGRAM, language="zh-hans")
    plan = await say(dialogue, me, "interview", "2026-03-12")
    assert "**面试日期 2026-03-12**：还有 10 天" in plan and "复习安排：默认 FSRS 参数" in plan
    assert "不是日期" in await say(dialogue, me, "interview", "soon")


async def test_on_the_day_stats_and_plan_wish_good_luck(service):
    dialogue, me = await opened(service, CONSOLE)
    plan = await say(dialogue, me, "interview", "2026-03-02")
    assert "**Interview on 2026-03-02**: today. Good luck!" in plan
    assert "Planned today" not in plan
    assert "Interview today (2026-03-02). Good luck!" in await say(dialogue, me, "stats")

"""The daily question with an interview date: today's plan on top, and after the day, once,
the question how it went with its buttons."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.integration.delivery.conftest import Harness
from tests.integration.delivery.test_daily_schedule import walk


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


async def test_the_daily_question_says_how_many_the_plan_holds_today(harness: Harness):
    harness.clock.set(utc(2026, 3, 2, 8, 0))
    user = await harness.user(1, "UTC", "09:00")
    plan = (await harness.practice.interviews.set_date(user.id, "2026-03-12")).plan
    await walk(harness.service(), harness, utc(2026, 3, 2, 8, 59), utc(2026, 3, 2, 9, 1))
    [message] = harness.fake.sent_to(1)
    assert message.plain.startswith(
        f"{plan.planned_today} due today for your interview in 10 days."
    )
    assert [b["text"] for b in message.buttons] == ["Show answer"]


async def test_after_the_day_the_daily_question_asks_once_how_it_went(harness: Harness):
    harness.clock.set(utc(2026, 3, 2, 8, 0))
    user = await harness.user(1, "UTC", "09:00")
    await harness.practice.interviews.set_date(user.id, "2026-03-02")
    service = harness.service()
    await walk(service, harness, utc(2026, 3, 2, 8, 59), utc(2026, 3, 2, 9, 1))
    on_the_day = harness.fake.sent_to(1)[-1]
    assert on_the_day.plain.startswith("Your interview is today. Good luck!")
    await walk(service, harness, utc(2026, 3, 3, 8, 59), utc(2026, 3, 3, 9, 1))
    after = harness.fake.sent_to(1)[-1]
    assert after.plain.startswith("How did your interview on 2026-03-02 go?")
    assert [(b["text"], b["callback_data"]) for b in after.buttons] == [
        ("Show answer", after.buttons[0]["callback_data"]),
        ("Well", "outcome:good"),
        ("So-so", "outcome:mixed"),
        ("Badly", "outcome:bad"),
    ]
    await walk(service, harness, utc(2026, 3, 4, 8, 59), utc(2026, 3, 4, 9, 1))
    next_day = harness.fake.sent_to(1)[-1]
    assert "interview" not in next_day.plain and len(harness.fake.sent_to(1)) == 3

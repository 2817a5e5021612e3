"""The interview on Telegram over the fake Bot API: the command, and after the day the
question how it went, answered with a button."""

from __future__ import annotations

from datetime import UTC, date, datetime

from bot.domain.clock import ManualClock
from tests.integration.telegram.conftest import RunningBot, assert_no_api_errors
from tests.support.fake_telegram import FakeTelegram


async def test_interview_date_plan_and_outcome_button(
    bot: RunningBot, fake: FakeTelegram, clock: ManualClock
):
    ada = fake.user(1001, "Ada", "en")
    await ada.ask("/start")
    refused = await ada.ask("/interview 2026-13-01")
    assert "'2026-13-01' is not a date: send it as YYYY-MM-DD" in refused.plain
    plan = await ada.ask("/interview 2026-03-04")
    assert "Interview on 2026-03-04: in 2 days" in plan.plain
    assert "Planned today: " in plan.plain and "if you stop today" in plan.plain

    clock.set(datetime(2026, 3, 4, 16, 0, tzinfo=UTC))  # the day after, in Shanghai
    question = await ada.ask("/next")  # the reply, then the question how it went
    assert question.button("Show answer")
    asked = await ada.next_message()
    assert "How did your interview on 2026-03-04 go?" in asked.plain
    assert [b["text"] for b in asked.buttons] == ["Well", "So-so", "Badly"]
    press = await ada.press(asked, "Well")
    assert (await ada.callback_answer(press)).get("text") == "Well"
    noted = await ada.next_message()
    assert "Noted: your interview on 2026-03-04 went well." in noted.plain
    async with bot.service.store.unit() as uow:
        user = await uow.users.find("telegram", "1001")
        assert await uow.interviews.outcome(user.id, date(2026, 3, 4)) == (True, "good")
    assert_no_api_errors(fake)

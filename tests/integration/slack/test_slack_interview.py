"""The interview on Slack: today's plan on the daily question, and after the day the question
how it went, answered by a button that the running app records."""

from __future__ import annotations

from datetime import UTC, date, datetime

from bot.channels.slack import slack_delivery
from bot.domain.clock import ManualClock
from bot.domain.interview_service import DailyInterview
from bot.domain.models import QuestionCard
from tests.integration.slack.conftest import Workspace, assert_no_api_errors
from tests.support.fake_slack import FakeSlack, dm_of


async def test_the_daily_question_says_what_the_plan_holds_today(
    slack: Workspace, fake: FakeSlack
):
    dm = fake.add_user("U1")
    user = (await slack.service.register("slack", "U1", chat_id=dm)).user
    card = await slack.service.next_question(user.id)
    assert isinstance(card, QuestionCard)
    await slack_delivery(slack.settings).send_daily(user, card, None, DailyInterview(12, 3))
    [message] = fake.in_channel(dm_of("U1"))
    assert "3 due today for your interview in 12 days." in message.mrkdwn
    assert [b["text"]["text"] for b in message.buttons] == ["Show answer"]


async def test_after_the_day_the_daily_message_asks_how_it_went(
    slack: Workspace, fake: FakeSlack, clock: ManualClock
):
    dm = fake.add_user("U1")
    user = (await slack.service.register("slack", "U1", chat_id=dm)).user
    await slack.service.interviews.set_date(user.id, "2026-03-02")
    clock.set(datetime(2026, 3, 3, 1, 0, tzinfo=UTC))  # 09:00 the next day in Shanghai
    interview = await slack.service.interviews.daily(user.id)
    assert interview == DailyInterview(ask_outcome=date(2026, 3, 2))
    assert await slack.service.interviews.daily(user.id) is None  # asked once
    card = await slack.service.next_question(user.id)
    await slack_delivery(slack.settings, clock).send_daily(user, card, None, interview)
    [message] = fake.in_channel(dm_of("U1"))
    assert "How did your interview on 2026-03-02 go?" in message.mrkdwn
    labels = [b["text"]["text"] for b in message.buttons]
    assert labels == ["Show answer", "Well", "So-so", "Badly"]

    assert await slack.press("U1", message, "So-so") == 200
    noted = await slack.next_dm("U1", after=1)
    assert "Noted: your interview on 2026-03-02 went so-so." in noted.mrkdwn
    async with slack.service.store.unit() as uow:
        assert await uow.interviews.outcome(user.id, date(2026, 3, 2)) == (True, "mixed")
    assert_no_api_errors(fake)

"""A user's full day on Slack: command, daily push, reveal, rate, stats and the Home tab."""

from __future__ import annotations

import copy
from datetime import UTC, datetime, timedelta

from bot.channels.slack import slack_delivery
from bot.domain.clock import ManualClock
from bot.domain.models import QuestionCard
from tests.integration.slack.conftest import Workspace, assert_no_api_errors
from tests.support.fake_slack import FakeSlack, Message, dm_of


async def test_a_full_day(slack: Workspace, fake: FakeSlack, clock: ManualClock):
    dm = fake.add_user("U1", tz="America/New_York", locale="en-US", name="Ada")

    # First contact: the schedule follows the user's Slack timezone.
    assert await slack.command("U1", "time 08:30") == 200
    welcome = await slack.next_dm("U1", after=0)
    assert "Welcome to drillbot" in welcome.mrkdwn
    assert "America/New_York" in welcome.mrkdwn
    reply = await slack.next_ephemeral("U1", after=0)
    assert "Daily question at 08:30 (America/New_York)" in reply.mrkdwn
    user = await slack.db_user("U1")
    assert user is not None and user.chat_id == dm and user.timezone == "America/New_York"
    assert fake.calls_to("users.info")[0].params["include_locale"] in ("1", "true", True)

    # The push, at 08:30 New York time, through the delivery channel.
    clock.set(datetime(2026, 3, 2, 13, 30, tzinfo=UTC))
    card = await slack.service.next_question(user.id)
    assert isinstance(card, QuestionCard)
    ts = await slack_delivery(slack.settings, clock).send_daily(user, card, None)
    question = await slack.next_dm("U1", after=1)
    assert question.ts == ts
    assert card.question.question in question.mrkdwn
    assert [b["text"]["text"] for b in question.buttons] == ["Show answer"]

    # Reveal: the answer arrives with four ratings; the question keeps no button.
    stale_question = copy.deepcopy(question)
    assert await slack.press("U1", question, "Show answer") == 200
    answer = await slack.next_dm("U1", after=2)
    assert card.question.question in answer.mrkdwn
    assert [b["text"]["text"] for b in answer.buttons] == ["Again", "Hard", "Good", "Easy"]
    await fake.wait_for(lambda: question.edits == 1)
    assert question.buttons == [] and "Answer below." in question.mrkdwn

    # Rate: the answer message itself now shows the choice.
    pressed_answer = copy.deepcopy(answer)
    assert await slack.press("U1", answer, "Good") == 200
    await fake.wait_for(lambda: answer.edits == 1)
    assert answer.buttons == []
    assert "Good — back " in answer.mrkdwn and "Streak: 1 day." in answer.mrkdwn
    assert len(fake.in_channel(dm)) == 3  # no extra message for the rating

    # The same button again: a clear refusal, only for this user.
    assert await slack.press("U1", pressed_answer, "Good") == 200
    refusal = await slack.next_ephemeral("U1", after=1)
    assert "Already rated Good." in refusal.mrkdwn

    # Stats: figures in the DM, the chart uploaded into the DM as a PNG.
    assert await slack.command("U1", "stats") == 200
    stats = await slack.next_dm("U1", after=3)
    assert "Your progress" in stats.mrkdwn and "Reviewed today: 1" in stats.mrkdwn
    await fake.wait_for(lambda: "U1" in fake.home)
    [chart] = fake.files.values()
    assert chart.channel == dm and chart.data is not None and chart.data.startswith(b"\x89PNG")

    # App Home, opened: fresh figures and that chart, without uploading it again.
    publishes = len(fake.calls_to("views.publish"))
    assert await slack.open_home("U1") == 200
    await fake.wait_for(lambda: len(fake.calls_to("views.publish")) > publishes)
    home = fake.home["U1"]
    texts = " ".join(b.get("text", {}).get("text", "") for b in home["blocks"])
    assert "Reviewed today: 1" in texts
    images = [b for b in home["blocks"] if b["type"] == "image"]
    assert [i["slack_file"]["id"] for i in images] == [chart.id]
    assert chart.permalink in str(home["blocks"])
    assert len(fake.files) == 1

    # Next day: yesterday's button answers clearly instead of acting.
    clock.advance(timedelta(days=1))
    assert await slack.command("U1", "next") == 200
    await slack.next_dm("U1", after=4)
    assert await slack.press("U1", stale_question, "Show answer") == 200
    refusal = await slack.next_ephemeral("U1", after=2)
    assert "older question" in refusal.mrkdwn
    assert_no_api_errors(fake)


async def test_home_redraws_the_chart_after_new_reviews(slack: Workspace, fake: FakeSlack):
    fake.add_user("U1")
    await _answer_one(slack, fake, "U1", "Easy")
    assert await slack.open_home("U1") == 200
    await fake.wait_for(lambda: _home_image("U1", fake))
    first = next(iter(fake.files))

    await _answer_one(slack, fake, "U1", "Hard")
    assert await slack.open_home("U1") == 200
    await fake.wait_for(lambda: len(fake.files) == 2 and _home_image("U1", fake) != first)
    assert "Reviewed today: 2" in str(fake.home["U1"]["blocks"])
    assert_no_api_errors(fake)


async def test_slack_locale_picks_chinese(slack: Workspace, fake: FakeSlack):
    fake.add_user("U2", tz="Asia/Shanghai", locale="zh-CN", name="Li")
    assert await slack.command("U2", "next") == 200
    welcome = await slack.next_dm("U2", after=0)
    assert "欢迎使用 drillbot" in welcome.mrkdwn
    question = await slack.next_dm("U2", after=1)
    assert question.button("显示答案")
    assert await slack.press("U2", question, "显示答案") == 200
    answer = await slack.next_dm("U2", after=2)
    assert [b["text"]["text"] for b in answer.buttons] == ["忘了", "困难", "良好", "简单"]


async def _answer_one(slack: Workspace, fake: FakeSlack, user: str, rating: str) -> None:
    """/drill next in the DM, reveal the answer, rate it."""
    dm = dm_of(user)
    question = await _after(fake, dm, "Show answer", slack.command(user, "next"))
    answer = await _after(fake, dm, rating, slack.press(user, question, "Show answer"))
    assert await slack.press(user, answer, rating) == 200
    await fake.wait_for(lambda: answer.edits == 1)


async def _after(fake: FakeSlack, channel: str, label: str, request) -> Message:
    """The first new message in `channel` with a `label` button once `request` was made."""
    before = len(fake.in_channel(channel))
    assert await request == 200

    def arrived() -> Message | None:
        new = fake.in_channel(channel)[before:]
        return next((m for m in new if any(label in b["text"]["text"] for b in m.buttons)), None)

    return await fake.wait_for(arrived)


def _home_image(user: str, fake: FakeSlack) -> str | None:
    for block in fake.home.get(user, {}).get("blocks", []):
        if block["type"] == "image":
            return block["slack_file"]["id"]
    return None

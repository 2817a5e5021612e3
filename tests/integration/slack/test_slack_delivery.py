"""The daily push through SlackDelivery: what arrives, and how failures reach the queue."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.channels.slack import slack_delivery
from bot.delivery.ports import RecipientGone, RetryLater, TransientFailure
from bot.domain.clock import ManualClock
from bot.domain.models import NothingDue, QuestionCard, User
from tests.integration.slack.conftest import Workspace, assert_no_api_errors
from tests.support.fake_slack import FakeSlack, SlackError, dm_of


async def _registered(
    slack: Workspace, fake: FakeSlack, slack_id: str, locale: str = "en-US"
) -> User:
    dm = fake.add_user(slack_id, locale=locale)
    registration = await slack.service.register("slack", slack_id, chat_id=dm, language=locale)
    return registration.user


async def _card(slack: Workspace, user: User) -> QuestionCard:
    card = await slack.service.next_question(user.id)
    assert isinstance(card, QuestionCard)
    return card


async def test_the_daily_question_arrives_as_a_dm_with_its_button(
    slack: Workspace, fake: FakeSlack
):
    user = await _registered(slack, fake, "U1")
    card = await _card(slack, user)
    ts = await slack_delivery(slack.settings).send_daily(user, card, None)
    [message] = fake.in_channel(dm_of("U1"))
    assert message.ts == ts and card.question.question in message.mrkdwn
    assert message.button("Show answer")["value"] == card.question.id
    assert card.question.question in message.text  # the notification names the question

    # The button works through the running app like any other.
    assert await slack.press("U1", message, "Show answer") == 200
    answer = await slack.next_dm("U1", after=1)
    assert answer.button("Good")
    assert_no_api_errors(fake)


async def test_an_unrated_question_from_yesterday_is_mentioned(
    slack: Workspace, fake: FakeSlack, clock: ManualClock
):
    user = await _registered(slack, fake, "U1", locale="zh-CN")
    yesterday = await _card(slack, user)
    clock.advance(timedelta(days=1))
    today = await _card(slack, user)
    await slack_delivery(slack.settings).send_daily(user, today, yesterday.question)
    [message] = fake.in_channel(dm_of("U1"))
    assert (
        "昨天的题目还没有评分" in message.mrkdwn and yesterday.question.question in message.mrkdwn
    )
    assert message.button("显示答案")["value"] == today.question.id


async def test_nothing_due_is_a_short_note(slack: Workspace, fake: FakeSlack, clock: ManualClock):
    user = await _registered(slack, fake, "U1")
    nothing = NothingDue(
        next_due=clock.now() + timedelta(days=1), reviewed_today=3, can_practise_more=False
    )
    await slack_delivery(slack.settings, clock).send_daily(user, nothing, None)
    [message] = fake.in_channel(dm_of("U1"))
    assert "Nothing is due right now — 3 reviewed today." in message.mrkdwn
    assert "Next review: tomorrow" in message.mrkdwn and not message.buttons


async def test_a_429_becomes_retry_later_without_a_hidden_resend(slack: Workspace, fake: FakeSlack):
    user = await _registered(slack, fake, "U1")
    card = await _card(slack, user)
    fake.fail_next("chat.postMessage", SlackError("ratelimited", 429, retry_after=7))
    with pytest.raises(RetryLater) as raised:
        await slack_delivery(slack.settings).send_daily(user, card, None)
    assert raised.value.retry_after == 7
    assert len(fake.calls_to("chat.postMessage")) == 1 and fake.messages == []


async def test_a_user_who_left_is_gone(slack: Workspace, fake: FakeSlack):
    user = await _registered(slack, fake, "U1")
    card = await _card(slack, user)
    fake.users["U1"]["deleted"] = True
    with pytest.raises(RecipientGone):
        await slack_delivery(slack.settings).send_daily(user, card, None)


async def test_a_server_error_is_transient(slack: Workspace, fake: FakeSlack):
    user = await _registered(slack, fake, "U1")
    card = await _card(slack, user)
    fake.fail_next("chat.postMessage", SlackError("internal_error", 500))
    with pytest.raises(TransientFailure):
        await slack_delivery(slack.settings).send_daily(user, card, None)
    assert len(fake.calls_to("chat.postMessage")) == 1

"""Rows prepared together (one transaction for many users) carry what each user's own state
says: yesterday's unanswered question, the question still open, a fresh pick recorded as the
user's current question."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.domain.models import QuestionCard
from tests.integration.delivery.conftest import Harness

pytestmark = pytest.mark.both_databases

YESTERDAY = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
TODAY = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


async def test_each_user_of_a_batch_gets_their_own_question_and_missed_one(harness: Harness):
    harness.clock.set(YESTERDAY.replace(hour=8))
    left_open, rated, fresh = [await harness.user(n, "UTC", "09:00") for n in (1, 2, 3)]
    harness.clock.set(YESTERDAY.replace(hour=10))
    asked_open = await harness.practice.next_question(left_open.id)
    asked_rated = await harness.practice.next_question(rated.id)
    assert isinstance(asked_open, QuestionCard) and isinstance(asked_rated, QuestionCard)
    await harness.practice.rate(rated.id, 3)

    harness.clock.set(TODAY)
    report = await harness.service().run_due()

    assert (report.users, report.sent) == (3, 3)
    [to_open] = harness.channel.to(left_open.id)
    [to_rated] = harness.channel.to(rated.id)
    [to_fresh] = harness.channel.to(fresh.id)
    # Unanswered yesterday: named as missed, and still the open question.
    assert to_open.missed == asked_open.question.id
    assert to_open.question_id == asked_open.question.id
    # Rated yesterday: nothing missed, and a question other than the one rated.
    assert to_rated.missed is None
    assert to_rated.question_id not in (None, asked_rated.question.id)
    assert to_fresh.missed is None and to_fresh.question_id is not None
    # Each pick is the user's current question: revealing it answers what was sent.
    for user, sent in ((rated, to_rated), (fresh, to_fresh)):
        current = await harness.practice.current(user.id)
        assert current is not None and current.question.id == sent.question_id

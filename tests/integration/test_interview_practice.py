"""The practice service with an interview plan and fitted FSRS parameters: ratings, stats and
the daily note use them."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot.domain.fsrs_scheduler import MemoryModel
from bot.domain.interview_service import DailyInterview
from bot.domain.models import Rating
from bot.render.messages import stats_md
from tests.integration.test_interview import add_history, new_user
from tests.support.synthetic_learner import review_history

pytestmark = pytest.mark.both_databases


async def test_ratings_and_stats_use_the_users_fitted_parameters(service, clock):
    user = await new_user(service)
    await add_history(service.store, user.id, review_history(40, 30, scale=0.3))
    fitted = await service.interviews.fit(user.id)
    assert fitted.in_use
    card = await service.next_question(user.id)
    result = await service.rate(user.id, Rating.GOOD)
    personal = MemoryModel(0.9, fitted.parameters)
    expected = personal.review(personal.new_card(card.question.id, clock.now()), Rating.GOOD,
                               clock.now()).due  # fmt: skip
    default = MemoryModel(0.9)
    by_default = default.review(default.new_card("", clock.now()), Rating.GOOD, clock.now()).due
    assert result.next_due == expected and expected != by_default
    stats = await service.stats(user.id)
    assert stats.personal_parameters and stats.interview is None
    assert "Schedule: FSRS parameters fitted to your reviews" in stats_md(stats, "en")


async def test_the_daily_note_follows_the_plan_then_asks_once(service, clock):
    user = await new_user(service)
    assert await service.interviews.daily(user.id) is None
    status = await service.interviews.set_date(user.id, "2026-03-06")
    assert await service.interviews.daily(user.id) == DailyInterview(4, status.plan.planned_today)
    clock.set(datetime(2026, 3, 6, 16, 0, tzinfo=UTC))  # 7 March in Shanghai
    assert await service.interviews.daily(user.id) == DailyInterview(ask_outcome=date(2026, 3, 6))
    assert await service.interviews.daily(user.id) is None

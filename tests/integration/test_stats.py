"""Engine stats: figures, timezone boundaries, the empty case."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from bot.domain.models import Rating

pytestmark = pytest.mark.both_databases


async def practise_one(service, user_id, rating=Rating.GOOD):
    card = await service.next_question(user_id, more=True)
    await service.rate(user_id, rating)
    return card.question.id


async def test_new_user_has_empty_stats(service):
    user = (await service.register("telegram", "1")).user
    stats = await service.stats(user.id)
    assert stats.is_empty and stats.current_streak == 0 and stats.retention_30d is None
    assert stats.total_questions == 5 and stats.seen_questions == 0
    assert sum(t.new for t in stats.topics) == 5
    assert len(stats.activity) == 112 and stats.activity[-1].day == stats.today


async def test_reviews_count_on_the_users_local_day(service, clock):
    user = (await service.register("telegram", "1")).user
    await service.set_timezone(user.id, "America/New_York")
    # 23:30 on March 1st in New York is already March 2nd in UTC.
    clock.set(datetime(2026, 3, 2, 4, 30, tzinfo=UTC))
    await practise_one(service, user.id)
    clock.set(datetime(2026, 3, 2, 5, 30, tzinfo=UTC))  # 00:30 on March 2nd in New York
    await practise_one(service, user.id, Rating.AGAIN)
    stats = await service.stats(user.id)
    assert stats.today == date(2026, 3, 2)
    by_day = {a.day: a for a in stats.activity if a.total}
    assert by_day[date(2026, 3, 1)].good == 1 and by_day[date(2026, 3, 2)].again == 1
    assert (stats.current_streak, stats.best_streak) == (2, 2)
    assert stats.reviewed_today == 1 and stats.reviewed_this_week == 2
    assert stats.retention_30d == 0.5


async def test_forecast_topics_and_weakest_agree_with_the_reviews(make_service, clock):
    service = make_service(max_new_per_day=10)
    user = (await service.register("telegram", "1")).user
    ratings = [Rating.AGAIN, Rating.HARD, Rating.GOOD, Rating.EASY, Rating.GOOD]
    rated = {await practise_one(service, user.id, r): r for r in ratings}
    stats = await service.stats(user.id)
    assert stats.total_reviews == 5 and stats.seen_questions == 5
    assert sum(n for _d, n in stats.forecast) == 5  # every card falls due within 14 days
    assert stats.due_today == stats.forecast[0][1] and stats.due_tomorrow == stats.forecast[1][1]
    assert sum(t.reviews for t in stats.topics) == 5
    weakest = stats.weakest[0]
    assert rated[weakest.question.id] == Rating.AGAIN and weakest.last_rating == Rating.AGAIN
    clock.advance(timedelta(days=60))
    later = await service.stats(user.id)
    assert later.due_today == 5 and later.current_streak == 0 and later.best_streak == 1
    assert all(t.mastered == 0 for t in later.topics)  # two months on, recall has faded

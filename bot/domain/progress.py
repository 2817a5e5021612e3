"""A user's progress: streaks, reviews, retention, mastery per topic, the weakest questions."""

from __future__ import annotations

from datetime import timedelta

from bot.domain.base import ServiceBase
from bot.domain.models import Stats
from bot.domain.push_time import day_start, local_today
from bot.domain.stats import ReviewSummary, build_stats

CHART_WEEKS = 16


class Progress(ServiceBase):
    async def stats(self, user_id: int) -> Stats:
        now = self.clock.now()
        async with self.store.unit() as uow:
            user = await self._user(uow, user_id)
            today = local_today(now, user.timezone)
            cards = await uow.cards.for_user(user_id)
            review_days = await uow.reviews.review_days(user_id)
            daily = await uow.reviews.daily_counts(user_id, today - timedelta(weeks=CHART_WEEKS))
            per_question = {
                qid: ReviewSummary(n, avg, last)
                for qid, n, avg, last in await uow.reviews.per_question(user_id)
            }
        return build_stats(
            today=today,
            timezone=user.timezone,
            questions=self._ordered,
            topics=self.corpus.topics,
            cards=cards,
            review_days=review_days,
            daily=daily,
            per_question=per_question,
            day_start=lambda d: day_start(d, user.timezone),
            now=now,
            retrievability=self.memory.retrievability,
        )

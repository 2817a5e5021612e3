"""Progress figures computed from a user's cards and review history (pure functions)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from bot.domain.models import (
    CardState,
    DayActivity,
    Question,
    Rating,
    Stats,
    Topic,
    TopicStats,
    WeakQuestion,
)

ACTIVITY_DAYS = 16 * 7
FORECAST_DAYS = 14
RETENTION_DAYS = 30
MASTERED_RETRIEVABILITY = 0.9
WEAKEST_COUNT = 3


@dataclass(frozen=True)
class ReviewSummary:
    """Per-question aggregate of the review log."""

    reviews: int
    average_rating: float
    last_rating: int


def streaks(days: Sequence[date], today: date) -> tuple[int, int]:
    """(current, best) runs of consecutive review days; today without reviews yet keeps it alive."""
    best = run = 0
    previous: date | None = None
    for day in sorted(set(days)):
        run = run + 1 if previous is not None and day - previous == timedelta(days=1) else 1
        best = max(best, run)
        previous = day
    if previous is None or (today - previous).days > 1:
        return 0, best
    return run, best


def weakest_cards(
    cards: Iterable[CardState],
    now: datetime,
    retrievability: Callable[[CardState, datetime], float],
    limit: int = WEAKEST_COUNT,
) -> list[CardState]:
    """The reviewed cards a user is likeliest to fail: lowest predicted recall now, then most
    lapses, then the fastest forgetting. FSRS counts elapsed time in whole days, so every card
    reviewed today reads 100%; its stability is what tells an Again from an Easy."""

    def weakness(card: CardState) -> tuple[float, int, float, str]:
        recall = round(retrievability(card, now), 2)  # whole percents: what the user is shown
        return recall, -card.lapses, card.stability or 0.0, card.question_id

    return sorted((c for c in cards if c.last_review is not None), key=weakness)[:limit]


def build_stats(
    *,
    today: date,
    timezone: str,
    questions: Sequence[Question],
    topics: dict[str, Topic],
    cards: Iterable[CardState],
    review_days: Sequence[date],
    daily: Iterable[tuple[date, int, int]],
    per_question: dict[str, ReviewSummary],
    day_start: Callable[[date], datetime],
    now: datetime,
    retrievability: Callable[[CardState, datetime], float],
) -> Stats:
    """Assemble Stats. `day_start(d)` is the UTC instant local day `d` begins."""
    by_id = {q.id: q for q in questions}
    cards = [c for c in cards if c.question_id in by_id]
    recall = {c.question_id: retrievability(c, now) for c in cards}

    by_day: dict[date, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for day, rating, count in daily:
        by_day[day][rating - 1] += count
    first_day = today - timedelta(days=ACTIVITY_DAYS - 1)
    activity = tuple(
        DayActivity(d, *by_day.get(d, (0, 0, 0, 0)))
        for d in (first_day + timedelta(days=i) for i in range(ACTIVITY_DAYS))
    )
    recent = [a for a in activity if a.day > today - timedelta(days=RETENTION_DAYS)]
    recent_total = sum(a.total for a in recent)
    retention = sum(a.total - a.again for a in recent) / recent_total if recent_total else None

    boundaries = [day_start(today + timedelta(days=i)) for i in range(1, FORECAST_DAYS + 1)]
    forecast_counts = [0] * FORECAST_DAYS
    for card in cards:
        for i, end in enumerate(boundaries):
            if card.due < end:
                forecast_counts[i] += 1
                break
    forecast = tuple((today + timedelta(days=i), n) for i, n in enumerate(forecast_counts))

    topic_rows = []
    by_topic: dict[str, list[Question]] = defaultdict(list)
    for q in questions:
        by_topic[q.topic].append(q)
    for topic_id, items in by_topic.items():
        ids = [q.id for q in items]
        seen = [i for i in ids if i in recall]
        summaries = [per_question[i] for i in ids if i in per_question]
        reviews = sum(s.reviews for s in summaries)
        topic_rows.append(
            TopicStats(
                topic=topics.get(topic_id) or Topic(topic_id, topic_id),
                questions=len(items),
                seen=len(seen),
                new=len(items) - len(seen),
                mastered=sum(1 for i in seen if recall[i] >= MASTERED_RETRIEVABILITY),
                reviews=reviews,
                average_rating=(
                    sum(s.average_rating * s.reviews for s in summaries) / reviews
                    if reviews
                    else None
                ),
            )
        )
    topic_rows.sort(key=lambda t: (-t.reviews, t.topic.id))

    weakest = weakest_cards(cards, now, retrievability)
    current, best = streaks(review_days, today)
    return Stats(
        today=today,
        timezone=timezone,
        total_questions=len(questions),
        seen_questions=len(cards),
        total_reviews=sum(s.reviews for s in per_question.values()),
        reviewed_today=activity[-1].total,
        reviewed_this_week=sum(a.total for a in activity[-7:]),
        current_streak=current,
        best_streak=best,
        retention_30d=retention,
        due_today=forecast_counts[0],
        due_tomorrow=forecast_counts[1],
        forecast=forecast,
        topics=tuple(topic_rows),
        weakest=tuple(
            WeakQuestion(
                by_id[c.question_id],
                recall[c.question_id],
                c.lapses,
                Rating(per_question[c.question_id].last_rating)
                if c.question_id in per_question
                else None,
            )
            for c in weakest
        ),
        activity=activity,
    )

"""The numbers the stats chart draws, derived from engine Stats only.

Kept free of matplotlib so tests can check that the picture shows exactly the
engine's numbers, and so the renderer holds no arithmetic of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from bot.domain.models import DayActivity, InterviewOutlook, Stats, TopicStats

HEATMAP_DAYS = 112  # 16 weeks
MAX_TOPICS = 7  # more rows would not stay legible on a phone


@dataclass(frozen=True, slots=True)
class Heatmap:
    """Reviews per local day laid out as weekday rows (Monday first) by week columns."""

    week_starts: tuple[date, ...]  # the Monday of each column, oldest first
    cells: tuple[tuple[int | None, ...], ...]  # [weekday][week]; None outside the window

    @property
    def total(self) -> int:
        return sum(count for row in self.cells for count in row if count)

    @property
    def busiest_day(self) -> int:
        return max((count for row in self.cells for count in row if count), default=0)


@dataclass(frozen=True, slots=True)
class TopicBar:
    label: str
    questions: int
    seen: int
    new: int
    mastered: int
    mastery: float  # share of the topic's questions mastered, 0..1


@dataclass(frozen=True, slots=True)
class WeekMix:
    """Ratings given in one heatmap week."""

    week_start: date
    again: int
    hard: int
    good: int
    easy: int

    @property
    def total(self) -> int:
        return self.again + self.hard + self.good + self.easy


@dataclass(frozen=True, slots=True)
class Headline:
    current_streak: int
    best_streak: int
    total_reviews: int
    reviewed_this_week: int
    retention_30d: float | None
    due_today: int
    seen_questions: int
    total_questions: int


@dataclass(frozen=True, slots=True)
class ChartData:
    today: date
    timezone: str
    headline: Headline
    heatmap: Heatmap
    topics: tuple[TopicBar, ...]
    hidden_topics: int  # topics left out to keep the chart legible
    rating_mix: tuple[WeekMix, ...]  # one per heatmap week, oldest first
    forecast: tuple[tuple[date, int], ...]  # next 14 local days, today first
    interview: InterviewOutlook | None = None  # the countdown, today's plan, the projection
    personal_parameters: bool = False  # FSRS parameters fitted to the user


def chart_data(stats: Stats, language: str | None = None) -> ChartData:
    heatmap = _heatmap(stats.today, stats.activity)
    topics, hidden = _topic_bars(stats.topics, language)
    return ChartData(
        today=stats.today,
        timezone=stats.timezone,
        headline=Headline(
            current_streak=stats.current_streak,
            best_streak=stats.best_streak,
            total_reviews=stats.total_reviews,
            reviewed_this_week=stats.reviewed_this_week,
            retention_30d=stats.retention_30d,
            due_today=stats.due_today,
            seen_questions=stats.seen_questions,
            total_questions=stats.total_questions,
        ),
        heatmap=heatmap,
        topics=topics,
        hidden_topics=hidden,
        rating_mix=_rating_mix(heatmap.week_starts, stats.activity),
        forecast=tuple(stats.forecast),
        interview=stats.interview,
        personal_parameters=stats.personal_parameters,
    )


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _window_start(today: date, activity: tuple[DayActivity, ...]) -> date:
    # Always show the full 16 weeks so a new user sees room to grow, but never
    # drop a day the engine reported.
    earliest = today - timedelta(days=HEATMAP_DAYS - 1)
    return min([earliest, *(entry.day for entry in activity)])


def _heatmap(today: date, activity: tuple[DayActivity, ...]) -> Heatmap:
    first_day = _window_start(today, activity)
    last_day = max([today, *(entry.day for entry in activity)])
    first_monday = _monday(first_day)
    weeks = (_monday(last_day) - first_monday).days // 7 + 1
    week_starts = tuple(first_monday + timedelta(weeks=i) for i in range(weeks))

    per_day: dict[date, int] = {}
    for entry in activity:
        per_day[entry.day] = per_day.get(entry.day, 0) + entry.total

    cells = tuple(
        tuple(
            per_day.get(day, 0) if first_day <= day <= last_day else None
            for day in (monday + timedelta(days=weekday) for monday in week_starts)
        )
        for weekday in range(7)
    )
    return Heatmap(week_starts=week_starts, cells=cells)


def _topic_bars(
    topics: tuple[TopicStats, ...], language: str | None
) -> tuple[tuple[TopicBar, ...], int]:
    shown = topics
    if len(topics) > MAX_TOPICS:
        # Keep the biggest topics, in the engine's order.
        biggest = sorted(topics, key=lambda topic: topic.questions, reverse=True)[:MAX_TOPICS]
        keep = {id(topic) for topic in biggest}
        shown = tuple(topic for topic in topics if id(topic) in keep)
    bars = tuple(
        TopicBar(
            label=topic.topic.label(language),
            questions=topic.questions,
            seen=topic.seen,
            new=topic.new,
            mastered=topic.mastered,
            mastery=topic.mastery,
        )
        for topic in shown
    )
    return bars, len(topics) - len(shown)


def _rating_mix(
    week_starts: tuple[date, ...], activity: tuple[DayActivity, ...]
) -> tuple[WeekMix, ...]:
    sums = {monday: [0, 0, 0, 0] for monday in week_starts}
    for entry in activity:
        counts = sums[_monday(entry.day)]  # the heatmap window covers every reported day
        counts[0] += entry.again
        counts[1] += entry.hard
        counts[2] += entry.good
        counts[3] += entry.easy
    return tuple(WeekMix(monday, *sums[monday]) for monday in week_starts)

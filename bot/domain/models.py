"""Plain value objects passed between the engine, the store and the channels."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import IntEnum


class Rating(IntEnum):
    """Self-score, numbered as users type it (1-4) and as FSRS counts it."""

    AGAIN = 1
    HARD = 2
    GOOD = 3
    EASY = 4


# ---------------------------------------------------------------- corpus


@dataclass(frozen=True, slots=True)
class Source:
    file: str
    heading: str | None = None


@dataclass(frozen=True, slots=True)
class Question:
    id: str
    deck_id: str
    question: str
    answer: str | None  # Markdown; None when the notes give no reference answer
    topic: str
    key_points: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    source: Source | None = None
    related: tuple[str, ...] = ()
    context: str | None = None  # what the question belongs to, e.g. its project "P3 · …"

    @property
    def has_answer(self) -> bool:
        return bool(self.answer and self.answer.strip())


@dataclass(frozen=True, slots=True)
class Deck:
    id: str
    title: str
    questions: tuple[Question, ...]
    path: str = ""


@dataclass(frozen=True, slots=True)
class Topic:
    id: str
    title: str
    title_zh: str | None = None

    def label(self, language: str | None = None) -> str:
        if language and language.startswith("zh") and self.title_zh:
            return self.title_zh
        return self.title


# ---------------------------------------------------------------- users and state


@dataclass(frozen=True, slots=True)
class User:
    id: int
    channel: str  # "telegram", "slack", "console"
    external_id: str
    chat_id: str | None
    timezone: str
    push_time: str  # "HH:MM", local to `timezone`
    paused: bool
    active: bool
    language: str | None
    topics: tuple[str, ...] | None  # None: every topic
    created_at: datetime
    display_name: str | None = None
    next_push_at: datetime | None = None  # UTC instant of the next daily push
    open_questions: bool = True  # may be asked questions the notes give no reference for


@dataclass(frozen=True, slots=True)
class CardState:
    """FSRS memory state of one question for one user."""

    question_id: str
    state: int  # fsrs.State value
    step: int | None
    stability: float | None
    difficulty: float | None
    due: datetime
    last_review: datetime | None
    reps: int = 0
    lapses: int = 0


@dataclass(frozen=True, slots=True)
class Presentation:
    """A question shown to a user on one local day."""

    question_id: str
    local_date: date
    shown_at: datetime
    revealed: bool
    rating: Rating | None
    was_new: bool
    skipped: bool = False  # moved past on purpose: done for the day, like a rated one

    @property
    def done(self) -> bool:
        """Rated or skipped: no longer open, and counted against the day's new questions."""
        return self.rating is not None or self.skipped


# ---------------------------------------------------------------- engine results


@dataclass(frozen=True, slots=True)
class QuestionCard:
    """What a channel shows when asking a question."""

    question: Question
    is_new: bool
    due_since: datetime | None  # for reviews: when it fell due
    repeated: bool = False  # asked again today at the user's request
    new_left_today: int = 0
    due_left_today: int = 0
    topic: Topic | None = None
    resumed: bool = False  # shown before and still open (neither rated nor skipped)


@dataclass(frozen=True, slots=True)
class NothingDue:
    """No question is due and the new-per-day cap is used up."""

    next_due: datetime | None
    reviewed_today: int
    can_practise_more: bool


@dataclass(frozen=True, slots=True)
class AnswerCard:
    question: Question
    already_rated: Rating | None = None
    already_revealed: bool = False  # the answer was shown before (e.g. a second tap)


@dataclass(frozen=True, slots=True)
class RatingResult:
    question: Question
    rating: Rating
    next_due: datetime  # UTC
    interval_days: int
    streak: int
    reviewed_today: int


@dataclass(frozen=True, slots=True)
class Registration:
    user: User
    created: bool
    reactivated: bool = False


@dataclass(frozen=True, slots=True)
class SearchHit:
    question: Question
    score: float


# ---------------------------------------------------------------- stats


@dataclass(frozen=True, slots=True)
class TopicStats:
    topic: Topic
    questions: int  # questions of this topic in the corpus (after the user's filter)
    seen: int
    new: int  # never seen
    mastered: int  # seen and retrievability >= 0.9 now
    reviews: int
    average_rating: float | None

    @property
    def mastery(self) -> float:
        return self.mastered / self.questions if self.questions else 0.0


@dataclass(frozen=True, slots=True)
class DayActivity:
    """Reviews on one local day, by rating."""

    day: date
    again: int = 0
    hard: int = 0
    good: int = 0
    easy: int = 0

    @property
    def total(self) -> int:
        return self.again + self.hard + self.good + self.easy


@dataclass(frozen=True, slots=True)
class WeakQuestion:
    question: Question
    retrievability: float
    lapses: int
    last_rating: Rating | None


@dataclass(frozen=True, slots=True)
class Stats:
    today: date  # the user's local date
    timezone: str
    total_questions: int
    seen_questions: int
    total_reviews: int
    reviewed_today: int
    reviewed_this_week: int  # last 7 local days including today
    current_streak: int
    best_streak: int
    retention_30d: float | None  # share of reviews rated Hard or better, last 30 days
    due_today: int
    due_tomorrow: int
    forecast: tuple[
        tuple[date, int], ...
    ]  # next 14 local days, today first (today includes overdue)
    topics: tuple[TopicStats, ...]
    weakest: tuple[WeakQuestion, ...]
    activity: tuple[DayActivity, ...] = field(default=())  # last 112 local days, oldest first

    @property
    def is_empty(self) -> bool:
        return self.total_reviews == 0

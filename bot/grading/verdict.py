"""What grading an answer produces: plain values the dialogue renders, free of library types."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from bot.domain.models import Rating


class GraderKind(StrEnum):
    OFFLINE = "offline"
    LLM = "llm"
    NONE = "none"  # nothing to grade against: no reference answer and no key points


@dataclass(frozen=True, slots=True)
class Grade:
    """One grader's judgement of one answer text."""

    covered: tuple[str, ...]  # key points the answer made, quoted from the reference
    missed: tuple[str, ...]  # key points it left out, quoted from the reference
    comment: str  # one paragraph for the user
    score: float  # 0.0 (nothing right) .. 1.0 (everything)
    suggested: Rating
    grader: GraderKind


@dataclass(frozen=True, slots=True)
class Verdict:
    """The reply to an answer: the grade of everything the user said so far for this question."""

    question_id: str
    attempt_id: int
    answer: str  # all parts of the answer, joined
    parts: int  # how many messages made the answer
    covered: tuple[str, ...]
    missed: tuple[str, ...]
    comment: str
    score: float | None  # None when the question cannot be graded
    suggested: Rating | None  # preselect on the rating buttons; never rates by itself
    grader: GraderKind
    notice: str | None = None  # one line: why the configured model was not used
    graded_against_own_answer: bool = False  # the user's own saved answer was the reference

    @property
    def gradable(self) -> bool:
        return self.suggested is not None

    @property
    def can_keep_as_own(self) -> bool:
        """Nothing to grade against: offer to keep this answer as the user's own reference."""
        return self.grader is GraderKind.NONE


class AnswerSource(StrEnum):
    TEXT = "text"
    VOICE = "voice"
    MIXED = "mixed"  # typed and spoken parts

    def joined(self, other: AnswerSource) -> AnswerSource:
        return self if self is other else AnswerSource.MIXED


@dataclass(frozen=True, slots=True)
class Attempt:
    """One answer as stored: every part the user sent for a question before rating it."""

    id: int
    question_id: str
    answer: str
    parts: int
    source: AnswerSource
    grader: GraderKind
    score: float | None
    covered: tuple[str, ...]
    missed: tuple[str, ...]
    suggested: Rating | None
    chosen: Rating | None
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class AgreementStats:
    """How the user's own ratings compare with the suggestions, and how often they answered."""

    answered: int  # ratings given after answering
    just_revealed: int  # ratings given without answering first
    compared: int  # answered ratings that had a suggestion
    agreed: int  # rated exactly as suggested
    rated_higher: int  # rated above the suggestion
    rated_lower: int

    @property
    def agreement(self) -> float | None:
        return self.agreed / self.compared if self.compared else None


@dataclass(frozen=True, slots=True)
class OwnAnswer:
    question_id: str
    text: str


def rating_for_score(score: float, *, complete: bool) -> Rating:
    """The suggestion for a coverage score; Easy needs every key point."""
    if score < AGAIN_BELOW:
        return Rating.AGAIN
    if score < HARD_BELOW:
        return Rating.HARD
    if complete and score >= EASY_FROM:
        return Rating.EASY
    return Rating.GOOD


# Bands of the coverage score, set once on the whole evaluation set (bench/grading_bench.py).
AGAIN_BELOW = 0.25
HARD_BELOW = 0.7
EASY_FROM = 0.9

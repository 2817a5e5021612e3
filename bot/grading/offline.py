"""The offline grader: how much of each key point an answer makes, without network or models.

A key point is covered when enough of its informative units (technical terms and Chinese words,
weighted by how rare they are in the corpus) occur in the answer. Words the question itself
contains count less: repeating the question proves nothing. Deterministic, a few milliseconds.
"""

from __future__ import annotations

import math
import threading
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from bot.domain.models import Question
from bot.grading.comment import write_comment
from bot.grading.key_points import key_points
from bot.grading.text_units import compact, units
from bot.grading.verdict import Grade, GraderKind, rating_for_score

COVERED_AT = 0.5  # share of a point's weight an answer must make for the point to count
HALF_AT = 0.3  # ... to count half
FEW_POINTS = 5  # a full answer makes all of up to this many points...
LONG_LIST_SHARE = 1 / 3  # ... and this share of a longer list (spoken answers are short)
POINTS_SHARE = 0.5  # the rest of the score is the coverage of the whole reference answer
UNITS_PER_POINT = 5  # making this many of a long point's units makes the point
UNITS_PER_ANSWER = 20  # ... and of the whole reference, all of it
QUESTION_WORD_WEIGHT = 0.25
TYPO_SCORE = 85  # rapidfuzz ratio for a misspelt term (Megatorn, Deepspeeed)
WORD_PART_SCORE = 66  # partial_ratio for a Chinese word partly present (激活检查点 ~ 检查点)


@dataclass(frozen=True, slots=True)
class _Point:
    text: str
    units: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class _Reference:
    points: tuple[_Point, ...]
    salient: tuple[str, ...]  # every unit of the reference answer and key points
    question_units: frozenset[str]


def _points_expected(available: int) -> int:
    """How many points make a full answer: all of a short list, a share of a long one."""
    if available <= FEW_POINTS:
        return available
    return max(FEW_POINTS, math.ceil(available * LONG_LIST_SHARE))


class _Answer:
    def __init__(self, text: str) -> None:
        self.compact = compact(text)
        found = units(text)
        self.terms = frozenset(found.terms)
        self.term_list = sorted(self.terms)

    def found(self, unit: str) -> float:
        """1 when the unit occurs, a part for a near miss, else 0."""
        if unit.isascii():
            if len(unit) <= 3:  # short terms (KL, RM, TP) only as whole terms
                return 1.0 if unit in self.terms else 0.0
            if unit in self.compact:
                return 1.0
            typo = process.extractOne(
                unit, self.term_list, scorer=fuzz.ratio, score_cutoff=TYPO_SCORE
            )
            return 0.75 if typo else 0.0
        if unit in self.compact:
            return 1.0
        if len(unit) >= 3 and fuzz.partial_ratio(unit, self.compact) >= WORD_PART_SCORE:
            return 0.5
        return 0.0


class OfflineGrader:
    """Grades against the corpus; `prepare()` segments it once (about a second, off the loop)."""

    def __init__(self, questions: Iterable[Question]) -> None:
        self._questions = {q.id: q for q in questions}
        self._idf: dict[str, float] = {}
        self._documents = 0
        self._references: dict[str, _Reference] = {}
        self._lock = threading.Lock()
        self._prepared = False

    def prepare(self) -> None:
        with self._lock:
            if self._prepared:
                return
            frequency: Counter[str] = Counter()
            for question in self._questions.values():
                text = "\n".join([question.question, question.answer or "", *question.key_points])
                frequency.update(set(units(text).all))
            self._documents = len(self._questions)
            self._idf = {u: self._idf_of(n) for u, n in frequency.items()}
            for question in self._questions.values():
                self._references[question.id] = self._build(question, None)
            self._prepared = True

    @property
    def prepared(self) -> bool:
        return self._prepared

    def key_points(self, question: Question, reference: str | None = None) -> tuple[str, ...]:
        return tuple(p.text for p in self._reference(question, reference).points)

    def can_grade(self, question: Question, reference: str | None = None) -> bool:
        """False when nothing states a point (no reference, or only a link to one)."""
        return bool(self._reference(question, reference).points)

    def grade(
        self,
        question: Question,
        answer: str,
        *,
        language: str | None = None,
        reference: str | None = None,
    ) -> Grade | None:
        """Grade `answer`; None when there is nothing to grade against.

        `reference` replaces the question's own answer and key points (the user's saved answer).
        """
        ref = self._reference(question, reference)
        if not ref.points:
            return None
        said = _Answer(answer)
        coverage = [self._coverage(p.units, said, ref, UNITS_PER_POINT) for p in ref.points]
        reference_score = self._coverage(ref.salient, said, ref, UNITS_PER_ANSWER)
        credit = sum(1.0 if c >= COVERED_AT else 0.5 if c >= HALF_AT else 0.0 for c in coverage)
        points_score = min(1.0, credit / _points_expected(len(ref.points)))
        score = POINTS_SHARE * points_score + (1 - POINTS_SHARE) * reference_score
        score = round(score, 3)
        covered = tuple(
            p.text for p, c in zip(ref.points, coverage, strict=True) if c >= COVERED_AT
        )
        missed = tuple(p.text for p, c in zip(ref.points, coverage, strict=True) if c < COVERED_AT)
        suggested = rating_for_score(score, complete=not missed)
        return Grade(
            covered=covered,
            missed=missed,
            comment=write_comment(covered, missed, suggested, language),
            score=score,
            suggested=suggested,
            grader=GraderKind.OFFLINE,
        )

    # ------------------------------------------------------------ internals

    def _idf_of(self, documents_with_unit: int) -> float:
        return math.log((self._documents + 1) / (documents_with_unit + 1)) + 0.5

    def _weight(self, unit: str, ref: _Reference) -> float:
        idf = self._idf.get(unit) or self._idf_of(0)
        return idf * (QUESTION_WORD_WEIGHT if unit in ref.question_units else 1.0)

    def _coverage(
        self, wanted: tuple[str, ...], said: _Answer, ref: _Reference, enough: int
    ) -> float:
        """Weighted share of `wanted` the answer makes; `enough` average units make all of it."""
        total = made = 0.0
        for unit in wanted:
            weight = self._weight(unit, ref)
            total += weight
            made += weight * said.found(unit)
        if not total:
            return 0.0
        return min(1.0, made / min(total, total / len(wanted) * enough))

    def _reference(self, question: Question, reference: str | None) -> _Reference:
        if reference is None:
            cached = self._references.get(question.id)
            if cached is not None:
                return cached
        if not self._prepared:
            self.prepare()
            if reference is None and question.id in self._references:
                return self._references[question.id]
        return self._build(question, reference)

    def _build(self, question: Question, reference: str | None) -> _Reference:
        points = tuple(
            _Point(text, tuple(dict.fromkeys(units(text).all)))
            for text in key_points(question, reference)
        )
        if reference is None:
            body = "\n".join([question.answer or "", *question.key_points])
        else:
            body = reference
        return _Reference(
            points=points,
            salient=tuple(dict.fromkeys(units(body).all)),
            question_units=frozenset(units(question.question).all),
        )

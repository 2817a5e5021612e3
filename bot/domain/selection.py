"""Which question comes next: a pure function of the user's cards and today's presentations.

Due reviews first (most overdue first), then new ones up to the daily cap. With `more`, past
the cap: further new questions, then the least well-remembered, then today's questions again.

Within each of these, questions with a reference answer or key points come first; "open
questions" (the notes give neither) only after all of them, so a new user's first questions
have a reference to check against, and not at all for a user who switched them off.

A question shown today counts as done (and against the cap) once it is rated or skipped; one
still open may come again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.domain.models import CardState, Presentation, Question

Retrievability = Callable[[CardState, datetime], float]


def is_open(question: Question) -> bool:
    """An open question: the notes give neither a reference answer nor key points."""
    return not question.has_answer and not question.key_points


def offered(allowed: Mapping[str, Question], open_questions: bool) -> dict[str, Question]:
    """The questions that may come: open ones only for a user who wants them."""
    return {qid: q for qid, q in allowed.items() if open_questions or not is_open(q)}


@dataclass(frozen=True, slots=True)
class Pick:
    question: Question
    is_new: bool
    due_since: datetime | None
    repeated: bool  # already shown today
    new_left_today: int
    due_left_today: int


def new_order(user_id: int, questions: Iterable[Question]) -> list[Question]:
    """A per-user stable shuffle: mixes topics yet stays deterministic."""
    return sorted(
        questions,
        key=lambda q: hashlib.blake2b(f"{user_id}:{q.id}".encode(), digest_size=8).digest(),
    )


def pick_next(
    *,
    user_id: int,
    allowed: Mapping[str, Question],
    cards: Sequence[CardState],
    shown_today: Mapping[str, Presentation],
    tomorrow: datetime,
    max_new_per_day: int,
    more: bool,
    now: datetime,
    retrievability: Retrievability,
    open_questions: bool = True,
) -> Pick | None:
    """The next question, or None when nothing is due (and, with `more`, nothing at all)."""
    allowed = offered(allowed, open_questions)
    done_today = {qid: p for qid, p in shown_today.items() if p.done}
    mine = [c for c in cards if c.question_id in allowed]
    due = sorted(
        (c for c in mine if c.due < tomorrow and c.question_id not in done_today),
        key=lambda c: (is_open(allowed[c.question_id]), c.due, c.question_id),
    )
    seen = {c.question_id for c in cards}
    fresh = sorted(
        (
            q for q in new_order(user_id, allowed.values())
            if q.id not in seen and q.id not in done_today
        ),
        key=is_open,
    )  # fmt: skip
    new_shown = sum(1 for p in done_today.values() if p.was_new)
    new_left = max(0, max_new_per_day - new_shown)

    if due:
        question, is_new, due_since = allowed[due[0].question_id], False, due[0].due
    elif fresh and new_left:
        question, is_new, due_since = fresh[0], True, None
    elif more and (extra := _extra(mine, fresh, done_today, allowed, now, retrievability)):
        question, is_new, due_since = extra[0], extra[1], None
    else:
        return None
    return Pick(
        question=question,
        is_new=is_new,
        due_since=due_since,
        repeated=question.id in done_today,
        new_left_today=max(0, new_left - (1 if is_new else 0)),
        due_left_today=max(0, len(due) - (0 if is_new else 1)),
    )


def _extra(
    cards: Sequence[CardState],
    fresh: Sequence[Question],
    done_today: Mapping[str, Presentation],
    allowed: Mapping[str, Question],
    now: datetime,
    retrievability: Retrievability,
) -> tuple[Question, bool] | None:
    """Past the cap: a new question, else the weakest not done today, else today's oldest."""
    if fresh:
        return fresh[0], True
    unseen_today = [c for c in cards if c.question_id not in done_today]
    if unseen_today:
        weakest = min(
            unseen_today,
            key=lambda c: (is_open(allowed[c.question_id]), retrievability(c, now), c.question_id),
        )
        return allowed[weakest.question_id], False
    oldest = min(
        (p for p in done_today.values() if p.question_id in allowed),
        key=lambda p: (p.shown_at, p.question_id),
        default=None,
    )
    if oldest is None:
        return None
    return allowed[oldest.question_id], oldest.question_id not in {c.question_id for c in cards}

"""The FSRS wrapper: day-level scheduling of one user's memory of one question."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

import fsrs

from bot.domain.models import CardState, Rating

# Stable FSRS card ids are not needed: the store keys cards by (user, question).
_CARD_ID = 1


DEFAULT_PARAMETERS: tuple[float, ...] = tuple(fsrs.Scheduler().parameters)


class MemoryModel:
    def __init__(
        self, desired_retention: float = 0.9, parameters: Sequence[float] | None = None
    ) -> None:
        """`parameters`: a user's fitted FSRS weights; None for the package defaults."""
        self.parameters = tuple(parameters) if parameters is not None else DEFAULT_PARAMETERS
        self.personal = parameters is not None
        # No learning steps: the bot asks at most daily, so every interval is whole days.
        # No fuzzing: the same history always gives the same schedule (deterministic tests).
        self._scheduler = fsrs.Scheduler(
            parameters=self.parameters,
            desired_retention=desired_retention,
            learning_steps=(),
            relearning_steps=(),
            enable_fuzzing=False,
        )

    def new_card(self, question_id: str, now: datetime) -> CardState:
        return CardState(question_id, fsrs.State.Learning.value, 0, None, None, now, None)

    def review(self, card: CardState, rating: Rating, now: datetime) -> CardState:
        reviewed, _log = self._scheduler.review_card(_to_fsrs(card), fsrs.Rating(int(rating)), now)
        return CardState(
            question_id=card.question_id,
            state=reviewed.state.value,
            step=reviewed.step,
            stability=reviewed.stability,
            difficulty=reviewed.difficulty,
            due=reviewed.due.astimezone(UTC),
            last_review=reviewed.last_review,
            reps=card.reps + 1,
            lapses=card.lapses + (1 if rating == Rating.AGAIN and card.reps else 0),
        )

    def retrievability(self, card: CardState, now: datetime) -> float:
        if card.last_review is None or card.stability is None:
            return 0.0
        return self._scheduler.get_card_retrievability(_to_fsrs(card), now)


def _to_fsrs(card: CardState) -> fsrs.Card:
    return fsrs.Card(
        card_id=_CARD_ID,
        state=fsrs.State(card.state),
        step=card.step,
        stability=card.stability,
        difficulty=card.difficulty,
        due=card.due,
        last_review=card.last_review,
    )

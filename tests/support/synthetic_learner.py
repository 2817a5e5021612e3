"""A simulated learner whose memory follows FSRS with known parameters, for optimizer tests."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

import fsrs

from bot.domain.fsrs_scheduler import DEFAULT_PARAMETERS


def forgetter_parameters(scale: float) -> list[float]:
    """Default FSRS weights with the initial stabilities scaled (< 1: a fast forgetter)."""
    weights = list(DEFAULT_PARAMETERS)
    for i in range(4):
        weights[i] *= scale
    return weights


def review_history(
    questions: int, days: int, *, scale: float = 0.3, seed: int = 7
) -> list[tuple[str, int, date]]:
    """(question id, rating, day) of a learner reviewing when the default schedule says so,
    remembering with the probability their true parameters give (Good) or not (Again)."""
    options = {"learning_steps": (), "relearning_steps": (), "enable_fuzzing": False}
    truth = fsrs.Scheduler(parameters=forgetter_parameters(scale), **options)
    schedule = fsrs.Scheduler(**options)
    rnd = random.Random(seed)
    start = datetime(2026, 1, 1, 12, tzinfo=UTC)
    history = []
    for q in range(questions):
        true_card, card = fsrs.Card(), fsrs.Card()
        at = start + timedelta(days=q % 5)
        while at < start + timedelta(days=days):
            recall = truth.get_card_retrievability(true_card, at) if true_card.last_review else 1
            rating = fsrs.Rating.Good if rnd.random() < recall else fsrs.Rating.Again
            true_card, _ = truth.review_card(true_card, rating, at)
            card, _ = schedule.review_card(card, rating, at)
            history.append((f"q{q:03d}", int(rating), at.date()))
            at = max(card.due, at + timedelta(days=1)).replace(hour=12, minute=0)
    return history

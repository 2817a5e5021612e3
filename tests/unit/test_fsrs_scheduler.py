"""The FSRS wrapper, pinned to exact numbers: a change in fsrs or in our settings (learning
steps, fuzzing, retention) that moves anyone's schedule shows up here."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime

import pytest

from bot.domain.fsrs_scheduler import MemoryModel
from bot.domain.models import Rating

T0 = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)  # 09:00 in Shanghai
# FSRS-6 default weights w0-w5: initial stability per rating, and initial difficulty.
W = (0.212, 1.2931, 2.3065, 8.2956, 6.4133, 0.8334)


@pytest.mark.parametrize(
    ("rating", "days"),
    [(Rating.AGAIN, 1), (Rating.HARD, 1), (Rating.GOOD, 2), (Rating.EASY, 8)],
)
def test_first_review_follows_the_fsrs6_initial_values(rating: Rating, days: int):
    memory = MemoryModel(desired_retention=0.9)
    card = memory.review(memory.new_card("q", T0), rating, T0)
    # At 90 % retention the interval is the stability, rounded to whole days (at least one).
    assert card.stability == pytest.approx(W[rating - 1])
    assert (card.due - T0).total_seconds() == days * 86400
    initial_difficulty = W[4] - math.exp(W[5] * (rating - 1)) + 1
    assert card.difficulty == pytest.approx(min(10.0, max(1.0, initial_difficulty)))
    assert (card.reps, card.lapses, card.last_review) == (1, 0, T0)


def test_a_review_history_gives_these_exact_intervals():
    memory = MemoryModel(desired_retention=0.9)
    card, now = memory.new_card("q", T0), T0
    history = []
    for rating in (Rating.GOOD, Rating.GOOD, Rating.AGAIN, Rating.HARD, Rating.GOOD, Rating.EASY):
        card = memory.review(card, rating, now)  # each review on the day it falls due
        history.append(
            (
                rating.name,
                card.due.date(),
                (card.due - now).days,
                round(card.stability, 4),
                round(card.difficulty, 4),
                card.lapses,
            )
        )
        now = card.due
    assert history == [
        ("GOOD", date(2026, 3, 4), 2, 2.3065, 2.1181, 0),
        ("GOOD", date(2026, 3, 15), 11, 10.9643, 2.1112, 0),
        ("AGAIN", date(2026, 3, 17), 2, 1.5383, 7.3922, 1),  # no relearning steps: days, not minutes
        ("HARD", date(2026, 3, 21), 4, 3.5458, 8.2541, 1),
        ("GOOD", date(2026, 3, 29), 8, 8.1707, 8.241, 1),
        ("EASY", date(2026, 4, 22), 24, 23.9601, 7.6385, 1),
    ]
    # Whole-day rounding keeps recall at the due date close to the 90 % asked for.
    assert round(memory.retrievability(card, card.due), 4) == 0.8999
    assert card.reps == 6 and card.due.hour == T0.hour  # same time of day: no fuzzing


def test_a_lower_target_retention_spaces_reviews_further_apart():
    relaxed = MemoryModel(desired_retention=0.8)
    first = relaxed.review(relaxed.new_card("q", T0), Rating.GOOD, T0)
    second = relaxed.review(first, Rating.GOOD, first.due)
    # FSRS-6 forgetting curve (decay w20 = 0.1542): the interval at retention R is the
    # stability times (R^(-1/decay) - 1) / (0.9^(-1/decay) - 1), about 3.32 for R = 0.8.
    factor = (0.8 ** (-1 / 0.1542) - 1) / (0.9 ** (-1 / 0.1542) - 1)
    assert (first.due - T0).days == round(2.3065 * factor) == 8  # against 2 at 0.9
    assert round(second.stability, 4) == 22.7682
    assert (second.due - first.due).days == round(second.stability * factor) == 75  # 11 at 0.9

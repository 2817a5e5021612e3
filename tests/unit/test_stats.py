"""Streaks and stats figures in the user's calendar."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from bot.domain.fsrs_scheduler import MemoryModel
from bot.domain.models import CardState, Question, Rating, WeakQuestion
from bot.domain.stats import streaks, weakest_cards
from bot.render.weakest import weak_figures

D = date(2026, 3, 10)


def days(*offsets: int) -> list[date]:
    return [D - timedelta(days=o) for o in offsets]


def test_streak_counts_consecutive_days_ending_today_or_yesterday():
    assert streaks(days(0, 1, 2), D) == (3, 3)
    assert streaks(days(1, 2), D) == (2, 2)  # today not practised yet: still alive
    assert streaks(days(2, 3), D) == (0, 2)  # a missed day breaks it


def test_best_streak_remembers_the_longest_run():
    assert streaks(days(0, 5, 6, 7, 8), D) == (1, 4)
    assert streaks([], D) == (0, 0)


NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


def reviewed(model: MemoryModel, qid: str, *ratings: Rating, days_ago: int = 0) -> CardState:
    """A card rated `ratings` on consecutive days, the last one `days_ago` days before NOW."""
    card = model.new_card(qid, NOW)
    start = NOW - timedelta(days=days_ago + len(ratings) - 1)
    for i, rating in enumerate(ratings):
        card = model.review(card, rating, start + timedelta(days=i))
    return card


def test_weakest_puts_again_first_and_easy_last_after_one_session():
    model = MemoryModel()
    # Ids chosen so that sorting by id alone would put the Easy one first.
    cards = [
        reviewed(model, "a-easy", Rating.EASY),
        reviewed(model, "b-good", Rating.GOOD),
        reviewed(model, "c-hard", Rating.HARD),
        reviewed(model, "d-again", Rating.AGAIN),
    ]
    weakest = [c.question_id for c in weakest_cards(cards, NOW, model.retrievability)]
    assert weakest == ["d-again", "c-hard", "b-good"]


def test_weakest_ranks_faded_recall_then_lapses():
    model = MemoryModel()
    faded = reviewed(model, "faded", Rating.GOOD, days_ago=30)
    lapsed = reviewed(model, "lapsed", Rating.GOOD, Rating.AGAIN, Rating.GOOD, Rating.AGAIN)
    fresh = reviewed(model, "fresh", Rating.AGAIN)
    unseen = model.new_card("unseen", NOW)
    ranked = weakest_cards([fresh, lapsed, unseen, faded], NOW, model.retrievability)
    assert [c.question_id for c in ranked] == ["faded", "lapsed", "fresh"]
    assert model.retrievability(faded, NOW) < 0.8 and lapsed.lapses == 2


def test_weak_figures_read_as_recall_and_times_forgotten():
    question = Question("q", "deck", "What is PPO?", None, "topic")
    weak = WeakQuestion(question, 0.6234, 2, Rating.AGAIN)
    assert weak_figures(weak, "en") == "recall 62% · forgot 2× · last: Again"
    assert weak_figures(WeakQuestion(question, 1.0, 0, Rating.EASY), "en") == (
        "recall 100% · last: Easy"
    )
    assert weak_figures(weak, "zh") == "记住的把握 62% · 忘过 2 次 · 上次：忘了"

"""Streaks and stats figures in the user's calendar."""

from __future__ import annotations

from datetime import date, timedelta

from bot.domain.stats import streaks

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

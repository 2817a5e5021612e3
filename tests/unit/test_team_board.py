"""The weekly board: named rows without hidden members, team totals, weakest topics."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from bot.domain.models import Question, Topic
from bot.domain.team_board import weekly_board
from bot.domain.team_models import Member, Team

TODAY = date(2026, 3, 6)
TEAM = Team(
    1, "telegram", "-100", "Study", "5", "UTC", "09:00", 4, "17:00", None, None, False, True,
    datetime(2026, 3, 1, tzinfo=UTC),
)  # fmt: skip
QUESTIONS = {
    "r1": Question("r1", "d", "R1?", "A", "rl"),
    "r2": Question("r2", "d", "R2?", "A", "rl"),
    "d1": Question("d1", "d", "D1?", "A", "dist"),
    "x1": Question("x1", "d", "X1?", "A", "misc"),
}


def days(n: int) -> list[date]:
    return [TODAY - timedelta(days=k) for k in range(n)]


def board(members, reviews, review_days):
    return weekly_board(
        team=TEAM,
        members=members,
        review_days=review_days,
        week_reviews=reviews,
        questions=QUESTIONS,
        topic=lambda t: Topic(t, t.upper()),
        week_start=TODAY - timedelta(days=6),
        today=TODAY,
    )


def test_rows_rank_by_reviews_and_leave_hidden_members_out_of_the_names():
    members = [
        Member(1, "Ada", False, False),
        Member(2, "Bob", True, False),
        Member(3, "Cy", False, False),
    ]
    reviews = [(1, "r1", 1), (1, "r2", 2), (2, "d1", 4), (2, "d1", 4), (2, "x1", 3)]
    result = board(members, reviews, {1: days(3), 2: days(1), 3: [TODAY - timedelta(days=5)]})
    assert [(r.name, r.streak, r.reviewed) for r in result.rows] == [("Ada", 3, 2), ("Cy", 0, 0)]
    assert (result.members, result.practised, result.reviews) == (3, 2, 5)
    # rl averages 1.5 and dist 4.0; misc has one review only, too few to judge.
    assert [(w.topic.id, w.reviews, w.average_rating) for w in result.weakest] == [
        ("rl", 2, 1.5),
        ("dist", 2, 4.0),
    ]


def test_an_empty_week():
    result = board([Member(1, "Ada", False, False)], [], {})
    assert [(r.name, r.reviewed) for r in result.rows] == [("Ada", 0)]
    assert (result.practised, result.reviews, result.weakest) == (0, 0, ())

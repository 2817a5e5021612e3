"""The team's question of the day: due for the most members, else new to the most."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.domain.models import CardState, Question
from bot.domain.team_choice import choose_team_question, team_order

NOW = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)
TOMORROW = NOW + timedelta(hours=15)
QUESTIONS = {q.id: q for q in (Question(f"q{i}", "d", f"Q{i}?", "A.", "t") for i in range(6))}


def card(qid: str, due: datetime) -> CardState:
    return CardState(qid, 2, None, 1.0, 5.0, due, NOW - timedelta(days=3), reps=1)


def choose(member_cards, recent=(), allowed=QUESTIONS):
    return choose_team_question(
        team_id=1, allowed=allowed, member_cards=member_cards, recent=set(recent), tomorrow=TOMORROW
    )


def test_the_question_due_for_most_members_wins_over_the_most_overdue():
    overdue = NOW - timedelta(days=9)
    pick = choose(
        {
            1: [card("q1", overdue), card("q2", NOW)],
            2: [card("q2", NOW)],
            3: [card("q2", NOW + timedelta(hours=2)), card("q3", NOW + timedelta(days=5))],
        }
    )
    assert (pick.question.id, pick.due_for, pick.new_for) == ("q2", 3, 0)


def test_ties_go_to_the_longest_overdue():
    pick = choose({1: [card("q1", NOW)], 2: [card("q4", NOW - timedelta(days=2))]})
    assert pick.question.id == "q4"


def test_nothing_due_picks_the_question_new_to_most_members():
    later = NOW + timedelta(days=4)
    seen_by_all_but_q5 = [card(q, later) for q in ("q0", "q1", "q2", "q3", "q4")]
    pick = choose({1: seen_by_all_but_q5, 2: [card("q0", later)]})
    assert (pick.question.id, pick.due_for, pick.new_for) == ("q5", 0, 2)


def test_without_members_the_team_order_decides_and_recent_questions_wait():
    first = team_order(1, list(QUESTIONS.values()))
    assert choose({}).question == first[0]
    assert choose({}, recent=[first[0].id]).question == first[1]
    # Everything was asked recently: still a question rather than none.
    assert choose({}, recent=QUESTIONS).question == first[0]


def test_a_recent_question_is_not_asked_again_even_when_due():
    pick = choose({1: [card("q1", NOW), card("q2", NOW)], 2: [card("q1", NOW)]}, recent=["q1"])
    assert pick.question.id == "q2"


def test_no_question_at_all():
    assert choose({1: []}, allowed={}) is None

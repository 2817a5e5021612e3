"""The pure choice of the next question: due first, then new up to the cap, then extras."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.domain.models import CardState, Presentation, Question, Rating
from bot.domain.selection import new_order, pick_next

NOW = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)
TOMORROW = NOW + timedelta(hours=15)
QUESTIONS = {
    q.id: q for q in (Question(f"q{i}", "d", f"Question {i}?", "A.", "t") for i in range(6))
}


def card(qid: str, due: datetime, stability: float = 1.0) -> CardState:
    return CardState(qid, 2, None, stability, 5.0, due, NOW - timedelta(days=3), reps=1)


def shown(
    qid: str,
    minutes: int,
    was_new: bool = True,
    rating: Rating | None = Rating.GOOD,
    skipped: bool = False,
) -> Presentation:
    at = NOW + timedelta(minutes=minutes)
    return Presentation(qid, NOW.date(), at, False, rating, was_new, skipped)


def pick(*, cards=(), today=(), max_new=10, more=False, allowed=QUESTIONS, user_id=7, open_on=True):
    return pick_next(
        user_id=user_id,
        allowed=allowed,
        cards=list(cards),
        shown_today={p.question_id: p for p in today},
        tomorrow=TOMORROW,
        max_new_per_day=max_new,
        more=more,
        now=NOW,
        retrievability=lambda c, _now: c.stability or 0.0,  # stand-in: lower is weaker
        open_questions=open_on,
    )


def test_due_reviews_come_first_most_overdue_first():
    cards = [card("q1", NOW - timedelta(days=1)), card("q2", NOW - timedelta(days=3))]
    chosen = pick(cards=cards)
    assert (chosen.question.id, chosen.is_new, chosen.due_since) == ("q2", False, cards[1].due)
    assert chosen.due_left_today == 1


def test_a_card_due_later_today_counts_as_due_but_not_one_due_tomorrow():
    assert pick(cards=[card("q1", TOMORROW - timedelta(minutes=1))]).question.id == "q1"
    chosen = pick(cards=[card("q1", TOMORROW)])
    assert chosen.is_new and chosen.question.id != "q1"


def test_new_questions_follow_a_stable_per_user_order():
    first = pick(user_id=7)
    assert first.is_new and first.question == new_order(7, QUESTIONS.values())[0]
    assert pick(user_id=7) == first
    assert [q.id for q in new_order(7, QUESTIONS.values())] != [
        q.id for q in new_order(8, QUESTIONS.values())
    ]


def test_the_daily_cap_counts_new_questions_rated_or_skipped_today():
    order = new_order(7, QUESTIONS.values())
    today = [shown(order[0].id, 0), shown(order[1].id, 1, rating=None, skipped=True)]
    chosen = pick(today=today, max_new=3)
    assert chosen.question == order[2] and chosen.new_left_today == 0
    assert pick(today=today, max_new=2) is None


def test_a_question_shown_but_still_open_is_not_burnt():
    """Shown and never rated nor skipped: it does not count against the cap and comes again."""
    order = new_order(7, QUESTIONS.values())
    today = [shown(order[0].id, 0, rating=None), shown(order[1].id, 1, rating=None)]
    chosen = pick(today=today, max_new=2)
    assert (chosen.question, chosen.repeated, chosen.new_left_today) == (order[0], False, 1)


OPEN = {
    **{q.id: q for q in (Question(f"o{i}", "d", f"Open {i}?", None, "t") for i in range(3))},
    "k": Question("k", "d", "Key points only?", None, "t", key_points=("a point",)),
    **QUESTIONS,
}


def test_open_questions_come_after_all_the_answered_ones():
    picks, today = [], []
    for minute in range(len(OPEN)):
        chosen = pick(allowed=OPEN, today=today, more=True)
        picks.append(chosen.question.id)
        today.append(shown(chosen.question.id, minute))
    assert [qid.startswith("o") for qid in picks] == [False] * 7 + [True] * 3  # key points count
    assert pick(allowed=OPEN, open_on=False, today=today[:7], more=True).repeated


def test_due_open_questions_come_after_due_answered_ones_and_can_be_switched_off():
    allowed = {"o0": OPEN["o0"], "q1": OPEN["q1"]}
    cards = [
        card("o0", NOW - timedelta(days=5)),
        card("q1", NOW - timedelta(days=1)),
    ]
    assert pick(allowed=allowed, cards=cards).question.id == "q1"
    assert pick(allowed=allowed, cards=cards, today=[shown("q1", 0)]).question.id == "o0"
    assert pick(allowed=allowed, cards=cards, today=[shown("q1", 0)], open_on=False) is None


def test_past_the_cap_more_gives_new_then_the_weakest_then_todays_oldest():
    order = new_order(7, QUESTIONS.values())
    assert pick(max_new=0, more=True).question == order[0]

    cards = [
        card(q, TOMORROW + timedelta(days=5), stability=float(i)) for i, q in enumerate(QUESTIONS)
    ]
    weakest = pick(cards=cards, max_new=0, more=True)
    assert (weakest.question.id, weakest.is_new, weakest.repeated) == ("q0", False, False)

    today = [shown(q, minutes=-i, was_new=False) for i, q in enumerate(QUESTIONS)]
    again = pick(cards=cards, today=today, max_new=0, more=True)
    assert (again.question.id, again.repeated) == ("q5", True)  # shown first today


def test_nothing_outside_the_chosen_topics_and_nothing_without_more():
    allowed = {"q3": QUESTIONS["q3"]}
    cards = [card("q1", NOW - timedelta(days=2))]
    assert pick(cards=cards, allowed=allowed).question.id == "q3"
    assert pick(cards=cards, allowed=allowed, today=[shown("q3", 0)]) is None
    assert pick(allowed={}, more=True) is None

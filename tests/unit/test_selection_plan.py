"""The question selection following an interview plan: its extra reviews after the due ones,
its new-question limit, and its order when the user asks for more."""

from __future__ import annotations

from datetime import timedelta

from bot.domain.interview_plan import PlanSelection
from bot.domain.selection import pick_next
from tests.unit.test_selection import NOW, QUESTIONS, TOMORROW, card, shown

LATER = NOW + timedelta(days=9)  # due after today: only the plan brings it back


def pick(plan, *, cards=(), today=(), max_new=10, more=False):
    return pick_next(
        user_id=7,
        allowed=QUESTIONS,
        cards=list(cards),
        shown_today={p.question_id: p for p in today},
        tomorrow=TOMORROW,
        max_new_per_day=max_new,
        more=more,
        now=NOW,
        retrievability=lambda c, _now: c.stability or 0.0,
        plan=plan,
    )


def test_planned_extra_reviews_come_after_the_due_ones_and_before_new():
    cards = [card("q1", LATER), card("q2", NOW - timedelta(days=1)), card("q3", LATER)]
    plan = PlanSelection(extra=("q3", "q1"), new_limit=2)
    first = pick(plan, cards=cards)
    assert (first.question.id, first.due_since, first.due_left_today) == ("q2", cards[1].due, 2)
    second = pick(plan, cards=cards, today=[shown("q2", 1, was_new=False)])
    assert (second.question.id, second.due_since, second.is_new) == ("q3", None, False)
    both = [shown("q2", 1, was_new=False), shown("q3", 2, was_new=False)]
    assert pick(plan, cards=cards, today=both).question.id == "q1"
    # Without the plan those two are not due today: a new question comes instead.
    assert pick(None, cards=cards, today=[shown("q2", 1, was_new=False)]).is_new


def test_more_serves_the_plans_order_once_nothing_new_is_left():
    cards = [card(qid, LATER, stability=n) for n, qid in enumerate(QUESTIONS)]
    plan = PlanSelection(extra=(), new_limit=0, more=("q4", "q2"))
    assert pick(plan, cards=cards) is None  # nothing due, no new left
    assert pick(plan, cards=cards, more=True).question.id == "q4"
    assert pick(plan, cards=cards, more=True, today=[shown("q4", 1)]).question.id == "q2"
    # The plan's list used up: the weakest not shown today, as without a plan.
    done = [shown("q4", 1), shown("q2", 2)]
    assert pick(plan, cards=cards, more=True, today=done).question.id == "q0"

"""The interview plan for fixed histories and dates: introduced counts, extra reviews, ends."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from bot.domain.fsrs_scheduler import MemoryModel
from bot.domain.interview_plan import (
    build_plan,
    interview_moment,
    plan_ended,
    plan_selection,
    reviews_to_serve,
)
from bot.domain.models import CardState, Rating

TODAY = date(2026, 3, 2)
TZ = "Asia/Shanghai"
MEMORY = MemoryModel()


def noon(day: date) -> datetime:
    return interview_moment(day, TZ)


def questions(n: int, topics: tuple[str, ...] = ("t",)) -> list[tuple[str, str]]:
    return [(f"q{i:03d}", topics[i % len(topics)]) for i in range(n)]


def review_card(qid: str, stability: float, last: int, due: int) -> CardState:
    """A reviewed card: last review `last` days before today, due `due` days after."""
    return CardState(
        qid, 2, None, stability, 5.0, noon(TODAY + timedelta(days=due)),
        noon(TODAY - timedelta(days=last)), 3, 0,
    )  # fmt: skip


def plan(cards=None, qs=None, days=10, **kw):
    cards = cards or {}
    return build_plan(
        cards=cards,
        questions=qs if qs is not None else [(q, "t") for q in cards],
        today=TODAY,
        interview=TODAY + timedelta(days=days),
        timezone=TZ,
        memory=MEMORY,
        **kw,
    )


def test_new_per_day_is_raised_from_the_cap_to_what_the_days_need():
    p = plan(qs=questions(40), days=10, new_cap=3)
    # 10 days, the last 2 kept for reviews: 40 questions over 8 days, 5 a day. The first two
    # days have no reviews yet, so they take more, up to the average day of that plan (8).
    assert p.new_per_day == 5 and p.feasible and p.remedies is None
    assert [d.new for d in p.days] == [8, 8, 5, 5, 5, 5, 4, 0, 0, 0]
    assert [d.total for d in p.days][:2] == [8, 8]
    assert p.days[0].day == TODAY and p.days[-1].day == TODAY + timedelta(days=9)


def test_the_configured_cap_stays_when_it_already_suffices():
    p = plan(qs=questions(40), days=10, new_cap=10)
    assert p.new_per_day == 10
    assert [d.new for d in p.days] == [10, 10, 10, 10, 0, 0, 0, 0, 0, 0]
    assert p.planned_today == 10 and p.unseen == 40


def test_questions_introduced_today_count_against_today():
    p = plan(qs=questions(37), days=10, new_cap=3, new_today=3)
    assert p.new_per_day == 5
    # Today: 3 done and 5 more, up to the average day (8); then as in the plan without them.
    assert [d.new for d in p.days] == [5, 8, 5, 5, 5, 5, 4, 0, 0, 0]


def test_infeasible_plan_says_what_would_make_it_feasible():
    qs = [(f"a{i}", "big") for i in range(150)] + [(f"b{i}", "mid") for i in range(100)]
    qs += [(f"c{i}", "small") for i in range(50)]
    p = plan(qs=qs, days=10, ceiling=25)
    assert not p.feasible
    assert p.new_per_day == 25  # best effort at the ceiling
    assert [d.new for d in p.days] == [25] * 8 + [0, 0]
    r = p.remedies
    assert r.new_per_day == 38  # ceil(300 / 8)
    assert r.later_date == TODAY + timedelta(days=12 + 2)  # ceil(300 / 25) days, then 2 reserved
    assert r.drop_questions == 100 and r.drop_topics == ("big",)
    assert p.projected_if_kept <= 200 / 300


def test_a_later_date_from_the_remedy_is_feasible():
    qs = questions(300, ("x", "y"))
    p = plan(qs=qs, days=10, ceiling=25)
    later = build_plan(
        cards={}, questions=qs, today=TODAY, interview=p.remedies.later_date,
        timezone=TZ, memory=MEMORY, ceiling=25,
    )  # fmt: skip
    assert later.feasible and later.new_per_day == 25
    assert sum(d.new for d in later.days) == 300


def test_questions_below_target_get_one_extra_review_each_spread_and_weakest_last():
    cards = {f"w{i}": review_card(f"w{i}", 20.0, last=8, due=12) for i in range(6)}
    cards["soon"] = review_card("soon", 5.0, last=1, due=3)
    cards["solid"] = review_card("solid", 200.0, last=1, due=150)
    at = interview_moment(TODAY + timedelta(days=10), TZ)
    assert all(MEMORY.retrievability(cards[f"w{i}"], at) < 0.95 for i in range(6))
    p = plan(cards, days=10, target=0.95)

    extras = {q: d.day for d in p.days for q in d.extra}
    assert p.extra_reviews == 7 and set(extras) == {*(f"w{i}" for i in range(6)), "soon"}
    assert "solid" not in extras
    # FSRS's own review of "soon" stays where FSRS put it.
    assert [q for d in p.days for q in d.due] == ["soon"]
    assert p.days[3].due == ("soon",)
    # No day carries more than one review: the load is spread, not piled up.
    assert max(d.total for d in p.days) == 1
    # The last day goes to the weakest: "soon", reviewed on day 3, has the narrowest window.
    assert p.days[-1].extra == ("soon",)
    # Seven reviews over ten days: on equal load the later day wins, so the first two are free.
    assert p.days[0].total == p.days[1].total == 0
    # Each extra is on a day whose Good review reaches the target on the interview day.
    for qid, day in extras.items():
        if qid != "soon":
            reviewed = MEMORY.review(cards[qid], Rating.GOOD, noon(day))
            assert MEMORY.retrievability(reviewed, at) >= 0.95
    assert p.projected_if_kept == 1.0
    assert p.projected_if_stopped == 1 / 8  # only "solid" holds without practice


def test_no_extra_reviews_when_fsrs_alone_reaches_the_target():
    cards = {f"w{i}": review_card(f"w{i}", 20.0, last=8, due=12) for i in range(6)}
    p = plan(cards, days=10, target=0.90)
    assert p.extra_reviews == 0 and p.planned_today == 0
    assert p.projected_if_kept == p.projected_if_stopped == 1.0


def test_cards_of_other_topics_are_left_out():
    cards = {"w": review_card("w", 20.0, last=8, due=12), "other": review_card("other", 2, 9, -1)}
    p = plan(cards, qs=[("w", "t")], days=10, target=0.95)
    assert p.questions == 1 and p.extra_reviews == 1
    assert all("other" not in d.due + d.extra for d in p.days)


def test_interview_day_itself_has_nothing_left_to_plan():
    p = plan(qs=questions(3), days=0)
    assert p.days_left == 0 and p.days == () and p.planned_today == 0
    assert not p.feasible and p.remedies.later_date == TODAY + timedelta(days=3)


def test_plan_ends_after_the_date():
    day = TODAY + timedelta(days=5)
    assert not plan_ended(day, day) and plan_ended(day, day + timedelta(days=1))
    with pytest.raises(ValueError):
        build_plan(
            cards={}, questions=questions(2), today=day + timedelta(days=1), interview=day,
            timezone=TZ, memory=MEMORY,
        )  # fmt: skip


def test_recall_is_measured_at_local_noon_of_the_interview_day():
    assert interview_moment(date(2026, 3, 12), "Asia/Shanghai") == datetime(
        2026, 3, 12, 4, 0, tzinfo=UTC
    )
    # Across a DST change (New York springs forward on 2026-03-08).
    assert interview_moment(date(2026, 3, 8), "America/New_York") == datetime(
        2026, 3, 8, 16, 0, tzinfo=UTC
    )


def test_selection_hook_adds_todays_extras_after_the_due_ones_and_limits_new():
    cards = {f"w{i}": review_card(f"w{i}", 20.0, last=8, due=12) for i in range(2)}
    cards["late"] = review_card("late", 1.0, last=5, due=-1)  # overdue: FSRS-due today
    qs = [*((q, "t") for q in cards), ("n1", "t"), ("n2", "t")]
    p = plan(cards, qs=qs, days=3, target=0.95)
    assert p.days[0].due == ("late",) and p.days[0].new == 2
    selection = plan_selection(p, new_today=1)
    assert selection.extra == p.days[0].extra + p.days[0].top_up
    assert selection.new_limit == 1 + 2
    queue = reviews_to_serve(["late"], set(), selection)
    assert queue[0] == "late" and set(queue[1:]) == set(selection.extra)
    assert reviews_to_serve(["late"], {"late"}, None) == []
    # Asked for more: the weakest on the day first, leaving out what today already holds.
    assert selection.more == tuple(q for q in ("w0", "w1") if q not in selection.extra)


def test_last_days_review_questions_within_the_models_error_of_the_target():
    cards = {
        "fine": review_card("fine", 200.0, last=1, due=150),  # about 0.99 on the day
        "close": review_card("close", 20.0, last=1, due=19),  # just above 0.90 on the day
        "closer": review_card("closer", 14.0, last=1, due=13),
    }
    at = interview_moment(TODAY + timedelta(days=10), TZ)
    recall = {q: MEMORY.retrievability(c, at) for q, c in cards.items()}
    assert 0.9 < recall["closer"] < recall["close"] < 0.95 < recall["fine"]
    assert sum(len(d.top_up) for d in plan(cards, days=10).days) == 0  # no measured error
    p = plan(cards, days=10, margin=0.05)
    assert [d.top_up for d in p.days[:-2]] == [()] * 8
    # The last day gets the weakest; "fine" is beyond the margin and left alone.
    assert p.days[-1].top_up == ("closer", "close")
    assert p.extra_reviews == 0 and p.projected_if_kept == 1.0


def test_more_in_the_last_days_offers_only_questions_below_target():
    cards = {
        "fine": review_card("fine", 200.0, last=3, due=150),
        "weak": review_card("weak", 20.0, last=8, due=12),
    }
    early = plan(cards, days=10, target=0.95)
    assert early.more == tuple(q for q in ("weak", "fine") if q not in early.days[0].extra)
    late = plan(cards, days=2, target=0.95)
    assert "fine" not in late.more and "fine" not in late.days[0].extra

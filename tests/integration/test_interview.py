"""Interview dates, the plan hook and fitted FSRS parameters against a real SQLite file."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from bot.domain import interview_errors as errors
from bot.domain.fsrs_scheduler import DEFAULT_PARAMETERS
from bot.domain.interview_service import InterviewConfig, InterviewService
from bot.domain.models import Rating
from tests.support.synthetic_learner import review_history

pytestmark = pytest.mark.both_databases

# The conftest clock starts at 2026-03-02 01:00 UTC: 09:00 in Shanghai, a Monday.
TODAY = date(2026, 3, 2)


@pytest.fixture
def interviews(store, corpus, clock) -> InterviewService:
    return InterviewService(store, corpus, InterviewConfig(max_new_per_day=1), clock)


async def new_user(service, external_id="42", **kw):
    return (await service.register("telegram", external_id, chat_id=external_id, **kw)).user


async def test_set_show_and_clear_the_interview_date(service, interviews):
    user = await new_user(service)
    status = await interviews.set_date(user.id, "2026-03-12")
    assert status.interview == date(2026, 3, 12) and status.target == 0.9
    assert status.plan.days_left == 10 and status.plan.questions == 5
    # 5 questions over the 8 days before the 2 kept for reviews: the cap of 1 suffices.
    assert status.plan.new_per_day == 1 and status.plan.planned_today == 1
    assert (await interviews.show(user.id)) == status
    cleared = await interviews.clear(user.id)
    assert cleared.interview is None and cleared.plan is None and not cleared.ended
    assert await interviews.selection(user.id) is None


@pytest.mark.parametrize("text", ["tomorrow", "2026-02-30", "2026/03/10", "", "12-03-2026"])
async def test_invalid_dates_are_refused_with_a_code(service, interviews, text):
    user = await new_user(service)
    with pytest.raises(errors.InvalidInterviewDate) as refused:
        await interviews.set_date(user.id, text)
    assert refused.value.code == "interview_date_invalid"
    assert refused.value.params == {"value": text}
    assert (await interviews.show(user.id)).interview is None


async def test_past_and_far_dates_are_refused_with_their_parameters(service, interviews):
    user = await new_user(service)
    with pytest.raises(errors.PastInterviewDate) as past:
        await interviews.set_date(user.id, "2026-03-01")
    assert past.value.code == "interview_date_past"
    assert past.value.params == {"value": date(2026, 3, 1), "today": TODAY}
    with pytest.raises(errors.FarInterviewDate) as far:
        await interviews.set_date(user.id, "2028-01-01")
    assert far.value.params["latest"] == TODAY + timedelta(days=366)


async def test_the_date_is_read_in_the_users_timezone(service, interviews, clock):
    # 12:00 UTC on 2 March is already 3 March in Auckland, still 2 March in Los Angeles.
    clock.set(datetime(2026, 3, 2, 12, 0, tzinfo=UTC))
    auckland = await new_user(service, "1", timezone="Pacific/Auckland")
    los_angeles = await new_user(service, "2", timezone="America/Los_Angeles")
    with pytest.raises(errors.PastInterviewDate) as past:
        await interviews.set_date(auckland.id, "2026-03-02")
    assert past.value.params["today"] == date(2026, 3, 3)
    on_the_day = await interviews.set_date(los_angeles.id, "2026-03-02")
    assert on_the_day.plan.days_left == 0 and on_the_day.plan.days == ()
    tomorrow = await interviews.set_date(auckland.id, "2026-03-04")
    assert tomorrow.plan.days_left == 1


async def test_the_plan_ends_by_itself_after_the_day_and_asks_once(service, interviews, clock):
    user = await new_user(service)  # Asia/Shanghai
    await interviews.set_date(user.id, "2026-03-04")
    # 23:59 on the interview day in Shanghai: still the day.
    clock.set(datetime(2026, 3, 4, 15, 59, tzinfo=UTC))
    on_the_day = await interviews.show(user.id)
    assert on_the_day.plan is not None and not on_the_day.ended
    assert await interviews.outcome_to_ask(user.id) is None
    with pytest.raises(errors.NoInterviewOutcomeDue):
        await interviews.record_outcome(user.id, "good")
    # Local midnight: the plan is over, normal scheduling goes on.
    clock.set(datetime(2026, 3, 4, 16, 0, tzinfo=UTC))
    after = await interviews.show(user.id)
    assert after.ended and after.plan is None and after.interview == date(2026, 3, 4)
    assert await interviews.selection(user.id) is None
    assert await interviews.outcome_to_ask(user.id) == date(2026, 3, 4)
    assert await interviews.outcome_to_ask(user.id) is None  # asked once
    with pytest.raises(errors.InvalidInterviewOutcome) as bad:
        await interviews.record_outcome(user.id, "meh")
    assert bad.value.params["allowed"] == ("good", "mixed", "bad")
    assert await interviews.record_outcome(user.id, "good") == date(2026, 3, 4)
    async with interviews.store.unit() as uow:
        assert await uow.interviews.outcome(user.id, date(2026, 3, 4)) == (True, "good")


async def test_target_is_set_per_user_within_its_range(service, interviews):
    user = await new_user(service)
    assert (await interviews.set_target(user.id, "95%")).target == 0.95
    assert (await interviews.set_target(user.id, 0.8)).target == 0.8
    for bad in ("2", "50%", "x", ""):
        with pytest.raises(errors.InvalidInterviewTarget):
            await interviews.set_target(user.id, bad)
    status = await interviews.set_date(user.id, "2026-03-20")
    assert status.target == 0.8 and status.plan.target == 0.8


async def test_selection_raises_the_new_cap_and_follows_the_day(service, interviews):
    user = await new_user(service)
    await interviews.set_date(user.id, "2026-03-05")
    # 3 days, the last 2 kept for reviews: all 5 questions are introduced today.
    first = await interviews.selection(user.id)
    assert first.new_limit == 5 and first.extra == ()
    for _ in range(2):
        card = await service.next_question(user.id)
        assert card.is_new
        await service.rate(user.id, Rating.GOOD)
    # The hook keeps counting today's new questions against today's limit.
    assert (await interviews.selection(user.id)).new_limit == 5
    plan = (await interviews.show(user.id)).plan
    assert plan.unseen == 3 and plan.days[0].new == 3
    # Inside the selection's own transaction (units do not nest), with the personal model.
    async with interviews.store.unit(write=True) as uow:
        within = await interviews.selection_within(uow, await uow.users.get(user.id))
        memory = await interviews.memory_within(uow, user.id)
    assert within == await interviews.selection(user.id) and not memory.personal


async def test_optimizer_keeps_defaults_below_its_minimum(service, interviews, store):
    user = await new_user(service)
    await add_history(store, user.id, review_history(3, 30))
    result = await interviews.fit(user.id)
    assert result.reviews_used == 9 and result.parameters is None and not result.in_use
    assert not (await interviews.memory_for(user.id)).personal
    assert not (await interviews.show(user.id)).personal_parameters
    assert await interviews.users_due_for_fit() == []  # tried this week already


async def test_optimizer_fits_a_fast_forgetter_and_uses_it_when_better(
    service, interviews, store, clock
):
    user = await new_user(service)
    history = review_history(40, 30, scale=0.3)
    await add_history(store, user.id, history)
    assert await interviews.users_due_for_fit() == [user.id]
    result = await interviews.fit(user.id)
    assert result.reviews_used == len(history) and len(result.parameters) == 21
    assert result.fitted_log_loss < result.default_log_loss and result.in_use
    memory = await interviews.memory_for(user.id)
    assert memory.personal and memory.parameters == result.parameters
    assert (await interviews.show(user.id)).personal_parameters
    # The fitted model learned that this learner forgets sooner after the first Good.
    assert result.parameters[2] < DEFAULT_PARAMETERS[2]
    assert await interviews.users_due_for_fit() == []
    clock.advance(days=7, seconds=1)
    assert await interviews.users_due_for_fit() == [user.id]


async def test_forget_deletes_interview_rows_and_fitted_parameters(service, interviews, store):
    user = await new_user(service)
    await interviews.set_date(user.id, "2026-03-04")
    await add_history(store, user.id, review_history(40, 30))
    await interviews.fit(user.id)
    await service.forget(user.id)
    async with store.unit() as uow:
        for table in ("interview_plans", "interview_outcomes", "fsrs_parameters"):
            assert await uow.users.conn.fetchval(f"SELECT COUNT(*) FROM {table}") == 0, table


async def add_history(store, user_id, history):
    async with store.unit(write=True) as uow:
        for qid, rating, day in history:
            at = datetime(day.year, day.month, day.day, 4, tzinfo=UTC)
            await uow.reviews.add(user_id, qid, rating, at, day, True)


async def test_the_plan_is_rebuilt_only_when_what_it_reads_changes(service, interviews, clock):
    user = await new_user(service)
    await interviews.set_date(user.id, "2026-03-12")
    first = (await interviews.show(user.id)).plan
    assert (await interviews.show(user.id)).plan is first
    await service.next_question(user.id)  # a new question shown today
    shown = (await interviews.show(user.id)).plan
    assert shown is not first and shown.unseen == first.unseen
    await service.rate(user.id, Rating.GOOD)
    rated = (await interviews.show(user.id)).plan
    assert rated is not shown and rated.unseen == first.unseen - 1
    clock.advance(days=1)
    tomorrow = (await interviews.show(user.id)).plan
    assert tomorrow.today == date(2026, 3, 3) and tomorrow.days_left == 9

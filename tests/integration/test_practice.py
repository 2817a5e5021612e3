"""The practice engine against a real SQLite file, with a manual clock."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from bot.domain import errors
from bot.domain.models import NothingDue, QuestionCard, Rating
from bot.domain.practice import PracticeConfig, PracticeService
from bot.storage import Store

pytestmark = pytest.mark.both_databases


async def new_user(service, external_id="42", **kw):
    return (await service.register("telegram", external_id, chat_id=external_id, **kw)).user


async def test_register_is_idempotent_and_applies_defaults(service):
    first = await service.register("telegram", "42", chat_id="42", language="zh-hans")
    again = await service.register("telegram", "42", chat_id="42")
    assert first.created and not again.created
    assert again.user.id == first.user.id
    assert (again.user.timezone, again.user.push_time) == ("Asia/Shanghai", "09:00")
    assert again.user.language == "zh-hans"


async def test_allowlist_refuses_strangers_and_stores_nothing(make_service, store):
    service = make_service(access="allowlist", allowed_users=("telegram:1", "2"), admins=("9",))
    with pytest.raises(errors.AccessDenied):
        await service.register("telegram", "3")
    async with store.unit() as uow:
        assert (await uow.users.counts())["total"] == 0
    assert (await service.register("telegram", "1")).created
    assert (await service.register("slack", "2")).created  # a bare id matches any channel
    assert (await service.register("telegram", "9")).created  # admins are always allowed


async def test_first_questions_are_new_up_to_the_daily_cap(service):
    user = await new_user(service)
    asked = []
    for _ in range(3):
        card = await service.next_question(user.id)
        assert isinstance(card, QuestionCard) and card.is_new
        asked.append(card.question.id)
        await service.rate(user.id, Rating.GOOD)
    assert len(set(asked)) == 3
    done = await service.next_question(user.id)
    assert isinstance(done, NothingDue) and done.can_practise_more


async def test_selection_is_deterministic(tmp_path, corpus, clock):
    orders = []
    for name in ("a", "b"):
        store = await Store.open(tmp_path / f"{name}.sqlite3")
        service = PracticeService(store, corpus, PracticeConfig(max_new_per_day=5), clock)
        user = await new_user(service)
        order = []
        for _ in range(5):
            order.append((await service.next_question(user.id)).question.id)
            await service.rate(user.id, Rating.GOOD)
        orders.append(order)
        await store.close()
    assert orders[0] == orders[1]
    assert sorted(orders[0]) == ["dist-1", "dist-2", "rl-1", "rl-2", "rl-3"]
    assert orders[0][-1] == "rl-3"  # the open question (no reference) comes last


async def test_due_reviews_come_before_new_most_overdue_first(service, clock):
    user = await new_user(service)
    first = (await service.next_question(user.id)).question.id
    await service.rate(user.id, Rating.GOOD)
    second = (await service.next_question(user.id)).question.id
    await service.rate(user.id, Rating.AGAIN)
    clock.advance(days=30)  # both due; the Again one fell due earlier
    picks = []
    for _ in range(2):
        picks.append(await service.next_question(user.id))
        await service.rate(user.id, Rating.GOOD)
    assert [p.question.id for p in picks] == [second, first]
    assert not any(p.is_new for p in picks)
    assert (await service.next_question(user.id)).is_new


async def test_never_the_same_question_twice_a_day_unless_asked_for_more(service):
    user = await new_user(service)
    seen = []
    while isinstance(card := await service.next_question(user.id), QuestionCard):
        seen.append(card.question.id)
        await service.rate(user.id, Rating.AGAIN)  # Again: due again at once, still not today
    assert len(seen) == len(set(seen)) == 3
    extra = [await service.next_question(user.id, more=True) for _ in range(2)]
    assert all(isinstance(c, QuestionCard) for c in extra)
    assert {c.question.id for c in extra}.isdisjoint(seen)  # new ones past the cap first


async def test_more_repeats_todays_questions_once_everything_is_used(make_service):
    service = make_service(max_new_per_day=10)
    user = await new_user(service)
    for _ in range(5):
        await service.next_question(user.id)
        await service.rate(user.id, Rating.GOOD)
    card = await service.next_question(user.id, more=True)
    assert isinstance(card, QuestionCard) and card.repeated
    result = await service.rate(user.id, Rating.EASY)
    assert result.question.id == card.question.id


async def test_topic_filter_limits_questions(service):
    user = await new_user(service)
    await service.set_topics(user.id, ["dist"])
    ids = set()
    for _ in range(2):
        ids.add((await service.next_question(user.id)).question.id)
        await service.skip(user.id)
    assert ids == {"dist-1", "dist-2"}
    assert isinstance(await service.next_question(user.id), NothingDue)
    with pytest.raises(errors.InvalidSetting):
        await service.set_topics(user.id, ["nope"])


async def test_reveal_then_rate_records_the_review(service, store, clock):
    user = await new_user(service)
    card = await service.next_question(user.id)
    answer = await service.reveal(user.id)
    assert answer.question.id == card.question.id and answer.already_rated is None
    result = await service.rate(user.id, "3")
    assert result.rating == Rating.GOOD and result.interval_days >= 1
    assert result.next_due > clock.now() and result.streak == 1 and result.reviewed_today == 1
    async with store.unit() as uow:
        rows = await uow.reviews.per_question(user.id)
    assert rows == [(card.question.id, 1, 3.0, 3)]


async def test_rating_twice_is_refused_with_the_first_rating(service):
    user = await new_user(service)
    asked = (await service.next_question(user.id)).question.id
    await service.rate(user.id, Rating.HARD)
    with pytest.raises(errors.AlreadyRated) as exc:
        await service.rate(user.id, Rating.EASY)
    assert exc.value.params["rating"] == Rating.HARD
    assert (await service.reveal(user.id, asked)).already_rated == Rating.HARD  # its button
    with pytest.raises(errors.NoCurrentQuestion):  # nothing open: no answer to reveal
        await service.reveal(user.id)


async def test_two_taps_at_once_rate_once(service, store):
    # Two instances (or a double tap) rating the same question together: one review, one refusal.
    user = await new_user(service)
    await service.next_question(user.id)
    results = await asyncio.gather(
        service.rate(user.id, Rating.HARD), service.rate(user.id, Rating.GOOD),
        return_exceptions=True,
    )  # fmt: skip
    assert sorted(type(r).__name__ for r in results) == ["AlreadyRated", "RatingResult"]
    async with store.unit() as uow:
        assert await uow.conn.fetchval("SELECT COUNT(*) FROM reviews") == 1


async def test_rating_without_a_question_or_out_of_range(service):
    user = await new_user(service)
    with pytest.raises(errors.NoCurrentQuestion):
        await service.rate(user.id, 3)
    with pytest.raises(errors.NoCurrentQuestion):
        await service.reveal(user.id)
    await service.next_question(user.id)
    for bad in (0, 5, "x"):
        with pytest.raises(errors.InvalidRating):
            await service.rate(user.id, bad)


async def test_rating_an_earlier_question_of_today_is_allowed(service):
    user = await new_user(service)
    first = (await service.next_question(user.id)).question.id
    second = "rl-1" if first != "rl-1" else "rl-2"
    await service.practise(user.id, second)
    assert (await service.rate(user.id, 4, question_id=first)).question.id == first
    assert (await service.rate(user.id, 2)).question.id == second


async def test_yesterdays_question_stays_open_until_superseded(service, clock):
    user = await new_user(service)
    rated = (await service.next_question(user.id)).question.id
    await service.rate(user.id, Rating.GOOD)
    pending = (await service.next_question(user.id)).question.id
    clock.advance(days=1)
    assert (await service.reveal(user.id, pending)).question.id == pending  # still current
    with pytest.raises(errors.StaleQuestion) as exc:
        await service.rate(user.id, 3, question_id=rated)  # yesterday's, superseded
    assert exc.value.params["removed"] is False
    today = await service.next_question(user.id)
    assert today.question.id == pending  # unanswered yesterday, first again today
    assert (await service.rate(user.id, 3, question_id=pending)).question.id == pending


async def test_unknown_question_ids_are_stale_not_crashes(service):
    user = await new_user(service)
    await service.next_question(user.id)
    with pytest.raises(errors.StaleQuestion) as exc:
        await service.rate(user.id, 3, question_id="gone-from-corpus")
    assert exc.value.params["removed"] is True


async def test_question_without_answer_can_still_be_rated(make_service):
    service = make_service(max_new_per_day=10)
    user = await new_user(service)
    card = await service.practise(user.id, "rl-3")
    assert not card.question.has_answer
    assert (await service.reveal(user.id)).question.answer is None
    assert (await service.rate(user.id, 2)).question.id == "rl-3"


async def test_settings_validate_and_recompute_the_next_push(service, clock):
    user = await new_user(service)
    # 09:00 local has just arrived: registration schedules the first push for tomorrow.
    assert user.next_push_at == clock.now() + timedelta(days=1)
    user = await service.set_push_time(user.id, "21:30")
    assert user.push_time == "21:30" and user.next_push_at == clock.now() + timedelta(hours=12, minutes=30)
    user = await service.set_timezone(user.id, "Europe/Berlin")
    assert user.timezone == "Europe/Berlin"
    for bad in ("25:00", "9am", ""):
        with pytest.raises(errors.InvalidSetting):
            await service.set_push_time(user.id, bad)
    for bad in ("Mars/Olympus", "../etc/passwd", ""):
        with pytest.raises(errors.InvalidSetting):
            await service.set_timezone(user.id, bad)
    assert (await service.set_paused(user.id, True)).paused


async def test_forget_deletes_every_row(service, store):
    user = await new_user(service)
    await service.next_question(user.id)
    await service.rate(user.id, 3)
    await service.forget(user.id)
    async with store.unit() as uow:
        for table in ("users", "cards", "reviews", "presentations", "deliveries"):
            assert await uow.users.conn.fetchval(f"SELECT COUNT(*) FROM {table}") == 0, table
    with pytest.raises(errors.UnknownUser):
        await service.next_question(user.id)


async def test_deactivated_user_is_reactivated_by_register(service):
    user = await new_user(service)
    await service.deactivate(user.id)
    assert not (await service.get_user(user.id)).active
    again = await service.register("telegram", "42")
    assert again.reactivated and again.user.active


async def test_search_ranks_question_text_first(service):
    hits = service.search("zero")
    assert [h.question.id for h in hits] == ["dist-1"]
    assert [h.question.id for h in service.search("GRPO critic")] == ["rl-1"]
    assert service.search("   ") == []

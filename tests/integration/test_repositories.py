"""Repository statements whose SQL differs most between the dialects (upserts with conditions,
row counts, aggregates, RETURNING), run on SQLite and PostgreSQL alike."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot.domain.deliveries import CLAIMED
from bot.domain.fsrs_fit import FitResult
from bot.storage import Store
from bot.storage.inbox import KEEP_HANDLED

pytestmark = pytest.mark.both_databases
NOW = datetime(2026, 3, 2, 1, tzinfo=UTC)
TODAY = date(2026, 3, 2)


async def new_user(store: Store, external_id: str = "1") -> int:
    async with store.unit(write=True) as uow:
        return await uow.users.insert(
            channel="telegram", external_id=external_id, chat_id=external_id,
            display_name=None, timezone="UTC", push_time="09:00", language=None,
            created_at=NOW, next_push_at=None,
        )  # fmt: skip


async def test_inserted_ids_come_back_and_grow(store: Store):
    first, second = await new_user(store, "1"), await new_user(store, "2")
    assert second > first > 0


async def test_the_model_call_limit_counts_up_to_the_limit_then_refuses(store: Store):
    user = await new_user(store)
    async with store.unit(write=True) as uow:
        taken = [await uow.model_usage.take(user, TODAY, 2) for _ in range(3)]
        assert taken == [True, True, False]
        assert await uow.model_usage.used(user, TODAY) == 2
        assert await uow.model_usage.take(user, TODAY, 0) is False


async def test_a_delivery_is_claimed_once_per_day_and_adopted_once(store: Store):
    user = await new_user(store)
    async with store.unit(write=True) as uow:
        delivery = await uow.deliveries.claim(user, TODAY, NOW, NOW)
        assert delivery is not None
        assert await uow.deliveries.claim(user, TODAY, NOW, NOW) is None
        await uow.deliveries.start_attempt(delivery, "q1")
        await uow.conn.execute("UPDATE deliveries SET claimed_by = NULL")  # an old row's claimer
        assert await uow.deliveries.adopt_claims() == 1
        assert await uow.deliveries.adopt_claims() == 0  # already this store's
        [group] = await uow.deliveries.counts_around(TODAY, TODAY)
    assert (group.status, group.rows, group.started) == (CLAIMED, 1, 1)


async def test_fitted_parameters_are_replaced_by_the_next_fit(store: Store):
    user = await new_user(store)
    async with store.unit(write=True) as uow:
        await uow.fsrs_parameters.save(user, FitResult(NOW, 10))
        await uow.fsrs_parameters.save(
            user, FitResult(NOW, 40, (0.25, 1.5), 0.5, 0.4, 0.3, 0.2, in_use=True)
        )
        fit = await uow.fsrs_parameters.get(user)
    assert fit == FitResult(NOW, 40, (0.25, 1.5), 0.5, 0.4, 0.3, 0.2, in_use=True)


async def test_averages_and_agreement_are_plain_numbers(store: Store):
    user = await new_user(store)
    async with store.unit(write=True) as uow:
        for rating in (1, 2, 2):
            await uow.reviews.add(user, "q1", rating, NOW, TODAY, True)
        [(question, reviews, average, last)] = await uow.reviews.per_question(user)
        agreement = await uow.attempts.agreement(user)
    assert (question, reviews, last) == ("q1", 3, 2)
    assert type(average) is float and average == pytest.approx(5 / 3)
    assert agreement == (3, 0, 0, 0, 0, 0)


async def test_updates_are_stored_once_and_old_handled_ones_pruned(store: Store):
    big = 2**40  # Telegram update ids may exceed 32 bits
    async with store.unit(write=True) as uow:
        ids = [big + n for n in range(KEEP_HANDLED + 2)]
        assert await uow.inbox.record("telegram", [(i, 1, "{}") for i in ids], NOW) == ids
        assert await uow.inbox.record("telegram", [(ids[0], 1, "{}")], NOW) == []
        for update_id in ids[:-1]:
            await uow.inbox.mark_handled("telegram", update_id, NOW)
        await uow.inbox.prune("telegram")
        assert await uow.inbox.pending("telegram") == [(ids[-1], "{}")]
        kept = await uow.conn.fetchval("SELECT COUNT(*) FROM inbound_updates")
    assert kept == KEEP_HANDLED + 1  # the newest handled ones and the pending one

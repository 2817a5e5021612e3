"""The shared tables behind several instances: live instances by heartbeat, and the daily count
of paid broadcasts that no two processes can over-grant."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from bot.delivery.paid import PaidQuota
from bot.domain.clock import ManualClock
from bot.storage import Store

NOON = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
DAY = date(2026, 3, 2)

pytestmark = pytest.mark.both_databases


async def test_instances_are_live_while_they_heartbeat_and_gone_once_removed(store: Store):
    async with store.unit(write=True) as uow:
        await uow.instances.beat("a", NOON, NOON)
        await uow.instances.beat("b", NOON, NOON)
        await uow.instances.beat("a", NOON, NOON + timedelta(seconds=10))  # a beats on
        assert await uow.instances.live(NOON + timedelta(seconds=5)) == 1
        assert await uow.instances.live(NOON) == 2
        await uow.instances.remove("a")
        assert await uow.instances.live(NOON) == 1
        assert await uow.instances.forget(NOON + timedelta(seconds=1)) == 1
        assert await uow.instances.live(NOON - timedelta(days=1)) == 0


async def test_paid_reservations_never_pass_the_cap_and_are_given_back(store: Store):
    async with store.unit(write=True) as uow:
        assert await uow.paid_broadcasts.reserve(DAY, 60, cap=100) == 60
        assert await uow.paid_broadcasts.reserve(DAY, 60, cap=100) == 40
        assert await uow.paid_broadcasts.reserve(DAY, 60, cap=100) == 0
        await uow.paid_broadcasts.release(DAY, 15)
        assert await uow.paid_broadcasts.used(DAY) == 85
        assert await uow.paid_broadcasts.reserve(DAY + timedelta(days=1), 5, cap=100) == 5


async def test_the_cap_holds_for_two_processes_on_one_database(database: Path | str):
    first, second = await Store.open(database), await Store.open(database)
    try:
        clock = ManualClock(NOON)

        async def spend(store: Store) -> int:
            """200 messages a process, reserving 10 at a time while the other one does too."""
            quota = PaidQuota(store, clock, cap=250, block=10)
            paid = [await quota.take(1) is not None for _ in range(200)]
            await quota.close()
            return sum(paid)

        assert sum(await asyncio.gather(spend(first), spend(second))) == 250
        async with first.unit() as uow:
            assert await uow.paid_broadcasts.used(DAY) == 250
    finally:
        await first.close()
        await second.close()

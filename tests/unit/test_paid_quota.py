"""The daily cap of paid broadcasts: spent message by message, reserved from the shared count in
blocks, given back on a clean stop, so that restarts and several instances never exceed it."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace

from bot.delivery.paid import PaidQuota
from bot.domain.clock import ManualClock

NOON = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


@dataclass
class FakePaidTable:
    """The shared `paid_broadcasts` table: UTC day -> reserved; counts the writes."""

    reserved: dict[date, int] = field(default_factory=dict)
    writes: int = 0

    async def reserve(self, day: date, wanted: int, cap: int) -> int:
        self.writes += 1
        granted = max(0, min(wanted, cap - self.reserved.get(day, 0)))
        self.reserved[day] = self.reserved.get(day, 0) + granted
        return granted

    async def release(self, day: date, count: int) -> None:
        self.writes += 1
        self.reserved[day] -= count


@dataclass
class FakeStore:
    table: FakePaidTable

    @asynccontextmanager
    async def unit(self, *, write: bool = False) -> AsyncIterator[SimpleNamespace]:
        yield SimpleNamespace(paid_broadcasts=self.table)


async def spend(quota: PaidQuota, messages: int) -> int:
    """Messages of one part each, as a send-out takes them; how many went paid."""
    return sum([await quota.take(1) is not None for _ in range(messages)])


async def test_the_cap_is_spent_exactly_then_messages_go_unpaid():
    table = FakePaidTable()
    quota = PaidQuota(FakeStore(table), ManualClock(NOON), cap=250, block=100)
    assert await spend(quota, 400) == 250
    assert quota.spent == 250
    assert table.writes == 3  # 100 + 100 + 50: blocks, not a write per message
    assert await quota.take(1) is None  # and no more writes once the day is used up
    assert table.writes == 3


async def test_a_restart_continues_from_the_count_left_in_the_database():
    table = FakePaidTable()
    first = PaidQuota(FakeStore(table), ManualClock(NOON), cap=100, block=40)
    assert await spend(first, 30) == 30
    await first.close()  # the unspent 10 of the block go back
    assert table.reserved[NOON.date()] == 30
    second = PaidQuota(FakeStore(table), ManualClock(NOON), cap=100, block=40)
    assert await spend(second, 100) == 70


async def test_a_crash_loses_the_unspent_block_so_the_cap_is_never_exceeded():
    table = FakePaidTable()
    crashed = PaidQuota(FakeStore(table), ManualClock(NOON), cap=100, block=40)
    assert await spend(crashed, 30) == 30  # no close(): 10 reserved and never sent
    after = PaidQuota(FakeStore(table), ManualClock(NOON), cap=100, block=40)
    assert await spend(after, 100) == 60


async def test_instances_sharing_the_count_never_spend_more_than_the_cap_together():
    table = FakePaidTable()
    clock = ManualClock(NOON)
    quotas = [PaidQuota(FakeStore(table), clock, cap=1000, block=64) for _ in range(3)]
    paid = await asyncio.gather(*(spend(quota, 500) for quota in quotas))
    await asyncio.gather(*(quota.close() for quota in quotas))
    # What another instance still held unspent was out of reach: at most a block each.
    assert 1000 - 2 * 64 <= sum(paid) <= 1000
    assert table.reserved[NOON.date()] == sum(paid)


async def test_a_new_utc_day_brings_a_new_cap_and_returns_the_old_days_rest():
    table = FakePaidTable()
    clock = ManualClock(NOON)
    quota = PaidQuota(FakeStore(table), clock, cap=100, block=50)
    assert await spend(quota, 120) == 100
    clock.advance(timedelta(hours=12))
    assert await spend(quota, 10) == 10
    assert table.reserved == {NOON.date(): 100, (NOON + timedelta(days=1)).date(): 50}


async def test_parts_of_one_message_are_paid_together_and_a_refused_one_is_refunded():
    table = FakePaidTable()
    quota = PaidQuota(FakeStore(table), ManualClock(NOON), cap=5, block=5)
    day = await quota.take(3)
    assert day == NOON.date()
    assert await quota.take(3) is None  # two left: a three-part message goes unpaid whole
    await quota.refund(day, 3)  # the platform said 429: not sent
    assert quota.spent == 0
    assert await spend(quota, 9) == 5

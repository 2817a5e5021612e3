"""The bot's send budget split among its instances: every instance paces at limit / live, a
share is lowered at once and raised only when the platform's window has room, so that the
instances together never send more than the limit in any one second (Telegram: 30)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime
from types import SimpleNamespace

from bot.delivery.instances import HEARTBEAT, LIVE_FOR, BudgetShares, InstanceRegistry
from bot.delivery.pacing import Pacer
from tests.support.stepped_timer import SteppedTimer, TimerClock

LIMIT = 30


@dataclass
class FakeInstancesTable:
    """The shared `instances` table: id -> heartbeat."""

    rows: dict[str, datetime] = field(default_factory=dict)

    async def beat(self, instance_id: str, started_at: datetime, at: datetime) -> None:
        self.rows[instance_id] = at

    async def live(self, since: datetime) -> int:
        return sum(1 for at in self.rows.values() if at >= since)

    async def remove(self, instance_id: str) -> None:
        self.rows.pop(instance_id, None)

    async def forget(self, before: datetime) -> int:
        gone = [i for i, at in self.rows.items() if at < before]
        for instance_id in gone:
            del self.rows[instance_id]
        return len(gone)


@dataclass
class FakeStore:
    table: FakeInstancesTable

    @asynccontextmanager
    async def unit(self, *, write: bool = False) -> AsyncIterator[SimpleNamespace]:
        yield SimpleNamespace(instances=self.table)


class Instance:
    """One running bot: its budget, its registry, and a send-out that never runs dry."""

    def __init__(self, name: str, table: FakeInstancesTable, timer: SteppedTimer) -> None:
        self.timer = timer
        self.budget = Pacer(LIMIT, per_chat_interval=1.0, timer=timer)
        self.registry = InstanceRegistry(
            FakeStore(table), TimerClock(timer), name, BudgetShares([self.budget], timer)
        )
        self.stop = asyncio.Event()
        self.grants: list[float] = []
        self._tasks: list[asyncio.Task[None]] = []

    async def start(self) -> None:
        await self.registry.join()
        self._tasks = [
            asyncio.create_task(self.registry.run(self.stop)),
            asyncio.create_task(self._send()),
        ]

    async def _send(self) -> None:
        while True:
            self.grants.append(await self.budget.acquire(None))

    def crash(self) -> None:
        """kill -9: no more sends, no more heartbeats, no deregistration."""
        for task in self._tasks:
            task.cancel()

    async def stop_cleanly(self) -> None:
        self.crash()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        await self.registry.leave()

    def sent_between(self, start: float, end: float) -> int:
        return sum(1 for at in self.grants if start <= at < end)


def peak_in_any_second(grants: list[float]) -> int:
    times = sorted(grants)
    return max(
        (sum(1 for at in times[i:] if at < start + 1.0) for i, start in enumerate(times)),
        default=0,
    )


async def test_a_lowered_rate_holds_at_once_and_a_raised_one_is_used():
    timer = SteppedTimer()
    pacer = Pacer(30, per_chat_interval=1.0, timer=timer)
    grants: list[float] = []

    async def send() -> None:
        while True:
            grants.append(await pacer.acquire(None))

    sender = asyncio.create_task(send())
    await timer.run_until(2.0)
    pacer.set_rate(10)
    await timer.run_until(5.0)
    pacer.set_rate(30)
    await timer.run_until(8.0)
    sender.cancel()

    in_window = [sum(1 for g in grants if t <= g < t + 1.0) for t in (0.0, 1.0)]
    assert in_window == [30, 30]
    # From the change on, no second holds more than the new rate, not even the first one.
    assert max(sum(1 for g in grants if t <= g < t + 1.0) for t in (2.0, 2.5, 3.0, 4.0)) <= 10
    assert sum(1 for g in grants if 6.0 <= g < 8.0) == 60


async def test_two_instances_together_stay_within_the_bot_limit():
    timer = SteppedTimer()
    table = FakeInstancesTable()
    first, second = Instance("a", table, timer), Instance("b", table, timer)

    await first.start()
    await timer.run_until(3.0)
    await second.start()  # registers at 3.0; holds its budget until the first made room
    await timer.run_until(9.99)
    await second.stop_cleanly()  # deregisters just before the first's heartbeat at 10
    await timer.run_until(15.0)
    first.crash()

    assert peak_in_any_second(first.grants + second.grants) <= LIMIT
    assert first.sent_between(1.0, 3.0) == 2 * LIMIT  # alone: the whole limit
    assert second.sent_between(3.0, 3.0 + HEARTBEAT + 1.0) == 0  # waits for room
    assert first.sent_between(6.0, 10.0) == second.sent_between(6.0, 10.0) == 2 * LIMIT
    assert first.sent_between(12.0, 15.0) == 3 * LIMIT  # the whole limit again


async def test_an_instance_that_died_stops_counting_once_its_heartbeat_expires():
    timer = SteppedTimer()
    table = FakeInstancesTable()
    first, second = Instance("a", table, timer), Instance("b", table, timer)
    await first.start()
    await second.start()
    await timer.run_until(5.0)
    second.crash()  # at 5.0: no deregistration, its row stays until it is too old
    await timer.run_until(5.0 + LIVE_FOR + 4.0)
    first.crash()

    assert peak_in_any_second(first.grants + second.grants) <= LIMIT
    assert first.sent_between(5.0, 5.0 + LIVE_FOR - 1.0) <= (LIVE_FOR - 1.0) * LIMIT / 2
    end = 5.0 + LIVE_FOR + 4.0
    assert first.sent_between(end - 2.0, end) == 2 * LIMIT


async def test_the_only_sender_forgets_the_rows_of_dead_instances_at_once():
    """SQLite's sender lock proves the instance killed a moment ago is gone: full rate now."""
    timer = SteppedTimer()
    table = FakeInstancesTable()
    killed = Instance("killed", table, timer)
    await killed.start()
    await timer.run_until(2.0)
    killed.crash()
    await timer.run_until(2.5)  # started again half a second later
    budget = Pacer(LIMIT, per_chat_interval=1.0, timer=timer)
    shares = BudgetShares([budget], timer)
    restarted = InstanceRegistry(FakeStore(table), TimerClock(timer), "new", shares, sole=True)
    await restarted.join()
    assert (shares.instances, budget.per_second) == (1, LIMIT)
    assert list(table.rows) == ["new"]

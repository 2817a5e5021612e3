"""A fake monotonic timer for pacing tests: time stands still while any task can run, then
jumps to the earliest sleeper's deadline. Several tasks sleeping at once wake in time order,
so a test of rates over time is exact and never waits on the wall clock."""

from __future__ import annotations

import asyncio
import heapq
import itertools
from datetime import UTC, datetime, timedelta

SETTLE_ROUNDS = 20  # event-loop turns that let every runnable task reach its next sleep


class SteppedTimer:
    def __init__(self) -> None:
        self.now = 0.0
        self._sleepers: list[tuple[float, int, asyncio.Future[None]]] = []
        self._order = itertools.count()

    def monotonic(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        future = asyncio.get_running_loop().create_future()
        heapq.heappush(self._sleepers, (self.now + max(0.0, seconds), next(self._order), future))
        await future

    async def run_until(self, until: float) -> None:
        """Let the tasks run, moving time from sleeper to sleeper up to `until`."""
        while True:
            for _ in range(SETTLE_ROUNDS):
                await asyncio.sleep(0)
            while self._sleepers and self._sleepers[0][2].done():  # cancelled sleepers
                heapq.heappop(self._sleepers)
            if not self._sleepers or self._sleepers[0][0] > until:
                self.now = max(self.now, until)
                return
            self.now = max(self.now, self._sleepers[0][0])
            while self._sleepers and self._sleepers[0][0] <= self.now:
                _deadline, _n, future = heapq.heappop(self._sleepers)
                if not future.done():
                    future.set_result(None)


class TimerClock:
    """A Clock (UTC datetimes) that follows a SteppedTimer."""

    def __init__(self, timer: SteppedTimer, start: datetime = datetime(2026, 3, 2, tzinfo=UTC)):
        self.timer = timer
        self.start = start

    def now(self) -> datetime:
        return self.start + timedelta(seconds=self.timer.now)

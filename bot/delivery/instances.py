"""The bot's send budgets split among its running instances.

Telegram's 30 messages a second (likewise Slack's pace and the paid broadcasts' rate) belong to
the bot, not to one process. Every running instance registers in the shared database and
heartbeats every HEARTBEAT seconds; an instance whose heartbeat is at most LIVE_FOR old is
live, and each live instance paces every budget at limit / live.

The shares must add up to at most the limit in every one-second window, also while instances
come and go (each Pacer's window holds at most its own share, see pacing.py):
- a share is lowered at once, but raised only once the lower count has held for WINDOW: what
  an instance that left sent last still counts at the platform for up to WINDOW;
- a starting instance that finds others running holds its budgets for HEARTBEAT + WINDOW:
  within one heartbeat they have seen it and lowered their shares, and within one more
  WINDOW what they sent at their old rate has left the platform's window.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from contextlib import AbstractAsyncContextManager, suppress
from datetime import datetime, timedelta
from typing import Protocol

from bot.delivery.pacing import WINDOW, Pacer, RealTimer, Timer
from bot.domain.clock import Clock

log = logging.getLogger("bot.delivery")

HEARTBEAT = 1.0  # seconds between two heartbeats of an instance
LIVE_FOR = 5.0  # an instance whose heartbeat is older is gone
FORGET_AFTER = timedelta(days=1)  # rows of instances gone this long are deleted


class InstancesRepository(Protocol):
    async def beat(self, instance_id: str, started_at: datetime, at: datetime) -> None: ...
    async def live(self, since: datetime) -> int: ...
    async def remove(self, instance_id: str) -> None: ...
    async def forget(self, before: datetime) -> int: ...


class _Unit(Protocol):
    @property
    def instances(self) -> InstancesRepository: ...


class InstancesStore(Protocol):
    def unit(self, *, write: bool = False) -> AbstractAsyncContextManager[_Unit]: ...


class BudgetShares:
    """Sets every budget to its share of its limit, from the live instances seen."""

    def __init__(self, budgets: Sequence[Pacer], timer: Timer | None = None) -> None:
        self.budgets = list(budgets)
        self.timer: Timer = timer or RealTimer()
        self.instances = 1  # the count the shares are set for
        self._fewer: tuple[int, float] | None = None  # a lower count seen, and since when

    def join(self, live: int) -> None:
        """The count at start-up (this instance included): take the share at once, and when
        others run, hold until they have made room for it."""
        self.instances = max(1, live)
        self._apply()
        if self.instances > 1:
            for budget in self.budgets:
                budget.pause(HEARTBEAT + WINDOW)

    def seen(self, live: int) -> None:
        """The count at a heartbeat."""
        live = max(1, live)
        now = self.timer.monotonic()
        if live >= self.instances:
            self._fewer = None
            if live > self.instances:
                self.instances = live
                self._apply()
            return
        if self._fewer is None or self._fewer[0] != live:
            self._fewer = (live, now)
        elif now - self._fewer[1] >= WINDOW:
            self.instances, self._fewer = live, None
            self._apply()

    def _apply(self) -> None:
        for budget in self.budgets:
            budget.set_rate(budget.limit / self.instances)


class InstanceRegistry:
    """This instance's row in the shared `instances` table, and its heartbeat loop."""

    def __init__(
        self,
        store: InstancesStore,
        clock: Clock,
        instance_id: str,
        shares: BudgetShares,
        *,
        sole: bool = False,
        heartbeat: float = HEARTBEAT,
    ) -> None:
        self.store = store
        self.clock = clock
        self.instance_id = instance_id
        self.shares = shares
        # Known to be the only sender (SQLite's sender lock): any other row is a dead one's.
        self.sole = sole
        self.heartbeat = heartbeat
        self.started_at = clock.now()

    async def join(self) -> None:
        """Register before sending anything, and take this instance's share."""
        now = self.clock.now()
        async with self.store.unit(write=True) as uow:
            await uow.instances.forget(now if self.sole else now - FORGET_AFTER)
            await uow.instances.beat(self.instance_id, self.started_at, now)
            live = await uow.instances.live(now - timedelta(seconds=LIVE_FOR))
        self.shares.join(live)
        if live > 1:
            log.info("%d instances running: this one sends its share of each budget", live)

    async def beat(self) -> None:
        now = self.clock.now()
        async with self.store.unit(write=True) as uow:
            await uow.instances.beat(self.instance_id, self.started_at, now)
            live = await uow.instances.live(now - timedelta(seconds=LIVE_FOR))
        before = self.shares.instances
        self.shares.seen(live)
        if self.shares.instances != before:
            log.info("%d instances running now (was %d)", self.shares.instances, before)

    async def run(self, stop: asyncio.Event) -> None:
        """Heartbeat until `stop`; a failed heartbeat is logged and keeps the shares as they are
        (the others see this instance gone after LIVE_FOR and raise theirs)."""
        while not stop.is_set():
            await _sleep_unless(stop, self.shares.timer, self.heartbeat)
            if stop.is_set():
                return
            try:
                await self.beat()
            except Exception as error:  # the database may be back at the next beat
                log.error("instance heartbeat failed: %s", error)

    async def leave(self) -> None:
        """Deregister on a clean stop (after the last send), so that the others raise their
        shares without waiting for the heartbeat to expire."""
        async with self.store.unit(write=True) as uow:
            await uow.instances.remove(self.instance_id)


async def _sleep_unless(stop: asyncio.Event, timer: Timer, seconds: float) -> None:
    sleeping = asyncio.ensure_future(timer.sleep(seconds))
    stopped = asyncio.ensure_future(stop.wait())
    try:
        await asyncio.wait([sleeping, stopped], return_when=asyncio.FIRST_COMPLETED)
    finally:
        for task in (sleeping, stopped):
            task.cancel()
            with suppress(asyncio.CancelledError):
                await task

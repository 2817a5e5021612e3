"""The delivery trigger: one APScheduler job per channel, never one job per user.

Users' push times live in the database (users.next_push_at); each tick asks the channel's
delivery service to send whatever has come due, so nothing about users is held in memory.

APScheduler 3's AsyncIOScheduler runs a coroutine function on the event loop it was started
in, but a plain function in a worker thread, where there is no event loop to start the
send-out on; so every job given to it here must be a coroutine function.
"""

from __future__ import annotations

import inspect
import logging
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from apscheduler.jobstores.memory import MemoryJobStore
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger

from bot.delivery.service import DeliveryService

TICK = timedelta(minutes=1)
# Push times are whole minutes: ticking just after each minute starts sends them on time.
TICK_OFFSET = timedelta(seconds=1)


def next_tick(now: datetime, period: timedelta = TICK) -> datetime:
    """The first tick: just after the next multiple of `period` (the next minute for 60 s)."""
    seconds = period.total_seconds()
    start = (now.timestamp() // seconds + 1) * seconds
    return datetime.fromtimestamp(start, UTC) + TICK_OFFSET


class DeliveryScheduler:
    def __init__(self, services: Sequence[DeliveryService], period: timedelta = TICK) -> None:
        self.services = list(services)
        self.period = period
        # In-memory job store owned by this process: the jobs are rebuilt on every start.
        self.scheduler = AsyncIOScheduler(timezone=UTC, jobstores={"default": MemoryJobStore()})

    def start(self, now: datetime | None = None) -> None:
        """Start ticking; must be called from the running event loop the jobs are to run on."""
        first = next_tick(now or datetime.now(UTC), self.period)
        for service in self.services:
            if not inspect.iscoroutinefunction(service.tick):
                raise TypeError(f"{service.tick!r} would run in a thread without an event loop")
            self.scheduler.add_job(
                service.tick,
                IntervalTrigger(
                    seconds=self.period.total_seconds(), start_date=first, timezone=UTC
                ),
                id=f"daily-delivery-{service.channel.name}",
                coalesce=True,  # a late loop runs one tick, not a backlog of them
                max_instances=1,
                misfire_grace_time=max(1, int(self.period.total_seconds())),
                replace_existing=True,
            )
        # Two INFO lines a tick per job would drown the send-out lines; warnings still show.
        logging.getLogger("apscheduler").setLevel(logging.WARNING)
        self.scheduler.start()

    def shutdown(self) -> None:
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)

"""The per-minute trigger: one APScheduler job per channel, never one job per user.

Users' push times live in the database (users.next_push_at); each tick asks the channel's
delivery service to send whatever has come due, so nothing about users is held in memory.
"""

from __future__ import annotations

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


def next_tick(now: datetime) -> datetime:
    return now.replace(second=0, microsecond=0) + TICK + TICK_OFFSET


class DeliveryScheduler:
    def __init__(self, services: Sequence[DeliveryService]) -> None:
        self.services = list(services)
        # In-memory job store owned by this process: the jobs are rebuilt on every start.
        self.scheduler = AsyncIOScheduler(timezone=UTC, jobstores={"default": MemoryJobStore()})

    def start(self, now: datetime | None = None) -> None:
        first = next_tick(now or datetime.now(UTC))
        for service in self.services:
            self.scheduler.add_job(
                service.tick,
                IntervalTrigger(minutes=1, start_date=first, timezone=UTC),
                id=f"daily-delivery-{service.channel.name}",
                coalesce=True,  # a late loop runs one tick, not a backlog of them
                max_instances=1,
                misfire_grace_time=int(TICK.total_seconds()),
                replace_existing=True,
            )
        # Two INFO lines a minute per job would drown the send-out lines; warnings still show.
        logging.getLogger("apscheduler").setLevel(logging.WARNING)
        self.scheduler.start()

    def shutdown(self) -> None:
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)

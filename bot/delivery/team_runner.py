"""Team delivery inside the running bot: a per-minute job per channel on APScheduler.

The job is a coroutine function, so AsyncIOScheduler runs it on the event loop (a plain
function would run in a worker thread with no loop). Team times live in the database
(teams.next_push_at, next_board_at): each tick sends whatever has come due.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime

from apscheduler.jobstores.memory import MemoryJobStore
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger

from bot.delivery.scheduler import TICK, next_tick
from bot.delivery.team_ports import TeamChannel
from bot.delivery.team_service import TeamDeliveryService
from bot.domain.practice import PracticeService

log = logging.getLogger("bot.delivery")


def schedule_team_jobs(
    scheduler: AsyncIOScheduler, services: list[TeamDeliveryService], now: datetime
) -> None:
    for service in services:
        scheduler.add_job(
            service.tick,
            IntervalTrigger(seconds=TICK.total_seconds(), start_date=next_tick(now), timezone=UTC),
            id=f"team-delivery-{service.channel.name}",
            coalesce=True,
            max_instances=1,
            misfire_grace_time=int(TICK.total_seconds()),
            replace_existing=True,
        )


async def run_team_delivery(
    practice: PracticeService, channels: list[TeamChannel], stop: asyncio.Event
) -> None:
    """Catch up at once (resume claimed rows, send what is due), then tick every minute."""
    services = [TeamDeliveryService(practice, channel) for channel in channels]
    scheduler = AsyncIOScheduler(timezone=UTC, jobstores={"default": MemoryJobStore()})
    try:
        for channel in channels:
            if start := getattr(channel, "start", None):
                await start()
        for service in services:
            await service.tick()
        schedule_team_jobs(scheduler, services, datetime.now(UTC))
        scheduler.start()
        log.info("team delivery running: %s", ", ".join(c.name for c in channels))
        await stop.wait()
    finally:
        if scheduler.running:
            scheduler.shutdown(wait=False)
        await asyncio.gather(*(service.stop() for service in services))
        for channel in channels:
            if close := getattr(channel, "close", None):
                await close()

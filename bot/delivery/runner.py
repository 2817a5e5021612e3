"""Daily delivery inside the running bot: one delivery service per channel that has one."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from datetime import timedelta

from bot.delivery.claiming import LEASE
from bot.delivery.ports import DeliveryChannel
from bot.delivery.scheduler import TICK, DeliveryScheduler
from bot.delivery.service import DeliveryService
from bot.domain.practice import PracticeService

log = logging.getLogger("bot.delivery")


async def run_delivery(
    practice: PracticeService,
    channels: Sequence[DeliveryChannel],
    stop: asyncio.Event,
    tick: timedelta = TICK,
    lease: timedelta = LEASE,
) -> None:
    """Resume unfinished deliveries and catch up at once, then tick every `tick` until `stop`."""
    services = [DeliveryService(practice, channel, lease=lease) for channel in channels]
    scheduler = DeliveryScheduler(services, tick)
    try:
        for channel in channels:
            if start := getattr(channel, "start", None):
                await start()
        for service in services:
            await (
                service.tick()
            )  # start-up: resume what a previous run left claimed, then who is due
        scheduler.start()
        log.info(
            "daily delivery running: %s (every %g s)",
            ", ".join(c.name for c in channels),
            tick.total_seconds(),
        )
        await stop.wait()
    finally:
        scheduler.shutdown()
        await asyncio.gather(*(service.stop() for service in services))
        for channel in channels:
            if close := getattr(channel, "close", None):
                await close()

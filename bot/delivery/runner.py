"""Daily delivery inside the running bot: one delivery service per channel that has one."""

from __future__ import annotations

import asyncio
import logging

from bot.config import Settings
from bot.delivery.ports import DeliveryChannel
from bot.delivery.scheduler import DeliveryScheduler
from bot.delivery.service import DeliveryService
from bot.domain.clock import Clock
from bot.domain.practice import PracticeService

log = logging.getLogger("bot.delivery")


def delivery_channels(settings: Settings, clock: Clock) -> list[DeliveryChannel]:
    """Every enabled channel that implements DeliveryChannel."""
    channels: list[DeliveryChannel] = []
    if settings.telegram_enabled:
        from bot.delivery.telegram_channel import TelegramDelivery

        channels.append(TelegramDelivery.from_settings(settings.telegram, clock))
    if settings.slack_enabled:
        from bot.channels.slack import slack_delivery

        channels.append(slack_delivery(settings, clock))
    return channels


async def run_delivery(
    practice: PracticeService, channels: list[DeliveryChannel], stop: asyncio.Event
) -> None:
    """Resume unfinished deliveries and catch up at once, then tick every minute until `stop`."""
    services = [DeliveryService(practice, channel) for channel in channels]
    scheduler = DeliveryScheduler(services)
    try:
        for channel in channels:
            if start := getattr(channel, "start", None):
                await start()
        for service in services:
            service.tick()  # start-up: resume what a previous run left claimed, then who is due
        scheduler.start()
        log.info("daily delivery running: %s", ", ".join(c.name for c in channels))
        await stop.wait()
    finally:
        scheduler.shutdown()
        await asyncio.gather(*(service.stop() for service in services))
        for channel in channels:
            if close := getattr(channel, "close", None):
                await close()

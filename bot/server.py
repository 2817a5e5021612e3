"""The long-running bot: every configured channel plus daily delivery, in one event loop."""

from __future__ import annotations

import asyncio
import logging
import time
from pathlib import Path

from bot.bootstrap import interview_service, open_service
from bot.channels.teams import team_channels
from bot.config import Settings
from bot.delivery.runner import delivery_channels, run_delivery
from bot.delivery.team_runner import run_team_delivery
from bot.fsrs_refit import run_refits
from bot.health import ChannelHealth, channels_path

log = logging.getLogger(__name__)
HEARTBEAT_SECONDS = 30


def heartbeat_path(settings: Settings) -> Path:
    return Path(settings.database).with_name("heartbeat")


async def serve(settings: Settings, stop: asyncio.Event) -> None:
    """Run until `stop` is set; a failing channel stops the whole bot rather than limp on."""
    async with open_service(settings) as service:
        tasks = [asyncio.create_task(_heartbeat(heartbeat_path(settings), stop), name="heartbeat")]
        health = ChannelHealth.configured(settings)
        tasks.append(
            asyncio.create_task(health.report(channels_path(settings), stop), name="health")
        )
        refits = run_refits(interview_service(settings, service), stop)
        tasks.append(asyncio.create_task(refits, name="fsrs-refit"))
        if settings.telegram_enabled:
            from bot.channels.telegram import run_telegram

            tasks.append(
                asyncio.create_task(run_telegram(settings, service, stop, health), name="telegram")
            )
        if settings.slack_enabled:
            from bot.channels.slack import run_slack

            tasks.append(
                asyncio.create_task(run_slack(settings, service, stop, health), name="slack")
            )
        if channels := delivery_channels(settings, service.clock):
            tasks.append(
                asyncio.create_task(run_delivery(service, channels, stop), name="delivery")
            )
        if teams := team_channels(settings):
            tasks.append(asyncio.create_task(run_team_delivery(service, teams, stop), name="teams"))
        log.info("drillbot running: %s", ", ".join(t.get_name() for t in tasks))
        done, _pending = await asyncio.wait(
            [*tasks, asyncio.create_task(stop.wait())], return_when=asyncio.FIRST_COMPLETED
        )
        stop.set()
        await asyncio.gather(*tasks, return_exceptions=True)
        for task in done:
            if task in tasks and (error := task.exception()):
                raise error


async def _heartbeat(path: Path, stop: asyncio.Event) -> None:
    """Touch a file regularly so the container healthcheck can tell the loop is alive."""
    path.parent.mkdir(parents=True, exist_ok=True)
    while not stop.is_set():
        path.write_text(str(int(time.time())))
        try:
            await asyncio.wait_for(stop.wait(), HEARTBEAT_SECONDS)
        except TimeoutError:
            pass


def healthy(settings: Settings, max_age: float = 3 * HEARTBEAT_SECONDS) -> bool:
    path = heartbeat_path(settings)
    try:
        return time.time() - int(path.read_text()) <= max_age
    except (OSError, ValueError):
        return False

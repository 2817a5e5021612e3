"""The long-running bot: every configured channel plus daily delivery, in one event loop.

Every timed job runs as a coroutine on this loop: the heartbeat is an asyncio task, and the
delivery trigger's APScheduler jobs are coroutine functions (see bot/delivery/scheduler.py).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Coroutine
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.bootstrap import interview_service, open_checker, open_service
from bot.channels.teams import team_channels
from bot.config import Settings
from bot.delivery.instances import BudgetShares, InstanceRegistry
from bot.delivery.pacing import Pacer
from bot.delivery.paid import PaidQuota
from bot.delivery.ports import DeliveryChannel
from bot.delivery.runner import run_delivery
from bot.delivery.team_runner import run_team_delivery
from bot.domain.practice import PracticeService
from bot.fsrs_refit import run_refits
from bot.health import ChannelHealth, channels_path, health_dir
from bot.storage import Store

if TYPE_CHECKING:
    from bot.grading.service import AnswerChecker

log = logging.getLogger(__name__)
HEARTBEAT_SECONDS = 30


def heartbeat_path(settings: Settings) -> Path:
    return health_dir(settings) / "heartbeat"


def channel_runs(
    settings: Settings,
    service: PracticeService,
    stop: asyncio.Event,
    health: ChannelHealth,
    checker: AnswerChecker | None,
) -> tuple[dict[str, Coroutine[Any, Any, None]], list[DeliveryChannel]]:
    """Each enabled channel's interactive side, and its daily delivery sharing its budget."""
    runs: dict[str, Coroutine[Any, Any, None]] = {}
    deliveries: list[DeliveryChannel] = []
    if settings.telegram_enabled:
        from bot.channels.telegram import run_telegram
        from bot.channels.telegram.delivery import TelegramDelivery

        quota = None
        if settings.telegram.paid_broadcast:
            cap = settings.telegram.paid_broadcast_daily_cap
            quota = PaidQuota(_store(service), service.clock, cap)
        telegram = TelegramDelivery.from_settings(settings.telegram, service.clock, quota)
        runs["telegram"] = run_telegram(
            settings, service, stop, health, checker=checker, budget=telegram.budget
        )
        deliveries.append(telegram)
    if settings.slack_enabled:
        from bot.channels.slack import run_slack, slack_delivery

        slack = slack_delivery(settings, service.clock)
        runs["slack"] = run_slack(
            settings, service, stop, health, checker=checker, budget=slack.budget
        )
        deliveries.append(slack)
    return runs, deliveries


def send_budgets(deliveries: list[DeliveryChannel]) -> list[Pacer]:
    """Every send budget of the bot: each channel's, and that of Telegram's paid broadcasts."""
    budgets: list[Pacer] = []
    for channel in deliveries:
        if (budget := getattr(channel, "budget", None)) is not None:
            budgets.append(budget)
        if (paid := getattr(channel, "paid", None)) is not None:
            budgets.append(paid.budget)
    return budgets


def _store(service: PracticeService) -> Store:
    store = service.store
    assert isinstance(store, Store)  # the instances and paid broadcasts tables live there
    return store


async def serve(settings: Settings, stop: asyncio.Event) -> None:
    """Run until `stop` is set; a failing channel stops the whole bot rather than limp on."""
    async with open_service(settings, sender=True) as service, open_checker(
        settings, service
    ) as checker:
        health = ChannelHealth.configured(settings)
        runs, deliveries = channel_runs(settings, service, stop, health, checker)
        # Registered before the first send: the budgets are this instance's share of the bot's.
        store = _store(service)
        registry = InstanceRegistry(
            store,
            service.clock,
            store.claimer,
            BudgetShares(send_budgets(deliveries)),
            sole=store.sender_lock is not None,  # a restart after kill -9 takes the whole rate
        )
        await registry.join()
        tasks = [asyncio.create_task(_heartbeat(heartbeat_path(settings), stop), name="heartbeat")]
        tasks.append(
            asyncio.create_task(health.report(channels_path(settings), stop), name="health")
        )
        refits = run_refits(interview_service(settings, service), stop)
        tasks.append(asyncio.create_task(refits, name="fsrs-refit"))
        tasks.append(asyncio.create_task(registry.run(stop), name="instance"))
        tasks += [asyncio.create_task(run, name=name) for name, run in runs.items()]
        if deliveries:
            tick = timedelta(seconds=settings.delivery_tick_seconds)
            lease = timedelta(seconds=settings.delivery_lease_seconds)
            tasks.append(
                asyncio.create_task(
                    run_delivery(service, deliveries, stop, tick, lease), name="delivery"
                )
            )
        if teams := team_channels(settings):
            tasks.append(asyncio.create_task(run_team_delivery(service, teams, stop), name="teams"))
        log.info("drillbot running: %s", ", ".join(t.get_name() for t in tasks))
        done, _pending = await asyncio.wait(
            [*tasks, asyncio.create_task(stop.wait())], return_when=asyncio.FIRST_COMPLETED
        )
        stop.set()
        await asyncio.gather(*tasks, return_exceptions=True)
        await _leave(registry)
        for task in done:
            if task in tasks and (error := task.exception()):
                raise error


async def _leave(registry: InstanceRegistry) -> None:
    """Deregister once nothing sends any more; on failure the heartbeat simply expires."""
    try:
        await registry.leave()
    except Exception as error:
        log.error("could not deregister this instance: %s", error)


async def _heartbeat(path: Path, stop: asyncio.Event) -> None:
    """Touch a file regularly so the container healthcheck can tell the loop is alive."""
    while not stop.is_set():
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(str(int(time.time())))
        except OSError as error:  # e.g. the folder became read-only: `health` reports it
            log.error("heartbeat not written to %s: %s", path, error)
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

"""Telegram channel: python-telegram-bot on long polling (default) or a webhook."""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

from aiohttp import web
from telegram.error import NetworkError, TelegramError

from bot.channels.retry import Stopped, keep_trying
from bot.channels.telegram import liveness
from bot.channels.telegram.app import build_application
from bot.channels.telegram.commands import register_commands
from bot.channels.telegram.inbound import Inbox, poll
from bot.channels.telegram.logging_redaction import install_token_redaction
from bot.channels.telegram.sender import (
    deactivating_on_block,
    send_answer_card,
    send_markdown,
    send_question_card,
)
from bot.channels.telegram.webhook import start_webhook
from bot.config import Settings
from bot.delivery.pacing import Pacer
from bot.domain.practice import PracticeService
from bot.health import ChannelHealth, serving
from bot.storage import Store

if TYPE_CHECKING:
    from bot.grading.service import AnswerChecker

logger = logging.getLogger(__name__)

__all__ = [
    "build_application",
    "deactivating_on_block",
    "run_telegram",
    "send_answer_card",
    "send_markdown",
    "send_question_card",
]


async def run_telegram(
    settings: Settings,
    service: PracticeService,
    stop: asyncio.Event,
    health: ChannelHealth | None = None,
    *,
    checker: AnswerChecker | None = None,
    budget: Pacer | None = None,
) -> None:
    """Run the bot until `stop` is set; composes with other channels in one event loop.

    Updates go through the durable inbox (see inbound.py); while Telegram cannot be reached
    at start-up the bot keeps retrying, one log line per attempt. Once connected it tells
    `health` how to see whether it still is. `checker`: grades answers typed or spoken in a
    private chat. `budget` is the bot's send budget, shared with the daily send-out
    (TelegramDelivery)."""
    tg = settings.telegram
    if not tg.token:
        raise ValueError("TELEGRAM_BOT_TOKEN is not set")
    # Before the bot exists: PTB logs its API URL, token included, when it is built.
    install_token_redaction(tg.token.reveal())
    polls = liveness.AnsweredPolls() if tg.mode == "polling" else None
    application = build_application(settings, service, polls, checker=checker, budget=budget)
    store = service.store
    assert isinstance(store, Store)  # the inbox table lives in the SQLite store
    inbox = Inbox(application, store)
    runner: web.AppRunner | None = None
    tasks: list[asyncio.Task[None]] = []
    try:
        try:
            await keep_trying(
                "Telegram start-up (getMe)", application.initialize, stop, (NetworkError,), logger
            )
        except Stopped:
            return
        try:
            await register_commands(application.bot)
        except TelegramError as error:  # the menu is a convenience; the bot works without it
            logger.warning("Could not register the Telegram command menu: %s", error)
        await application.start()
        await inbox.resume()
        tasks.append(asyncio.create_task(inbox.run(stop), name="telegram-inbox"))
        if tg.mode == "webhook":
            runner = await start_webhook(application, tg, inbox, stop)
            probe = serving(runner, "the webhook server")
        else:
            assert polls is not None
            poller = asyncio.create_task(poll(application, inbox, stop), name="telegram-poll")
            tasks.append(poller)
            probe = liveness.polling(poller, polls)
        if health is not None:
            health.connected_while("telegram", probe)
        logger.info("Telegram bot @%s running (%s)", application.bot.username, tg.mode)
        await _until_stop_or_failure(tasks, stop)
    except Stopped:
        pass
    finally:
        if health is not None:
            health.stopped("telegram")
        stop_tasks = asyncio.gather(*tasks, return_exceptions=True)
        if runner is not None:
            await runner.cleanup()
        await stop_tasks
        if application.running:
            await application.stop()
        await application.shutdown()


async def _until_stop_or_failure(tasks: list[asyncio.Task[None]], stop: asyncio.Event) -> None:
    """Wait for `stop`; a task that fails first stops the bot with its error."""
    stopped = asyncio.create_task(stop.wait())
    try:
        done, _ = await asyncio.wait([*tasks, stopped], return_when=asyncio.FIRST_COMPLETED)
    finally:
        stopped.cancel()
    for task in done:
        if task is not stopped and task.exception() is not None:
            stop.set()
            raise task.exception()  # type: ignore[misc]

"""Telegram channel: python-telegram-bot on long polling (default) or a webhook."""

from __future__ import annotations

import asyncio
import logging

from aiohttp import web
from telegram.error import TelegramError

from bot.channels.telegram import liveness
from bot.channels.telegram.app import build_application
from bot.channels.telegram.commands import register_commands
from bot.channels.telegram.logging_redaction import install_token_redaction
from bot.channels.telegram.sender import (
    deactivating_on_block,
    send_answer_card,
    send_markdown,
    send_question_card,
)
from bot.channels.telegram.webhook import ALLOWED_UPDATES, start_webhook
from bot.config import Settings
from bot.domain.practice import PracticeService
from bot.health import ChannelHealth, serving

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
) -> None:
    """Run the bot until `stop` is set; composes with other channels in one event loop.

    Once connected it tells `health` how to see whether it still is."""
    tg = settings.telegram
    if not tg.token:
        raise ValueError("TELEGRAM_BOT_TOKEN is not set")
    # Before the bot exists: PTB logs its API URL, token included, when it is built.
    install_token_redaction(tg.token.reveal())
    polls = liveness.AnsweredPolls() if tg.mode == "polling" else None
    application = build_application(settings, service, polls)
    await application.initialize()
    runner: web.AppRunner | None = None
    try:
        try:
            await register_commands(application.bot)
        except TelegramError as error:  # the menu is a convenience; the bot works without it
            logger.warning("Could not register the Telegram command menu: %s", error)
        await application.start()
        if tg.mode == "webhook":
            runner = await start_webhook(application, tg)
            probe = serving(runner, "the webhook server")
        else:
            assert application.updater is not None and polls is not None
            await application.updater.start_polling(allowed_updates=ALLOWED_UPDATES)
            probe = liveness.polling(application.updater, polls)
        if health is not None:
            health.connected_while("telegram", probe)
        logger.info("Telegram bot @%s running (%s)", application.bot.username, tg.mode)
        await stop.wait()
    finally:
        if health is not None:
            health.stopped("telegram")
        if runner is not None:
            await runner.cleanup()
        if application.updater is not None and application.updater.running:
            await application.updater.stop()
        if application.running:
            await application.stop()
        await application.shutdown()

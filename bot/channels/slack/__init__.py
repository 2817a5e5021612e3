"""Slack channel: slack-bolt (async) over Socket Mode (default) or HTTP with signed requests."""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

from aiohttp import ClientError, web
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

from bot.channels.retry import Stopped, keep_trying
from bot.channels.slack import liveness
from bot.channels.slack.app import build_app
from bot.channels.slack.clients import delivery_client, interactive_client
from bot.channels.slack.delivery import SlackDelivery
from bot.channels.slack.http import start_http
from bot.config import Settings
from bot.delivery.pacing import Pacer
from bot.domain.clock import Clock
from bot.domain.practice import PracticeService
from bot.health import ChannelHealth, serving
from bot.storage import Store

if TYPE_CHECKING:
    from bot.grading.service import AnswerChecker

logger = logging.getLogger(__name__)
# Slack unreachable (refused, reset, DNS, timeout): retried at start-up; a refused token is not.
NETWORK_ERRORS = (ClientError, OSError, TimeoutError)

__all__ = ["SlackDelivery", "build_app", "run_slack", "slack_delivery"]


def slack_delivery(settings: Settings, clock: Clock | None = None) -> SlackDelivery:
    """The DeliveryChannel for users with channel "slack", for the daily send queue."""
    return SlackDelivery(delivery_client(settings.slack), clock=clock)


async def run_slack(
    settings: Settings,
    service: PracticeService,
    stop: asyncio.Event,
    health: ChannelHealth | None = None,
    *,
    checker: AnswerChecker | None = None,
    budget: Pacer | None = None,
) -> None:
    """Run the Slack app until `stop` is set; composes with other channels in one event loop.

    Once connected it tells `health` how to see whether it still is. `checker`: grades answers
    typed in (or audio files shared into) the DM with the bot. `budget` is the send budget
    shared with the daily send-out (SlackDelivery)."""
    slack = settings.slack
    client = interactive_client(slack)
    # Fail at start-up, not on the first command, when the token is wrong.
    try:
        identity = await keep_trying(
            "Slack start-up (auth.test)", client.auth_test, stop, NETWORK_ERRORS, logger
        )
    except Stopped:
        return
    app = build_app(slack, service, client, checker=checker, budget=budget)
    runner: web.AppRunner | None = None
    socket: AsyncSocketModeHandler | None = None
    try:
        if slack.mode == "http":
            store = service.store
            assert isinstance(store, Store)  # the signatures seen live in the store
            runner = await start_http(app, slack, store)
            where = f"http on {slack.http_listen}:{slack.http_port}"
            probe = serving(runner, "the HTTP server")
        else:
            if not slack.app_token:
                raise ValueError("SLACK_APP_TOKEN is required when slack.mode is 'socket'")
            socket = AsyncSocketModeHandler(app, slack.app_token.reveal())
            await keep_trying(
                "Slack Socket Mode connection", socket.connect_async, stop, NETWORK_ERRORS, logger
            )
            where = "socket mode"
            probe = liveness.socket_mode(socket)
        if health is not None:
            health.connected_while("slack", probe)
        logger.info("Slack app %s running (%s)", identity.get("user"), where)
        await stop.wait()
    except Stopped:
        pass
    finally:
        if health is not None:
            health.stopped("slack")
        if socket is not None:
            await socket.close_async()
        if runner is not None:
            await runner.cleanup()

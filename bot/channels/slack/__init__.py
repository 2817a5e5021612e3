"""Slack channel: slack-bolt (async) over Socket Mode (default) or HTTP with signed requests."""

from __future__ import annotations

import asyncio
import logging

from aiohttp import web
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

from bot.channels.slack import liveness
from bot.channels.slack.app import build_app
from bot.channels.slack.clients import delivery_client, interactive_client
from bot.channels.slack.delivery import SlackDelivery
from bot.channels.slack.http import start_http
from bot.config import Settings
from bot.domain.clock import Clock
from bot.domain.practice import PracticeService
from bot.health import ChannelHealth, serving

logger = logging.getLogger(__name__)

__all__ = ["SlackDelivery", "build_app", "run_slack", "slack_delivery"]


def slack_delivery(settings: Settings, clock: Clock | None = None) -> SlackDelivery:
    """The DeliveryChannel for users with channel "slack", for the daily send queue."""
    return SlackDelivery(delivery_client(settings.slack), clock=clock)


async def run_slack(
    settings: Settings,
    service: PracticeService,
    stop: asyncio.Event,
    health: ChannelHealth | None = None,
) -> None:
    """Run the Slack app until `stop` is set; composes with other channels in one event loop.

    Once connected it tells `health` how to see whether it still is."""
    slack = settings.slack
    client = interactive_client(slack)
    # Fail at start-up, not on the first command, when the token is wrong.
    identity = await client.auth_test()
    app = build_app(slack, service, client)
    runner: web.AppRunner | None = None
    socket: AsyncSocketModeHandler | None = None
    try:
        if slack.mode == "http":
            runner = await start_http(app, slack)
            where = f"http on {slack.http_listen}:{slack.http_port}"
            probe = serving(runner, "the HTTP server")
        else:
            if not slack.app_token:
                raise ValueError("SLACK_APP_TOKEN is required when slack.mode is 'socket'")
            socket = AsyncSocketModeHandler(app, slack.app_token.reveal())
            await socket.connect_async()
            where = "socket mode"
            probe = liveness.socket_mode(socket)
        if health is not None:
            health.connected_while("slack", probe)
        logger.info("Slack app %s running (%s)", identity.get("user"), where)
        await stop.wait()
    finally:
        if health is not None:
            health.stopped("slack")
        if socket is not None:
            await socket.close_async()
        if runner is not None:
            await runner.cleanup()

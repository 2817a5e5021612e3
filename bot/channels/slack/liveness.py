"""Whether the Slack channel is connected: the Socket Mode connection up, or HTTP listening."""

from __future__ import annotations

from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

from bot.health import Probe


def socket_mode(socket: AsyncSocketModeHandler) -> Probe:
    async def probe() -> str | None:
        # The client reconnects by itself; between a drop and the reconnect this says so.
        return None if await socket.client.is_connected() else "Socket Mode disconnected"

    return probe

"""Posting Block Kit messages to a channel at Slack's pace: about one message a second each."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass, field

from slack_sdk.web.async_client import AsyncWebClient

from bot.channels.slack.blocks import Block, Message
from bot.dialogue.channels import SLACK

CHANNEL = SLACK.name  # users are keyed by (channel, Slack user id)
PER_CHANNEL_INTERVAL = 1.0  # chat.postMessage allows about one message per second per channel


@dataclass
class ChannelPacer:
    """Spaces messages to the same channel `interval` seconds apart; other channels never wait."""

    interval: float = PER_CHANNEL_INTERVAL
    _next_at: dict[str, float] = field(default_factory=dict)
    _locks: dict[str, asyncio.Lock] = field(default_factory=dict)

    async def wait(self, channel: str) -> None:
        lock = self._locks.setdefault(channel, asyncio.Lock())
        async with lock:
            loop = asyncio.get_running_loop()
            delay = self._next_at.get(channel, 0.0) - loop.time()
            if delay > 0:
                await asyncio.sleep(delay)
            self._next_at[channel] = loop.time() + self.interval


@dataclass
class Poster:
    """Sends messages for the interactive side (commands, buttons, App Home)."""

    client: AsyncWebClient
    pacer: ChannelPacer = field(default_factory=ChannelPacer)

    async def post(self, channel: str, messages: Sequence[Message], fallback: str) -> str:
        """Post `messages` in order; returns the ts of the last (the one with any buttons)."""
        ts = ""
        for blocks in messages:
            await self.pacer.wait(channel)
            response = await self.client.chat_postMessage(
                channel=channel, text=fallback, blocks=list(blocks), unfurl_links=False
            )
            ts = str(response["ts"])
        return ts

    async def update(self, channel: str, ts: str, blocks: Sequence[Block], fallback: str) -> None:
        await self.client.chat_update(channel=channel, ts=ts, text=fallback, blocks=list(blocks))

"""Waiting on a channel's health as the running bot reports it."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from bot.health import ChannelHealth


async def status_until(
    health: ChannelHealth,
    channel: str,
    wanted: Callable[[str | None], bool],
    timeout: float = 15.0,
) -> str | None:
    """Ask `health` about `channel` until `wanted(status)` holds; return that status."""
    deadline = asyncio.get_running_loop().time() + timeout
    while not wanted(status := (await health.status())[channel]):
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"{channel} health stayed {status!r}")
        await asyncio.sleep(0.05)
    return status

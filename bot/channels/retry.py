"""Retrying a channel's calls while the network or the platform is down: exponential backoff,
one log line per failed attempt, until it works or the bot is stopped."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import TypeVar

T = TypeVar("T")
FIRST_DELAY = 1.0
MAX_DELAY = 60.0


class Backoff:
    """1, 2, 4, ... seconds, capped; reset after a success."""

    def __init__(self, first: float | None = None, cap: float = MAX_DELAY) -> None:
        self.first = FIRST_DELAY if first is None else first
        self.cap = cap
        self._delay = self.first

    def next(self) -> float:
        delay = self._delay
        self._delay = min(self._delay * 2, self.cap)
        return delay

    def reset(self) -> None:
        self._delay = self.first


class Stopped(Exception):
    """The bot was asked to stop while still waiting for the platform."""


async def keep_trying(
    what: str,
    call: Callable[[], Awaitable[T]],
    stop: asyncio.Event,
    transient: tuple[type[BaseException], ...],
    logger: logging.Logger,
    backoff: Backoff | None = None,
) -> T:
    """`await call()` until it does not raise a `transient` error; raises Stopped on `stop`."""
    backoff = backoff or Backoff()
    attempt = 1
    while True:
        try:
            return await call()
        except transient as error:
            delay = backoff.next()
            logger.warning(
                "%s failed (attempt %d: %s); retrying in %.1f s",
                what,
                attempt,
                error or type(error).__name__,
                delay,
            )
        attempt += 1
        try:
            await asyncio.wait_for(stop.wait(), delay)
        except TimeoutError:
            continue
        raise Stopped(what)

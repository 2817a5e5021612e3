"""Pacing of the send queue: an even overall rate, a gap per chat, and pauses the platform asks for.

Each send reserves the next free slot (no burst allowance): a platform that counts messages
per second over a sliding window never sees more than the rate, even right after a pause.
Slots follow the schedule, not the previous grant: workers that wake late (a busy event loop)
catch up instead of pushing every later message back (spacing by the last grant instead cost
2.5% of the rate in the benchmark).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable
from typing import Protocol

PRUNE_ABOVE = 4096


class Timer(Protocol):
    def monotonic(self) -> float: ...

    def sleep(self, seconds: float) -> Awaitable[None]: ...


class RealTimer:
    def monotonic(self) -> float:
        return time.monotonic()

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)


class Pacer:
    def __init__(
        self, per_second: float, per_chat_interval: float, timer: Timer | None = None
    ) -> None:
        self.interval = 1.0 / per_second
        self.per_chat_interval = per_chat_interval
        self.timer: Timer = timer or RealTimer()
        self._next_slot = 0.0
        self._chat_next: dict[str, float] = {}
        self._paused_until = 0.0

    async def acquire(self, chat: str) -> float:
        """Wait for this chat's next send slot; returns the (monotonic) time it was granted."""
        while True:
            now = self.timer.monotonic()
            self._prune(now)
            slot = max(now, self._next_slot, self._chat_next.get(chat, 0.0), self._paused_until)
            self._next_slot = max(self._next_slot, slot) + self.interval
            self._chat_next[chat] = slot + self.per_chat_interval
            if slot > now:
                await self.timer.sleep(slot - now)
            # A pause announced while we slept moves every reserved slot behind it.
            if self.timer.monotonic() >= self._paused_until:
                return max(slot, self.timer.monotonic())

    def pause(self, seconds: float) -> None:
        """Hold every send for `seconds` (the platform answered 429 with retry_after)."""
        until = self.timer.monotonic() + seconds
        if until > self._paused_until:
            self._paused_until = until
            self._next_slot = max(self._next_slot, until)

    def _prune(self, now: float) -> None:
        """Forget chats whose gap has passed, so a bot with many users keeps a small map."""
        if len(self._chat_next) > PRUNE_ABOVE:
            self._chat_next = {c: t for c, t in self._chat_next.items() if t > now}

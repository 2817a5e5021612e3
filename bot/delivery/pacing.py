"""A platform's send budget, shared by the daily send-out and the interactive replies.

The platform counts every message a bot sends (Telegram: about 30 a second overall, one a
second per chat), so both kinds draw on one budget. Slots are handed out one at a time, when
they fall due, to the waiters in order of priority: a reply (urgent) always takes the next
slot ahead of every message of the send-out, so a user who taps a button during a 10,000-user
send-out waits for one slot, not behind the queue.

Slots are spaced by the rate, counted from the schedule when the granter wakes a little late
(so a busy loop does not slow the send-out) but from the late grant when it is later than
CATCH_UP: the platform counts messages over a sliding window, and making up a stall with a
burst would overrun it.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Awaitable
from dataclasses import dataclass, field
from typing import Protocol

PRUNE_ABOVE = 4096
CATCH_UP = 0.005  # seconds a late slot may be made up by the next one
URGENT, NORMAL = 0, 1


class Timer(Protocol):
    def monotonic(self) -> float: ...

    def sleep(self, seconds: float) -> Awaitable[None]: ...


class RealTimer:
    def monotonic(self) -> float:
        return time.monotonic()

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)


@dataclass
class _Chat:
    next_at: float = 0.0
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)


class Pacer:
    def __init__(
        self, per_second: float, per_chat_interval: float, timer: Timer | None = None
    ) -> None:
        self.per_second = per_second
        self.interval = 1.0 / per_second
        self.per_chat_interval = per_chat_interval
        self.timer: Timer = timer or RealTimer()
        self._next_slot = 0.0
        self._paused_until = 0.0
        self._chats: dict[str, _Chat] = {}
        self._waiting: tuple[deque[asyncio.Future[float]], ...] = (deque(), deque())
        self._granter: asyncio.Task[None] | None = None

    async def acquire(self, chat: str | None, *, urgent: bool = False) -> float:
        """Wait for a send slot (and this chat's gap, unless `chat` is None); returns the
        (monotonic) time it was granted. `urgent` (a reply) goes ahead of the send-out."""
        if chat is None:
            return await self._slot(urgent)
        self._prune()
        state = self._chats.setdefault(chat, _Chat())
        async with state.lock:
            if (wait := state.next_at - self.timer.monotonic()) > 0:
                await self.timer.sleep(wait)
            granted = await self._slot(urgent)
            state.next_at = granted + self.per_chat_interval
            return granted

    def pause(self, seconds: float) -> None:
        """Hold every send for `seconds` (the platform answered 429 with retry_after)."""
        self._paused_until = max(self._paused_until, self.timer.monotonic() + seconds)

    async def _slot(self, urgent: bool) -> float:
        granted: asyncio.Future[float] = asyncio.get_running_loop().create_future()
        self._waiting[URGENT if urgent else NORMAL].append(granted)
        if self._granter is None or self._granter.done():
            self._granter = asyncio.create_task(self._grant(), name="send-budget")
        return await granted

    async def _grant(self) -> None:
        """Hand out slots while anyone waits: urgent waiters first, each queue in order."""
        while True:
            for queue in self._waiting:
                while queue and queue[0].done():  # the waiter was cancelled
                    queue.popleft()
            if not any(self._waiting):
                return
            now = self.timer.monotonic()
            due = max(self._next_slot, self._paused_until)
            if due > now:
                await self.timer.sleep(due - now)
                continue  # a pause or an urgent waiter may have come meanwhile
            queue = self._waiting[URGENT] or self._waiting[NORMAL]
            queue.popleft().set_result(now)
            on_schedule = now - self._next_slot <= CATCH_UP  # woke a little late: keep pace
            self._next_slot = (self._next_slot if on_schedule else now) + self.interval

    def _prune(self) -> None:
        """Forget chats whose gap has passed, so a bot with many users keeps a small map."""
        if len(self._chats) > PRUNE_ABOVE:
            now = self.timer.monotonic()
            self._chats = {
                c: s for c, s in self._chats.items() if s.next_at > now or s.lock.locked()
            }

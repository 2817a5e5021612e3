"""A platform's send budget, shared by the daily send-out and the interactive replies.

The platform counts every message a bot sends (Telegram: at most 30 in any second per bot,
one a second per chat), so both kinds draw on one budget. Slots are handed out one at a time,
when they fall due, to the waiters in order of priority: a reply (urgent) always takes the
next slot ahead of every message of the send-out, so a user who taps a button during a
10,000-user send-out waits for one slot, not behind the queue.

Two rules decide when the next slot falls due:
- an even pace (`per_second`), counted from the schedule when the granter wakes a little late
  (so a busy loop does not slow the send-out) but from the late grant beyond CATCH_UP;
- a sliding window like the platform's: a message sent through `slot()` counts from its grant
  until one WINDOW after its answer came back. The platform saw it arrive at some moment in
  between, so however late a request travels, no window of the platform's holds more than
  `per_second` messages (pacing by our clock alone gave 429s whenever one request lagged).
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import AsyncIterator, Awaitable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Protocol

PRUNE_ABOVE = 4096
CATCH_UP = 0.005  # seconds a late slot may be made up by the next one
WINDOW = 1.0  # the platform's counting window, in seconds
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
        self.limit = per_second  # the full rate; `set_rate` may lower it to a share of it
        self.set_rate(per_second)
        self.per_chat_interval = per_chat_interval
        self.timer: Timer = timer or RealTimer()
        self._next_slot = 0.0
        self._paused_until = 0.0
        self._counted: deque[float] = deque()  # when each finished message stops counting
        self._in_flight = 0
        self._finished = asyncio.Event()
        self._chats: dict[str, _Chat] = {}
        self._waiting: tuple[deque[tuple[asyncio.Future[float], bool]], ...] = (deque(), deque())
        self._granter: asyncio.Task[None] | None = None

    def set_rate(self, per_second: float) -> None:
        """Change the pace at run time (e.g. this instance's share of the bot's limit).

        Lowering takes effect at once: no slot is granted while the window holds the new
        `per_window` or more, however many it held before. (The messages sent at the old rate
        still count for up to WINDOW: whoever takes the freed share waits that long.)"""
        self.per_second = per_second
        self.interval = 1.0 / per_second
        self.per_window = max(1, int(per_second * WINDOW))

    @asynccontextmanager
    async def slot(self, chat: str | None, *, urgent: bool = False) -> AsyncIterator[float]:
        """Hold a send slot while the request is made: it counts until WINDOW after the end."""
        granted = await self._acquire(chat, urgent, lease=True)
        try:
            yield granted
        finally:
            self._release(chat)

    async def acquire(self, chat: str | None, *, urgent: bool = False) -> float:
        """A slot for a send made at once (it counts from the grant); returns its time."""
        return await self._acquire(chat, urgent, lease=False)

    def pause(self, seconds: float) -> None:
        """Hold every send for `seconds` (the platform answered 429 with retry_after)."""
        self._paused_until = max(self._paused_until, self.timer.monotonic() + seconds)

    async def _acquire(self, chat: str | None, urgent: bool, lease: bool) -> float:
        """Wait for this chat's gap (unless `chat` is None), then for a slot."""
        if chat is None:
            return await self._slot(urgent, lease)
        self._prune()
        state = self._chats.setdefault(chat, _Chat())
        async with state.lock:
            if (wait := state.next_at - self.timer.monotonic()) > 0:
                await self.timer.sleep(wait)
            granted = await self._slot(urgent, lease)
            state.next_at = granted + self.per_chat_interval
            return granted

    def _release(self, chat: str | None) -> None:
        """A request made in a slot is over: it counts for one more WINDOW from now."""
        now = self.timer.monotonic()
        self._in_flight -= 1
        self._counted.append(now + WINDOW)
        if chat is not None and (state := self._chats.get(chat)) is not None:
            state.next_at = max(state.next_at, now + self.per_chat_interval)
        self._finished.set()

    async def _slot(self, urgent: bool, lease: bool) -> float:
        granted: asyncio.Future[float] = asyncio.get_running_loop().create_future()
        self._waiting[URGENT if urgent else NORMAL].append((granted, lease))
        if self._granter is None or self._granter.done():
            self._granter = asyncio.create_task(self._grant(), name="send-budget")
        try:
            return await granted
        except asyncio.CancelledError:
            if lease and granted.done() and not granted.cancelled():
                self._release(None)  # granted, then cancelled before it was used
            raise

    async def _grant(self) -> None:
        """Hand out slots while anyone waits: urgent waiters first, each queue in order."""
        while True:
            for queue in self._waiting:
                while queue and queue[0][0].done():  # the waiter was cancelled
                    queue.popleft()
            if not any(self._waiting):
                return
            now = self.timer.monotonic()
            while self._counted and self._counted[0] <= now:
                self._counted.popleft()
            due = max(self._next_slot, self._paused_until)
            if self._in_flight + len(self._counted) >= self.per_window:
                if not self._counted:  # the window is all requests in flight: await one
                    self._finished.clear()
                    await self._finished.wait()
                    continue
                due = max(due, self._counted[0])
            if due > now:
                await self.timer.sleep(due - now)
                continue  # a pause or an urgent waiter may have come meanwhile
            queue = self._waiting[URGENT] or self._waiting[NORMAL]
            granted, lease = queue.popleft()
            granted.set_result(now)
            if lease:
                self._in_flight += 1
            else:
                self._counted.append(now + WINDOW)
            on_schedule = now - self._next_slot <= CATCH_UP  # woke a little late: keep pace
            self._next_slot = (self._next_slot if on_schedule else now) + self.interval

    def _prune(self) -> None:
        """Forget chats whose gap has passed, so a bot with many users keeps a small map."""
        if len(self._chats) > PRUNE_ABOVE:
            now = self.timer.monotonic()
            self._chats = {
                c: s for c, s in self._chats.items() if s.next_at > now or s.lock.locked()
            }

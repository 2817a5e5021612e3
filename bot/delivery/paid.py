"""Paid broadcasts (Telegram Bot API 7.11 `allow_paid_broadcast`): daily questions sent faster
than the free rate, for a fee per message, within a daily cap that holds across restarts and
instances.

Every paid message spends one of the UTC day's tokens. The tokens are counted in the shared
database and reserved in blocks (one write per BLOCK messages, not one per message); a clean
stop gives the unspent rest of a block back. A crash loses it: the day's paid messages may then
fall short of the cap, but never exceed it.
"""

from __future__ import annotations

import asyncio
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from datetime import UTC, date
from typing import Protocol

from bot.delivery.pacing import Pacer
from bot.domain.clock import Clock

BLOCK = 100  # tokens reserved per database write


class PaidBroadcastsRepository(Protocol):
    async def reserve(self, day: date, wanted: int, cap: int) -> int: ...
    async def release(self, day: date, count: int) -> None: ...


class _Unit(Protocol):
    @property
    def paid_broadcasts(self) -> PaidBroadcastsRepository: ...


class PaidStore(Protocol):
    def unit(self, *, write: bool = False) -> AbstractAsyncContextManager[_Unit]: ...


class PaidQuota:
    def __init__(self, store: PaidStore, clock: Clock, cap: int, block: int = BLOCK) -> None:
        self.store = store
        self.clock = clock
        self.cap = cap
        self.block = block
        self.spent = 0  # paid messages sent by this process (refunds deducted)
        self._day: date | None = None
        self._left = 0  # reserved for `_day` and not spent yet
        self._exhausted = False  # the database had no more for `_day`
        self._lock = asyncio.Lock()

    async def take(self, count: int = 1) -> date | None:
        """Spend `count` of today's tokens (a message sent in `count` parts); returns the day
        they were spent from, or None when today's cap is reached (send it unpaid)."""
        async with self._lock:
            today = self.clock.now().astimezone(UTC).date()
            if today != self._day:
                await self._give_back()
                self._day, self._exhausted = today, False
            if self._left < count and not self._exhausted:
                wanted = max(self.block, count - self._left)
                async with self.store.unit(write=True) as uow:
                    got = await uow.paid_broadcasts.reserve(today, wanted, self.cap)
                self._left += got
                self._exhausted = got < wanted
            if self._left < count:
                return None
            self._left -= count
            self.spent += count
            return today

    async def refund(self, day: date, count: int) -> None:
        """Tokens of paid messages that were not sent (429) go back to be spent again."""
        async with self._lock:
            self.spent -= count
            if day == self._day:
                self._left += count
            else:  # the day has turned meanwhile: back to that day's count
                await self._release(day, count)

    async def close(self) -> None:
        """Give the unspent part of the reserved block back (a clean stop)."""
        async with self._lock:
            await self._give_back()

    async def _give_back(self) -> None:
        if self._day is not None and self._left > 0:
            await self._release(self._day, self._left)
        self._left = 0

    async def _release(self, day: date, count: int) -> None:
        async with self.store.unit(write=True) as uow:
            await uow.paid_broadcasts.release(day, count)


@dataclass
class PaidBroadcast:
    """What a channel needs to send paid: its own (fast) send budget and the daily quota."""

    budget: Pacer
    quota: PaidQuota

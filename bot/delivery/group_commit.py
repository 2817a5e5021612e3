"""Writes of many concurrent sends committed together (group commit).

Every send records its outcome after the request; at 1,000 messages a second, a transaction
each would be much of the work. A write waits here while the
transaction before it commits, then goes into the next one with every other write that came
meanwhile. Each caller returns only once its own write is committed, so what a crash can
leave behind is the same as with a transaction each.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from bot.delivery.batching import Batcher
from bot.domain.ports import Transactions, UnitOfWork

T = TypeVar("T")
Write = Callable[[UnitOfWork], Awaitable[T]]


class GroupCommit:
    def __init__(self, store: Transactions) -> None:
        self.store = store
        self._batches: Batcher[Write[Any], Any] = Batcher(self._commit)

    async def write(self, write: Write[T]) -> T:
        """Run `write` in the next transaction; return its result once it is committed (or
        raise what failed it: a failed write fails the others of its transaction too)."""
        result: T = await self._batches.submit(write)
        return result

    async def _commit(self, writes: list[Write[Any]]) -> list[Any]:
        async with self.store.unit(write=True) as uow:
            return [await write(uow) for write in writes]

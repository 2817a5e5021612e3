"""Calls of many concurrent tasks served together: one batch at a time, and whatever came
while it ran goes into the next one (the group commit's pattern, for any batched work).

At 1,000 messages a second, one database round trip per message and step would be most of
the work; batched, a few hundred messages share each. Every caller gets its own result (or
the error that failed its batch) only once its batch is done.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, Generic, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")


class Batcher(Generic[Item, Result]):
    def __init__(
        self, run: Callable[[list[Item]], Awaitable[Sequence[Result]]], max_size: int = 0
    ) -> None:
        self.run = run  # the batch's results, in the order of its items
        self.max_size = max_size  # 0: no bound
        self._pending: list[tuple[Item, asyncio.Future[Any]]] = []
        self._runner: asyncio.Task[None] | None = None

    async def submit(self, item: Item) -> Result:
        done: asyncio.Future[Result] = asyncio.get_running_loop().create_future()
        self._pending.append((item, done))
        if self._runner is None or self._runner.done():
            self._runner = asyncio.create_task(self._serve(), name="batch")
        return await done

    async def _serve(self) -> None:
        while self._pending:
            cut = self.max_size or len(self._pending)
            batch, self._pending = self._pending[:cut], self._pending[cut:]
            try:
                results = await self.run([item for item, _done in batch])
            except Exception as error:
                for _item, done in batch:
                    if not done.done():
                        done.set_exception(error)
            else:
                for (_item, done), result in zip(batch, results, strict=True):
                    if not done.done():
                        done.set_result(result)

"""Writes of many concurrent sends committed together (group commit).

Every send records its outcome after the request; at 1,000 messages a second, a transaction
each would be much of the work. A write waits here while
the transaction before it commits, then goes into the next one with every other write that
came meanwhile. Each caller returns only once its own write is committed, so what a crash can
leave behind is the same as with a transaction each.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from bot.domain.ports import Transactions, UnitOfWork

Write = Callable[[UnitOfWork], Awaitable[None]]


class GroupCommit:
    def __init__(self, store: Transactions) -> None:
        self.store = store
        self._pending: list[tuple[Write, asyncio.Future[None]]] = []
        self._committer: asyncio.Task[None] | None = None

    async def write(self, write: Write) -> None:
        """Run `write` in the next transaction; return once it is committed (or raise what
        failed it: a failed write fails the others of its transaction too)."""
        done = asyncio.get_running_loop().create_future()
        self._pending.append((write, done))
        if self._committer is None or self._committer.done():
            self._committer = asyncio.create_task(self._commit(), name="group-commit")
        await done

    async def _commit(self) -> None:
        while self._pending:
            batch, self._pending = self._pending, []
            try:
                async with self.store.unit(write=True) as uow:
                    for write, _done in batch:
                        await write(uow)
            except Exception as error:
                for _write, done in batch:
                    if not done.done():
                        done.set_exception(error)
            else:
                for _write, done in batch:
                    if not done.done():
                        done.set_result(None)

"""Concurrent writes share transactions; each caller returns once its own write is committed."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

from bot.delivery.group_commit import GroupCommit


@dataclass
class FakeStore:
    committed: list[list[int]] = field(default_factory=list)  # the writes of each transaction

    @asynccontextmanager
    async def unit(self, *, write: bool = False) -> AsyncIterator[list[int]]:
        writes: list[int] = []
        await asyncio.sleep(0)  # BEGIN takes a moment: meanwhile more writes come
        yield writes
        await asyncio.sleep(0)
        self.committed.append(writes)  # only when the block ended without an error


async def test_writes_that_come_while_one_commits_go_together_into_the_next():
    store = FakeStore()
    commits = GroupCommit(store)  # type: ignore[arg-type]
    returned: list[int] = []

    async def write(n: int) -> None:
        async def record(writes: list[int]) -> None:
            writes.append(n)

        await commits.write(record)  # type: ignore[arg-type]
        assert any(n in writes for writes in store.committed)  # committed before returning
        returned.append(n)

    await asyncio.gather(*(write(n) for n in range(50)))
    assert sorted(returned) == list(range(50))
    assert sorted(n for writes in store.committed for n in writes) == list(range(50))
    assert len(store.committed) <= 2  # the first alone, then all that queued behind it


async def test_a_failed_transaction_fails_every_write_in_it():
    store = FakeStore()
    commits = GroupCommit(store)  # type: ignore[arg-type]

    async def fail(writes: list[int]) -> None:
        raise RuntimeError("disk I/O error")

    async def fine(writes: list[int]) -> None:
        writes.append(1)

    results = await asyncio.gather(
        commits.write(fail),
        commits.write(fine),
        return_exceptions=True,  # type: ignore[arg-type]
    )
    assert [type(r) for r in results] == [RuntimeError, RuntimeError]
    assert store.committed == []  # and nothing of it was committed

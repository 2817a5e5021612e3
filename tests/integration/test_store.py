"""Units of work: one transaction each, closed whatever happens to the task that holds it."""

from __future__ import annotations

import asyncio

import pytest

from bot.storage import Store


async def test_a_unit_cancelled_while_it_begins_leaves_no_transaction_open(store: Store):
    async def hold() -> None:
        async with store.unit(write=True):
            await asyncio.sleep(10)

    holder = asyncio.create_task(hold())
    await asyncio.sleep(0)  # the task has sent BEGIN to the database thread and waits for it
    holder.cancel()
    with pytest.raises(asyncio.CancelledError):
        await holder

    async with store.unit(write=True) as uow:  # a stop mid send-out, then the next write
        assert await uow.users.counts() == {"total": 0, "active": 0, "paused": 0}
    assert not store.conn.in_transaction

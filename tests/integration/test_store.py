"""Units of work: one transaction each, closed whatever happens to the task that holds it."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest

from bot.storage import Store

pytestmark = pytest.mark.both_databases


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
    if store.pool is not None:  # PostgreSQL: every connection is back in the pool, idle
        assert store.pool.get_idle_size() == store.pool.get_size()
    else:
        assert store.conn is not None and not store.conn.in_transaction


async def test_a_failing_unit_keeps_none_of_its_writes(store: Store):
    with pytest.raises(RuntimeError):
        async with store.unit(write=True) as uow:
            await uow.users.insert(
                channel="telegram", external_id="1", chat_id="1", display_name=None,
                timezone="UTC", push_time="09:00", language=None,
                created_at=datetime(2026, 3, 2, tzinfo=UTC), next_push_at=None,
            )  # fmt: skip
            raise RuntimeError("half-way")
    async with store.unit() as uow:
        assert await uow.users.find("telegram", "1") is None

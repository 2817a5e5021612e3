"""The store's own guarantees: one sender per database, resuming only a dead claimer's rows,
forgetting that leaves no readable text, a heartbeat that survives a read-only folder."""

from __future__ import annotations

import asyncio
import logging
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.config import Settings
from bot.corpus.loader import load_corpus
from bot.delivery.claiming import claim_due
from bot.domain.clock import ManualClock
from bot.domain.practice import PracticeConfig, PracticeService
from bot.server import _heartbeat, healthy
from bot.storage import DatabaseError, Store
from bot.storage.inbox import KEEP_HANDLED
from tests.conftest import CORPUS_DIR

MARKER = "Qzxjvkwpmy"


async def users_due(store: Store, clock: ManualClock, count: int) -> None:
    service = PracticeService(store, load_corpus(CORPUS_DIR), PracticeConfig(), clock)
    for n in range(count):
        await service.register("telegram", str(n), chat_id=str(n))


async def claimed(store: Store) -> list[int]:
    async with store.unit() as uow:
        return [row.id for row in await uow.deliveries.claimed("telegram", 100)]


async def test_resuming_takes_only_rows_whose_claimer_is_gone(tmp_path: Path, clock: ManualClock):
    path = tmp_path / "drillbot.sqlite3"
    sender = await Store.open(path, sender=True)
    await users_due(sender, clock, 3)
    claims = await claim_due(sender, "telegram", clock.now() + timedelta(days=1), 10)
    assert len(claims) == 3
    assert await claimed(sender) == [c.delivery_id for c in claims]  # its own, to retry

    with pytest.raises(DatabaseError, match="is already used by another running drillbot"):
        await Store.open(path, sender=True)
    other = await Store.open(path)  # e.g. `drillbot console` beside the running bot
    assert await claimed(other) == []  # never the rows a live sender is about to send
    await other.close()

    await sender.close()  # the sender is gone (the OS drops its lock even on kill -9)
    successor = await Store.open(path, sender=True)
    assert await claimed(successor) == [c.delivery_id for c in claims]
    await successor.close()


async def test_forgetting_leaves_no_readable_text_in_the_file_or_wal(
    tmp_path: Path, clock: ManualClock
):
    store = await Store.open(tmp_path / "drillbot.sqlite3")
    service = PracticeService(store, load_corpus(CORPUS_DIR), PracticeConfig(), clock)
    for n in range(30):
        name = MARKER if n == 15 else f"User {n}"
        await service.register("telegram", str(n), chat_id=str(n), display_name=name)
    ada = await service.find_user("telegram", "15")
    assert ada is not None
    await service.next_question(ada.id)
    await service.rate(ada.id, 3)

    await service.forget(ada.id)
    raw = b"".join(p.read_bytes() for p in tmp_path.glob("drillbot.sqlite3*"))
    await store.close()
    assert MARKER.encode() not in raw
    assert b"User 14" in raw  # the others are still there, readable


async def test_secure_delete_is_on(store: Store):
    rows = await store.conn.execute_fetchall("PRAGMA secure_delete")
    assert list(rows)[0][0] == 1


async def test_a_failing_heartbeat_is_logged_not_fatal(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
):
    folder = tmp_path / "data"
    folder.mkdir()
    settings = Settings(database=folder / "drillbot.sqlite3")
    path = folder / "heartbeat"
    if subprocess.run(["chattr", "+i", str(folder)], capture_output=True).returncode:
        pytest.skip("cannot make the folder read-only here")
    try:
        stop = asyncio.Event()
        beating = asyncio.create_task(_heartbeat(path, stop))
        await asyncio.sleep(0.05)
        assert not beating.done()  # still alive
        stop.set()
        await asyncio.wait_for(beating, 5)
    finally:
        subprocess.run(["chattr", "-i", str(folder)], check=False)
    assert any(
        r.levelno == logging.ERROR and "heartbeat not written" in r.getMessage()
        for r in caplog.records
    )
    assert not healthy(settings)  # `drillbot health` reports it


async def test_handled_updates_are_emptied_then_pruned_pending_ones_kept(store: Store):
    now = datetime.now(UTC)
    async with store.unit(write=True) as uow:
        ids = list(range(1, KEEP_HANDLED + 301))
        fresh = await uow.inbox.record(
            "telegram", [(i, 1, f'{{"text": "{MARKER}"}}') for i in ids], now
        )
        assert fresh == ids
        assert await uow.inbox.record("telegram", [(5, 1, "{}")], now) == []  # a re-delivery
        for update_id in ids[:-3]:
            await uow.inbox.mark_handled("telegram", update_id, now)
        await uow.inbox.prune("telegram")
    async with store.unit() as uow:
        assert [i for i, _ in await uow.inbox.pending("telegram")] == ids[-3:]
        rows = await store.conn.execute_fetchall(
            "SELECT COUNT(*), SUM(body != '') FROM inbound_updates"
        )
    assert tuple(list(rows)[0]) == (KEEP_HANDLED + 3, 3)  # the newest handled, bodies emptied

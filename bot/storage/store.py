"""The store: one connection, migrated on open, handing out units of work (transactions)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import aiosqlite

from bot.storage.connection import connect
from bot.storage.migrations import migrate
from bot.storage.repositories import (
    CardsRepo,
    DeliveriesRepo,
    PresentationsRepo,
    ReviewsRepo,
    UsersRepo,
)
from bot.storage.teams import TeamsRepo


class UnitOfWork:
    """The repositories bound to one open transaction."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self.users = UsersRepo(conn)
        self.cards = CardsRepo(conn)
        self.reviews = ReviewsRepo(conn)
        self.presentations = PresentationsRepo(conn)
        self.deliveries = DeliveriesRepo(conn)
        self.teams = TeamsRepo(conn)


class Store:
    def __init__(self, conn: aiosqlite.Connection, path: Path | str) -> None:
        self.conn = conn
        self.path = path
        # One connection is shared by every coroutine; the lock keeps their transactions apart.
        self._lock = asyncio.Lock()

    @classmethod
    async def open(cls, path: Path | str, *, run_migrations: bool = True) -> Store:
        conn = await connect(path)
        if run_migrations:
            await migrate(conn)
        return cls(conn, path)

    async def close(self) -> None:
        await self.conn.close()

    @asynccontextmanager
    async def unit(self, *, write: bool = False) -> AsyncIterator[UnitOfWork]:
        """A transaction: committed when the block ends, rolled back if it raises."""
        async with self._lock:
            # IMMEDIATE takes the write lock up front, so a writer never fails half-way
            # with SQLITE_BUSY on lock upgrade when another process writes too.
            await self.conn.execute("BEGIN IMMEDIATE" if write else "BEGIN")
            try:
                yield UnitOfWork(self.conn)
            except BaseException:
                await self.conn.rollback()
                raise
            else:
                await self.conn.commit()

    async def backup(self, destination: Path) -> None:
        """Consistent online copy through SQLite's backup API, safe while the bot runs."""
        destination.parent.mkdir(parents=True, exist_ok=True)
        async with self._lock:
            target = await aiosqlite.connect(str(destination))
            try:
                await self.conn.backup(target)
            finally:
                await target.close()

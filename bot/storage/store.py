"""The store: one connection, migrated on open, handing out units of work (transactions)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import aiosqlite

from bot.domain.ports import Transactions
from bot.storage.connection import connect
from bot.storage.migrations import migrate
from bot.storage.repositories import (
    CardsRepo,
    DeliveriesRepo,
    FsrsParametersRepo,
    InterviewRepo,
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
        self.interviews = InterviewRepo(conn)
        self.fsrs_parameters = FsrsParametersRepo(conn)


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
            try:
                # IMMEDIATE takes the write lock up front, so a writer never fails half-way
                # with SQLITE_BUSY on lock upgrade when another process writes too.
                await self.conn.execute("BEGIN IMMEDIATE" if write else "BEGIN")
                yield UnitOfWork(self.conn)
            except BaseException:
                # Also when cancelled while BEGIN was on its way: aiosqlite's thread runs it
                # anyway, and the next unit must not find that transaction open.
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


if TYPE_CHECKING:
    # mypy checks here that the store gives the domain every repository method it is typed with.
    _implements_the_domain_ports: type[Transactions] = Store

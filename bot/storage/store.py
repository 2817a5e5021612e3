"""The store: one connection, migrated on open, handing out units of work (transactions)."""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import aiosqlite

from bot.domain.ports import Transactions
from bot.storage.attempts import AttemptsRepo, ModelUsageRepo, OwnAnswersRepo
from bot.storage.connection import connect, describe
from bot.storage.inbox import InboxRepo
from bot.storage.instances import InstancesRepo
from bot.storage.migrations import migrate
from bot.storage.paid_broadcasts import PaidBroadcastsRepo
from bot.storage.repositories import (
    CardsRepo,
    DeliveriesRepo,
    FsrsParametersRepo,
    InterviewRepo,
    PresentationsRepo,
    ReviewsRepo,
    UsersRepo,
)
from bot.storage.sender_lock import SenderLock
from bot.storage.sql import SqliteConnection
from bot.storage.teams import TeamsRepo


class UnitOfWork:
    """The repositories bound to one open transaction."""

    def __init__(self, conn: aiosqlite.Connection, claimer: str) -> None:
        self.users = UsersRepo(conn)
        self.cards = CardsRepo(conn)
        self.reviews = ReviewsRepo(conn)
        self.presentations = PresentationsRepo(conn)
        self.deliveries = DeliveriesRepo(conn, claimer)
        self.teams = TeamsRepo(conn)
        self.interviews = InterviewRepo(conn)
        self.fsrs_parameters = FsrsParametersRepo(conn)
        self.attempts = AttemptsRepo(conn)
        self.own_answers = OwnAnswersRepo(conn)
        self.model_usage = ModelUsageRepo(conn)
        self.inbox = InboxRepo(conn)
        self.instances = InstancesRepo(SqliteConnection(conn))
        self.paid_broadcasts = PaidBroadcastsRepo(SqliteConnection(conn))


class Store:
    def __init__(self, conn: aiosqlite.Connection, path: Path | str) -> None:
        self.conn = conn
        self.path = path
        # Written into every delivery this store claims: resuming takes only its own rows and
        # those it adopted from a claimer known to be gone (see `adopt_orphaned_claims`).
        self.claimer = f"{os.getpid()}-{uuid.uuid4().hex[:12]}"
        self.sender_lock: SenderLock | None = None
        self.deletions = 0  # units that deleted a user (callers may checkpoint again after)
        # One connection is shared by every coroutine; the lock keeps their transactions apart.
        self._lock = asyncio.Lock()

    @classmethod
    async def open(
        cls, path: Path | str, *, run_migrations: bool = True, sender: bool = False
    ) -> Store:
        """Open, check and migrate the database (raises DatabaseError).

        `sender`: this process sends daily questions. It takes the database's sender lock
        (a second sender refuses to start) and adopts the deliveries a dead sender left claimed.
        """
        lock = SenderLock(path) if sender else None
        if lock is not None:
            lock.acquire()
        try:
            conn = await connect(path)
            try:
                if run_migrations:
                    await migrate(conn)
            except BaseException:
                await conn.close()
                raise
        except BaseException:
            if lock is not None:
                lock.release()
            raise
        store = cls(conn, path)
        store.sender_lock = lock
        if lock is not None:
            await store.adopt_orphaned_claims()
        return store

    async def close(self) -> None:
        await self.conn.close()
        if self.sender_lock is not None:
            self.sender_lock.release()

    async def adopt_orphaned_claims(self) -> int:
        """Take over rows claimed by other claimers; only safe while holding the sender lock,
        which proves that no other sender is alive."""
        assert self.sender_lock is not None, "adopting claims needs the sender lock"
        async with self.unit(write=True) as uow:
            return await uow.deliveries.adopt_claims()

    async def checkpoint(self) -> None:
        async with self._lock:
            await self._checkpoint()

    async def _checkpoint(self) -> None:
        """Copy the WAL into the main file and empty it: after a user is deleted, the old
        pages with their text must not stay readable in the WAL (the main file's are zeroed
        by secure_delete)."""
        try:
            await self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except aiosqlite.Error as error:
            raise describe(self.path, error) from error

    @asynccontextmanager
    async def unit(self, *, write: bool = False) -> AsyncIterator[UnitOfWork]:
        """A transaction: committed when the block ends, rolled back if it raises."""
        async with self._lock:
            uow = UnitOfWork(self.conn, self.claimer)
            try:
                # IMMEDIATE takes the write lock up front, so a writer never fails half-way
                # with SQLITE_BUSY on lock upgrade when another process writes too.
                await self.conn.execute("BEGIN IMMEDIATE" if write else "BEGIN")
                yield uow
            except BaseException:
                # Also when BEGIN itself was cancelled: the connection's thread runs it anyway,
                # and this rollback, queued behind it, ends it (a no-op if none was begun).
                # Shielded, so that a second cancellation cannot leave a transaction open.
                await asyncio.shield(self.conn.rollback())
                raise
            else:
                await self.conn.commit()
                if uow.users.deleted:
                    self.deletions += 1
                    await self._checkpoint()

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

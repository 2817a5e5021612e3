"""The store: the database, migrated on open, handing out units of work (transactions).

SQLite (a file path): one connection shared under an asyncio lock. PostgreSQL (a
`postgresql://` URL): an asyncpg pool, one pooled connection per unit of work, write units one
at a time (see `unit`)."""

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
from bot.storage.chat_locks import AdvisoryChatLocks, LocalChatLocks
from bot.storage.connection import DatabaseError, connect, describe
from bot.storage.database_url import is_postgres, redacted
from bot.storage.inbox import InboxRepo
from bot.storage.instances import InstancesRepo
from bot.storage.migrations import Migration, migrate
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
from bot.storage.sql import Connection, Dialect, PostgresConnection, SqliteConnection
from bot.storage.teams import TeamsRepo

if TYPE_CHECKING:
    import asyncpg  # loaded only for PostgreSQL (see _open_postgres)

WRITE_LOCK_KEY = 0x64727772  # "drwr": PostgreSQL's advisory lock of write units


class UnitOfWork:
    """The repositories bound to one open transaction."""

    def __init__(self, conn: Connection, claimer: str) -> None:
        self.conn = conn  # for maintenance SQL (db copy); the bot itself uses the repositories
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
        self.instances = InstancesRepo(conn)
        self.paid_broadcasts = PaidBroadcastsRepo(conn)


class Store:
    def __init__(
        self,
        conn: aiosqlite.Connection | None,
        path: Path | str,
        pool: asyncpg.Pool | None = None,
    ) -> None:
        self.conn = conn  # SQLite's one connection (None on PostgreSQL)
        self.pool = pool  # PostgreSQL's pool (None on SQLite)
        self.dialect: Dialect = "postgresql" if pool is not None else "sqlite"
        self.path = redacted(path) if pool is not None else path  # printable: no password
        self._sqlite = SqliteConnection(conn) if conn is not None else None
        # Written into every delivery this store claims: resuming takes only its own rows, those
        # it adopted from a claimer known to be gone (SQLite, see `adopt_orphaned_claims`) and
        # those whose lease ran out (another instance died).
        self.claimer = f"{os.getpid()}-{uuid.uuid4().hex[:12]}"
        self.sender_lock: SenderLock | None = None
        # Who handles a chat's stored updates: on SQLite the one process, on PostgreSQL the
        # instance holding the chat's advisory lock.
        self.chat_locks: LocalChatLocks | AdvisoryChatLocks = (
            AdvisoryChatLocks(pool) if pool is not None else LocalChatLocks()
        )
        self.deletions = 0  # units that deleted a user (callers may checkpoint again after)
        # One connection is shared by every coroutine; the lock keeps their transactions apart.
        self._lock = asyncio.Lock()

    @classmethod
    async def open(
        cls, path: Path | str, *, run_migrations: bool = True, sender: bool = False
    ) -> Store:
        """Open, check and migrate the database (raises DatabaseError).

        `path`: a SQLite file, or a `postgresql://` URL.
        `sender`: this process sends daily questions. On SQLite it takes the database's sender
        lock (a second sender refuses to start) and adopts the deliveries a dead sender left
        claimed. PostgreSQL has no such lock: several senders may share the database.
        """
        if is_postgres(path):
            return await cls._open_postgres(str(path), run_migrations=run_migrations)
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

    @classmethod
    async def _open_postgres(cls, url: str, *, run_migrations: bool) -> Store:
        # Imported only here: merely loading asyncpg slows the SQLite path measurably (bench).
        from bot.storage.postgres import open_pool

        store = cls(None, url, await open_pool(url))
        try:
            if run_migrations:
                await store.migrate()
        except BaseException:
            await store.close()
            raise
        return store

    async def migrate(self) -> list[Migration]:
        """Apply pending migrations (Store.open does unless told not to)."""
        if self.pool is not None:
            async with self.pool.acquire() as conn:
                return await migrate(conn)
        async with self._lock:
            return await migrate(self.conn)

    async def close(self) -> None:
        await self.chat_locks.close()
        if self.pool is not None:
            await self.pool.close()
        if self.conn is not None:
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
        """SQLite only; PostgreSQL keeps no WAL file of its own to empty (a no-op there)."""
        if self.conn is None:
            return
        async with self._lock:
            await self._checkpoint()

    async def _checkpoint(self) -> None:
        """Copy the WAL into the main file and empty it: after a user is deleted, the old
        pages with their text must not stay readable in the WAL (the main file's are zeroed
        by secure_delete)."""
        assert self.conn is not None
        try:
            await self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except aiosqlite.Error as error:
            raise describe(self.path, error) from error

    @asynccontextmanager
    async def unit(self, *, write: bool = False) -> AsyncIterator[UnitOfWork]:
        """A transaction: committed when the block ends, rolled back if it raises."""
        if self.pool is not None:
            # One pooled connection per unit. Writers take one lock, held to the commit: as on
            # SQLite (BEGIN IMMEDIATE), one writer at a time, so a unit's read-then-write (is
            # it rated yet? then rate) stays atomic against other tasks and instances.
            async with self.pool.acquire() as raw, raw.transaction():
                if write:
                    await raw.execute("SELECT pg_advisory_xact_lock($1)", WRITE_LOCK_KEY)
                yield UnitOfWork(PostgresConnection(raw), self.claimer)
            return
        assert self.conn is not None and self._sqlite is not None
        async with self._lock:
            uow = UnitOfWork(self._sqlite, self.claimer)
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
        if self.conn is None:
            raise DatabaseError(
                f"{self.path}: `drillbot db backup` copies SQLite files; back up PostgreSQL"
                " with pg_dump (e.g. pg_dump --format=custom --file=drillbot.dump DBNAME)"
            )
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

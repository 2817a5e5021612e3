"""One instance at a time handles a chat's stored updates.

SQLite has one bot process per database (the sender lock), so the process's own bookkeeping
(inbound.Inbox) already gives each chat one handler: the lock is always granted. On
PostgreSQL several instances share the database: a session-level advisory lock per chat, all
held on one dedicated connection of the instance (so that a chat's updates may be handled on
any pooled connection meanwhile). The server drops every lock of a connection that ends, so
a dead instance's chats are free again at once.
"""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any


def lock_key(channel: str, chat_id: int) -> int:
    """A signed 64-bit advisory lock key for a chat (a collision only serialises two chats)."""
    digest = hashlib.blake2b(f"drillbot-chat:{channel}:{chat_id}".encode(), digest_size=8)
    return int.from_bytes(digest.digest(), "big", signed=True)


class LocalChatLocks:
    """One process per database: every chat's lock is granted."""

    @asynccontextmanager
    async def hold(self, channel: str, chat_id: int) -> AsyncIterator[bool]:
        yield True

    async def close(self) -> None:
        pass


class AdvisoryChatLocks:
    """PostgreSQL: pg_try_advisory_lock per chat, on one connection taken from the pool for
    the instance's life (a session-level lock belongs to the connection that took it)."""

    def __init__(self, pool: Any) -> None:  # an asyncpg.Pool
        self.pool = pool
        self._conn: Any = None  # the pool's proxy of the dedicated connection
        self._lock = asyncio.Lock()  # one statement at a time on it

    @asynccontextmanager
    async def hold(self, channel: str, chat_id: int) -> AsyncIterator[bool]:
        """Yields False, at once, when another instance holds the chat."""
        key = lock_key(channel, chat_id)
        async with self._lock:
            conn = await self._connection()
            held = bool(await conn.fetchval("SELECT pg_try_advisory_lock($1)", key))
        try:
            yield held
        finally:
            if held:
                async with self._lock:
                    # A connection lost meanwhile took its locks with it: nothing to undo.
                    if conn is self._conn and not conn.is_closed():
                        await conn.fetchval("SELECT pg_advisory_unlock($1)", key)

    async def _connection(self) -> Any:
        if self._conn is not None and self._conn.is_closed():
            await self.pool.release(self._conn)
            self._conn = None
        if self._conn is None:
            self._conn = await self.pool.acquire()
        return self._conn

    async def close(self) -> None:
        async with self._lock:
            if self._conn is not None:
                await self.pool.release(self._conn)
                self._conn = None

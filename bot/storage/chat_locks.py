"""One instance at a time handles a chat's stored updates.

SQLite has one bot process per database (the sender lock), so the process's own bookkeeping
(inbound.Inbox) already gives each chat one handler: the lock is always granted. On
PostgreSQL several instances share the database: a session-level advisory lock per chat, all
held on one dedicated connection of the instance (so that a chat's updates may be handled on
any pooled connection meanwhile). The server drops every lock of a connection that ends, so
a dead instance's chats are free again at once.
"""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager


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

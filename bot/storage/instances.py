"""The running instances of the bot (table `instances`): each heartbeats its own row, and
counts the live ones to take its share of the send budgets (bot/delivery/instances.py)."""

from __future__ import annotations

from datetime import datetime

from bot.storage.codec import ts
from bot.storage.sql import Connection


class InstancesRepo:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    async def beat(self, instance_id: str, started_at: datetime, at: datetime) -> None:
        """Register, or renew the heartbeat (also of a row that was forgotten meanwhile)."""
        await self.conn.execute(
            "INSERT INTO instances (id, started_at, heartbeat_at) VALUES (?, ?, ?)"
            " ON CONFLICT (id) DO UPDATE SET heartbeat_at = excluded.heartbeat_at",
            (instance_id, ts(started_at), ts(at)),
        )

    async def live(self, since: datetime) -> int:
        """Instances whose last heartbeat is at `since` or later."""
        count = await self.conn.fetchval(
            "SELECT COUNT(*) FROM instances WHERE heartbeat_at >= ?", (ts(since),)
        )
        return int(count or 0)

    async def remove(self, instance_id: str) -> None:
        await self.conn.execute("DELETE FROM instances WHERE id = ?", (instance_id,))

    async def forget(self, before: datetime) -> int:
        """Delete the rows of instances gone since before `before`."""
        return await self.conn.execute(
            "DELETE FROM instances WHERE heartbeat_at < ?", (ts(before),)
        )

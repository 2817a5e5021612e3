"""Incoming updates, stored before the platform is told they arrived (SQL only, no policy)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from bot.storage.codec import ts
from bot.storage.repositories import _Repo

# Handled updates are kept this long (enough to ignore any re-delivery), then deleted.
KEEP_HANDLED = 1000


class InboxRepo(_Repo):
    async def record(
        self, channel: str, updates: Sequence[tuple[int, str]], at: datetime
    ) -> list[int]:
        """Store (update id, JSON body) pairs; returns the ids not seen before."""
        fresh = []
        for update_id, body in updates:
            if await self.conn.execute(
                "INSERT INTO inbound_updates (channel, update_id, body, received_at)"
                " VALUES (?, ?, ?, ?) ON CONFLICT (channel, update_id) DO NOTHING",
                (channel, update_id, body, ts(at)),
            ):
                fresh.append(update_id)
        return fresh

    async def pending(self, channel: str) -> list[tuple[int, str]]:
        """Stored but not yet handled, in the order they arrived."""
        rows = await self.conn.fetch(
            "SELECT update_id, body FROM inbound_updates WHERE channel = ? AND handled_at IS NULL"
            " ORDER BY update_id",
            (channel,),
        )
        return [(r[0], r[1]) for r in rows]

    async def mark_handled(self, channel: str, update_id: int, at: datetime) -> None:
        await self.conn.execute(
            "UPDATE inbound_updates SET handled_at = ?, body = '' WHERE channel = ? AND update_id = ?",
            (ts(at), channel, update_id),
        )

    async def prune(self, channel: str) -> None:
        """Drop handled updates beyond the newest KEEP_HANDLED."""
        await self.conn.execute(
            "DELETE FROM inbound_updates WHERE channel = ? AND handled_at IS NOT NULL"
            " AND update_id < (SELECT MIN(update_id) FROM (SELECT update_id FROM inbound_updates"
            " WHERE channel = ? AND handled_at IS NOT NULL ORDER BY update_id DESC LIMIT ?) AS kept)",
            (channel, channel, KEEP_HANDLED),
        )

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
        self, channel: str, updates: Sequence[tuple[int, int, str]], at: datetime
    ) -> list[int]:
        """Store (update id, chat id, JSON body) triples; returns the ids not seen before."""
        fresh = []
        for update_id, chat_id, body in updates:
            if await self.conn.execute(
                "INSERT INTO inbound_updates (channel, update_id, chat_id, body, received_at)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT (channel, update_id) DO NOTHING",
                (channel, update_id, chat_id, body, ts(at)),
            ):
                fresh.append(update_id)
        return fresh

    async def pending(self, channel: str, chat_id: int | None = None) -> list[tuple[int, str]]:
        """Stored but not yet handled (of one chat, if given), in update id order."""
        of_chat = "" if chat_id is None else " AND chat_id = ?"
        rows = await self.conn.fetch(
            "SELECT update_id, body FROM inbound_updates WHERE channel = ? AND handled_at IS NULL"
            + of_chat
            + " ORDER BY update_id",
            (channel,) if chat_id is None else (channel, chat_id),
        )
        return [(r[0], r[1]) for r in rows]

    async def waiting_chats(self, channel: str, received_before: datetime) -> list[int]:
        """Chats with an update stored before `received_before` and still not handled."""
        rows = await self.conn.fetch(
            "SELECT DISTINCT chat_id FROM inbound_updates WHERE channel = ?"
            " AND handled_at IS NULL AND received_at < ?",
            (channel, ts(received_before)),
        )
        return [r[0] for r in rows]

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

    async def first_request(self, signature: str, at: datetime, forget_at: datetime) -> bool:
        """Note a signed request (Slack HTTP mode); False when it was seen before (a replay).
        Signatures past their `forget_at` are dropped first."""
        await self.conn.execute("DELETE FROM seen_requests WHERE forget_at < ?", (ts(at),))
        return bool(
            await self.conn.execute(
                "INSERT INTO seen_requests (signature, forget_at) VALUES (?, ?)"
                " ON CONFLICT (signature) DO NOTHING",
                (signature, ts(forget_at)),
            )
        )

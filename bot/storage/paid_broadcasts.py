"""Paid broadcasts per UTC day (table `paid_broadcasts`): the count that keeps the daily cap
across restarts and instances. Instances reserve blocks of it (bot/delivery/paid.py)."""

from __future__ import annotations

from datetime import date

from bot.storage.sql import Connection


class PaidBroadcastsRepo:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    async def reserve(self, day: date, wanted: int, cap: int) -> int:
        """Reserve up to `wanted` of the day's `cap`; returns how many were granted."""
        await self.conn.execute(
            "INSERT INTO paid_broadcasts (day, reserved) VALUES (?, 0) ON CONFLICT (day) DO NOTHING",
            (day.isoformat(),),
        )
        # The row is locked until the transaction ends, so instances never grant the same
        # tokens (SQLite: the unit's BEGIN IMMEDIATE has locked the whole database already).
        lock = " FOR UPDATE" if self.conn.dialect == "postgresql" else ""
        reserved = await self.conn.fetchval(
            "SELECT reserved FROM paid_broadcasts WHERE day = ?" + lock, (day.isoformat(),)
        )
        granted = max(0, min(wanted, cap - int(reserved)))
        if granted:
            await self.conn.execute(
                "UPDATE paid_broadcasts SET reserved = reserved + ? WHERE day = ?",
                (granted, day.isoformat()),
            )
        return granted

    async def release(self, day: date, count: int) -> None:
        """Give back reserved tokens that were not spent."""
        await self.conn.execute(
            "UPDATE paid_broadcasts SET reserved = reserved - ? WHERE day = ?",
            (count, day.isoformat()),
        )

    async def used(self, day: date) -> int:
        """Reserved or spent on `day`."""
        count = await self.conn.fetchval(
            "SELECT reserved FROM paid_broadcasts WHERE day = ?", (day.isoformat(),)
        )
        return int(count or 0)

"""A database of Telegram users whose daily push is due right now, for the delivery benchmark."""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.storage import Store
from bot.storage.codec import ts

FIRST_CHAT = 1_000_000


def noon_zone(now: datetime) -> str:
    """A fixed-offset zone where it is about noon now, so "a minute ago" is the same local day."""
    offset = 12 - now.hour
    return f"Etc/GMT{-offset:+d}" if offset else "UTC"  # Etc/GMT-5 is UTC+5


def build(path: Path, users: int, now: datetime | None = None) -> None:
    """`users` active users, all due at the same minute (the one just past)."""
    now = now or datetime.now(UTC)
    asyncio.run(_migrate(path))
    zone = noon_zone(now)
    due = (now - timedelta(minutes=1)).replace(second=0, microsecond=0)
    push_time = due.astimezone(ZoneInfo(zone)).strftime("%H:%M")
    rows = [
        (
            "telegram",
            str(FIRST_CHAT + n),
            str(FIRST_CHAT + n),
            f"user {n}",
            zone,
            push_time,
            "zh" if n % 3 == 0 else "en",
            ts(now - timedelta(days=1)),
            ts(due),
        )
        for n in range(users)
    ]
    with sqlite3.connect(path) as db:
        db.executemany(
            "INSERT INTO users (channel, external_id, chat_id, display_name, timezone, push_time,"
            " language, created_at, next_push_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )


async def _migrate(path: Path) -> None:
    store = await Store.open(path)
    await store.close()


def delivery_states(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as db:
        return dict(db.execute("SELECT status, COUNT(*) FROM deliveries GROUP BY status"))

"""A database of Telegram users whose daily push is due at one minute, for the delivery benchmark."""

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


def build(path: Path, users: int, due: datetime) -> None:
    """`users` active users whose push is due at the minute `due`: a past one is the start-up
    catch-up, a later one the live trigger."""
    asyncio.run(migrate(path))
    add_due_users(path, range(FIRST_CHAT, FIRST_CHAT + users), due)


def add_due_users(path: Path, chats: range, due: datetime) -> None:
    """Telegram users (chat id = user id, from `chats`) due at `due`, in a migrated database."""
    now = datetime.now(UTC)
    zone = noon_zone(due)
    push_time = due.astimezone(ZoneInfo(zone)).strftime("%H:%M")
    rows = [
        (
            "telegram",
            str(chat),
            str(chat),
            f"user {chat}",
            zone,
            push_time,
            "zh" if chat % 3 == 0 else "en",
            ts(now - timedelta(days=1)),
            ts(due),
        )
        for chat in chats
    ]
    with sqlite3.connect(path) as db:
        db.executemany(
            "INSERT INTO users (channel, external_id, chat_id, display_name, timezone, push_time,"
            " language, created_at, next_push_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )


async def migrate(path: Path) -> None:
    store = await Store.open(path)
    await store.close()


def delivery_states(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as db:
        return dict(db.execute("SELECT status, COUNT(*) FROM deliveries GROUP BY status"))

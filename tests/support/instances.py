"""Several `drillbot run` instances on one PostgreSQL database: users due at once, each
instance's environment, and what the database says each instance did."""

from __future__ import annotations

import json
import socket
from collections import Counter
from datetime import UTC, datetime, timedelta

from bot.storage import Store
from bot.storage.codec import ts

WEBHOOK_SECRET = "instances-webhook-secret"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def webhook_env(api_url: str, token: str, port: int) -> dict[str, str]:
    """Webhook mode (several instances behind one public URL), listening on `port`."""
    return {
        "TELEGRAM_BOT_TOKEN": token,
        "TELEGRAM_API_BASE_URL": api_url,
        "TELEGRAM_MODE": "webhook",
        "TELEGRAM_WEBHOOK_LISTEN": "127.0.0.1",
        "TELEGRAM_WEBHOOK_PORT": str(port),
        "TELEGRAM_WEBHOOK_URL": f"http://127.0.0.1:{port}/telegram",
        "TELEGRAM_WEBHOOK_SECRET": WEBHOOK_SECRET,
    }


async def add_due_users(database: str, chats: range, due: datetime | None = None) -> None:
    """Telegram users (chat id = user id) whose daily question is due (default: a minute ago,
    in UTC, so that it belongs to today)."""
    now = datetime.now(UTC)
    due = due or now - timedelta(minutes=1)
    rows = [
        ("telegram", str(chat), str(chat), "UTC", due.strftime("%H:%M"), "en",
         ts(now - timedelta(days=1)), ts(due))
        for chat in chats
    ]  # fmt: skip
    store = await Store.open(database)
    try:
        async with store.unit(write=True) as uow:
            await uow.users.conn.executemany(
                "INSERT INTO users (channel, external_id, chat_id, timezone, push_time, language,"
                " created_at, next_push_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                rows,
            )
    finally:
        await store.close()


async def query(database: str, sql: str, *params: object) -> list[tuple]:
    store = await Store.open(database, run_migrations=False)
    try:
        async with store.unit() as uow:
            return [tuple(r) for r in await uow.users.conn.fetch(sql, params)]
    finally:
        await store.close()


async def statuses(database: str) -> Counter[str]:
    return Counter(
        dict(await query(database, "SELECT status, COUNT(*) FROM deliveries GROUP BY status"))
    )


async def sent_by_process(database: str) -> Counter[int]:
    """Sent deliveries per process id (a claimer id starts with its process's id)."""
    rows = await query(database, "SELECT claimed_by FROM deliveries WHERE status = 'sent'")
    return Counter(int(claimer.split("-")[0]) for (claimer,) in rows)


async def in_flight_of(database: str, pid: int) -> int:
    """Rows the process had claimed and started to send (possibly sent) but not marked sent."""
    rows = await query(
        database,
        "SELECT COUNT(*) FROM deliveries WHERE status = 'claimed' AND attempts > 0"
        " AND claimed_by LIKE ?",
        f"{pid}-%",
    )
    return int(rows[0][0])


async def store_update(database: str, update: dict, chat_id: int, age: float = 60.0) -> None:
    """An update stored `age` seconds ago and never handled (its process died)."""
    store = await Store.open(database, run_migrations=False)
    try:
        async with store.unit(write=True) as uow:
            at = datetime.now(UTC) - timedelta(seconds=age)
            await uow.inbox.record(
                "telegram", [(update["update_id"], chat_id, json.dumps(update))], at
            )
    finally:
        await store.close()

"""Paid broadcasts through the real `drillbot run`: the daily questions of users due at
start-up go out flagged `allow_paid_broadcast` faster than Telegram's free 30 a second, the
replies stay free, and once the day's cap of paid messages is spent (counted in the database,
so across a restart) the rest of the send-out goes on unflagged at the free rate."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bench.delivery_db import add_due_users
from bot.storage import Store
from tests.e2e.conftest import Drillbot, StartDrillbot
from tests.support.fake_telegram import FREE_LIMIT, FakeTelegram, FakeUser

TOKEN = "123456789:AAHe2eTokenForTestsOnly_0123456789abcd"
FIRST_CHAT = 5_000_000
STARTUP = 60.0  # generous: the machine may be busy
FINISHED = "daily send-out finished"


@pytest.fixture
async def fake() -> AsyncIterator[FakeTelegram]:
    server = FakeTelegram(TOKEN, flood_control=True)  # 30 a second free, 1,000 paid
    await server.start()
    yield server
    await server.close()


async def due_at_start(fake: FakeTelegram, db: Path, chats: range) -> list[FakeUser]:
    """Users whose push came a minute ago: the start-up send-out reaches them."""
    await (await Store.open(db)).close()  # the schema
    add_due_users(
        db, chats, datetime.now(UTC).replace(second=0, microsecond=0) - timedelta(minutes=1)
    )
    return [fake.user(chat) for chat in chats]


def env(fake: FakeTelegram, db: Path, **paid: str) -> dict[str, str]:
    return {
        "DRILLBOT_DB": str(db),
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_BASE_URL": fake.url,
        "TELEGRAM_PAID_BROADCAST": "true",
        **paid,
    }


async def every_user_reached(fake: FakeTelegram, bot: Drillbot, users: list[FakeUser]) -> None:
    try:
        await fake.wait_for(lambda: all(user.inbox for user in users), timeout=STARTUP)
        # The log line comes once the send-out has recorded the last one.
        await wait_until(lambda: FINISHED in bot.log_text())
    except TimeoutError:
        pytest.fail(f"not everyone got the daily question; log:\n{bot.log_tail()}")


def instances(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        return int(conn.execute("SELECT COUNT(*) FROM instances").fetchone()[0])


async def wait_until(condition, timeout: float = 20.0) -> None:
    async with asyncio.timeout(timeout):
        while not condition():
            await asyncio.sleep(0.1)


async def test_users_due_at_start_up_get_paid_broadcasts_faster_than_the_free_rate(
    start_drillbot: StartDrillbot, fake: FakeTelegram, tmp_path: Path
):
    db = tmp_path / "paid.sqlite3"
    users = await due_at_start(fake, db, range(FIRST_CHAT, FIRST_CHAT + 300))
    bot = await start_drillbot(env(fake, db))
    await every_user_reached(fake, bot, users)

    daily = [user.inbox for user in users]
    assert [len(inbox) for inbox in daily] == [1] * 300  # everyone once
    assert all(inbox[0].paid for inbox in daily)  # every one flagged
    # More in one second than the free rate allows, and Telegram never had to refuse one.
    assert fake.peak_per_second(fake.paid_messages) > FREE_LIMIT
    assert fake.over_limit == 0
    assert "sent=300 paid=300 failed=0" in bot.log_text()

    reader = users[0]  # a reply, even right after a send-out, is not a paid broadcast
    await reader.press(await reader.next_message(), "Show answer")
    answer = await reader.next_message()
    assert answer.text and not answer.paid


async def test_the_daily_cap_of_paid_messages_holds_across_a_restart(
    start_drillbot: StartDrillbot, fake: FakeTelegram, tmp_path: Path
):
    db = tmp_path / "capped.sqlite3"
    cap = {"TELEGRAM_PAID_BROADCAST_DAILY_CAP": "100"}
    early = await due_at_start(fake, db, range(FIRST_CHAT, FIRST_CHAT + 60))
    first = await start_drillbot(env(fake, db, **cap))
    await every_user_reached(fake, first, early)
    assert instances(db) == 1  # the running bot heartbeats its row
    assert await first.stop() == 0  # gives back what it reserved and did not spend
    assert instances(db) == 0  # and deregisters

    late = await due_at_start(fake, db, range(FIRST_CHAT + 60, FIRST_CHAT + 150))
    second = await start_drillbot(env(fake, db, **cap))
    await every_user_reached(fake, second, late)

    assert len(fake.messages) == 150
    assert all(user.inbox[0].paid for user in early)
    # Exactly the cap: 60 before the restart, 40 after; the rest unflagged.
    assert [user.inbox[0].paid for user in late].count(True) == 40
    assert fake.over_limit == 0  # the unflagged rest went at the free rate
    assert "sent=90 paid=40 failed=0" in second.log_text()

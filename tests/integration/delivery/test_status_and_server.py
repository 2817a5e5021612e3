"""What an operator sees (`drillbot status`) and the running bot resuming a send-out."""

from __future__ import annotations

import asyncio
import io
import logging
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.config import Secret, Settings, TelegramSettings
from bot.delivery.claiming import claim_due
from bot.server import serve
from bot.status import print_status
from tests.integration.delivery.conftest import CORPUS_DIR, TOKEN, Harness


async def test_status_counts_each_users_own_today(harness: Harness, tmp_path):
    harness.clock.set(datetime(2026, 3, 2, 0, 0, tzinfo=UTC))
    await harness.user(1, "Asia/Shanghai", "09:00")
    await harness.user(2, "America/New_York", "09:00")
    blocked = await harness.user(3, "America/New_York", "09:00")
    harness.fake.block(3)
    harness.clock.set(datetime(2026, 3, 2, 1, 0, tzinfo=UTC))  # 09:00 in Shanghai
    await harness.service().run_due()
    harness.clock.set(datetime(2026, 3, 2, 14, 0, tzinfo=UTC))  # 09:00 in New York
    await harness.service().run_due()
    await harness.practice.register("telegram", "3", chat_id="3")  # back, after the failure
    assert (await harness.practice.get_user(blocked.id)).active

    # 20:00 UTC: Tuesday 04:00 in Shanghai (nothing yet today), Monday 15:00 in New York.
    out = io.StringIO()
    await print_status(
        Settings(database=tmp_path / "drillbot.sqlite3"),
        out,
        now=datetime(2026, 3, 2, 20, 0, tzinfo=UTC),
    )
    text = out.getvalue()
    assert "users: 3 (3 active, 0 paused)" in text
    assert "users due now: 0" in text
    assert "today's deliveries, telegram (each user's local day): sent 1, failed 1" in text

    # Tuesday 09:05 in Shanghai, its push claimed but not sent yet; still Monday in New York.
    tuesday = datetime(2026, 3, 3, 1, 5, tzinfo=UTC)
    await claim_due(harness.store, "telegram", tuesday, limit=10)
    out = io.StringIO()
    await print_status(Settings(database=tmp_path / "drillbot.sqlite3"), out, now=tuesday)
    assert (
        "today's deliveries, telegram (each user's local day): sent 1, claimed 1, failed 1"
        in out.getvalue()
    )


async def test_the_running_bot_resumes_a_send_out_and_logs_it(
    harness: Harness, tmp_path, caplog: pytest.LogCaptureFixture
):
    # `drillbot run` keeps real time: a timezone where it is about noon now keeps the day whole.
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    offset = 12 - now.hour
    zone = f"Etc/GMT{-offset:+d}" if offset else "UTC"  # Etc/GMT-5 is UTC+5
    push = (now - timedelta(minutes=1)).astimezone(ZoneInfo(zone)).strftime("%H:%M")
    harness.clock.set(now - timedelta(hours=1))
    for n in range(3):
        await harness.user(100 + n, zone, push)
    # The previous process claimed two of them and died before sending.
    await claim_due(harness.store, "telegram", now - timedelta(seconds=30), 2)
    settings = Settings(
        database=tmp_path / "drillbot.sqlite3",
        content=CORPUS_DIR,
        telegram=TelegramSettings(token=Secret(TOKEN), api_base_url=harness.fake.url),
    )
    stop = asyncio.Event()
    caplog.set_level(logging.INFO, logger="bot.delivery")
    running = asyncio.create_task(serve(settings, stop))
    await harness.fake.wait_for(lambda: len(harness.fake.messages) == 3)
    await asyncio.sleep(0.1)  # let the send-out record and log its end
    stop.set()
    await asyncio.wait_for(running, 10)

    assert [len(harness.fake.sent_to(100 + n)) for n in range(3)] == [1, 1, 1]
    assert {r[2] for r in await harness.rows()} == {"sent"}
    assert "daily send-out started: channel=telegram unfinished=2 due=1" in caplog.text
    assert "daily send-out finished: channel=telegram users=3 sent=3 paid=0 failed=0" in caplog.text

"""What happens while a send-out is under way: replies to users, and users who become due."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from bot.channels.telegram import run_telegram
from bot.config import Secret, Settings, TelegramSettings
from tests.integration.delivery.conftest import TOKEN, Harness
from tests.integration.delivery.test_restart import Gate, due_users, eventually


async def test_interactive_replies_do_not_wait_for_a_stuck_send_out(harness: Harness, tmp_path):
    await due_users(harness, 30)
    gate = Gate(harness.channel, open_for=0)  # every daily send hangs, as in a long 429 hold
    sending = harness.service(gate)
    await sending.tick()
    await eventually(lambda: gate.held > 0)

    stop = asyncio.Event()
    settings = Settings(
        database=tmp_path / "drillbot.sqlite3",
        telegram=TelegramSettings(token=Secret(TOKEN), api_base_url=harness.fake.url),
    )
    bot = asyncio.create_task(run_telegram(settings, harness.practice, stop))
    try:
        reply = await harness.fake.user(555, "Ada").ask("/next")
        assert "Show answer" in [b["text"] for b in reply.buttons]
        assert harness.channel.sends == []  # the send-out has not moved meanwhile
    finally:
        stop.set()
        await asyncio.wait_for(bot, 10)
        gate.release.set()
        await sending.stop()


async def test_users_due_during_a_send_out_are_picked_up_by_it(harness: Harness):
    [early] = await due_users(harness, 1)
    harness.clock.set(datetime(2026, 3, 2, 8, 0, tzinfo=UTC))
    late = (await harness.user(200, "UTC", "09:01")).id
    harness.clock.set(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    gate = Gate(harness.channel, open_for=0)
    service = harness.service(gate)
    await service.tick()
    await eventually(lambda: gate.held == 1)
    running = service._current

    harness.clock.set(datetime(2026, 3, 2, 9, 1, tzinfo=UTC))
    await service.tick()  # the next minute's tick: the running send-out takes it on
    assert service._current is running
    gate.release.set()
    report = await running

    assert report.sent == 2
    assert [s.user_id for s in harness.channel.sends] == [early, late]

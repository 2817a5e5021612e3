"""What happens while a send-out is under way: replies to users, and users who become due."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from telegram.ext import ExtBot

from bot.channels.telegram import run_telegram
from bot.channels.telegram.delivery import TelegramDelivery
from bot.channels.telegram.rate_limit import send_out_limiter
from bot.config import Secret, Settings, TelegramSettings
from bot.delivery.pacing import Pacer
from bot.delivery.service import DeliveryService
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


async def test_a_reply_takes_the_next_slot_of_the_budget_the_send_out_is_using(
    harness: Harness, tmp_path
):
    """One budget for the bot (as `drillbot run` wires it): the send-out's workers wait for
    their slots, and a reply goes ahead of all of them."""
    await due_users(harness, 40)
    budget = Pacer(per_second=5, per_chat_interval=1.0)  # slow, so that a queue builds up
    daily_bot = ExtBot(
        TOKEN, base_url=f"{harness.fake.url}/bot", rate_limiter=send_out_limiter(budget)
    )
    sending = DeliveryService(harness.practice, TelegramDelivery(daily_bot, harness.clock, budget))
    settings = Settings(
        database=tmp_path / "drillbot.sqlite3",
        telegram=TelegramSettings(token=Secret(TOKEN), api_base_url=harness.fake.url),
    )
    stop = asyncio.Event()
    async with daily_bot:
        bot = asyncio.create_task(run_telegram(settings, harness.practice, stop, budget=budget))
        try:
            await eventually(lambda: harness.fake.calls_to("getUpdates"))
            await sending.tick()
            await eventually(lambda: len(harness.fake.messages) >= 3)

            def daily() -> int:
                return len([m for m in harness.fake.messages if m.chat_id != 555])

            before = daily()
            reply = await harness.fake.user(555, "Ada").ask("/next")
            assert "Show answer" in [b["text"] for b in reply.buttons]
            # Twelve workers hold claimed messages waiting for slots: at most the one being
            # granted and the one after go before the reply.
            assert daily() - before <= 2
            assert daily() < 40  # the send-out was still under way
        finally:
            stop.set()
            await asyncio.wait_for(bot, 10)
            await sending.stop()

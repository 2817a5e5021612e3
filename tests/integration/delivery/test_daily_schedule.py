"""When daily questions go out: each user's own HH:MM and timezone, DST days, downtime, changes."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.delivery.service import DeliveryService
from tests.integration.delivery.conftest import Harness

pytestmark = pytest.mark.both_databases


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


async def walk(service: DeliveryService, harness: Harness, start: datetime, end: datetime) -> None:
    """Run the per-minute job at every minute from `start` to `end` (inclusive)."""
    harness.clock.set(start)
    while harness.clock.now() <= end:
        await service.run_due()
        harness.clock.advance(minutes=1)


async def test_spring_forward_sends_at_the_next_valid_minute(harness: Harness):
    # New York skips 02:00-03:00 on 2026-03-08; 02:30 does not exist that day.
    harness.clock.set(utc(2026, 3, 7, 0, 0))
    ny = await harness.user(1, "America/New_York", "02:30")
    shanghai = await harness.user(2, "Asia/Shanghai", "09:00")
    kolkata = await harness.user(3, "Asia/Kolkata", "23:45")
    await walk(harness.service(), harness, utc(2026, 3, 7, 0, 0), utc(2026, 3, 10, 0, 0))

    assert [s.at for s in harness.channel.to(ny.id)] == [
        utc(2026, 3, 7, 7, 30),  # 02:30 EST
        utc(2026, 3, 8, 7, 0),  # 03:00 EDT, the first minute after the gap
        utc(2026, 3, 9, 6, 30),  # 02:30 EDT
    ]
    assert [s.at for s in harness.channel.to(shanghai.id)] == [
        utc(2026, 3, 7, 1, 0),
        utc(2026, 3, 8, 1, 0),
        utc(2026, 3, 9, 1, 0),
    ]
    assert [s.at for s in harness.channel.to(kolkata.id)] == [
        utc(2026, 3, 7, 18, 15),
        utc(2026, 3, 8, 18, 15),
        utc(2026, 3, 9, 18, 15),
    ]
    assert len(harness.fake.sent_to(1)) == 3


async def test_a_repeated_autumn_time_sends_once(harness: Harness):
    # Berlin repeats 02:00-03:00 on 2026-10-25; 02:30 happens at 00:30 and at 01:30 UTC.
    harness.clock.set(utc(2026, 10, 24, 0, 0))
    berlin = await harness.user(1, "Europe/Berlin", "02:30")
    await walk(harness.service(), harness, utc(2026, 10, 24, 0, 0), utc(2026, 10, 27, 0, 0))

    assert [s.at for s in harness.channel.to(berlin.id)] == [
        utc(2026, 10, 24, 0, 30),  # CEST
        utc(2026, 10, 25, 0, 30),  # the first 02:30; not again an hour later
        utc(2026, 10, 26, 1, 30),  # CET
    ]
    assert [r[1] for r in await harness.rows()] == ["2026-10-24", "2026-10-25", "2026-10-26"]


async def test_a_bot_down_at_push_time_catches_up_the_same_day(harness: Harness):
    harness.clock.set(utc(2026, 3, 2, 0, 0))
    user = await harness.user(1, "Asia/Shanghai", "09:00")  # 01:00 UTC
    # Down from 00:30 to 04:10 UTC: today's push is late, not lost.
    harness.clock.set(utc(2026, 3, 2, 4, 10))
    report = await harness.service().run_due()
    assert report.sent == 1
    assert [s.at for s in harness.channel.to(user.id)] == [utc(2026, 3, 2, 4, 10)]
    await walk(harness.service(), harness, utc(2026, 3, 2, 4, 11), utc(2026, 3, 3, 0, 59))
    assert len(harness.channel.to(user.id)) == 1


async def test_a_bot_down_over_midnight_never_sends_the_previous_days_question(
    harness: Harness,
):
    harness.clock.set(utc(2026, 3, 2, 12, 0))
    user = await harness.user(1, "Europe/Berlin", "23:00")  # 22:00 UTC in winter
    # Down from before Monday's 23:00 until Tuesday 10:00 Berlin time.
    harness.clock.set(utc(2026, 3, 3, 9, 0))
    report = await harness.service().run_due()
    assert report.sent == 0 and harness.channel.sends == []
    assert (await harness.practice.get_user(user.id)).next_push_at == utc(2026, 3, 3, 22, 0)
    # Tuesday's own question still comes at 23:00.
    await walk(harness.service(), harness, utc(2026, 3, 3, 21, 58), utc(2026, 3, 3, 22, 1))
    assert [s.at for s in harness.channel.to(user.id)] == [utc(2026, 3, 3, 22, 0)]
    assert [r[1] for r in await harness.rows()] == ["2026-03-03"]


async def test_a_later_time_today_still_comes_today_but_never_twice(harness: Harness):
    harness.clock.set(utc(2026, 3, 2, 0, 0))
    early = await harness.user(1, "Asia/Shanghai", "09:00")
    late = await harness.user(2, "Asia/Shanghai", "09:00")
    service = harness.service()
    # 08:00 local: `late` moves to 18:30, still ahead today.
    harness.clock.set(utc(2026, 3, 2, 0, 0))
    await harness.practice.set_push_time(late.id, "18:30")
    await walk(service, harness, utc(2026, 3, 2, 0, 0), utc(2026, 3, 2, 1, 0))
    assert [s.user_id for s in harness.channel.sends] == [early.id]
    # 10:00 local, after today's question: `early` moves to 20:00 and gets none today.
    harness.clock.set(utc(2026, 3, 2, 2, 0))
    await harness.practice.set_push_time(early.id, "20:00")
    await walk(service, harness, utc(2026, 3, 2, 2, 0), utc(2026, 3, 3, 12, 30))

    assert [s.at for s in harness.channel.to(early.id)] == [
        utc(2026, 3, 2, 1, 0),
        utc(2026, 3, 3, 12, 0),  # tomorrow 20:00
    ]
    assert [s.at for s in harness.channel.to(late.id)] == [
        utc(2026, 3, 2, 10, 30),  # today 18:30
        utc(2026, 3, 3, 10, 30),
    ]


async def test_paused_and_blocked_users_get_nothing(harness: Harness):
    harness.clock.set(utc(2026, 3, 2, 8, 0))
    paused = await harness.user(1, "UTC", "09:00")
    await harness.practice.set_paused(paused.id, True)
    active = await harness.user(2, "UTC", "09:00")
    await walk(harness.service(), harness, utc(2026, 3, 2, 8, 59), utc(2026, 3, 2, 9, 1))
    assert [s.user_id for s in harness.channel.sends] == [active.id]
    assert harness.fake.sent_to(1) == []


async def test_a_user_without_a_next_push_time_is_scheduled(harness: Harness):
    harness.clock.set(utc(2026, 3, 2, 8, 0))
    user = await harness.user(1, "UTC", "09:00")
    async with harness.store.unit(write=True) as uow:  # as rows from before the column read
        await uow.users.update(user.id, next_push_at=None)
    await walk(harness.service(), harness, utc(2026, 3, 2, 8, 0), utc(2026, 3, 2, 9, 0))
    assert [s.at for s in harness.channel.to(user.id)] == [utc(2026, 3, 2, 9, 0)]

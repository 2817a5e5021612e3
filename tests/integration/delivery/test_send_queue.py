"""How a send-out treats Telegram: its pace, 429 retry_after, 403 blocked users, 5xx errors."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest

from bot.delivery.pacing import Pacer
from tests.integration.delivery.conftest import Harness, VirtualTimer
from tests.support.fake_telegram import ApiError

NINE = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


async def users_due_at_nine(harness: Harness, count: int, language: str = "en") -> list[int]:
    harness.clock.set(datetime(2026, 3, 2, 8, 0, tzinfo=UTC))
    ids = [(await harness.user(100 + n, "UTC", "09:00", language)).id for n in range(count)]
    harness.clock.set(NINE)
    return ids


async def test_a_send_out_keeps_the_overall_rate_and_reaches_everyone_once(harness: Harness):
    await users_due_at_nine(harness, 60)
    report = await harness.service().run_due()

    assert (report.users, report.sent, report.failed) == (60, 60, 0)
    assert all(len(harness.fake.sent_to(100 + n)) == 1 for n in range(60))
    ticks = sorted(tick for tick, _chat in harness.grants)
    assert len(ticks) == 60
    gaps = [b - a for a, b in zip(ticks, ticks[1:], strict=False)]
    rate = harness.channel.max_per_second
    assert min(gaps) >= 1 / rate - 1e-9  # never two messages closer than the rate allows
    assert ticks[-1] - ticks[0] == pytest.approx(59 / rate, rel=0.05)  # and not slower


async def test_429_holds_the_queue_for_retry_after_then_resends_the_same_message(
    harness: Harness,
):
    await users_due_at_nine(harness, 3)
    harness.fake.fail_next(
        "sendMessage", ApiError(429, "Too Many Requests: retry after 7", retry_after=7)
    )
    report = await harness.service().run_due()

    assert (report.sent, report.rate_limited, report.failed) == (3, 1, 0)
    refused = [c for c in harness.fake.calls_to("sendMessage") if c.status == 429]
    assert len(refused) == 1
    chat = int(refused[0].params["chat_id"])
    assert len(harness.fake.sent_to(chat)) == 1  # resent once, not lost, not doubled
    refused_at, resent_at = harness.grants_to(chat)
    assert resent_at >= refused_at + 7.0
    # Nothing left during the hold: every slot is before the 429 came back or after the hold.
    assert not [t for t, _c in harness.grants if refused_at + 0.2 < t < refused_at + 7.0]
    rows = await harness.rows()
    assert {r[2] for r in rows} == {"sent"}
    assert sorted(r[3] for r in rows) == [1, 1, 2]  # the refused one was attempted twice


async def test_a_user_who_blocked_the_bot_is_deactivated_and_the_rest_still_go(
    harness: Harness,
):
    first, blocked, last = await users_due_at_nine(harness, 3)
    harness.fake.block(101)
    report = await harness.service().run_due()

    assert (report.sent, report.failed, report.deactivated) == (2, 1, 1)
    assert not (await harness.practice.get_user(blocked)).active
    assert {s.user_id for s in harness.channel.sends} == {first, last}
    statuses = {r[0]: r[2] for r in await harness.rows()}
    assert statuses == {first: "sent", blocked: "failed", last: "sent"}
    # Inactive now: tomorrow's send-out leaves them out.
    harness.clock.set(datetime(2026, 3, 3, 9, 0, tzinfo=UTC))
    assert (await harness.service().run_due()).users == 2


async def test_server_errors_are_retried_with_backoff(harness: Harness):
    await users_due_at_nine(harness, 1)
    for _ in range(2):
        harness.fake.fail_next("sendMessage", ApiError(502, "Bad Gateway"))
    report = await harness.service().run_due()

    assert (report.sent, report.retried) == (1, 2)
    assert len(harness.fake.sent_to(100)) == 1
    first, *retries = harness.grants_to(100)
    assert [round(t - first, 3) for t in retries] == [1.0, 3.0]  # waited 1 s, then 2 s more
    assert [r[2:] for r in await harness.rows()] == [("sent", 3)]


async def test_a_message_that_keeps_failing_is_given_up_and_recorded(harness: Harness):
    await users_due_at_nine(harness, 1)
    for _ in range(6):
        harness.fake.fail_next("sendMessage", ApiError(500, "Internal Server Error"))
    report = await harness.service().run_due()

    assert (report.sent, report.failed, report.retried) == (0, 1, 5)
    assert [r[2:] for r in await harness.rows()] == [("failed", 6)]
    # Given up for today only: tomorrow's question comes as usual.
    harness.clock.set(datetime(2026, 3, 3, 9, 0, tzinfo=UTC))
    assert (await harness.service().run_due()).sent == 1


@pytest.mark.parametrize(
    ("language", "line"),
    [
        ("en", "You didn't answer yesterday's question: “What do ZeRO stages 1-3 partition?”"),
        ("zh", "你还没有回答昨天的题目：“What do ZeRO stages 1-3 partition?”"),
    ],
)
async def test_an_unanswered_question_is_mentioned_and_offered_again(
    harness: Harness, language: str, line: str
):
    [user] = await users_due_at_nine(harness, 1, language)
    await harness.service().run_due()
    [monday] = harness.fake.sent_to(100)
    assert "You didn't answer" not in monday.plain

    harness.clock.set(datetime(2026, 3, 3, 9, 0, tzinfo=UTC))
    await harness.service().run_due()
    tuesday = harness.fake.sent_to(100)[1]
    assert tuesday.plain.startswith(line)
    # Unrated, it is still the first in line: asked again, with its button.
    assert [s.question_id for s in harness.channel.to(user)] == ["dist-1", "dist-1"]
    assert tuesday.buttons == monday.buttons

    # Answered on Tuesday: Wednesday's message has no such line.
    await harness.practice.rate(user, 3)
    harness.clock.set(datetime(2026, 3, 4, 9, 0, tzinfo=UTC))
    await harness.service().run_due()
    assert line[:10] not in harness.fake.sent_to(100)[2].plain


async def test_the_pacer_spaces_messages_to_one_chat_and_honours_pauses():
    timer = VirtualTimer()
    pacer = Pacer(per_second=10, per_chat_interval=1.0, timer=timer)
    grants = [await pacer.acquire("a") for _ in range(3)]
    assert grants == [0.0, 1.0, 2.0]
    other = await pacer.acquire("b")
    assert other == pytest.approx(2.1)  # another chat: only the overall rate applies
    pacer.pause(5)
    assert await pacer.acquire("c") >= other + 5


async def test_the_pacer_gives_the_next_slot_to_a_reply_ahead_of_the_send_out():
    timer = VirtualTimer()
    pacer = Pacer(per_second=10, per_chat_interval=1.0, timer=timer)
    order: list[str] = []

    async def take(chat: str, urgent: bool = False) -> None:
        await pacer.acquire(chat, urgent=urgent)
        order.append(chat)

    send_out = [asyncio.create_task(take(f"daily-{n}")) for n in range(20)]
    await asyncio.sleep(0)  # the send-out is queued and taking slots
    while len(order) < 5:
        await asyncio.sleep(0)
    await take("reply", urgent=True)
    await asyncio.gather(*send_out)

    assert order.index("reply") <= 6  # the next free slot, not the 21st
    assert len(order) == 21


async def test_a_request_that_lags_counts_in_the_window_until_a_second_after_its_answer():
    timer = VirtualTimer()
    pacer = Pacer(per_second=10, per_chat_interval=1.0, timer=timer)
    async with pacer.slot("slow"):
        others = [await pacer.acquire(f"chat-{n}") for n in range(9)]
        timer.now = 0.95  # the first request's answer comes back late
    assert others == pytest.approx([0.1 * n for n in range(1, 10)])
    # By the pace alone the next slot is at 1.0; but the slow request may have reached the
    # platform as late as 0.95, so 1.0 would be the 11th message within one second.
    assert await pacer.acquire("next") == pytest.approx(1.1)

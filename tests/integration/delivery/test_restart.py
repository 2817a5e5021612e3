"""Restarts at any moment of a send-out: nobody skipped, nobody sent a different question,
duplicates only for a message whose send had started when the process died."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

import pytest

from bot.delivery.claiming import claim_due
from bot.delivery.dispatch import Dispatcher, Done
from bot.domain.models import NothingDue, Question, QuestionCard, User
from tests.integration.delivery.conftest import Harness, Recording

NINE = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


class Killed(BaseException):
    """The process dies here (kill -9): nothing after this point runs."""


@dataclass
class Dying:
    """A channel whose process dies before the request leaves, or just after it was answered."""

    inner: Recording
    after_send: bool
    name: str = "telegram"
    max_per_second: float = 28.5
    per_chat_interval: float = 1.0

    async def send_daily(
        self, user: User, card: QuestionCard | NothingDue, missed: Question | None, interview=None
    ) -> str:
        if self.after_send:
            await self.inner.send_daily(user, card, missed, interview)
        raise Killed


@dataclass
class Gate:
    """Lets `open_for` sends through, then holds the rest until released."""

    inner: Recording
    open_for: int
    release: asyncio.Event = field(default_factory=asyncio.Event)
    held: int = 0
    name: str = "telegram"
    max_per_second: float = 28.5
    per_chat_interval: float = 1.0

    async def send_daily(
        self, user: User, card: QuestionCard | NothingDue, missed: Question | None, interview=None
    ) -> str:
        if self.open_for <= 0:
            self.held += 1
            await self.release.wait()
        self.open_for -= 1
        return await self.inner.send_daily(user, card, missed, interview)


async def due_users(harness: Harness, count: int) -> list[int]:
    harness.clock.set(datetime(2026, 3, 2, 8, 0, tzinfo=UTC))
    ids = [(await harness.user(100 + n, "UTC", "09:00")).id for n in range(count)]
    harness.clock.set(NINE)
    return ids


async def eventually(predicate: Callable[[], bool], timeout: float = 10.0) -> None:
    async with asyncio.timeout(timeout):
        while not predicate():
            await asyncio.sleep(0.01)


def assert_everyone_once(harness: Harness, count: int) -> None:
    per_chat = [len(harness.fake.sent_to(100 + n)) for n in range(count)]
    assert per_chat == [1] * count


async def test_a_clean_stop_mid_send_out_then_a_restart_sends_everyone_once(harness: Harness):
    await due_users(harness, 40)
    gate = Gate(harness.channel, open_for=10)
    first = harness.service(gate)
    await first.tick()
    await eventually(lambda: len(harness.fake.messages) >= 10 and gate.held > 0)
    stopping = asyncio.create_task(first.stop())
    await asyncio.sleep(0.05)
    gate.release.set()  # the sends already started finish and are recorded
    await stopping
    sent_before = len(harness.fake.messages)
    assert 10 < sent_before < 40
    assert {r[2] for r in await harness.rows()} <= {"sent", "claimed"}

    report = await harness.service().run_due()
    assert report.resumed > 0 and report.sent == 40 - sent_before
    assert_everyone_once(harness, 40)
    assert {r[2] for r in await harness.rows()} == {"sent"}


async def test_a_crash_after_claiming_loses_nobody(harness: Harness):
    await due_users(harness, 5)
    claims = await claim_due(harness.store, "telegram", NINE, limit=100)
    assert len(claims) == 5  # ...and the process dies before sending any

    harness.clock.set(datetime(2026, 3, 2, 9, 3, tzinfo=UTC))
    report = await harness.service().run_due()
    assert (report.resumed, report.sent) == (5, 5)
    assert_everyone_once(harness, 5)


async def test_a_crash_after_the_pick_resends_the_same_question(harness: Harness):
    [user] = await due_users(harness, 1)
    [claim] = await claim_due(harness.store, "telegram", NINE, limit=100)
    picked = await harness.practice.next_question(user)  # the engine chose; the row has no note
    assert isinstance(picked, QuestionCard)
    # Asked now, the engine would pick another question: this one counts as shown today.

    await harness.service().run_due()
    assert [s.question_id for s in harness.channel.to(user)] == [picked.question.id]


async def test_a_crash_before_the_request_left_sends_once_after_restart(harness: Harness):
    [user] = await due_users(harness, 1)
    [claim] = await claim_due(harness.store, "telegram", NINE, limit=100)
    with pytest.raises(Killed):
        await Dispatcher(harness.practice, Dying(harness.channel, after_send=False)).deliver(
            claim.delivery_id
        )
    [(_, _, status, attempts)] = await harness.rows()
    assert (status, attempts) == ("claimed", 1)  # possibly sent, as far as a restart knows
    asked = await question_of(harness, claim.delivery_id)

    await harness.service().run_due()
    assert [s.question_id for s in harness.channel.to(user)] == [asked]
    assert_everyone_once(harness, 1)


async def test_a_crash_between_send_and_record_is_the_only_duplicate(harness: Harness):
    users = await due_users(harness, 3)
    claims = await claim_due(harness.store, "telegram", NINE, limit=100)
    dying = Dispatcher(harness.practice, Dying(harness.channel, after_send=True))
    with pytest.raises(Killed):
        await dying.deliver(claims[0].delivery_id)  # sent, then died before marking it

    report = await harness.service().run_due()
    assert (report.resumed, report.sent) == (3, 3)
    # The one message in flight at the crash went twice (the same question); nobody else did.
    assert [len(harness.fake.sent_to(100 + n)) for n in range(3)] == [2, 1, 1]
    assert len({s.question_id for s in harness.channel.to(users[0])}) == 1


async def test_an_unfinished_delivery_of_an_earlier_day_is_not_sent(harness: Harness):
    [user] = await due_users(harness, 1)
    await claim_due(harness.store, "telegram", NINE, limit=100)  # and down until tomorrow

    harness.clock.set(datetime(2026, 3, 3, 8, 0, tzinfo=UTC))
    report = await harness.service().run_due()
    assert (report.sent, report.skipped) == (0, 1)
    assert harness.fake.messages == []
    harness.clock.set(datetime(2026, 3, 3, 9, 0, tzinfo=UTC))
    assert (await harness.service().run_due()).sent == 1
    assert [r[1:3] for r in await harness.rows()] == [
        ("2026-03-02", "skipped"),
        ("2026-03-03", "sent"),
    ]
    assert [s.at for s in harness.channel.to(user)] == [harness.clock.now()]


async def test_a_delivery_finished_elsewhere_is_left_alone(harness: Harness):
    await due_users(harness, 1)
    [claim] = await claim_due(harness.store, "telegram", NINE, limit=100)
    dispatcher = Dispatcher(harness.practice, harness.channel)
    assert await dispatcher.deliver(claim.delivery_id) is Done.SENT
    assert await dispatcher.deliver(claim.delivery_id) is Done.ALREADY
    assert len(harness.fake.messages) == 1


async def question_of(harness: Harness, delivery_id: int) -> str:
    async with harness.store.unit() as uow:
        return await uow.deliveries.conn.fetchval(
            "SELECT question_id FROM deliveries WHERE id = ?", (delivery_id,)
        )

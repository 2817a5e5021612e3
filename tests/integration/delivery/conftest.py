"""Daily delivery against the fake Bot API server: real SQLite, the real PTB Bot over HTTP,
a manual clock for push times and a virtual timer for pacing (no waiting on the wall clock)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import pytest
from telegram import Bot

from bot.channels.telegram.delivery import TelegramDelivery
from bot.corpus.loader import load_corpus
from bot.delivery.ports import DeliveryChannel
from bot.delivery.service import DeliveryService
from bot.domain.clock import ManualClock
from bot.domain.models import NothingDue, Question, QuestionCard, User
from bot.domain.practice import PracticeConfig, PracticeService
from bot.storage import Store
from tests.conftest import CORPUS_DIR
from tests.support.fake_telegram import FakeTelegram
from tests.support.fixtures import TELEGRAM_TOKEN as TOKEN


class VirtualTimer:
    """Monotonic time that jumps ahead when slept on: pacing runs at full speed, measurably."""

    def __init__(self) -> None:
        self.now = 0.0

    def monotonic(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        target = self.now + seconds
        await asyncio.sleep(0)
        self.now = max(self.now, target)


@dataclass
class Send:
    at: datetime  # the injected clock
    tick: float  # the virtual timer
    user_id: int
    question_id: str | None
    missed: str | None


@dataclass
class Recording:
    """Wraps a channel and notes every successful send, with its clock and timer readings."""

    inner: DeliveryChannel
    clock: ManualClock
    timer: VirtualTimer
    sends: list[Send] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.inner.name

    @property
    def max_per_second(self) -> float:
        return self.inner.max_per_second

    @property
    def per_chat_interval(self) -> float:
        return self.inner.per_chat_interval

    async def send_daily(
        self, user: User, card: QuestionCard | NothingDue, missed: Question | None, interview=None
    ) -> str:
        message_id = await self.inner.send_daily(user, card, missed, interview)
        qid = card.question.id if isinstance(card, QuestionCard) else None
        self.sends.append(
            Send(self.clock.now(), self.timer.now, user.id, qid, missed.id if missed else None)
        )
        return message_id

    def to(self, user_id: int) -> list[Send]:
        return [s for s in self.sends if s.user_id == user_id]


@dataclass
class Harness:
    fake: FakeTelegram
    store: Store
    practice: PracticeService
    clock: ManualClock
    timer: VirtualTimer
    channel: Recording
    grants: list[tuple[float, str]] = field(default_factory=list)  # (tick, chat) per send slot

    def service(self, channel: DeliveryChannel | None = None, **options: int) -> DeliveryService:
        """A delivery service as a fresh process would build it (new pacer, nothing in memory)."""
        service = DeliveryService(
            self.practice, channel or self.channel, timer=self.timer, **options
        )
        slot = service.pacer.slot

        @asynccontextmanager
        async def noted(chat: str | None, **options: bool) -> AsyncIterator[float]:
            async with slot(chat, **options) as granted:
                self.grants.append((granted, str(chat)))
                yield granted

        service.pacer.slot = noted  # type: ignore[method-assign]
        return service

    def grants_to(self, chat: int) -> list[float]:
        return [tick for tick, c in self.grants if c == str(chat)]

    async def user(
        self, telegram_id: int, timezone: str, push_time: str, language: str = "en"
    ) -> User:
        self.fake.user(telegram_id, language_code=language)
        reg = await self.practice.register(
            "telegram",
            str(telegram_id),
            chat_id=str(telegram_id),
            language=language,
            timezone=timezone,
        )
        return await self.practice.set_push_time(reg.user.id, push_time)

    async def rows(self) -> list[tuple[int, str, str, int]]:
        """(user id, local date, status, attempts) of every delivery row."""
        async with self.store.unit() as uow:
            rows = await uow.deliveries.conn.fetch(
                "SELECT user_id, local_date, status, attempts FROM deliveries ORDER BY id"
            )
            return [(r[0], r[1], r[2], r[3]) for r in rows]


@pytest.fixture
def fake(fake_telegram: FakeTelegram) -> FakeTelegram:
    return fake_telegram


@pytest.fixture
async def harness(
    fake: FakeTelegram, clock: ManualClock, database: Path | str
) -> AsyncIterator[Harness]:
    store = await Store.open(database)
    practice = PracticeService(
        store, load_corpus(CORPUS_DIR), PracticeConfig(max_new_per_day=10), clock
    )
    timer = VirtualTimer()
    bot = Bot(TOKEN, base_url=f"{fake.url}/bot")
    async with bot:
        channel = Recording(TelegramDelivery(bot, clock), clock, timer)
        yield Harness(fake, store, practice, clock, timer, channel)
    await store.close()

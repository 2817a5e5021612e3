"""The real bot (run_telegram) against a fake Bot API server, with real SQLite files."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest

from bot.channels.telegram import run_telegram
from bot.config import Secret, Settings, TelegramSettings
from bot.corpus.loader import Corpus
from bot.domain.clock import ManualClock
from bot.domain.models import Deck, Question, User
from bot.domain.practice import PracticeConfig, PracticeService
from bot.storage import Store
from tests.support.fake_telegram import FakeTelegram
from tests.support.fixtures import TELEGRAM_TOKEN as TOKEN


@dataclass
class RunningBot:
    service: PracticeService
    store: Store
    stop: asyncio.Event
    task: asyncio.Task[None]

    async def user(self, telegram_id: int) -> User | None:
        return await self.service.find_user("telegram", str(telegram_id))

    async def shutdown(self) -> None:
        self.stop.set()
        try:
            await asyncio.wait_for(self.task, 10)
        finally:
            await self.store.close()


StartBot = Callable[..., Awaitable[RunningBot]]


@pytest.fixture
def fake(fake_telegram: FakeTelegram) -> FakeTelegram:
    return fake_telegram


@pytest.fixture
async def start_bot(
    fake: FakeTelegram, clock: ManualClock, tmp_path: Path, fixture_corpus: Corpus
) -> AsyncIterator[StartBot]:
    """Start the bot (polling by default); the same database file across restarts."""
    running: list[RunningBot] = []

    async def start(
        corpus: Corpus | None = None, telegram: dict[str, Any] | None = None, **config: Any
    ) -> RunningBot:
        store = await Store.open(tmp_path / "drillbot.sqlite3")
        service = PracticeService(store, corpus or fixture_corpus, PracticeConfig(**config), clock)
        tg = TelegramSettings(token=Secret(TOKEN), api_base_url=fake.url)
        settings = Settings(
            database=tmp_path / "drillbot.sqlite3", telegram=replace(tg, **(telegram or {}))
        )
        stop = asyncio.Event()
        bot = RunningBot(
            service, store, stop, asyncio.create_task(run_telegram(settings, service, stop))
        )
        running.append(bot)
        ready = "setWebhook" if settings.telegram.mode == "webhook" else "getUpdates"
        await fake.wait_for(lambda: bot.task.done() or fake.calls_to(ready))
        if bot.task.done():
            bot.task.result()  # start-up failed: raise its error here
        return bot

    yield start
    for bot in running:
        if not bot.task.done():
            await bot.shutdown()


@pytest.fixture
async def bot(start_bot: StartBot) -> RunningBot:
    return await start_bot()


def corpus_of(*questions: Question) -> Corpus:
    deck = Deck("test", "Test", questions)
    return Corpus((deck,), {q.id: q for q in questions}, {})


def question(
    qid: str, answer: str | None = "The answer.", topic: str = "misc", text: str = ""
) -> Question:
    return Question(qid, "test", text or f"Question {qid}?", answer, topic)


def assert_no_api_errors(fake: FakeTelegram) -> None:
    """Telegram accepted every request the bot made."""
    failed = [(c.method, c.error) for c in fake.calls if c.status >= 400]
    assert not failed, failed

"""Shared fixtures: a real SQLite file per test, a manual clock, a small corpus and the fake
Telegram and Slack servers (tests/support/fixtures.py)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.corpus.loader import load_corpus
from bot.domain.clock import ManualClock
from bot.domain.practice import PracticeConfig, PracticeService
from bot.storage import Store
from tests.support.fixtures import fake_slack, fake_telegram  # noqa: F401 (fixtures)

FIXTURES = Path(__file__).parent / "fixtures"
CORPUS_DIR = FIXTURES / "corpus"


@pytest.fixture
def clock() -> ManualClock:
    # 09:00 in Shanghai, a Monday.
    return ManualClock(datetime(2026, 3, 2, 1, 0, tzinfo=UTC))


@pytest.fixture
def corpus():
    return load_corpus(CORPUS_DIR)


@pytest.fixture
def fixture_corpus(corpus):
    return corpus


@pytest.fixture
async def store(tmp_path: Path):
    store = await Store.open(tmp_path / "drillbot.sqlite3")
    yield store
    await store.close()


@pytest.fixture
def make_service(store, corpus, clock):
    def make(**config) -> PracticeService:
        return PracticeService(store, corpus, PracticeConfig(**config), clock)

    return make


@pytest.fixture
def service(make_service) -> PracticeService:
    return make_service(max_new_per_day=3)

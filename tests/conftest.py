"""Shared fixtures: a real SQLite file per test (or, for tests marked `both_databases`, also a
fresh PostgreSQL database), a manual clock, a small corpus and the fake Telegram and Slack
servers (tests/support/fixtures.py)."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.corpus.loader import load_corpus
from bot.domain.clock import ManualClock
from bot.domain.practice import PracticeConfig, PracticeService
from bot.storage import Store
from tests.support import postgres
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


@pytest.fixture(scope="session")
def postgres_cluster():
    """A PostgreSQL cluster for the whole session (tests/support/postgres.py); the tests that
    need it are skipped, saying what was tried, where none can start."""
    try:
        cluster = postgres.start()
    except postgres.Unavailable as error:
        if os.environ.get("DRILLBOT_TESTS_NEED_POSTGRES"):  # CI: a skip would hide the tests
            pytest.fail(f"no PostgreSQL for the tests: {error}", pytrace=False)
        pytest.skip(f"no PostgreSQL for the tests: {error}")
    yield cluster
    cluster.stop()


@pytest.fixture
def postgres_url(postgres_cluster: postgres.Cluster):
    """The URL of a fresh, empty database, dropped after the test."""
    url, name = postgres_cluster.new_database()
    yield url
    postgres_cluster.drop_database(name)


@pytest.fixture
def database(request, tmp_path: Path) -> Path | str:
    """The database a test's store opens: a SQLite file, or with the `both_databases` mark
    each test runs once per database (ids [sqlite] and [postgresql])."""
    if getattr(request, "param", "sqlite") == "postgresql":
        return request.getfixturevalue("postgres_url")
    return tmp_path / "drillbot.sqlite3"


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "database" in metafunc.fixturenames and metafunc.definition.get_closest_marker(
        "both_databases"
    ):
        metafunc.parametrize("database", ["sqlite", "postgresql"], indirect=True)


@pytest.fixture
async def store(database: Path | str):
    store = await Store.open(database)
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

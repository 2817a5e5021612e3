"""An answer checker on a real SQLite file, with a fake OpenAI-compatible server when asked."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest

from bot.config import BUNDLED_CONTENT, GradingSettings, Secret, Settings, TranscriptionSettings
from bot.corpus.loader import load_corpus
from bot.domain.models import Question, User
from bot.grading.offline import OfflineGrader
from bot.grading.service import AnswerChecker
from tests.support.fake_openai import FakeOpenAI

API_KEY = "sk-test-9f8e7d6c5b4a39281706"


@pytest.fixture(scope="session")
def bundled():
    return load_corpus(BUNDLED_CONTENT)


@pytest.fixture(scope="session")
def offline_grader(bundled) -> OfflineGrader:
    grader = OfflineGrader(bundled.ordered())
    grader.prepare()
    return grader


@pytest.fixture
async def fake_openai() -> AsyncIterator[FakeOpenAI]:
    server = FakeOpenAI(API_KEY)
    await server.start()
    yield server
    await server.close()


@pytest.fixture
async def user(service) -> User:
    return (await service.register("telegram", "42", chat_id="42")).user


@pytest.fixture
def question(bundled) -> Question:
    return bundled.questions["deepspeed-c7e016"]  # deepspeed三阶段? (one explicit key point)


@pytest.fixture
async def make_checker(
    store, bundled, clock, offline_grader
) -> AsyncIterator[Callable[..., AnswerChecker]]:
    """make(grading={...}, transcription={...}) builds the checker the way the bot does."""
    made: list[AnswerChecker] = []

    def make(
        grading: dict[str, Any] | None = None, transcription: dict[str, Any] | None = None
    ) -> AnswerChecker:
        settings = Settings(
            grading=GradingSettings(**(grading or {})),
            transcription=TranscriptionSettings(**(transcription or {})),
        )
        checker = AnswerChecker.from_settings(
            settings, store, bundled.ordered(), clock, grader=offline_grader
        )
        made.append(checker)
        return checker

    yield make
    for checker in made:
        await checker.close()


@pytest.fixture
def llm_checker(make_checker, fake_openai) -> Callable[..., AnswerChecker]:
    def make(**grading: Any) -> AnswerChecker:
        settings = {
            "mode": "llm",
            "base_url": fake_openai.base_url,
            "model": "grader-1",
            "api_key": Secret(API_KEY),
            **grading,
        }
        return make_checker(grading=settings)

    return make

"""Assemble the store, corpus and practice service from settings (shared by every entry point)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from bot.config import Settings
from bot.corpus.loader import load_corpus
from bot.domain.clock import Clock, SystemClock
from bot.domain.interview_service import InterviewConfig, InterviewService
from bot.domain.practice import PracticeConfig, PracticeService
from bot.storage import Store


def practice_config(settings: Settings) -> PracticeConfig:
    return PracticeConfig(
        default_push_time=settings.default_push_time,
        default_timezone=settings.default_timezone,
        desired_retention=settings.desired_retention,
        max_new_per_day=settings.max_new_per_day,
        access=settings.access,
        allowed_users=settings.allowed_users,
        admins=settings.admins,
    )


def interview_service(settings: Settings, practice: PracticeService) -> InterviewService:
    """The interview plan and fitted parameters, on the practice service's store and corpus."""
    config = InterviewConfig(
        desired_retention=settings.desired_retention,
        max_new_per_day=settings.max_new_per_day,
        new_ceiling=settings.interview_max_new_per_day,
    )
    return InterviewService(practice.store, practice.corpus, config, practice.clock)


@asynccontextmanager
async def open_service(
    settings: Settings, clock: Clock | None = None
) -> AsyncIterator[PracticeService]:
    """Load the corpus (raises CorpusError), open and migrate the database, build the service."""
    corpus = load_corpus(settings.content)
    store = await Store.open(settings.database)
    try:
        yield PracticeService(store, corpus, practice_config(settings), clock or SystemClock())
    finally:
        await store.close()

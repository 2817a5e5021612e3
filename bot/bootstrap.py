"""Assemble the store, corpus and practice service from settings (shared by every entry point)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING

from bot.config import Settings
from bot.corpus.loader import load_corpus
from bot.domain.clock import Clock, SystemClock
from bot.domain.interview_service import InterviewService
from bot.domain.practice import PracticeConfig, PracticeService
from bot.storage import Store

if TYPE_CHECKING:
    from bot.grading.service import AnswerChecker

log = logging.getLogger(__name__)


def practice_config(settings: Settings) -> PracticeConfig:
    return PracticeConfig(
        default_push_time=settings.default_push_time,
        default_timezone=settings.default_timezone,
        desired_retention=settings.desired_retention,
        max_new_per_day=settings.max_new_per_day,
        access=settings.access,
        allowed_users=settings.allowed_users,
        admins=settings.admins,
        interview_max_new_per_day=settings.interview_max_new_per_day,
    )


def interview_service(settings: Settings, practice: PracticeService) -> InterviewService:
    """The interview plan and fitted parameters: the practice service's own (one plan cache)."""
    return practice.interviews


@asynccontextmanager
async def open_service(
    settings: Settings, clock: Clock | None = None, *, sender: bool = False
) -> AsyncIterator[PracticeService]:
    """Load the corpus (raises CorpusError), open and migrate the database (raises
    DatabaseError), build the service. `sender`: this process sends daily questions and holds
    the database's sender lock while the block runs (see Store.open)."""
    corpus = load_corpus(settings.content)
    store = await Store.open(settings.database, sender=sender)
    try:
        yield PracticeService(store, corpus, practice_config(settings), clock or SystemClock())
    finally:
        await store.close()


@asynccontextmanager
async def open_checker(
    settings: Settings, service: PracticeService
) -> AsyncIterator[AnswerChecker]:
    """The answer checker on the service's store and corpus. The corpus is segmented in a
    worker thread meanwhile, so channels start at once (an early answer waits for it)."""
    from bot.grading.service import AnswerChecker  # jieba and openai load only where used

    checker = AnswerChecker.from_settings(
        settings, service.store, service.corpus.ordered(), service.clock
    )
    preparing = asyncio.create_task(checker.prepare(), name="grading-prepare")
    preparing.add_done_callback(_log_failure)
    try:
        yield checker
    finally:
        preparing.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await preparing
        await checker.close()


def _log_failure(task: asyncio.Task[None]) -> None:
    if not task.cancelled() and task.exception() is not None:
        log.error("Preparing the offline grader failed", exc_info=task.exception())

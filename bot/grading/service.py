"""The answer checker the dialogue calls: grade what the user says, transcribe voice, keep score.

Every part the user sends for a question before rating it is one answer: each new part is
joined to the open attempt and the whole is graded again. The suggestion never rates by itself;
`record_rating` stores the user's own choice next to it.

How a dialogue uses it:
- start-up: `from_settings(settings, store, corpus.ordered(), clock)`, `await prepare()`;
  shut-down: `await close()`.
- a typed reply to a shown question: `check(user, question, text, since=shown_at)` (show
  "grading…" meanwhile when `grades_with_model`); render `covered`, `missed`, `comment` and
  `notice`, preselect `suggested` on the rating buttons; when `can_keep_as_own`, offer
  `save_own_answer(user.id, question.id)`.
- a voice reply: `transcribe(user, audio, filename)`; when `.ok` show "I heard: …" and
  `check(..., source=AnswerSource.VOICE)`, else show `.message`.
- after the practice service rated: `record_rating(user.id, question.id, rating)`.
- on reveal: `own_answer(user.id, question.id)` ("Your answer"); in /stats: `agreement_stats`.
"""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from bot.config import Settings
from bot.domain.clock import Clock
from bot.domain.models import Question, Rating, User
from bot.domain.push_time import local_today
from bot.grading.errors import AnswerTooLong, EmptyAnswer, NothingToKeep
from bot.grading.llm import LlmGrader, ModelUnavailable, make_client
from bot.grading.notices import Fallback, fallback_notice, transcription_message
from bot.grading.offline import OfflineGrader
from bot.grading.privacy import keep_answers_out_of_logs
from bot.grading.transcribe import MAX_AUDIO_BYTES, Transcriber, TranscriptionFailed
from bot.grading.verdict import (
    AgreementStats,
    AnswerSource,
    Attempt,
    Grade,
    GraderKind,
    OwnAnswer,
    Verdict,
)

# Parts sent within this time of the first one (and before rating) make one answer.
ANSWER_WINDOW = timedelta(hours=6)
MAX_ANSWER_CHARS = 8000


class TranscriptStatus(StrEnum):
    OK = "ok"
    NOT_CONFIGURED = "not_configured"
    DAILY_LIMIT = "daily_limit"
    TOO_LARGE = "too_large"
    EMPTY = "empty"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class Transcript:
    status: TranscriptStatus
    text: str | None = None  # when OK: show "I heard: …", then pass it to check()
    message: str | None = None  # otherwise: one clear line for the user

    @property
    def ok(self) -> bool:
        return self.status is TranscriptStatus.OK


class AnswerChecker:
    def __init__(
        self,
        store: Any,
        grader: OfflineGrader,
        clock: Clock,
        *,
        llm: LlmGrader | None = None,
        transcriber: Transcriber | None = None,
        daily_limit: int = 30,
    ) -> None:
        keep_answers_out_of_logs()
        self.store = store
        self.grader = grader
        self.clock = clock
        self.llm = llm
        self.transcriber = transcriber
        self.daily_limit = daily_limit
        # One answer at a time per user, so parts sent quickly are not graded as two answers.
        self._locks: weakref.WeakValueDictionary[int, asyncio.Lock] = weakref.WeakValueDictionary()

    @classmethod
    def from_settings(
        cls,
        settings: Settings,
        store: Any,
        questions: Any,
        clock: Clock,
        *,
        grader: OfflineGrader | None = None,
    ) -> AnswerChecker:
        """Build from `Settings` (bot.config); `questions` is the corpus's question list.

        `grader`: an offline grader already prepared on the same questions, to share one.
        """
        grading, stt = settings.grading, settings.transcription
        llm = transcriber = None
        if grading.mode == "llm":
            key = grading.api_key.reveal() if grading.api_key else None
            client = make_client(grading.base_url, key, grading.timeout_seconds)
            assert grading.model is not None  # the config refuses llm mode without a model
            llm = LlmGrader(client, grading.model, grading.timeout_seconds)
        if stt.model:
            key = stt.api_key.reveal() if stt.api_key else None
            client = make_client(stt.base_url, key, grading.timeout_seconds)
            transcriber = Transcriber(client, stt.model, grading.timeout_seconds)
        return cls(
            store,
            grader or OfflineGrader(questions),
            clock,
            llm=llm,
            transcriber=transcriber,
            daily_limit=grading.daily_limit,
        )

    async def prepare(self) -> None:
        """Segment the corpus once (about a second of CPU) in a worker thread."""
        await asyncio.to_thread(self.grader.prepare)

    async def close(self) -> None:
        for client in (self.llm, self.transcriber):
            if client is not None:
                await client.close()

    @property
    def voice_enabled(self) -> bool:
        return self.transcriber is not None

    @property
    def grades_with_model(self) -> bool:
        """A model call may take seconds: show "grading…" (chat action / status) meanwhile."""
        return self.llm is not None

    # ------------------------------------------------------------ answers

    async def check(
        self,
        user: User,
        question: Question,
        text: str,
        *,
        source: AnswerSource = AnswerSource.TEXT,
        since: datetime | None = None,
    ) -> Verdict:
        """Grade `text` together with the earlier unrated parts of this answer.

        `since`: when the question was shown; parts sent before it start no answer. Raises
        EmptyAnswer or AnswerTooLong (nothing is stored then).
        """
        part = text.strip()
        if not part:
            raise EmptyAnswer()
        if not self.grader.prepared:
            await self.prepare()
        async with self._lock(user.id):
            now = self.clock.now()
            async with self.store.unit() as uow:
                open_attempt = await uow.attempts.open_for(
                    user.id, question.id, self._window_start(now, since)
                )
                own = await uow.own_answers.get(user.id, question.id)
            answer = f"{open_attempt.answer}\n{part}" if open_attempt else part
            if len(answer) > MAX_ANSWER_CHARS:
                raise AnswerTooLong(limit=MAX_ANSWER_CHARS)
            # The user's own saved answer is the reference only where the notes give none.
            reference = own if own and not self.grader.can_grade(question) else None
            grade, notice = await self._grade(
                question, answer, reference, user.language, lambda: self._take_call(user)
            )
            attempt = Attempt(
                id=open_attempt.id if open_attempt else 0,
                question_id=question.id,
                answer=answer,
                parts=open_attempt.parts + 1 if open_attempt else 1,
                source=open_attempt.source.joined(source) if open_attempt else source,
                grader=grade.grader if grade else GraderKind.NONE,
                score=grade.score if grade else None,
                covered=grade.covered if grade else (),
                missed=grade.missed if grade else (),
                suggested=grade.suggested if grade else None,
                chosen=None,
                created_at=open_attempt.created_at if open_attempt else now,
                updated_at=now,
            )
            async with self.store.unit(write=True) as uow:
                if open_attempt:
                    await uow.attempts.replace_answer(attempt)
                else:
                    attempt = replace(attempt, id=await uow.attempts.add(user.id, attempt))
        return Verdict(
            question_id=question.id,
            attempt_id=attempt.id,
            answer=answer,
            parts=attempt.parts,
            covered=attempt.covered,
            missed=attempt.missed,
            comment=grade.comment if grade else _cannot_grade(user.language),
            score=attempt.score,
            suggested=attempt.suggested,
            grader=attempt.grader,
            notice=notice,
            graded_against_own_answer=reference is not None,
        )

    async def try_grade(
        self, question: Question, answer: str, *, language: str | None = None
    ) -> tuple[Grade | None, str | None]:
        """Grade without a user: nothing is stored or counted (`drillbot grading check`)."""
        if not self.grader.prepared:
            await self.prepare()
        return await self._grade(question, answer.strip(), None, language, _allowed)

    async def _grade(
        self,
        question: Question,
        answer: str,
        reference: str | None,
        language: str | None,
        take_call: Callable[[], Awaitable[bool]],
    ) -> tuple[Grade | None, str | None]:
        """The model's grade if configured and allowed, else the offline one and why."""
        if not self.grader.can_grade(question, reference):
            return None, None
        notice = None
        if self.llm is not None:
            if await take_call():
                try:
                    points = self.grader.key_points(question, reference)
                    body = reference if reference is not None else question.answer
                    return await self.llm.grade(question, answer, body, points), None
                except ModelUnavailable as exc:
                    notice = fallback_notice(exc.reason, language)
            else:
                notice = fallback_notice(Fallback.DAILY_LIMIT, language, limit=self.daily_limit)
        grade = await asyncio.to_thread(
            self.grader.grade, question, answer, language=language, reference=reference
        )
        return grade, notice

    async def transcribe(self, user: User, audio: bytes, filename: str) -> Transcript:
        """The words of a voice answer, held in memory only; check() the text afterwards."""
        return await self._transcribe(audio, filename, user.language, lambda: self._take_call(user))

    async def try_transcribe(self, audio: bytes, filename: str) -> Transcript:
        """Transcribe without a user: nothing counted (`drillbot grading transcribe`)."""
        return await self._transcribe(audio, filename, None, _allowed)

    async def _transcribe(
        self,
        audio: bytes,
        filename: str,
        lang: str | None,
        take_call: Callable[[], Awaitable[bool]],
    ) -> Transcript:
        if self.transcriber is None:
            return _failed(TranscriptStatus.NOT_CONFIGURED, lang)
        if len(audio) > MAX_AUDIO_BYTES:
            return _failed(TranscriptStatus.TOO_LARGE, lang, mb=MAX_AUDIO_BYTES // 2**20)
        if not await take_call():
            return _failed(TranscriptStatus.DAILY_LIMIT, lang, limit=self.daily_limit)
        try:
            text = await self.transcriber.transcribe(audio, filename, lang)
        except TranscriptionFailed as exc:
            return _failed(TranscriptStatus.FAILED, lang, reason=exc.reason)
        if not text:
            return _failed(TranscriptStatus.EMPTY, lang)
        return Transcript(TranscriptStatus.OK, text=text)

    # ------------------------------------------------------------ ratings and stats

    async def record_rating(
        self, user_id: int, question_id: str, rating: Rating, *, since: datetime | None = None
    ) -> Attempt | None:
        """Store the user's rating on their open answer; None when they rated without answering."""
        async with self._lock(user_id):
            now = self.clock.now()
            async with self.store.unit(write=True) as uow:
                attempt = await uow.attempts.open_for(
                    user_id, question_id, self._window_start(now, since)
                )
                if attempt is None:
                    return None
                await uow.attempts.set_rating(attempt.id, int(rating), now)
        return replace(attempt, chosen=Rating(rating))

    async def agreement_stats(self, user_id: int) -> AgreementStats:
        async with self.store.unit() as uow:
            ratings, answered, compared, agreed, higher, lower = await uow.attempts.agreement(
                user_id
            )
        return AgreementStats(
            answered=answered,
            just_revealed=max(0, ratings - answered),
            compared=compared,
            agreed=agreed,
            rated_higher=higher,
            rated_lower=lower,
        )

    # ------------------------------------------------------------ the user's own reference

    async def save_own_answer(
        self, user_id: int, question_id: str, text: str | None = None
    ) -> OwnAnswer:
        """Keep `text` (default: the user's latest answer to the question) as their reference."""
        async with self.store.unit(write=True) as uow:
            if text is None or not text.strip():
                latest = await uow.attempts.latest(user_id, question_id)
                if latest is None:
                    raise NothingToKeep(question_id=question_id)
                text = latest.answer
            text = text.strip()
            await uow.own_answers.save(user_id, question_id, text, self.clock.now())
        return OwnAnswer(question_id, text)

    async def own_answer(self, user_id: int, question_id: str) -> OwnAnswer | None:
        async with self.store.unit() as uow:
            text = await uow.own_answers.get(user_id, question_id)
        return OwnAnswer(question_id, text) if text is not None else None

    # ------------------------------------------------------------ internals

    async def _take_call(self, user: User) -> bool:
        today = local_today(self.clock.now(), user.timezone)
        async with self.store.unit(write=True) as uow:
            return await uow.model_usage.take(user.id, today, self.daily_limit)

    def _lock(self, user_id: int) -> asyncio.Lock:
        lock = self._locks.get(user_id)
        if lock is None:
            lock = self._locks[user_id] = asyncio.Lock()
        return lock

    @staticmethod
    def _window_start(now: datetime, since: datetime | None) -> datetime:
        start = now - ANSWER_WINDOW
        return max(start, since) if since else start


async def _allowed() -> bool:
    return True


def _failed(status: TranscriptStatus, language: str | None, **params: object) -> Transcript:
    return Transcript(status, message=transcription_message(status.value, language, **params))


def _cannot_grade(language: str | None) -> str:
    if language and language.startswith("zh"):
        return "这道题没有参考答案和要点，无法评分。可以把你的回答保存为自己的参考答案，下次复习时显示。"
    return (
        "This question has no reference answer or key points, so it cannot be graded. "
        "You can keep your answer as your own reference; it will be shown next time."
    )

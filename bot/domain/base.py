"""What every part of the practice service shares: the store, the corpus, the clock."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from bot.domain import errors
from bot.domain.clock import Clock
from bot.domain.interview_plan import DEFAULT_NEW_CEILING
from bot.domain.interview_service import InterviewConfig, InterviewService
from bot.domain.models import Question, Topic, User
from bot.domain.ports import Transactions, UnitOfWork


class CorpusView(Protocol):
    @property
    def questions(self) -> dict[str, Question]: ...
    @property
    def topics(self) -> dict[str, Topic]: ...
    def ordered(self) -> list[Question]: ...


StoreLike = Transactions  # units of work typed by bot/domain/ports.py


@dataclass(frozen=True)
class PracticeConfig:
    default_push_time: str = "09:00"
    default_timezone: str = "Asia/Shanghai"
    desired_retention: float = 0.9
    max_new_per_day: int = 10
    access: str = "open"  # open | allowlist
    allowed_users: tuple[str, ...] = ()
    admins: tuple[str, ...] = ()
    interview_max_new_per_day: int = DEFAULT_NEW_CEILING


class ServiceBase:
    def __init__(
        self, store: StoreLike, corpus: CorpusView, config: PracticeConfig, clock: Clock
    ) -> None:
        self.store = store
        self.corpus = corpus
        self.config = config
        self.clock = clock
        self._ordered = corpus.ordered()
        # The interview plan and each user's memory model (fitted FSRS parameters when they
        # won, else the defaults): `interviews.memory_within(uow, user_id)`.
        self.interviews = InterviewService(
            store,
            corpus,
            InterviewConfig(
                desired_retention=config.desired_retention,
                max_new_per_day=config.max_new_per_day,
                new_ceiling=config.interview_max_new_per_day,
            ),
            clock,
        )

    async def get_user(self, user_id: int) -> User:
        async with self.store.unit() as uow:
            return await self._user(uow, user_id)

    async def _user(self, uow: UnitOfWork, user_id: int) -> User:
        user = await uow.users.get(user_id)
        if user is None:
            raise errors.UnknownUser()
        return user

    def _question(self, question_id: str) -> Question:
        question = self.corpus.questions.get(question_id)
        if question is None:
            raise errors.UnknownQuestion(question_id=question_id)
        return question

    def _topic(self, topic_id: str) -> Topic:
        return self.corpus.topics.get(topic_id) or Topic(topic_id, topic_id)

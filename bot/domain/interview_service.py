"""Interview dates, the plan toward them, and each user's fitted FSRS parameters.

The API the dialogue calls for `/interview`, `/stats` and the daily message, and the hook the
question selection calls to follow the plan. Each method is one transaction.
"""

from __future__ import annotations

import asyncio
import re
from collections import OrderedDict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Protocol

from bot.domain import interview_errors as errors
from bot.domain.clock import Clock
from bot.domain.errors import UnknownUser
from bot.domain.fsrs_fit import REFIT_DAYS, FitResult, fit_parameters
from bot.domain.fsrs_scheduler import MemoryModel
from bot.domain.interview_plan import (
    DEFAULT_NEW_CEILING,
    DEFAULT_TARGET,
    InterviewPlan,
    PlanSelection,
    build_plan,
    plan_ended,
    plan_selection,
)
from bot.domain.models import Question, User
from bot.domain.ports import Transactions, UnitOfWork
from bot.domain.push_time import local_today

DATE_RE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})\s*$")
MAX_DAYS_AHEAD = 366
TARGET_RANGE = (0.70, 0.99)
OUTCOMES = ("good", "mixed", "bad")


class CorpusView(Protocol):
    def ordered(self) -> list[Question]: ...


StoreLike = Transactions  # units of work typed by bot/domain/ports.py


@dataclass(frozen=True)
class InterviewConfig:
    desired_retention: float = 0.9
    max_new_per_day: int = 10
    new_ceiling: int = DEFAULT_NEW_CEILING


@dataclass(frozen=True, slots=True)
class InterviewStatus:
    """What `/interview` shows and `/stats` adds: the date, the plan, whose parameters."""

    today: date  # the user's local date
    interview: date | None
    target: float
    plan: InterviewPlan | None  # None without a date, and once the day has passed
    personal_parameters: bool  # the schedule uses parameters fitted to this user

    @property
    def ended(self) -> bool:
        """The date has passed: the plan ended by itself and normal scheduling goes on."""
        return self.interview is not None and plan_ended(self.interview, self.today)


@dataclass(frozen=True, slots=True)
class DailyInterview:
    """What the daily message says about the user's interview."""

    days_left: int | None = None  # while a plan runs: days until the interview
    planned_today: int = 0  # reviews and new questions the plan holds for today
    ask_outcome: date | None = None  # a past interview to ask about (once)


class InterviewService:
    def __init__(
        self, store: StoreLike, corpus: CorpusView, config: InterviewConfig, clock: Clock
    ) -> None:
        self.store = store
        self.corpus = corpus
        self.config = config
        self.clock = clock
        self._ordered = corpus.ordered()
        self._plans = _PlanCache()

    # ------------------------------------------------------------ the date

    async def set_date(self, user_id: int, text: str) -> InterviewStatus:
        """Set the interview date from 'YYYY-MM-DD' (the user's local calendar)."""
        now = self.clock.now()
        async with self.store.unit(write=True) as uow:
            user = await _user(uow, user_id)
            today = local_today(now, user.timezone)
            interview = parse_interview_date(text, today)
            await uow.interviews.set_date(user_id, interview, now)
            return await self._status(uow, user, now)

    async def clear(self, user_id: int) -> InterviewStatus:
        now = self.clock.now()
        async with self.store.unit(write=True) as uow:
            user = await _user(uow, user_id)
            await uow.interviews.set_date(user_id, None, now)
            return await self._status(uow, user, now)

    async def show(self, user_id: int) -> InterviewStatus:
        now = self.clock.now()
        async with self.store.unit() as uow:
            return await self._status(uow, await _user(uow, user_id), now)

    async def set_target(self, user_id: int, value: float | str) -> InterviewStatus:
        """Recall wanted on the day, 0.70-0.99 (also '90%')."""
        target = parse_target(value)
        now = self.clock.now()
        async with self.store.unit(write=True) as uow:
            user = await _user(uow, user_id)
            await uow.interviews.set_target(user_id, target, now)
            return await self._status(uow, user, now)

    # ------------------------------------------------------------ the selection hook

    async def selection(self, user_id: int) -> PlanSelection | None:
        """Today's extra reviews, new-question limit and "more" order while a plan runs; None
        otherwise (the selection then keeps the configured cap). Its own transaction."""
        async with self.store.unit() as uow:
            return await self.selection_within(uow, await _user(uow, user_id))

    async def selection_within(self, uow: UnitOfWork, user: User) -> PlanSelection | None:
        """The same inside the caller's unit of work (the question selection's transaction:
        units do not nest)."""
        status = await self._status(uow, user, self.clock.now())
        if status.plan is None:
            return None
        shown = await uow.presentations.on_day(user.id, status.today)
        return plan_selection(status.plan, sum(1 for p in shown if p.was_new))

    async def memory_for(self, user_id: int) -> MemoryModel:
        """The memory model to schedule this user with: personal parameters when they won."""
        async with self.store.unit() as uow:
            return await self.memory_within(uow, user_id)

    async def memory_within(self, uow: UnitOfWork, user_id: int) -> MemoryModel:
        return self.memory_of(await uow.fsrs_parameters.get(user_id))

    # ------------------------------------------------------------ after the day

    async def outcome_to_ask(self, user_id: int) -> date | None:
        """The past interview to ask 'how did it go?' about, once: a date the first time after
        the day, None ever after (and without a past date)."""
        now = self.clock.now()
        async with self.store.unit() as uow:  # asked on every input: read before writing
            interview = await self._past_interview(uow, user_id, now)
            if interview is None or (await uow.interviews.outcome(user_id, interview))[0]:
                return None
        async with self.store.unit(write=True) as uow:
            return interview if await uow.interviews.mark_asked(user_id, interview, now) else None

    async def record_outcome(self, user_id: int, outcome: str) -> date:
        """Record how the last interview went (one of OUTCOMES); returns its date."""
        if outcome not in OUTCOMES:
            raise errors.InvalidInterviewOutcome(value=outcome, allowed=OUTCOMES)
        now = self.clock.now()
        async with self.store.unit(write=True) as uow:
            interview = await self._past_interview(uow, user_id, now)
            if interview is None:
                raise errors.NoInterviewOutcomeDue()
            await uow.interviews.record_outcome(user_id, interview, outcome, now)
            return interview

    async def daily(self, user_id: int) -> DailyInterview | None:
        """For the daily message: today's plan while one runs; after the day, the question
        how it went (once). None when there is nothing to say."""
        status = await self.show(user_id)
        if status.plan is not None:
            return DailyInterview(status.plan.days_left, status.plan.planned_today)
        if status.ended and (asked := await self.outcome_to_ask(user_id)) is not None:
            return DailyInterview(ask_outcome=asked)
        return None

    # ------------------------------------------------------------ fitted parameters

    async def fit(self, user_id: int) -> FitResult:
        """Fit this user's FSRS parameters now (off the event loop) and keep the result."""
        async with self.store.unit() as uow:
            await _user(uow, user_id)
            history = await uow.reviews.history(user_id)
        result = await asyncio.to_thread(fit_parameters, history, self.clock.now())
        async with self.store.unit(write=True) as uow:
            await uow.fsrs_parameters.save(user_id, result)
        return result

    async def users_due_for_fit(self) -> list[int]:
        """Users with reviews whose last fit is a week old or missing."""
        cutoff = self.clock.now() - timedelta(days=REFIT_DAYS)
        async with self.store.unit() as uow:
            return await uow.fsrs_parameters.due_for_fit(cutoff)

    async def parameters(self, user_id: int) -> FitResult | None:
        async with self.store.unit() as uow:
            return await uow.fsrs_parameters.get(user_id)

    # ------------------------------------------------------------ helpers

    async def _past_interview(
        self, uow: UnitOfWork, user_id: int, now: datetime
    ) -> date | None:
        """The user's interview date once its day has passed."""
        user = await _user(uow, user_id)
        saved = await uow.interviews.get(user_id)
        interview = saved[0] if saved else None
        if interview is None or not plan_ended(interview, local_today(now, user.timezone)):
            return None
        return interview

    def memory_of(self, fit: FitResult | None) -> MemoryModel:
        """The memory model of a user with this stored fit (None: never fitted)."""
        personal = fit.personal if fit is not None else None
        return MemoryModel(self.config.desired_retention, personal)

    async def _status(self, uow: UnitOfWork, user: User, now: datetime) -> InterviewStatus:
        today = local_today(now, user.timezone)
        saved = await uow.interviews.get(user.id)
        interview, target = saved if saved else (None, DEFAULT_TARGET)
        fit = await uow.fsrs_parameters.get(user.id)
        memory = self.memory_of(fit)
        plan = None
        if interview is not None and not plan_ended(interview, today):
            shown = await uow.presentations.on_day(user.id, today)
            new_today = sum(1 for p in shown if p.was_new)
            # Everything the plan reads: a rating moves the cards' version, a new question
            # shown moves new_today, and the rest are settings.
            key = (
                today, interview, target, user.timezone, user.topics, new_today,
                fit.fitted_at if fit else None, await uow.cards.version(user.id),
            )  # fmt: skip
            plan = self._plans.get(user.id, key)
        if plan is None and interview is not None and not plan_ended(interview, today):
            wanted = set(user.topics) if user.topics else None
            plan = build_plan(
                cards={c.question_id: c for c in await uow.cards.for_user(user.id)},
                questions=[
                    (q.id, q.topic) for q in self._ordered if wanted is None or q.topic in wanted
                ],
                today=today,
                interview=interview,
                timezone=user.timezone,
                memory=memory,
                target=target,
                new_cap=self.config.max_new_per_day,
                ceiling=self.config.new_ceiling,
                new_today=new_today,
                margin=fit.error if fit is not None else 0.0,
            )
            self._plans.put(user.id, key, plan)
        return InterviewStatus(today, interview, target, plan, memory.personal)


class _PlanCache:
    """The last plan per user with what it was built from: the selection asks on every
    question, and a plan takes tens of milliseconds to build."""

    def __init__(self, size: int = 1024) -> None:
        self._size = size
        self._plans: OrderedDict[int, tuple[tuple, InterviewPlan]] = OrderedDict()

    def get(self, user_id: int, key: tuple) -> InterviewPlan | None:
        hit = self._plans.get(user_id)
        if hit is None or hit[0] != key:
            return None
        self._plans.move_to_end(user_id)
        return hit[1]

    def put(self, user_id: int, key: tuple, plan: InterviewPlan) -> None:
        self._plans[user_id] = (key, plan)
        self._plans.move_to_end(user_id)
        while len(self._plans) > self._size:
            self._plans.popitem(last=False)


def parse_interview_date(text: str, today: date) -> date:
    match = DATE_RE.match(text or "")
    try:
        interview = date(*(int(g) for g in match.groups())) if match else None
    except ValueError:
        interview = None
    if interview is None:
        raise errors.InvalidInterviewDate(value=(text or "").strip())
    if interview < today:
        raise errors.PastInterviewDate(value=interview, today=today)
    latest = today + timedelta(days=MAX_DAYS_AHEAD)
    if interview > latest:
        raise errors.FarInterviewDate(value=interview, latest=latest)
    return interview


def parse_target(value: float | str) -> float:
    text = str(value).strip()
    try:
        target = float(text.rstrip("%")) / (100 if text.endswith("%") else 1)
    except ValueError:
        target = float("nan")
    low, high = TARGET_RANGE
    if not low <= target <= high:
        raise errors.InvalidInterviewTarget(value=text, low=low, high=high)
    return target


async def _user(uow: UnitOfWork, user_id: int) -> User:
    user = await uow.users.get(user_id)
    if user is None:
        raise UnknownUser()
    return user

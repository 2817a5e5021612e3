"""The practice engine every channel shares: pick, reveal, rate; and the service that composes
it with accounts, settings, progress and search. Each method is one transaction."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cached_property

from bot.domain import errors
from bot.domain.accounts import Accounts
from bot.domain.base import CorpusView, PracticeConfig, ServiceBase, StoreLike
from bot.domain.deliveries import DeliveryRow
from bot.domain.fsrs_scheduler import MemoryModel
from bot.domain.interview_plan import PlanSelection
from bot.domain.models import (
    AnswerCard,
    CardState,
    NothingDue,
    Presentation,
    Question,
    QuestionCard,
    Rating,
    RatingResult,
    SearchHit,
    User,
)
from bot.domain.ports import UnitOfWork
from bot.domain.progress import Progress
from bot.domain.push_time import day_start, local_today
from bot.domain.search import search_questions
from bot.domain.selection import Pick, offered, pick_next
from bot.domain.settings import Settings
from bot.domain.stats import streaks
from bot.domain.teams import TeamService

__all__ = ["CorpusView", "DailyCard", "PracticeConfig", "PracticeService", "StoreLike"]


@dataclass(frozen=True, slots=True)
class DailyCard:
    """A daily message's question (or nothing-due note) and the question missed yesterday."""

    card: QuestionCard | NothingDue
    missed: Question | None


class Practice(ServiceBase):
    @cached_property
    def teams(self) -> TeamService:
        return TeamService(self)  # type: ignore[arg-type]

    async def next_question(self, user_id: int, *, more: bool = False) -> QuestionCard | NothingDue:
        """The open question if there is one (it stays until rated or skipped), else the next
        (see bot.domain.selection), recorded as shown today."""
        now = self.clock.now()
        async with self.store.unit(write=True) as uow:
            user = await self._user(uow, user_id)
            allowed = self._allowed_questions(user)
            resumed = self._resumed(await self._still_open(uow, user_id), allowed)
            if resumed is not None:
                return resumed
            today = local_today(now, user.timezone)
            cards = await uow.cards.for_user(user_id)
            plan = await self.interviews.selection_within(uow, user)  # an interview plan's day
            memory = await self.interviews.memory_within(uow, user_id)
            shown = await uow.presentations.on_day(user_id, today)
            pick = self._pick(user, allowed, cards, shown, now, memory, plan, more=more)
            if pick is None:
                return await self._nothing_due(uow, user, allowed, cards, today)
            await self._present(uow, user_id, today, pick.question.id, now, pick.is_new)
            return self._picked_card(pick)

    def _resumed(
        self, still_open: Presentation | None, allowed: dict[str, Question]
    ) -> QuestionCard | None:
        if still_open is not None and still_open.question_id in allowed:
            return self._card_of(still_open, resumed=True)
        return None

    def _pick(
        self,
        user: User,
        allowed: dict[str, Question],
        cards: list[CardState],
        shown_today: list[Presentation],
        now: datetime,
        memory: MemoryModel,
        plan: PlanSelection | None,
        *,
        more: bool,
    ) -> Pick | None:
        today = local_today(now, user.timezone)
        return pick_next(
            user_id=user.id,
            allowed=allowed,
            cards=cards,
            shown_today={p.question_id: p for p in shown_today},
            tomorrow=day_start(today + timedelta(days=1), user.timezone),
            max_new_per_day=plan.new_limit if plan else self.config.max_new_per_day,
            more=more,
            now=now,
            retrievability=memory.retrievability,
            open_questions=user.open_questions,
            plan=plan,
        )

    async def _nothing_due(
        self,
        uow: UnitOfWork,
        user: User,
        allowed: dict[str, Question],
        cards: list[CardState],
        today: date,
    ) -> NothingDue:
        tomorrow = day_start(today + timedelta(days=1), user.timezone)
        mine = offered(allowed, user.open_questions)
        upcoming = [c.due for c in cards if c.question_id in mine and c.due >= tomorrow]
        return NothingDue(
            next_due=min(upcoming) if upcoming else None,
            reviewed_today=await uow.reviews.count_on(user.id, today),
            can_practise_more=bool(mine),
        )

    def _picked_card(self, pick: Pick) -> QuestionCard:
        return QuestionCard(
            question=pick.question,
            topic=self._topic(pick.question.topic),
            is_new=pick.is_new,
            due_since=pick.due_since,
            repeated=pick.repeated,
            new_left_today=pick.new_left_today,
            due_left_today=pick.due_left_today,
        )

    async def skip(self, user_id: int) -> Question:
        """Move past the open question on purpose: it is done for today (and counts against
        the day's new questions) without a rating; it comes back another day."""
        now = self.clock.now()
        async with self.store.unit(write=True) as uow:
            user = await self._user(uow, user_id)
            still_open = await self._still_open(uow, user_id)
            if still_open is None:
                raise errors.NoCurrentQuestion()
            today = local_today(now, user.timezone)
            qid = still_open.question_id
            await uow.presentations.skip(user_id, today, qid, now, still_open.was_new)
            await uow.users.set_current(user_id, None, None)
            return self.corpus.questions[qid]

    async def practise(self, user_id: int, question_id: str) -> QuestionCard:
        """Ask one particular question now (from search or the weakest list), cap aside."""
        question = self._question(question_id)
        now = self.clock.now()
        async with self.store.unit(write=True) as uow:
            user = await self._user(uow, user_id)
            today = local_today(now, user.timezone)
            card = await uow.cards.get(user_id, question_id)
            repeated = await uow.presentations.get(user_id, today, question_id) is not None
            await self._present(uow, user_id, today, question_id, now, card is None)
            return QuestionCard(
                question,
                is_new=card is None,
                due_since=card.due if card else None,
                repeated=repeated,
                topic=self._topic(question.topic),
            )

    async def current(self, user_id: int) -> QuestionCard | None:
        """The question the user is on, if it is still open (unrated, still in the corpus)."""
        async with self.store.unit() as uow:
            presentation = await self._still_open(uow, user_id)
            return self._card_of(presentation) if presentation is not None else None

    async def reveal(self, user_id: int, question_id: str | None = None) -> AnswerCard:
        """The reference answer of the open question (or of `question_id`, if still open)."""
        async with self.store.unit(write=True) as uow:
            user = await self._user(uow, user_id)
            presentation, question = await self._open_presentation(uow, user, question_id)
            if question_id is None and presentation.done:
                raise errors.NoCurrentQuestion()  # the last one is over: nothing to reveal
            if not presentation.revealed:
                await uow.presentations.mark_revealed(user_id, presentation.local_date, question.id)
            return AnswerCard(
                question,
                already_rated=presentation.rating,
                already_revealed=presentation.revealed,
            )

    async def rate(
        self, user_id: int, rating: int | str, question_id: str | None = None
    ) -> RatingResult:
        """Score the current question (or `question_id`, if still open) and reschedule it."""
        score = _parse_rating(rating)
        now = self.clock.now()
        async with self.store.unit(write=True) as uow:
            user = await self._user(uow, user_id)
            presentation, question = await self._open_presentation(uow, user, question_id)
            if presentation.rating is not None:
                card = await uow.cards.get(user_id, question.id)
                raise errors.AlreadyRated(
                    rating=presentation.rating, next_due=card.due if card else None
                )
            memory = await self.interviews.memory_within(uow, user_id)  # personal when fitted
            card = await uow.cards.get(user_id, question.id) or memory.new_card(question.id, now)
            reviewed = memory.review(card, score, now)
            today = local_today(now, user.timezone)
            await uow.cards.upsert(user_id, reviewed)
            await uow.reviews.add(user_id, question.id, score, now, today, presentation.revealed)
            await uow.presentations.set_rating(user_id, presentation.local_date, question.id, score)
            rolled = await self.teams.note_rating(uow, user_id, question.id, now)
            current, _best = streaks(await uow.reviews.review_days(user_id), today)
            result = RatingResult(
                question=question,
                rating=score,
                next_due=reviewed.due,
                interval_days=(local_today(reviewed.due, user.timezone) - today).days,
                streak=current,
                reviewed_today=await uow.reviews.count_on(user_id, today),
            )
        self.teams.announce(rolled)  # after the commit: the roll call reads what was written
        return result

    # ------------------------------------------------------------ for the daily delivery

    async def shown_card(
        self, user_id: int, day: date, question_id: str | None, since: datetime
    ) -> QuestionCard | None:
        """The card shown on `day`: `question_id`, else the latest shown at or after `since`
        (a delivery that picked before a crash). None when it is gone from the corpus."""
        async with self.store.unit() as uow:
            shown = await uow.presentations.on_day(user_id, day)
        return self._shown(shown, question_id, since)

    async def missed_yesterday(self, user_id: int, today: date) -> Question | None:
        """Yesterday's last question, when it was neither rated nor skipped (and is still in
        the corpus)."""
        async with self.store.unit() as uow:
            last = await uow.presentations.latest_before(user_id, today)
        return self._missed(last, today)

    async def daily_cards_within(
        self, uow: UnitOfWork, rows: Sequence[DeliveryRow]
    ) -> dict[int, DailyCard]:
        """For the daily send-out: what `shown_card` (else `next_question`) and
        `missed_yesterday` give each row, for many rows in one transaction and a few
        statements. Rows of users who have an interview date or target are left out (their
        message speaks of the interview: one by one), as are a user's rows after their first.
        """
        now = self.clock.now()
        planned = await uow.interviews.users_with_plans([r.user.id for r in rows])
        batch: dict[int, DeliveryRow] = {}
        for row in rows:
            if row.user.id not in planned:
                batch.setdefault(row.user.id, row)
        if not batch:
            return {}
        ids = list(batch)
        first = min(min(r.local_date, local_today(now, r.user.timezone)) for r in batch.values())
        shown = await uow.presentations.since(ids, first - timedelta(days=1))
        current = await uow.presentations.current_of(ids)
        cards = await uow.cards.for_users(ids)
        fits = await uow.fsrs_parameters.get_many(ids)
        picked: dict[int, DailyCard] = {}
        shows: list[tuple[int, date, str, datetime, bool]] = []
        for user_id, row in batch.items():
            user, mine = row.user, shown[user_id]
            on_day = [p for p in mine if p.local_date == row.local_date]
            card: QuestionCard | NothingDue | None = self._shown(
                on_day, row.question_id, row.claimed_at
            )
            if card is None:  # next_question, on what was read above
                allowed = self._allowed_questions(user)
                card = self._resumed(self._open(current.get(user_id)), allowed)
            if card is None:
                today = local_today(now, user.timezone)
                shown_today = [p for p in mine if p.local_date == today]
                memory = self.interviews.memory_of(fits.get(user_id))
                pick = self._pick(
                    user, allowed, cards[user_id], shown_today, now, memory, None, more=False
                )
                if pick is None:
                    card = await self._nothing_due(uow, user, allowed, cards[user_id], today)
                else:
                    shows.append((user_id, today, pick.question.id, now, pick.is_new))
                    card = self._picked_card(pick)
            before = [p for p in mine if p.local_date < row.local_date]
            missed = self._missed(before[-1] if before else None, row.local_date)
            picked[row.id] = DailyCard(card, missed)
        if shows:
            await uow.presentations.show_many(shows)
            await uow.users.set_current_many([(u, q, d) for u, d, q, _at, _new in shows])
        return picked

    def _shown(
        self, shown: list[Presentation], question_id: str | None, since: datetime
    ) -> QuestionCard | None:
        if question_id is not None:
            chosen = [p for p in shown if p.question_id == question_id]
        else:
            chosen = [p for p in shown if p.shown_at >= since][-1:]
        if not chosen or chosen[0].question_id not in self.corpus.questions:
            return None
        return self._card_of(chosen[0])

    def _missed(self, last: Presentation | None, today: date) -> Question | None:
        if last is None or last.done or last.local_date != today - timedelta(1):
            return None
        return self.corpus.questions.get(last.question_id)

    # ------------------------------------------------------------ helpers

    def _card_of(self, presentation: Presentation, *, resumed: bool = False) -> QuestionCard:
        question = self.corpus.questions[presentation.question_id]
        return QuestionCard(
            question,
            is_new=presentation.was_new,
            due_since=None,
            topic=self._topic(question.topic),
            resumed=resumed,
        )

    async def _still_open(self, uow: UnitOfWork, user_id: int) -> Presentation | None:
        """The user's current question while it is open: shown (on any day), neither rated
        nor skipped, still in the corpus."""
        qid, local = await uow.users.current(user_id)
        if qid is None or local is None or qid not in self.corpus.questions:
            return None
        return self._open(await uow.presentations.get(user_id, local, qid))

    def _open(self, presentation: Presentation | None) -> Presentation | None:
        """The current question's presentation while it is open (not done, still in the corpus)."""
        if presentation is None or presentation.done:
            return None
        return presentation if presentation.question_id in self.corpus.questions else None

    def _allowed_questions(self, user: User) -> dict[str, Question]:
        wanted = set(user.topics) if user.topics else None
        return {q.id: q for q in self._ordered if wanted is None or q.topic in wanted}

    async def _present(
        self,
        uow: UnitOfWork,
        user_id: int,
        today: date,
        question_id: str,
        now: datetime,
        was_new: bool,
    ) -> None:
        await uow.presentations.show(user_id, today, question_id, now, was_new)
        await uow.users.set_current(user_id, question_id, today)

    async def _open_presentation(
        self, uow: UnitOfWork, user: User, question_id: str | None
    ) -> tuple[Presentation, Question]:
        """The presentation a reveal or rating refers to, or a clear refusal.

        Open: shown today, or still the user's current question (asked on an earlier day and
        not superseded since). Anything older is stale.
        """
        current_id, current_day = await uow.users.current(user.id)
        if question_id is None:
            if current_id is None:
                raise errors.NoCurrentQuestion()
            question_id = current_id
        question = self.corpus.questions.get(question_id)
        if question is None:
            raise errors.StaleQuestion(question_id=question_id, removed=True)
        today = local_today(self.clock.now(), user.timezone)
        presentation = await uow.presentations.get(user.id, today, question_id)
        if presentation is None and question_id == current_id and current_day is not None:
            presentation = await uow.presentations.get(user.id, current_day, question_id)
        if presentation is None:
            raise errors.StaleQuestion(question_id=question_id, removed=False)
        return presentation, question


class PracticeService(Practice, Accounts, Settings, Progress):
    """What the dialogue and the delivery use: practice, accounts, settings, progress, search."""

    def search(self, words: str, limit: int = 10) -> list[SearchHit]:
        return search_questions(self._ordered, words, limit)


def _parse_rating(value: int | str) -> Rating:
    try:
        return Rating(int(str(value).strip()))
    except ValueError:
        raise errors.InvalidRating(value=value) from None

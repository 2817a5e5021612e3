"""The practice engine every channel shares: pick, reveal, rate, stats and settings.

Channels call these methods and render the plain results; each method is one transaction.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Protocol

from bot.domain import errors
from bot.domain.clock import Clock
from bot.domain.fsrs_scheduler import MemoryModel
from bot.domain.models import (
    AnswerCard,
    NothingDue,
    Presentation,
    Question,
    QuestionCard,
    Rating,
    RatingResult,
    Registration,
    SearchHit,
    Stats,
    Topic,
    User,
)
from bot.domain.push_time import (
    day_start,
    local_today,
    next_push_at,
    normalize_hhmm,
    valid_timezone,
)
from bot.domain.stats import ReviewSummary, build_stats, streaks


class CorpusView(Protocol):
    questions: dict[str, Question]
    topics: dict[str, Topic]

    def ordered(self) -> list[Question]: ...


class StoreLike(Protocol):
    def unit(self, *, write: bool = False) -> Any: ...


@dataclass(frozen=True)
class PracticeConfig:
    default_push_time: str = "09:00"
    default_timezone: str = "Asia/Shanghai"
    desired_retention: float = 0.9
    max_new_per_day: int = 10
    access: str = "open"  # open | allowlist
    allowed_users: tuple[str, ...] = ()
    admins: tuple[str, ...] = ()


class PracticeService:
    def __init__(
        self, store: StoreLike, corpus: CorpusView, config: PracticeConfig, clock: Clock
    ) -> None:
        self.store = store
        self.corpus = corpus
        self.config = config
        self.clock = clock
        self.memory = MemoryModel(config.desired_retention)
        self._ordered = corpus.ordered()

    # ------------------------------------------------------------ users

    def is_allowed(self, channel: str, external_id: str) -> bool:
        if self.config.access == "open":
            return True
        keys = {str(external_id), f"{channel}:{external_id}"}
        return bool(keys & set(self.config.allowed_users) or keys & set(self.config.admins))

    def is_admin(self, user: User) -> bool:
        return bool(
            {user.external_id, f"{user.channel}:{user.external_id}"} & set(self.config.admins)
        )

    async def register(
        self,
        channel: str,
        external_id: str,
        *,
        chat_id: str | None = None,
        display_name: str | None = None,
        language: str | None = None,
        timezone: str | None = None,
    ) -> Registration:
        """Create the user or refresh their contact details; idempotent. Reactivates a user."""
        external_id = str(external_id)
        if not self.is_allowed(channel, external_id):
            raise errors.AccessDenied("This bot is private: ask its owner to add your user id.")
        now = self.clock.now()
        async with self.store.unit(write=True) as uow:
            user = await uow.users.find(channel, external_id)
            if user is None:
                tz = (
                    timezone
                    if timezone and valid_timezone(timezone)
                    else self.config.default_timezone
                )
                push = self.config.default_push_time
                user_id = await uow.users.insert(
                    channel=channel,
                    external_id=external_id,
                    chat_id=chat_id,
                    display_name=display_name,
                    timezone=tz,
                    push_time=push,
                    language=language,
                    created_at=now,
                    next_push_at=next_push_at(push, tz, now),
                )
                return Registration(await uow.users.get(user_id), created=True)
            changes: dict[str, Any] = {}
            if chat_id is not None and chat_id != user.chat_id:
                changes["chat_id"] = chat_id
            if display_name and display_name != user.display_name:
                changes["display_name"] = display_name
            if language and language != user.language:
                changes["language"] = language
            reactivated = not user.active
            if reactivated:
                changes["active"] = True
                delivered = await uow.deliveries.last_local_date(user.id)
                changes["next_push_at"] = next_push_at(
                    user.push_time, user.timezone, now, delivered
                )
            if changes:
                await uow.users.update(user.id, **changes)
                user = await uow.users.get(user.id)
            return Registration(user, created=False, reactivated=reactivated)

    async def find_user(self, channel: str, external_id: str) -> User | None:
        async with self.store.unit() as uow:
            return await uow.users.find(channel, str(external_id))

    async def get_user(self, user_id: int) -> User:
        async with self.store.unit() as uow:
            return await self._user(uow, user_id)

    async def _user(self, uow: Any, user_id: int) -> User:
        user = await uow.users.get(user_id)
        if user is None:
            raise errors.UnknownUser("You are not registered yet: send /start first.")
        return user

    # ------------------------------------------------------------ practice

    async def next_question(self, user_id: int, *, more: bool = False) -> QuestionCard | NothingDue:
        """Due reviews first (most overdue first), then new ones up to the daily cap.

        With `more`, past the cap: further new questions, then the least well-remembered,
        then today's questions again.
        """
        now = self.clock.now()
        async with self.store.unit(write=True) as uow:
            user = await self._user(uow, user_id)
            today = local_today(now, user.timezone)
            shown = {p.question_id: p for p in await uow.presentations.on_day(user_id, today)}
            allowed = self._allowed_questions(user)
            tomorrow = day_start(today + timedelta(days=1), user.timezone)
            due = [
                c
                for c in await uow.cards.due_before(user_id, tomorrow)
                if c.question_id in allowed and c.question_id not in shown
            ]
            seen = await uow.cards.seen_ids(user_id)
            new_pool = [q for q in self._new_order(user_id, allowed) if q.id not in seen]
            new_shown_today = sum(1 for p in shown.values() if p.was_new)
            new_left = max(0, self.config.max_new_per_day - new_shown_today)
            fresh = [q for q in new_pool if q.id not in shown]

            repeated = False
            if due:
                question, is_new, due_since = allowed[due[0].question_id], False, due[0].due
            elif fresh and new_left:
                question, is_new, due_since = fresh[0], True, None
            elif more and (pick := await self._extra(uow, user_id, allowed, fresh, shown, now)):
                question, is_new, repeated = pick[0], pick[1], pick[0].id in shown
                due_since = None
            else:
                cards = await uow.cards.for_user(user_id)
                upcoming = [c.due for c in cards if c.question_id in allowed and c.due >= tomorrow]
                return NothingDue(
                    next_due=min(upcoming) if upcoming else None,
                    reviewed_today=await uow.reviews.count_on(user_id, today),
                    can_practise_more=bool(allowed),
                )
            await self._present(uow, user_id, today, question.id, now, is_new)
            return QuestionCard(
                question=question,
                topic=self._topic(question.topic),
                is_new=is_new,
                due_since=due_since,
                repeated=repeated,
                new_left_today=max(0, new_left - (1 if is_new else 0)),
                due_left_today=max(0, len(due) - (0 if is_new else 1)),
            )

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
            qid, local = await uow.users.current(user_id)
            if qid is None or qid not in self.corpus.questions:
                return None
            presentation = await uow.presentations.get(user_id, local, qid)
            if presentation is None or presentation.rating is not None:
                return None
            question = self.corpus.questions[qid]
            return QuestionCard(
                question,
                is_new=presentation.was_new,
                due_since=None,
                topic=self._topic(question.topic),
            )

    async def reveal(self, user_id: int, question_id: str | None = None) -> AnswerCard:
        """The reference answer of the current question (or of `question_id`, if still open)."""
        async with self.store.unit(write=True) as uow:
            user = await self._user(uow, user_id)
            presentation, question = await self._open_presentation(uow, user, question_id)
            if not presentation.revealed:
                await uow.presentations.mark_revealed(user_id, presentation.local_date, question.id)
            return AnswerCard(question, already_rated=presentation.rating)

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
                    "You already rated this question.",
                    rating=presentation.rating,
                    next_due=card.due if card else None,
                )
            card = await uow.cards.get(user_id, question.id) or self.memory.new_card(
                question.id, now
            )
            reviewed = self.memory.review(card, score, now)
            today = local_today(now, user.timezone)
            await uow.cards.upsert(user_id, reviewed)
            await uow.reviews.add(user_id, question.id, score, now, today, presentation.revealed)
            await uow.presentations.set_rating(user_id, presentation.local_date, question.id, score)
            current, _best = streaks(await uow.reviews.review_days(user_id), today)
            return RatingResult(
                question=question,
                rating=score,
                next_due=reviewed.due,
                interval_days=(local_today(reviewed.due, user.timezone) - today).days,
                streak=current,
                reviewed_today=await uow.reviews.count_on(user_id, today),
            )

    async def unanswered_before(self, user_id: int, today: date) -> Question | None:
        """The latest question shown on an earlier day and never rated, if still in the corpus."""
        async with self.store.unit() as uow:
            last = await uow.presentations.latest_before(user_id, today)
        if last is None or last.rating is not None:
            return None
        return self.corpus.questions.get(last.question_id)

    # ------------------------------------------------------------ progress

    async def stats(self, user_id: int) -> Stats:
        now = self.clock.now()
        async with self.store.unit() as uow:
            user = await self._user(uow, user_id)
            today = local_today(now, user.timezone)
            cards = await uow.cards.for_user(user_id)
            review_days = await uow.reviews.review_days(user_id)
            daily = await uow.reviews.daily_counts(user_id, today - timedelta(days=16 * 7))
            per_question = {
                qid: ReviewSummary(n, avg, last)
                for qid, n, avg, last in await uow.reviews.per_question(user_id)
            }
        return build_stats(
            today=today,
            timezone=user.timezone,
            questions=self._ordered,
            topics=self.corpus.topics,
            cards=cards,
            review_days=review_days,
            daily=daily,
            per_question=per_question,
            day_start=lambda d: day_start(d, user.timezone),
            now=now,
            retrievability=self.memory.retrievability,
        )

    def search(self, words: str, limit: int = 10) -> list[SearchHit]:
        """Questions matching every word (question text weighs most, then tags, then answer)."""
        terms = [t.casefold() for t in words.split() if t.strip()]
        if not terms:
            return []
        hits = []
        for position, q in enumerate(self._ordered):
            fields = (
                (q.question.casefold(), 3.0),
                (" ".join((*q.tags, q.topic, *q.key_points)).casefold(), 2.0),
                ((q.answer or "").casefold(), 1.0),
            )
            score = 0.0
            for term in terms:
                weight = max((w for text, w in fields if term in text), default=0.0)
                if not weight:
                    break
                score += weight
            else:
                hits.append((-score, position, SearchHit(q, score)))
        return [hit for *_key, hit in sorted(hits, key=lambda h: (h[0], h[1]))[:limit]]

    def topic_counts(self) -> list[tuple[Topic, int]]:
        counts: dict[str, int] = {}
        for q in self._ordered:
            counts[q.topic] = counts.get(q.topic, 0) + 1
        return [(self._topic(t), n) for t, n in counts.items()]

    # ------------------------------------------------------------ settings

    async def set_push_time(self, user_id: int, text: str) -> User:
        push = normalize_hhmm(text or "")
        if push is None:
            raise errors.InvalidSetting(
                "Send the time as HH:MM in 24-hour format, for example 08:30.",
                setting="push_time",
                value=text,
            )
        return await self._update_schedule(user_id, push_time=push)

    async def set_timezone(self, user_id: int, name: str) -> User:
        name = (name or "").strip()
        if not valid_timezone(name):
            raise errors.InvalidSetting(
                f"Unknown timezone '{name}': use an IANA name such as Asia/Shanghai or"
                " Europe/Berlin.",
                setting="timezone",
                value=name,
            )
        return await self._update_schedule(user_id, timezone=name)

    async def set_paused(self, user_id: int, paused: bool) -> User:
        return await self._update_schedule(user_id, paused=paused)

    async def set_topics(self, user_id: int, topics: Sequence[str] | None) -> User:
        """Limit practice to `topics` (None or empty: every topic)."""
        known = {q.topic for q in self._ordered}
        chosen = tuple(dict.fromkeys(topics or ()))
        unknown = [t for t in chosen if t not in known]
        if unknown:
            raise errors.InvalidSetting(
                f"Unknown topic: {', '.join(unknown)}.", setting="topics", value=", ".join(unknown)
            )
        async with self.store.unit(write=True) as uow:
            await self._user(uow, user_id)
            await uow.users.update(user_id, topics=chosen or None)
            return await uow.users.get(user_id)

    async def toggle_topic(self, user_id: int, topic_id: str) -> User:
        user = await self.get_user(user_id)
        everything = [t.id for t, _n in self.topic_counts()]
        chosen = list(user.topics or everything)
        chosen = [t for t in chosen if t != topic_id] if topic_id in chosen else [*chosen, topic_id]
        return await self.set_topics(user_id, None if set(chosen) >= set(everything) else chosen)

    async def set_language(self, user_id: int, language: str) -> User:
        async with self.store.unit(write=True) as uow:
            await uow.users.update(user_id, language=language)
            return await self._user(uow, user_id)

    async def deactivate(self, user_id: int) -> None:
        """The channel reports the user unreachable (blocked the bot): stop sending."""
        async with self.store.unit(write=True) as uow:
            await uow.users.update(user_id, active=False)

    async def forget(self, user_id: int) -> None:
        """Delete every row about the user."""
        async with self.store.unit(write=True) as uow:
            await uow.users.delete(user_id)

    # ------------------------------------------------------------ helpers

    async def _update_schedule(self, user_id: int, **changes: Any) -> User:
        now = self.clock.now()
        async with self.store.unit(write=True) as uow:
            user = await self._user(uow, user_id)
            push = changes.get("push_time", user.push_time)
            tz = changes.get("timezone", user.timezone)
            delivered = await uow.deliveries.last_local_date(user_id)
            # Strictly after now: a time already past today waits for tomorrow.
            changes["next_push_at"] = next_push_at(push, tz, now, delivered)
            await uow.users.update(user_id, **changes)
            return await uow.users.get(user_id)

    def _allowed_questions(self, user: User) -> dict[str, Question]:
        wanted = set(user.topics) if user.topics else None
        return {q.id: q for q in self._ordered if wanted is None or q.topic in wanted}

    def _new_order(self, user_id: int, allowed: dict[str, Question]) -> list[Question]:
        # A per-user stable shuffle mixes topics yet stays deterministic.
        return sorted(
            allowed.values(),
            key=lambda q: hashlib.blake2b(f"{user_id}:{q.id}".encode(), digest_size=8).digest(),
        )

    async def _extra(
        self,
        uow: Any,
        user_id: int,
        allowed: dict[str, Question],
        fresh: list[Question],
        shown: dict[str, Presentation],
        now: datetime,
    ) -> tuple[Question, bool] | None:
        if fresh:
            return fresh[0], True
        cards = [c for c in await uow.cards.for_user(user_id) if c.question_id in allowed]
        unseen_today = [c for c in cards if c.question_id not in shown]
        if unseen_today:
            weakest = min(
                unseen_today,
                key=lambda c: (self.memory.retrievability(c, now), c.question_id),
            )
            return allowed[weakest.question_id], False
        if shown:
            oldest = min(
                (p for p in shown.values() if p.question_id in allowed),
                key=lambda p: (p.shown_at, p.question_id),
                default=None,
            )
            if oldest is not None:
                return allowed[oldest.question_id], oldest.question_id not in {
                    c.question_id for c in cards
                }
        return None

    async def _present(
        self, uow: Any, user_id: int, today: date, question_id: str, now: datetime, was_new: bool
    ) -> None:
        await uow.presentations.show(user_id, today, question_id, now, was_new)
        await uow.users.set_current(user_id, question_id, today)

    async def _open_presentation(
        self, uow: Any, user: User, question_id: str | None
    ) -> tuple[Presentation, Question]:
        """The presentation a reveal or rating refers to, or a clear refusal.

        Open: shown today, or still the user's current question (asked on an earlier day and
        not superseded since). Anything older is stale.
        """
        current_id, current_day = await uow.users.current(user.id)
        if question_id is None:
            if current_id is None:
                raise errors.NoCurrentQuestion("There is no open question: ask for one with /next.")
            question_id = current_id
        question = self.corpus.questions.get(question_id)
        if question is None:
            raise errors.StaleQuestion(
                "This question is no longer in the question set.",
                question_id=question_id,
                removed=True,
            )
        today = local_today(self.clock.now(), user.timezone)
        presentation = await uow.presentations.get(user.id, today, question_id)
        if presentation is None and question_id == current_id and current_day is not None:
            presentation = await uow.presentations.get(user.id, current_day, question_id)
        if presentation is None:
            raise errors.StaleQuestion(
                "This question is from an earlier day; ask for today's with /next.",
                question_id=question_id,
                removed=False,
            )
        return presentation, question

    def _question(self, question_id: str) -> Question:
        question = self.corpus.questions.get(question_id)
        if question is None:
            raise errors.UnknownQuestion("No such question.", question_id=question_id)
        return question

    def _topic(self, topic_id: str) -> Topic:
        return self.corpus.topics.get(topic_id) or Topic(topic_id, topic_id)


def _parse_rating(value: int | str) -> Rating:
    try:
        number = int(str(value).strip())
        return Rating(number)
    except ValueError:
        raise errors.InvalidRating(
            "Rate with 1 (Again), 2 (Hard), 3 (Good) or 4 (Easy).", value=value
        ) from None

"""Team practice: register a group, its settings, members, the question of the day, the roll
call and the weekly board. Each member's ratings go to their own cards (bot.domain.practice);
this service only decides what the group sees. Each method is one transaction."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from bot.domain import errors
from bot.domain.models import QuestionCard
from bot.domain.ports import UnitOfWork
from bot.domain.push_time import (
    day_start,
    local_today,
    next_push_at,
    normalize_hhmm,
    push_instant,
    valid_timezone,
)
from bot.domain.search import count_by_topic
from bot.domain.team_board import weekly_board
from bot.domain.team_choice import choose_team_question
from bot.domain.team_models import BOARD, QUESTION, WEEKDAYS, Board, Team, TeamQuestion

if TYPE_CHECKING:
    from bot.domain.practice import PracticeService

log = logging.getLogger(__name__)

DEFAULT_BOARD_WEEKDAY = 4  # Friday
DEFAULT_BOARD_TIME = "17:00"
RECENT_DAYS = 7  # a team question is not asked again within this many days while others remain
OPEN_DAYS = 1  # a team question counts for the roll call on its day and the day after

RollCallListener = Callable[[int], None]  # gets the team delivery id whose roll call changed


def next_board_at(
    weekday: int, board_time: str, timezone: str, now: datetime, delivered: date | None = None
) -> datetime:
    """The next board strictly after `now`, on the team's weekday, later than `delivered`."""
    day = local_today(now, timezone)
    if delivered is not None and day <= delivered:
        day = delivered + timedelta(days=1)
    while True:
        if day.weekday() == weekday and (instant := push_instant(day, board_time, timezone)) > now:
            return instant
        day += timedelta(days=1)


class TeamService:
    def __init__(self, practice: PracticeService) -> None:
        self.practice = practice
        self.store = practice.store
        self.clock = practice.clock
        self._listeners: list[RollCallListener] = []

    # ------------------------------------------------------------ the team itself

    async def register(
        self,
        channel: str,
        chat_id: str,
        *,
        title: str | None = None,
        owner_id: str | None = None,
        language: str | None = None,
        wake: bool = True,
    ) -> tuple[Team, bool]:
        """The bot joined a group: create its team, or wake it up again (unless `wake` is
        False: a command typed in a group that was turned off). (team, created)."""
        now = self.clock.now()
        config = self.practice.config
        async with self.store.unit(write=True) as uow:
            team = await uow.teams.find(channel, chat_id)
            if team is None:
                tz, push = config.default_timezone, config.default_push_time
                team_id = await uow.teams.insert(
                    channel=channel,
                    chat_id=chat_id,
                    created_at=now,
                    title=title,
                    owner_id=owner_id,
                    language=language,
                    timezone=tz,
                    push_time=push,
                    board_weekday=DEFAULT_BOARD_WEEKDAY,
                    board_time=DEFAULT_BOARD_TIME,
                    next_push_at=next_push_at(push, tz, now),
                    next_board_at=next_board_at(DEFAULT_BOARD_WEEKDAY, DEFAULT_BOARD_TIME, tz, now),
                )
                return await self._team(uow, team_id), True
            if not wake:
                return team, False
            changes: dict[str, Any] = {"active": True}
            if title:
                changes["title"] = title
            if owner_id and not team.active:
                changes["owner_id"] = owner_id  # whoever adds it back runs it now
            await uow.teams.update(team.id, **changes)
            if not team.active:
                await self._reschedule(uow, await self._team(uow, team.id), now)
            return await self._team(uow, team.id), False

    async def find(self, channel: str, chat_id: str) -> Team | None:
        async with self.store.unit() as uow:
            return await uow.teams.find(channel, chat_id)

    async def get(self, team_id: int) -> Team:
        async with self.store.unit() as uow:
            return await self._team(uow, team_id)

    async def deactivate(self, team_id: int) -> None:
        """The bot was removed (or the admins turned it off): nothing more goes to the group."""
        async with self.store.unit(write=True) as uow:
            await uow.teams.update(team_id, active=False)

    # ------------------------------------------------------------ settings (admins only)

    async def set_push_time(self, team_id: int, text: str) -> Team:
        push = normalize_hhmm(text or "")
        if push is None:
            raise errors.InvalidSetting(setting="push_time", value=text)
        return await self._update(team_id, push_time=push)

    async def set_timezone(self, team_id: int, name: str) -> Team:
        name = (name or "").strip()
        if not valid_timezone(name):
            raise errors.InvalidSetting(setting="timezone", value=name)
        return await self._update(team_id, timezone=name)

    async def set_board(self, team_id: int, weekday: str, text: str) -> Team:
        """`weekday` as mon..sun (or 1-7), `text` HH:MM."""
        key = weekday.strip().lower()[:3]
        day = WEEKDAYS.index(key) if key in WEEKDAYS else None
        if day is None and key.isdigit() and 1 <= int(key) <= 7:
            day = int(key) - 1
        board = normalize_hhmm(text or "")
        if day is None or board is None:
            raise errors.InvalidSetting(setting="board", value=f"{weekday} {text}".strip())
        return await self._update(team_id, board_weekday=day, board_time=board)

    async def set_paused(self, team_id: int, paused: bool) -> Team:
        """Pause, or resume (which also turns a team that was turned off on again)."""
        if paused:
            return await self._update(team_id, paused=True)
        return await self._update(team_id, paused=False, active=True)

    async def set_topics(self, team_id: int, topics: Sequence[str] | None) -> Team:
        known = count_by_topic(self.practice.corpus.ordered())
        chosen = tuple(dict.fromkeys(topics or ()))
        unknown = [t for t in chosen if t not in known]
        if unknown:
            raise errors.InvalidSetting(setting="topics", value=", ".join(unknown))
        return await self._update(team_id, topics=chosen or None)

    async def _update(self, team_id: int, **changes: Any) -> Team:
        now = self.clock.now()
        async with self.store.unit(write=True) as uow:
            await self._team(uow, team_id)
            await uow.teams.update(team_id, **changes)
            team = await self._team(uow, team_id)
            await self._reschedule(uow, team, now)
            return await self._team(uow, team_id)

    async def _reschedule(self, uow: UnitOfWork, team: Team, now: datetime) -> None:
        """Next question and board strictly after now, never twice on a local day."""
        asked = await uow.teams.last_local_date(team.id, QUESTION)
        boarded = await uow.teams.last_local_date(team.id, BOARD)
        await uow.teams.update(
            team.id,
            next_push_at=next_push_at(team.push_time, team.timezone, now, asked),
            next_board_at=next_board_at(
                team.board_weekday, team.board_time, team.timezone, now, boarded
            ),
        )

    # ------------------------------------------------------------ members

    async def join(self, team_id: int, user_id: int) -> bool:
        """Make `user_id` a member (idempotent); True when they just joined."""
        async with self.store.unit(write=True) as uow:
            team = await self._team(uow, team_id)
            return await uow.teams.add_member(team.id, user_id, self.clock.now())

    async def set_member_flag(self, user_id: int, team_id: int | None, **flag: bool) -> list[Team]:
        """Set `hidden` or `team_only` for one team (joining it), or for every team of the
        user when `team_id` is None. Returns the teams changed."""
        now = self.clock.now()
        async with self.store.unit(write=True) as uow:
            if team_id is not None:
                teams = [await self._team(uow, team_id)]
                await uow.teams.add_member(team_id, user_id, now)
            else:
                teams = await uow.teams.of_user(user_id)
            for team in teams:
                await uow.teams.set_member(team.id, user_id, **flag)
            return teams

    async def teams_of(self, user_id: int) -> list[Team]:
        async with self.store.unit() as uow:
            return await uow.teams.of_user(user_id)

    async def team_only(self, user_id: int) -> bool:
        """The user asked for only their teams' questions: no personal daily push."""
        async with self.store.unit() as uow:
            return await uow.teams.team_only(user_id)

    # ------------------------------------------------------------ the question of the day

    async def choose_question(self, team: Team, local: date) -> str | None:
        """The question for the whole team on `local` (due for most members, else new)."""
        allowed = {
            q.id: q
            for q in self.practice.corpus.ordered()
            if team.topics is None or q.topic in team.topics
        }
        async with self.store.unit() as uow:
            members = await uow.teams.members(team.id, active_only=True)
            cards = {m.user_id: await uow.cards.for_user(m.user_id) for m in members}
            recent = await uow.teams.recent_questions(team.id, local - timedelta(RECENT_DAYS))
        pick = choose_team_question(
            team_id=team.id,
            allowed=allowed,
            member_cards=cards,
            recent=recent,
            tomorrow=day_start(local + timedelta(days=1), team.timezone),
        )
        return pick.question.id if pick else None

    async def team_question(self, delivery_id: int) -> TeamQuestion | None:
        """The group's view of a team question: the question and who practised it."""
        async with self.store.unit() as uow:
            delivery = await uow.teams.delivery(delivery_id)
            if delivery is None or delivery.question_id is None:
                return None
            roll = await uow.teams.roll_call(delivery_id)
        question = self.practice.corpus.questions.get(delivery.question_id)
        if question is None:
            return None
        return TeamQuestion(
            team=delivery.team,
            delivery_id=delivery.id,
            question=question,
            topic=self.practice._topic(question.topic),
            practised=tuple(name for name, hidden in roll if not hidden),
            hidden_practised=sum(1 for _name, hidden in roll if hidden),
            message_id=delivery.message_id,
        )

    async def answer_privately(self, team_id: int, user_id: int, question_id: str) -> QuestionCard:
        """A member opens the team question in private: they join, and it is asked to them
        as their own (shown today, rated into their own card). Opened again the same day, it
        is the same presentation: a rating already given stands."""
        await self.join(team_id, user_id)
        user = await self.practice.get_user(user_id)
        now = self.clock.now()
        today = local_today(now, user.timezone)
        shown = await self.practice.shown_card(user_id, today, question_id, now)
        return shown or await self.practice.practise(user_id, question_id)

    # ------------------------------------------------------------ the roll call

    def on_roll_call(self, listener: RollCallListener) -> None:
        """`listener(delivery_id)` is called after a member practised that team question."""
        self._listeners.append(listener)

    async def note_rating(
        self, uow: UnitOfWork, user_id: int, question_id: str, now: datetime
    ) -> list[int]:
        """Inside the rating's transaction: the open team questions this rating answers."""
        since = local_today(now, "UTC") - timedelta(days=OPEN_DAYS + 1)
        answered = []
        for delivery in await uow.teams.open_for(user_id, question_id, since):
            today = local_today(now, delivery.team.timezone)
            if (today - delivery.local_date).days <= OPEN_DAYS and await uow.teams.answered(
                delivery.id, user_id, now
            ):
                answered.append(delivery.id)
        return answered

    def announce(self, delivery_ids: Sequence[int]) -> None:
        for delivery_id in delivery_ids:
            for listener in self._listeners:
                try:
                    listener(delivery_id)
                except Exception:  # a channel's trouble never undoes the member's rating
                    log.exception("roll call listener failed for team delivery %s", delivery_id)

    # ------------------------------------------------------------ the weekly board

    async def board(self, team_id: int, today: date | None = None) -> Board:
        """The week up to `today` (the team's local day, default now): the last seven days."""
        async with self.store.unit() as uow:
            team = await self._team(uow, team_id)
            today = today or local_today(self.clock.now(), team.timezone)
            first = today - timedelta(days=6)
            members = await uow.teams.members(team.id)
            days = {m.user_id: await uow.reviews.review_days(m.user_id) for m in members}
            week = await uow.teams.week_reviews(team.id, first)
        return weekly_board(
            team=team,
            members=members,
            review_days=days,
            week_reviews=week,
            questions=self.practice.corpus.questions,
            topic=self.practice._topic,
            week_start=first,
            today=today,
        )

    # ------------------------------------------------------------ helpers

    async def _team(self, uow: UnitOfWork, team_id: int) -> Team:
        team = await uow.teams.get(team_id)
        if team is None:
            raise errors.UnknownTeam(team_id=team_id)
        return team

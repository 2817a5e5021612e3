"""One attempt at one claimed team delivery, with the personal pushes' bookkeeping
(bot.delivery.dispatch): claim -> pick -> attempts+1 -> send -> mark sent, each its own short
transaction, so a crash before the send resends the same question, never another one."""

from __future__ import annotations

import logging
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager, nullcontext
from dataclasses import dataclass

from bot.delivery.dispatch import (
    MAX_ATTEMPTS,
    MAX_TRANSIENT_FAILURES,
    Done,
    Outcome,
    Retry,
    backoff,
)
from bot.delivery.ports import RecipientGone, RetryLater, TransientFailure
from bot.delivery.team_ports import TeamChannel
from bot.domain.practice import PracticeService
from bot.domain.push_time import local_today
from bot.domain.team_models import QUESTION, TeamDelivery
from bot.storage.teams import CLAIMED, FAILED, SKIPPED

log = logging.getLogger("bot.delivery")


@dataclass(frozen=True, slots=True)
class TeamPrepared:
    row: TeamDelivery
    question_id: str | None  # None for the board


class TeamDispatcher:
    def __init__(self, practice: PracticeService, channel: TeamChannel) -> None:
        self.practice = practice
        self.teams = practice.teams
        self.store = practice.store
        self.clock = practice.clock
        self.channel = channel

    async def prepare(self, delivery_id: int) -> TeamPrepared | Done:
        async with self.store.unit() as uow:
            row = await uow.teams.delivery(delivery_id)
        if row is None or row.status != CLAIMED:
            return Done.ALREADY
        team = row.team
        if not team.active or team.paused:
            await self._finish(row, SKIPPED, "paused" if team.paused else "inactive")
            return Done.SKIPPED
        if row.local_date < local_today(self.clock.now(), team.timezone):
            await self._finish(row, SKIPPED, "local day over before sending")
            return Done.SKIPPED
        if row.attempts >= MAX_ATTEMPTS:
            await self._finish(row, FAILED, f"gave up after {row.attempts} attempts")
            return Done.FAILED
        if row.kind != QUESTION:
            return TeamPrepared(row, None)
        question_id = row.question_id
        if question_id is None or question_id not in self.practice.corpus.questions:
            question_id = await self.teams.choose_question(team, row.local_date)
        if question_id is None:
            await self._finish(row, SKIPPED, "no question for the team's topics")
            return Done.SKIPPED
        return TeamPrepared(row, question_id)

    async def send(
        self,
        prepared: TeamPrepared,
        failures: int = 0,
        slot: Callable[[], AbstractAsyncContextManager[object]] | None = None,
    ) -> Outcome:
        """As Dispatcher.send: the send `slot` (if any) is taken right before the request."""
        row = prepared.row
        async with self.store.unit(write=True) as uow:
            await uow.teams.start_attempt(row.id, prepared.question_id)
        try:
            if row.kind == QUESTION:
                view = await self.teams.team_question(row.id)
                assert view is not None
                async with slot() if slot is not None else nullcontext():
                    message_id = await self.channel.send_team_question(view)
            else:
                board = await self.teams.board(row.team.id, row.local_date)
                async with slot() if slot is not None else nullcontext():
                    message_id = await self.channel.send_board(board)
        except RetryLater as error:
            await self._note(row, f"429: {error}")
            return Retry(error.retry_after, rate_limited=True)
        except TransientFailure as error:
            if failures + 1 >= MAX_TRANSIENT_FAILURES:
                await self._finish(row, FAILED, f"transient: {error}")
                return Done.FAILED
            await self._note(row, f"transient: {error}")
            return Retry(backoff(failures + 1), rate_limited=False)
        except RecipientGone as error:
            await self._finish(row, FAILED, f"bot removed: {error}")
            await self.teams.deactivate(row.team.id)
            log.info(
                "%s team %s removed the bot (%s); deactivated", row.team.channel, row.team.id, error
            )
            return Done.DEACTIVATED
        except Exception as error:  # a bug or a refusal: record it, keep the queue going
            log.exception("team %s message %s failed", row.kind, row.id)
            await self._finish(row, FAILED, repr(error))
            return Done.FAILED
        async with self.store.unit(write=True) as uow:
            await uow.teams.mark_sent(row.id, str(message_id), self.clock.now())
        return Done.SENT

    async def _finish(self, row: TeamDelivery, status: str, error: str) -> None:
        async with self.store.unit(write=True) as uow:
            await uow.teams.finish(row.id, status, error)

    async def _note(self, row: TeamDelivery, error: str) -> None:
        async with self.store.unit(write=True) as uow:
            await uow.teams.note_error(row.id, error)

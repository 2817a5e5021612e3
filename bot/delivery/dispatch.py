"""One attempt at one claimed delivery: pick (or recover) the question, record, send, record.

claim -> pick -> attempts+1 -> send -> mark sent, each step committed before the next, so:
- a crash before the send leaves the row claimed with its question: the restart sends the
  same question (never a different one, never none);
- a crash between the send and its mark leaves attempts > 0 on a claimed row: the restart
  sends again (a duplicate, bounded by the sends in flight at the moment of the crash).

At a thousand messages a second, steps of concurrent sends are batched (batching.py): the
picks of many rows share one transaction, and so do the marks of many sends (group_commit.py);
each send still waits for its own step's commit, and records its attempt in a transaction of
its own right before its request.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager, nullcontext
from dataclasses import dataclass
from enum import Enum

from bot.delivery.batching import Batcher
from bot.delivery.group_commit import GroupCommit
from bot.delivery.ports import DeliveryChannel, RecipientGone, RetryLater, TransientFailure
from bot.domain.deliveries import CLAIMED, FAILED, SKIPPED, DeliveryRow
from bot.domain.interview_service import DailyInterview
from bot.domain.models import NothingDue, Question, QuestionCard
from bot.domain.ports import Transactions
from bot.domain.practice import PracticeService

log = logging.getLogger("bot.delivery")

MAX_TRANSIENT_FAILURES = 6  # with the backoff below: about a minute of outage per message
BACKOFF_FIRST, BACKOFF_MAX = 1.0, 30.0
MAX_ATTEMPTS = 25  # sends started across restarts: past this a row is poison, give up
PREPARE_BATCH = 200  # rows prepared in one transaction at the most


class Done(Enum):
    SENT = "sent"
    FAILED = "failed"
    SKIPPED = "skipped"
    DEACTIVATED = "deactivated"  # failed because the user is gone; now inactive
    ALREADY = "already"  # finished elsewhere (e.g. by an earlier run): nothing to do


@dataclass(frozen=True, slots=True)
class Retry:
    after: float
    rate_limited: bool  # the platform said 429: hold the whole queue, not just this message
    held: bool = False  # the channel already held the budget the message used


Outcome = Done | Retry


@dataclass(frozen=True, slots=True)
class Prepared:
    """A claimed delivery ready to go: its row, the card to send and any missed question."""

    row: DeliveryRow
    card: QuestionCard | NothingDue
    missed: Question | None
    interview: DailyInterview | None = None


def backoff(failures: int) -> float:
    return min(BACKOFF_MAX, BACKOFF_FIRST * 2 ** max(0, failures - 1))


class Dispatcher:
    def __init__(self, practice: PracticeService, channel: DeliveryChannel) -> None:
        self.practice = practice
        self.store: Transactions = practice.store
        self.clock = practice.clock
        self.channel = channel
        # The marks of concurrent sends share transactions, and so do their picks.
        self.writes = GroupCommit(self.store)
        self._batches: Batcher[int, Prepared | Done] = Batcher(self._prepare_batch, PREPARE_BATCH)

    async def deliver(self, delivery_id: int, failures: int = 0) -> Outcome:
        """Try once; `failures` counts this message's earlier transient failures in this run."""
        prepared = await self.prepare(delivery_id)
        if isinstance(prepared, Done):
            return prepared
        return await self.send(prepared, failures)

    async def prepare(self, delivery_id: int) -> Prepared | Done:
        """Everything before the send (the queue does it before taking a send slot, so the
        slot is spent on the request alone and requests leave evenly spaced). Concurrent
        calls are served together (see `_prepare_batch`)."""
        try:
            return await self._batches.submit(delivery_id)
        except Exception:  # a bad row must not fail the others: alone, only it fails again
            return await self._prepare_one(delivery_id)

    async def _prepare_batch(self, delivery_ids: list[int]) -> list[Prepared | Done]:
        """Prepare many rows in one transaction; the rest (a row to close unsent, a user with
        an interview plan, a second row of one user) go one by one, as `_prepare_one`."""
        async with self.store.unit(write=True) as uow:
            rows = await uow.deliveries.get_many(delivery_ids)
            team_only = await uow.teams.team_only_of(list({r.user.id for r in rows.values()}))
            plain = [
                row
                for row in rows.values()
                if row.status == CLAIMED
                and row.user.active
                and not row.user.paused
                and row.user.id not in team_only
                and row.attempts < MAX_ATTEMPTS
            ]
            daily = await self.practice.daily_cards_within(uow, plain)
        prepared: list[Prepared | Done] = []
        for delivery_id in delivery_ids:
            row = rows.get(delivery_id)
            if row is None or row.status != CLAIMED:
                prepared.append(Done.ALREADY)
            elif (found := daily.get(delivery_id)) is not None:
                prepared.append(Prepared(row, found.card, found.missed))
            else:
                prepared.append(await self._prepare_one(delivery_id))
        return prepared

    async def _prepare_one(self, delivery_id: int) -> Prepared | Done:
        async with self.store.unit() as uow:
            row = await uow.deliveries.get(delivery_id)
        if row is None or row.status != CLAIMED:
            return Done.ALREADY
        user = row.user
        if not user.active or user.paused:
            await self._finish(row, SKIPPED, "paused" if user.paused else "inactive")
            return Done.SKIPPED
        if await self.practice.teams.team_only(user.id):
            await self._finish(row, SKIPPED, "team questions only")
            return Done.SKIPPED
        if row.attempts >= MAX_ATTEMPTS:
            await self._finish(row, FAILED, f"gave up after {row.attempts} attempts")
            return Done.FAILED
        interview = await self.practice.interviews.daily(user.id)  # today's plan, before the pick
        card = await self._card(row)
        missed = await self.practice.missed_yesterday(user.id, row.local_date)
        return Prepared(row, card, missed, interview)

    async def send(
        self,
        prepared: Prepared,
        failures: int = 0,
        slot: Callable[[], AbstractAsyncContextManager[object]] | None = None,
    ) -> Outcome:
        """Record the attempt, send within the send `slot` (if any), record the outcome.

        The slot is taken last, so that the request leaves right when it is granted: the
        platform counts arrivals over a sliding window, and a database write between the
        grant and the request would bunch them up."""
        row, card, missed = prepared.row, prepared.card, prepared.missed
        user = row.user
        question_id = card.question.id if isinstance(card, QuestionCard) else None
        async with self.store.unit(write=True) as uow:
            mine = await uow.deliveries.start_attempt(row.id, question_id)
        if not mine:  # another instance took it over after this one's lease ran out
            return Done.ALREADY
        try:
            async with slot() if slot is not None else nullcontext():
                message_id = await self.channel.send_daily(user, card, missed, prepared.interview)
        except RetryLater as error:
            await self._note(row, f"429: {error}")
            return Retry(error.retry_after, rate_limited=True, held=error.held)
        except TransientFailure as error:
            if failures + 1 >= MAX_TRANSIENT_FAILURES:
                await self._finish(row, FAILED, f"transient: {error}")
                return Done.FAILED
            await self._note(row, f"transient: {error}")
            return Retry(backoff(failures + 1), rate_limited=False)
        except RecipientGone as error:
            await self._finish(row, FAILED, f"recipient gone: {error}")
            await self.practice.deactivate(user.id)
            log.info("%s user %s is gone (%s); marked inactive", user.channel, user.id, error)
            return Done.DEACTIVATED
        except Exception as error:  # a bug or a refusal (e.g. 400): record it, keep the queue going
            log.exception("daily message to user %s failed", user.id)
            await self._finish(row, FAILED, repr(error))
            return Done.FAILED
        sent_at = self.clock.now()
        await self.writes.write(
            lambda uow: uow.deliveries.mark_sent(row.id, str(message_id), sent_at)
        )
        return Done.SENT

    async def _card(self, row: DeliveryRow) -> QuestionCard | NothingDue:
        """The question this row sends: the one picked before (a resend), else the engine's pick.

        Picked but not written down (a crash in between): the engine recorded its presentation
        after the claim, so the latest one since then is the pick."""
        card = await self.practice.shown_card(
            row.user.id, row.local_date, row.question_id, row.claimed_at
        )
        return card or await self.practice.next_question(row.user.id)

    async def _finish(self, row: DeliveryRow, status: str, error: str) -> None:
        async with self.store.unit(write=True) as uow:
            await uow.deliveries.finish(row.id, status, error)

    async def _note(self, row: DeliveryRow, error: str) -> None:
        async with self.store.unit(write=True) as uow:
            await uow.deliveries.note_error(row.id, error)

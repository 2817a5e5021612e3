"""The send queue: a few workers draining claimed deliveries at the channel's pace.

Several workers keep sends in flight so that the HTTP round trip does not cap the rate; the
pacer alone decides when each may go. A 429 holds the whole queue for `retry_after` (the
platform's limit is per bot) and puts the same message first in line; a network error or
5xx puts it back after a backoff without holding anyone else.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from typing import Any, Protocol

from bot.delivery.dispatch import Done, Outcome, Retry
from bot.delivery.pacing import Pacer, Timer
from bot.delivery.report import SendOutReport

log = logging.getLogger("bot.delivery")

RETRY_FIRST, FRESH = 0, 1  # queue priorities: a message already tried goes before new ones


class Sends(Protocol):
    """Prepares and sends one claimed delivery (Dispatcher; TeamDispatcher for groups)."""

    async def prepare(self, delivery_id: int) -> Any: ...  # something to send, or Done
    async def send(
        self,
        prepared: Any,
        failures: int = 0,
        slot: Callable[[], AbstractAsyncContextManager[object]] | None = None,
    ) -> Outcome: ...


@dataclass(slots=True)
class Job:
    delivery_id: int
    chat_id: str
    failures: int = 0  # transient failures so far in this run


class SendQueue:
    def __init__(
        self,
        dispatcher: Sends,
        pacer: Pacer,
        report: SendOutReport,
        *,
        workers: int,
        timer: Timer,
        paced: bool = True,
    ) -> None:
        self.dispatcher = dispatcher
        self.pacer = pacer
        self.paced = paced  # False: the channel takes its slots of `pacer` itself
        self.report = report
        self.timer = timer
        self._queue: asyncio.PriorityQueue[tuple[int, int, Job]] = asyncio.PriorityQueue()
        self._order = itertools.count()
        self._outstanding = 0  # jobs put and not yet finished (queued, in flight or waiting)
        self._changed = asyncio.Condition()
        self._tasks = [
            asyncio.create_task(self._work(), name=f"send-worker-{n}") for n in range(workers)
        ]
        self._waiting: set[asyncio.Task[None]] = set()
        self._inflight: set[asyncio.Task[None]] = set()

    @property
    def outstanding(self) -> int:
        return self._outstanding

    async def put(self, job: Job) -> None:
        async with self._changed:
            self._outstanding += 1
        self._enqueue(FRESH, job)

    async def wait_below(self, count: int) -> None:
        """Wait until fewer than `count` jobs are outstanding (the claim-ahead bound)."""
        async with self._changed:
            await self._changed.wait_for(lambda: self._outstanding < count)

    async def drain(self) -> None:
        await self.wait_below(1)

    async def close(self) -> None:
        """Stop taking jobs; sends already started run to their end and record their outcome,
        so a clean stop leaves no "possibly sent" row behind."""
        for task in (*self._tasks, *self._waiting):
            task.cancel()
        await asyncio.gather(*self._tasks, *self._waiting, return_exceptions=True)
        await asyncio.gather(*self._inflight, return_exceptions=True)

    def _enqueue(self, priority: int, job: Job) -> None:
        self._queue.put_nowait((priority, next(self._order), job))

    async def _work(self) -> None:
        while True:
            _priority, _n, job = await self._queue.get()
            try:
                prepared = await self.dispatcher.prepare(job.delivery_id)
            except Exception:
                # The store itself failed: the row stays claimed and the next run resumes it.
                log.exception("delivery %s could not be prepared", job.delivery_id)
                prepared = Done.FAILED
            if isinstance(prepared, Done):
                await self._settle(prepared)
                continue
            task = asyncio.create_task(self._send(job, prepared))
            self._inflight.add(task)
            task.add_done_callback(self._inflight.discard)
            # Cancelling the worker does not cut a send in half (nor one waiting for its slot).
            await asyncio.shield(task)

    async def _send(self, job: Job, prepared: Any) -> None:
        try:
            slot = (lambda: self.pacer.slot(job.chat_id)) if self.paced else None
            outcome = await self.dispatcher.send(prepared, job.failures, slot)
        except Exception:
            log.exception("delivery %s could not be recorded", job.delivery_id)
            outcome = Done.FAILED
        if isinstance(outcome, Retry):
            self._retry(job, outcome)
        else:
            await self._settle(outcome)

    async def _settle(self, outcome: Done) -> None:
        self._count(outcome)
        async with self._changed:
            self._outstanding -= 1
            self._changed.notify_all()

    def _retry(self, job: Job, retry: Retry) -> None:
        if retry.rate_limited:
            self.report.rate_limited += 1
            if not retry.held:
                self.pacer.pause(retry.after)
            self._enqueue(RETRY_FIRST, job)
            return
        self.report.retried += 1
        job.failures += 1
        task = asyncio.create_task(self._after(retry.after, job))
        self._waiting.add(task)
        task.add_done_callback(self._waiting.discard)

    async def _after(self, seconds: float, job: Job) -> None:
        await self.timer.sleep(seconds)
        self._enqueue(RETRY_FIRST, job)

    def _count(self, outcome: Done) -> None:
        if outcome is Done.SENT:
            self.report.sent += 1
        elif outcome is Done.SKIPPED:
            self.report.skipped += 1
        elif outcome is Done.DEACTIVATED:
            self.report.failed += 1
            self.report.deactivated += 1
        elif outcome is Done.FAILED:
            self.report.failed += 1

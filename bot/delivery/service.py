"""Daily delivery for one channel: resume what an earlier run left claimed, take over what a
dead instance left claimed, claim who is due, and send it all through the paced queue.

`run_due(now)` is the whole send-out and can be awaited directly (tests); the scheduler
awaits `tick()` on the event loop each minute (and once at start-up), which starts a send-out
in the background unless one is running.
"""

from __future__ import annotations

import asyncio
import logging
import math
from collections.abc import Sequence
from datetime import datetime, timedelta

from bot.delivery.claiming import (
    LEASE,
    adopt_expired,
    claim_due,
    renew_leases,
    schedule_unscheduled,
)
from bot.delivery.dispatch import Dispatcher
from bot.delivery.pacing import Pacer, RealTimer, Timer
from bot.delivery.ports import DeliveryChannel
from bot.delivery.report import SendOutReport
from bot.delivery.send_queue import Job, SendQueue
from bot.domain.deliveries import SKIPPED, DeliveryRow
from bot.domain.ports import Transactions
from bot.domain.practice import PracticeService
from bot.domain.push_time import local_today

log = logging.getLogger("bot.delivery")

ROUND_TRIP = 0.4  # seconds: the send round trip the workers must cover at the channel's rate
WORKERS = 12  # sends in flight at the least: 30 messages a second for 400 ms round trips
# Claims made ahead of the sender. Claimed-but-unsent rows are safe (a restart resumes them);
# the bound keeps a send-out's state close to the truth and lets a paused or changed user
# be honoured until shortly before their message goes.
CLAIM_AHEAD = 64


def workers_for(per_second: float) -> int:
    """Sends in flight that keep `per_second` going (1,000 paid messages a second: 400)."""
    return max(WORKERS, math.ceil(per_second * ROUND_TRIP))


class DeliveryService:
    def __init__(
        self,
        practice: PracticeService,
        channel: DeliveryChannel,
        *,
        timer: Timer | None = None,
        workers: int | None = None,
        claim_ahead: int | None = None,
        lease: timedelta = LEASE,
    ) -> None:
        self.practice = practice
        self.store: Transactions = practice.store
        self.clock = practice.clock
        self.channel = channel
        self.timer: Timer = timer or RealTimer()
        self.workers = workers or workers_for(channel.max_per_second)
        # Claims ahead keep every worker busy (about two claims per worker in flight).
        self.claim_ahead = claim_ahead or max(CLAIM_AHEAD, 2 * self.workers)
        self.lease = lease  # held on each claimed row while this instance runs (renewed)
        # A channel with a send budget (shared with its replies) takes a slot of it for each
        # message itself, right before the request; the queue then only holds it on a 429.
        budget: Pacer | None = getattr(channel, "budget", None)
        self.channel_paces = budget is not None
        self.pacer = budget or Pacer(channel.max_per_second, channel.per_chat_interval, self.timer)
        self.dispatcher = Dispatcher(practice, channel)
        self._lock = asyncio.Lock()
        self._current: asyncio.Task[SendOutReport] | None = None
        self._again = False

    async def tick(self) -> None:
        """Start a send-out in the background unless one is running (it will look again).

        A coroutine function, so that APScheduler runs it on the event loop (see scheduler)."""
        if self._current is not None and not self._current.done():
            self._again = True
            return
        self._current = asyncio.create_task(self.run_due(), name=f"send-out-{self.channel.name}")
        self._current.add_done_callback(_log_failure)

    async def stop(self) -> None:
        """End a running send-out cleanly: no new sends; those started finish and are recorded."""
        if self._current is not None and not self._current.done():
            self._current.cancel()
            await asyncio.gather(self._current, return_exceptions=True)

    async def run_due(self, now: datetime | None = None) -> SendOutReport:
        """Send every delivery that is due at `now` (default: the clock's now, read per batch)."""
        async with self._lock:
            report = SendOutReport(self.channel.name)
            paid_before = self._paid_sent()
            at = now or self.clock.now()
            await schedule_unscheduled(self.store, self.channel.name, at)
            async with self.store.unit() as uow:
                report.pending = (
                    await uow.deliveries.claimed_count(self.channel.name, at),
                    await uow.users.due_count(self.channel.name, at),
                )
            if not any(report.pending):
                return report
            report.log_start()
            queue = SendQueue(
                self.dispatcher,
                self.pacer,
                report,
                workers=self.workers,
                timer=self.timer,
                paced=not self.channel_paces,
            )
            renewing = asyncio.create_task(self._renew(now), name="renew-leases")
            try:
                await self._resume(queue, report, now)
                while True:
                    self._again = False
                    await queue.wait_below(self.claim_ahead)
                    at = now or self.clock.now()
                    room = self.claim_ahead - queue.outstanding
                    adopted = await adopt_expired(
                        self.store, self.channel.name, at, room, self.lease
                    )
                    await self._queue_rows(queue, report, adopted, at)
                    claims = []
                    if room > len(adopted):
                        claims = await claim_due(
                            self.store, self.channel.name, at, room - len(adopted), self.lease
                        )
                    report.users += len(claims)
                    for claim in claims:
                        await queue.put(Job(claim.delivery_id, claim.chat_id))
                    if not claims and not adopted:
                        await queue.drain()
                        if not self._again:  # a tick came while draining: look once more
                            break
            finally:
                await queue.close()  # sends in flight finish under a lease still renewed
                renewing.cancel()
                await asyncio.gather(renewing, return_exceptions=True)
                report.paid = self._paid_sent() - paid_before
                report.log_end()
            return report

    def _paid_sent(self) -> int:
        """Messages the channel has sent as paid broadcasts (Telegram's `paid_sent`), if any."""
        return int(getattr(self.channel, "paid_sent", 0))

    async def _renew(self, now: datetime | None) -> None:
        """Keep this instance's claims its own while it sends (a third of the lease apart)."""
        while True:
            await asyncio.sleep(self.lease.total_seconds() / 3)
            try:
                await renew_leases(self.store, now or self.clock.now(), self.lease)
            except Exception:  # the database: try again; start_attempt guards a lost claim
                log.exception("renewing the delivery leases failed")

    async def _resume(self, queue: SendQueue, report: SendOutReport, now: datetime | None) -> None:
        """Queue the rows an earlier run of this store left claimed, oldest first."""
        last_id = 0
        while True:
            await queue.wait_below(self.claim_ahead)
            async with self.store.unit() as uow:
                rows = await uow.deliveries.claimed(self.channel.name, self.claim_ahead, last_id)
            if not rows:
                return
            last_id = rows[-1].id
            await self._queue_rows(queue, report, rows, now or self.clock.now())

    async def _queue_rows(
        self, queue: SendQueue, report: SendOutReport, rows: Sequence[DeliveryRow], at: datetime
    ) -> None:
        """Queue rows left claimed (by an earlier run or a dead instance); a past day is over."""
        for row in rows:
            if row.local_date < local_today(at, row.user.timezone):
                async with self.store.unit(write=True) as uow:
                    await uow.deliveries.finish(row.id, SKIPPED, "local day over before sending")
                report.skipped += 1
                continue
            report.resumed += 1
            report.users += 1
            await queue.put(Job(row.id, row.user.chat_id or ""))


def _log_failure(task: asyncio.Task[SendOutReport]) -> None:
    """A send-out that failed (e.g. the database) is logged; the next tick tries again."""
    if not task.cancelled() and task.exception() is not None:
        log.error("daily send-out failed", exc_info=task.exception())

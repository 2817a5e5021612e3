"""Team delivery for one channel: resume claimed team rows, claim due teams, and send through
the same paced send queue as personal pushes, at the group's own pace (Telegram: 20 messages a
minute per group; Slack: one a second per channel). Roll call edits share that pace."""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime

from bot.delivery.pacing import Pacer, RealTimer, Timer
from bot.delivery.report import SendOutReport
from bot.delivery.send_queue import Job, SendQueue
from bot.delivery.team_claiming import claim_due_teams
from bot.delivery.team_dispatch import TeamDispatcher
from bot.delivery.team_ports import TeamChannel
from bot.delivery.team_roll_call import RollCallEditor
from bot.domain.practice import PracticeService

log = logging.getLogger("bot.delivery")

WORKERS = 4
BATCH = 64


class TeamDeliveryService:
    def __init__(
        self, practice: PracticeService, channel: TeamChannel, *, timer: Timer | None = None
    ) -> None:
        self.practice = practice
        self.store = practice.store
        self.clock = practice.clock
        self.channel = channel
        self.timer: Timer = timer or RealTimer()
        self.pacer = Pacer(channel.max_per_second, channel.per_chat_interval, self.timer)
        self.dispatcher = TeamDispatcher(practice, channel)
        self.roll_call = RollCallEditor(practice.teams, channel, self.pacer)
        self._lock = asyncio.Lock()
        self._current: asyncio.Task[SendOutReport] | None = None

    async def tick(self) -> None:
        """The scheduler's job (a coroutine, so it runs on the event loop): start a send-out
        in the background unless one is running."""
        if self._current is not None and not self._current.done():
            return
        self._current = asyncio.create_task(self.run_due(), name=f"team-send-{self.channel.name}")
        self._current.add_done_callback(_log_failure)

    async def stop(self) -> None:
        if self._current is not None and not self._current.done():
            self._current.cancel()
            await asyncio.gather(self._current, return_exceptions=True)
        await self.roll_call.stop()

    async def run_due(self, now: datetime | None = None) -> SendOutReport:
        """Send every team message that is due at `now` (default: the clock's now)."""
        async with self._lock:
            report = SendOutReport(f"{self.channel.name} teams")
            queue = SendQueue(
                self.dispatcher, self.pacer, report, workers=WORKERS, timer=self.timer
            )
            try:
                last_id = 0
                while True:  # what an earlier run left claimed, oldest first
                    async with self.store.unit() as uow:
                        rows = await uow.teams.claimed(self.channel.name, BATCH, last_id)
                    if not rows:
                        break
                    last_id = rows[-1].id
                    for row in rows:
                        report.resumed += 1
                        await queue.put(Job(row.id, row.team.chat_id))
                while claims := await claim_due_teams(
                    self.store, self.channel.name, now or self.clock.now(), BATCH
                ):
                    report.users += len(claims)
                    for delivery_id, chat_id in claims:
                        await queue.put(Job(delivery_id, chat_id))
                await queue.drain()
            finally:
                await queue.close()
            if report.sent or report.failed or report.skipped:
                log.info(
                    "team send-out: channel=%s sent=%d failed=%d skipped=%d deactivated=%d",
                    self.channel.name, report.sent, report.failed, report.skipped,
                    report.deactivated,
                )  # fmt: skip
            return report


def _log_failure(task: asyncio.Task[SendOutReport]) -> None:
    if not task.cancelled() and task.exception() is not None:
        log.error("team send-out failed", exc_info=task.exception())

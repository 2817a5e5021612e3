"""Keeping the group's question message up to date with who has practised it.

Ratings arrive one by one; edits are coalesced per message (one edit carries every name that
arrived meanwhile) and go through the team pacer, so a burst of members never exceeds the
group's message limit."""

from __future__ import annotations

import asyncio
import logging

from bot.delivery.pacing import Pacer
from bot.delivery.ports import RecipientGone, RetryLater
from bot.delivery.team_ports import TeamChannel
from bot.domain.teams import TeamService

log = logging.getLogger("bot.delivery")
MAX_TRIES = 3  # a roll call is cosmetic: after repeated 429s the next rating tries again


class RollCallEditor:
    def __init__(self, teams: TeamService, channel: TeamChannel, pacer: Pacer) -> None:
        self.teams = teams
        self.channel = channel
        self.pacer = pacer
        self._pending: dict[int, asyncio.Task[None]] = {}
        teams.on_roll_call(self.changed)

    def changed(self, delivery_id: int) -> None:
        """A member practised the team question `delivery_id`: edit it soon (once per burst)."""
        if delivery_id in self._pending:
            return
        task = asyncio.get_running_loop().create_task(self._edit(delivery_id))
        self._pending[delivery_id] = task

    async def _edit(self, delivery_id: int) -> None:
        view = None
        try:
            for _attempt in range(MAX_TRIES):
                view = await self.teams.team_question(delivery_id)
                if view is None or view.team.channel != self.channel.name or not view.message_id:
                    return
                await self.pacer.acquire(view.team.chat_id)
                # From here a new rating needs a new edit; this one carries every name so far.
                self._forget(delivery_id)
                view = await self.teams.team_question(delivery_id) or view
                try:
                    await self.channel.update_roll_call(view)
                    return
                except RetryLater as error:
                    self.pacer.pause(error.retry_after)
        except RecipientGone as error:
            if view is not None:
                await self.teams.deactivate(view.team.id)
                log.info("team %s removed the bot (%s); deactivated", view.team.id, error)
        except Exception:
            log.exception("roll call of team delivery %s could not be updated", delivery_id)
        finally:
            self._forget(delivery_id)

    def _forget(self, delivery_id: int) -> None:
        if self._pending.get(delivery_id) is asyncio.current_task():
            del self._pending[delivery_id]

    async def stop(self) -> None:
        tasks = list(self._pending.values())
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

"""Which teams get a message now: turn due teams into claimed rows of the team delivery ledger.

As for personal pushes (bot.delivery.claiming), the claim - a row under UNIQUE(team, kind,
local day) - and moving the team's next time on are one transaction; from then on the row alone
decides, and a restart resumes it. So the question of the day goes at most once per team per
local day, and the board once per week day it is due.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.domain.push_time import local_today, next_push_at, push_instant
from bot.domain.team_models import BOARD, QUESTION
from bot.domain.teams import next_board_at


async def claim_due_teams(
    store: Any, channel: str, now: datetime, limit: int
) -> list[tuple[int, str]]:
    """Claim due question and board rows of `channel`'s teams: (delivery id, chat) of each."""
    claims: list[tuple[int, str]] = []
    async with store.unit(write=True) as uow:
        for team in await uow.teams.due(channel, "next_push_at", now, limit):
            today = local_today(now, team.timezone)
            came_due = local_today(team.next_push_at, team.timezone)
            if came_due < today and push_instant(today, team.push_time, team.timezone) > now:
                # Down over midnight, today's time still ahead: wait for it.
                asked = await uow.teams.last_local_date(team.id, QUESTION)
                await uow.teams.update(
                    team.id, next_push_at=next_push_at(team.push_time, team.timezone, now, asked)
                )
                continue
            if (delivery_id := await uow.teams.claim(team.id, QUESTION, today, now)) is not None:
                claims.append((delivery_id, team.chat_id))
            await uow.teams.update(
                team.id, next_push_at=next_push_at(team.push_time, team.timezone, now, today)
            )
        for team in await uow.teams.due(channel, "next_board_at", now, limit):
            today = local_today(now, team.timezone)
            if (delivery_id := await uow.teams.claim(team.id, BOARD, today, now)) is not None:
                claims.append((delivery_id, team.chat_id))
            await uow.teams.update(
                team.id,
                next_board_at=next_board_at(
                    team.board_weekday, team.board_time, team.timezone, now, today
                ),
            )
    return claims

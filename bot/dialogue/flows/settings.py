"""The daily schedule: push time, timezone, pause and resume."""

from __future__ import annotations

from bot.dialogue.replies import Message, Reply
from bot.dialogue.turn import Turn


async def push_time(turn: Turn, args: str) -> list[Reply]:
    """`time HH:MM` sets the daily push time; without an argument shows it."""
    if not args:
        user = turn.user
        return [_private(turn.t("time_show", time=user.push_time, tz=user.timezone))]
    user = await turn.service.set_push_time(turn.user.id, args)
    when = turn.when(user.next_push_at)
    return [_private(turn.t("time_set", time=user.push_time, tz=user.timezone, when=when))]


async def timezone(turn: Turn, args: str) -> list[Reply]:
    """`tz Area/City` sets the timezone; without an argument shows it."""
    if not args:
        return [_private(turn.t("tz_show", tz=turn.user.timezone))]
    user = await turn.service.set_timezone(turn.user.id, args)
    return [_private(turn.t("tz_set", tz=user.timezone, when=turn.when(user.next_push_at)))]


async def pause(turn: Turn, args: str) -> list[Reply]:
    await turn.service.set_paused(turn.user.id, True)
    return [_private(turn.t("paused"))]


async def resume(turn: Turn, args: str) -> list[Reply]:
    user = await turn.service.set_paused(turn.user.id, False)
    return [_private(turn.t("resumed", when=turn.when(user.next_push_at)))]


def _private(md: str) -> Message:
    return Message(md, private=True)

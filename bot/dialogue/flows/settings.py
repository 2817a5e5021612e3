"""The daily schedule (push time, timezone, pause and resume) and which questions come.

On a channel that never pushes (the console) the push settings say where pushes come instead;
the timezone still sets the user's practice day there."""

from __future__ import annotations

from bot.dialogue.replies import Message, Reply
from bot.dialogue.turn import Turn


async def push_time(turn: Turn, args: str) -> list[Reply]:
    """`time HH:MM` sets the daily push time; without an argument shows it."""
    if not turn.style.pushes:
        return [_no_push_here(turn)]
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
    if not turn.style.pushes:
        return [_private(turn.t("tz_set_here", tz=user.timezone))]
    return [_private(turn.t("tz_set", tz=user.timezone, when=turn.when(user.next_push_at)))]


async def pause(turn: Turn, args: str) -> list[Reply]:
    if not turn.style.pushes:
        return [_no_push_here(turn)]
    await turn.service.set_paused(turn.user.id, True)
    return [_private(turn.t("paused"))]


async def resume(turn: Turn, args: str) -> list[Reply]:
    if not turn.style.pushes:
        return [_no_push_here(turn)]
    user = await turn.service.set_paused(turn.user.id, False)
    return [_private(turn.t("resumed", when=turn.when(user.next_push_at)))]


SWITCH = {"on": True, "off": False}


async def open_questions(turn: Turn, args: str) -> list[Reply]:
    """`open on|off`: whether questions without a reference come; without an argument shows it."""
    wanted = args.strip().lower()
    command = turn.cmd("open")
    if wanted and wanted not in SWITCH:
        return [_private(turn.t("open_usage", command=command))]
    user = turn.user
    if wanted:
        user = await turn.service.set_open_questions(user.id, SWITCH[wanted])
    return [_private(turn.t("open_on" if user.open_questions else "open_off", command=command))]


def _no_push_here(turn: Turn) -> Message:
    return _private(turn.t("no_push_here"))


def _private(md: str) -> Message:
    return Message(md, private=True)

"""Welcome, help, unknown input, and deleting everything (with its confirmation step)."""

from __future__ import annotations

import re

from bot.dialogue import actions
from bot.dialogue.commands import commands_md
from bot.dialogue.flows import team
from bot.dialogue.flows.common import echo
from bot.dialogue.flows.practice import rate_typed
from bot.dialogue.inputs import Command, Input, Text
from bot.dialogue.replies import Button, Edit, Message, Reply, Toast
from bot.dialogue.turn import Context, Turn, Visit
from bot.render.messages import settings_md, welcome_md

RATING_TEXT = re.compile(r"^\s*[1-4]\s*$")
YES = ("yes", "y", "是")


def welcome(turn: Turn) -> Message:
    commands = commands_md(turn.commands, turn.style, turn.lang)
    return Message(
        welcome_md(
            turn.user, turn.lang, commands, returning=not turn.created, pushes=turn.style.pushes
        )
    )


async def start(turn: Turn, args: str = "") -> list[Reply]:
    if args and (answering := await team.start_link(turn, args)) is not None:
        return answering  # a deep link from a team question in a group
    return [welcome(turn)]


def help_md(turn: Turn) -> str:
    known = turn.service.corpus.topics
    labels = [known[i].label(turn.lang) if i in known else i for i in turn.user.topics or ()]
    settings = settings_md(turn.user, turn.lang, labels or None, pushes=turn.style.pushes)
    return commands_md(turn.commands, turn.style, turn.lang) + "\n\n" + settings


async def help_command(turn: Turn, args: str = "") -> list[Reply]:
    return [Message(help_md(turn), private=True)]


async def unknown_command(turn: Turn, name: str) -> list[Reply]:
    head = turn.t("unknown_command", command=echo(turn.cmd(name)))
    return [Message(f"{head}\n\n{help_md(turn)}", private=True)]


async def free_text(turn: Turn, text: str) -> list[Reply]:
    """A typed 1-4 rates; anything else gets a hint."""
    if RATING_TEXT.match(text):
        return await rate_typed(turn, text)
    return [Message(turn.t("unknown_input", help=turn.cmd("help")), private=True)]


# ---------------------------------------------------------------- forget


async def forget(turn: Turn, args: str = "") -> list[Reply]:
    """Ask first: with buttons where there are some, else the next typed line answers."""
    question = turn.t("forget_confirm")
    if not turn.style.buttons:
        turn.awaiting = confirm_typed
        return [Message(f"{question} {turn.t('typed_confirm')}", private=True)]
    rows = (
        (Button(turn.t("btn_confirm_forget"), actions.FORGET_YES, style="danger"),),
        (Button(turn.t("btn_cancel"), actions.FORGET_NO),),
    )
    return [Message(question, rows, private=True)]


async def confirm_typed(turn: Turn, answer: Input) -> list[Reply]:
    text = answer.text if isinstance(answer, Command | Text) else ""
    if text.strip().lower() not in YES:
        return [Message(turn.t("forget_cancelled"), private=True)]
    await turn.service.forget(turn.user.id)
    return [Message(_forgotten(turn), private=True)]


async def press_forget_yes(visit: Visit, payload: str) -> list[Reply]:
    if visit.user is None:  # pressed again: the message already says so
        return [Toast(_forgotten(visit))]
    await visit.service.forget(visit.user.id)
    return [Edit(_forgotten(visit))]


async def press_forget_no(visit: Visit, payload: str) -> list[Reply]:
    return [Edit(visit.t("forget_cancelled"))]


def _forgotten(ctx: Context) -> str:
    return ctx.t("forgotten", start=ctx.cmd(ctx.style.begin))

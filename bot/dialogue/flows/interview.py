"""The interview date: set, show or clear it and its target; after the day, how it went."""

from __future__ import annotations

import contextlib
from datetime import date

from bot.dialogue.cards import outcome_buttons
from bot.dialogue.replies import Message, Reply, Toast
from bot.dialogue.turn import Turn
from bot.domain.errors import UnknownUser
from bot.domain.interview_service import OUTCOMES
from bot.render.interview_md import interview_md

CLEAR = ("off", "clear", "none")
TARGET = "target"


async def interview(turn: Turn, args: str) -> list[Reply]:
    """`interview [YYYY-MM-DD | off | target 90% | good | mixed | bad]`; bare, shows the plan."""
    interviews = turn.service.interviews
    uid = turn.user.id
    word, _, rest = args.strip().partition(" ")
    head = ""
    if not word:
        status = await interviews.show(uid)
    elif word.lower() in CLEAR:
        await interviews.clear(uid)
        return [Message(turn.t("interview_cleared"), private=True)]
    elif word.lower() == TARGET:
        status = await interviews.set_target(uid, rest)
        head = turn.t("interview_target_set", target=f"{status.target:.0%}")
    elif word.lower() in OUTCOMES:  # typed where there are no buttons
        return [Message(await _record(turn, word.lower()), private=True)]
    else:
        status = await interviews.set_date(uid, args)
    drop = status.plan.remedies.drop_topics if status.plan and status.plan.remedies else ()
    topics = turn.service.corpus.topics
    md = interview_md(
        status,
        turn.lang,
        interview_cmd=turn.cmd("interview"),
        topics_cmd=turn.cmd("topics"),
        drop_labels=[topics[i].label(turn.lang) if i in topics else i for i in drop],
    )
    return [Message(f"{head}\n\n{md}" if head else md, private=True)]


async def ask_outcome(turn: Turn) -> list[Reply]:
    """Once, the first time the user writes after their interview day: how did it go?"""
    with contextlib.suppress(UnknownUser):  # e.g. the input deleted the user
        day = await turn.service.interviews.outcome_to_ask(turn.user.id)
        if day is not None:
            return [outcome_question(day, turn)]
    return []


def outcome_question(day: date, turn: Turn) -> Message:
    question = turn.t("interview_ask", date=day)
    if not turn.style.buttons:
        typed = turn.t("interview_ask_typed", interview=turn.cmd("interview"))
        return Message(f"{question} {typed}")
    return Message(question, (outcome_buttons(turn.lang),))


async def press_outcome(turn: Turn, outcome: str) -> list[Reply]:
    """A new message, not an edit: the buttons may sit on the daily question."""
    noted = await _record(turn, outcome)
    return [Toast(turn.t(f"btn_outcome_{outcome}")), Message(noted)]


async def _record(turn: Turn, outcome: str) -> str:
    day = await turn.service.interviews.record_outcome(turn.user.id, outcome)
    return turn.t("interview_noted", date=day, outcome=turn.t(f"outcome_{outcome}"))

"""Every command and button the dialogue understands, in help order: the one place to add one.

A command is named once; each channel shows it with its own prefix (/next, /drill next, next).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from bot.dialogue import actions
from bot.dialogue.commands import CommandSpec
from bot.dialogue.flows import (
    account,
    answering,
    interview,
    practice,
    search,
    settings,
    team,
    topics,
)
from bot.dialogue.replies import Reply
from bot.dialogue.turn import Turn, Visit

CONSOLE_ONLY = frozenset({"console"})  # buttons do this elsewhere
GROUPS = frozenset({"telegram", "slack"})  # channels with group chats (team practice)

COMMANDS: tuple[CommandSpec, ...] = (
    CommandSpec("next", practice.next_question, aliases=("n",)),
    CommandSpec("more", practice.one_more, aliases=("m",), channels=CONSOLE_ONLY),
    CommandSpec("answer", answering.reveal, aliases=("a",)),
    CommandSpec("skip", practice.skip),
    CommandSpec("myanswer", answering.my_answer, "[TEXT]"),
    CommandSpec("stats", answering.stats, aliases=("s",)),
    CommandSpec("time", settings.push_time, "HH:MM", push=True),
    CommandSpec("tz", settings.timezone, "Area/City"),
    CommandSpec("pause", settings.pause, push=True),
    CommandSpec("resume", settings.resume, push=True),
    CommandSpec("topics", topics.topics, "[ID ... | all]"),
    CommandSpec("open", settings.open_questions, "on|off"),
    CommandSpec("interview", interview.interview, "[YYYY-MM-DD | off | target 90%]"),
    CommandSpec("search", search.search, "WORDS"),
    CommandSpec("practise", practice.practise, "ID", ("practice",), CONSOLE_ONLY),
    CommandSpec(
        "team", team.team, "[time|tz|topics|board|pause|resume|off|hide|only]", channels=GROUPS
    ),
    CommandSpec("forget", account.forget),
    CommandSpec("help", account.help_command, aliases=("?",)),
    CommandSpec("start", account.start),
    CommandSpec("quit", None, aliases=("q", "exit"), channels=CONSOLE_ONLY),
)


@dataclass(frozen=True, slots=True)
class PressSpec:
    """A button's flow: `flow` for a registered user, `guest_flow` for presses that must sign
    nobody up (the answer to "delete everything?")."""

    flow: Callable[[Turn, str], Awaitable[list[Reply]]] | None = None
    guest_flow: Callable[[Visit, str], Awaitable[list[Reply]]] | None = None


PRESSES: dict[str, PressSpec] = {
    actions.SHOW_ANSWER: PressSpec(answering.press_show_answer),
    actions.RATE: PressSpec(answering.press_rate),
    actions.KEEP_OWN: PressSpec(answering.press_keep_own),
    actions.PRACTISE: PressSpec(practice.press_practise),
    actions.MORE: PressSpec(practice.press_more),
    actions.TOPIC: PressSpec(topics.press_topic),
    actions.ALL_TOPICS: PressSpec(topics.press_all_topics),
    actions.TEAM_ANSWER: PressSpec(team.press_answer),
    actions.TEAM_REVEAL: PressSpec(team.press_reveal),
    actions.FORGET_YES: PressSpec(guest_flow=account.press_forget_yes),
    actions.FORGET_NO: PressSpec(guest_flow=account.press_forget_no),
    actions.INTERVIEW_OUTCOME: PressSpec(interview.press_outcome),
}

# Commands that only welcome or list commands: skipped when the first contact just did.
WELCOMING = frozenset({"start", "help"})

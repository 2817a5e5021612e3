"""Slash command and button handlers: parse the input, call the practice service, reply.

Each listener acknowledges first (Slack wants an answer within 3 seconds) and then does the
work; replies go to the user's DM with the bot (cards, whose buttons must stay updatable with
chat.update) or back through the response URL as ephemeral messages (settings, refusals).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.errors import SlackApiError

from bot.channels.slack import blocks
from bot.channels.slack.blocks import Block, Message
from bot.channels.slack.commands import commands_md, split_command
from bot.channels.slack.home import HomeTab
from bot.channels.slack.sender import CHANNEL, Poster
from bot.channels.slack.users import register_slack_user
from bot.domain.errors import AccessDenied, PracticeError, StaleQuestion
from bot.domain.models import NothingDue, User
from bot.domain.practice import PracticeService
from bot.render.messages import (
    error_md,
    lang_of,
    nothing_due_md,
    rating_md,
    settings_md,
    stats_md,
    t,
    welcome_md,
    when_text,
)

logger = logging.getLogger(__name__)
_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_{}\[\]()#+\-.!|~<>&])")


@dataclass(frozen=True)
class Deps:
    service: PracticeService
    poster: Poster
    home: HomeTab


@dataclass
class Turn:
    """One command or button press from a registered user, with the means to answer it."""

    deps: Deps
    user: User
    lang: str
    respond: AsyncRespond
    origin: str | None  # the channel the command was typed in or the button pressed in
    created: bool = False

    @property
    def service(self) -> PracticeService:
        return self.deps.service

    @property
    def dm(self) -> str:
        assert self.user.chat_id is not None
        return self.user.chat_id

    def now(self) -> datetime:
        return self.service.clock.now()

    async def tell(self, md: str, extra: list[Block] | None = None, replace: bool = False) -> None:
        """An ephemeral reply only this user sees, where they typed or pressed."""
        message = blocks.markdown_messages(md)[0] if md else []
        await self.respond(
            text=blocks.fallback_text(md),
            blocks=[*message, *(extra or [])],
            response_type="ephemeral",
            replace_original=replace,
        )

    async def send(self, messages: list[Message], md: str) -> str:
        """Post to the user's DM; from elsewhere, say where the reply went."""
        ts = await self.deps.poster.post(self.dm, messages, blocks.fallback_text(md))
        if self.origin and self.origin != self.dm:
            await self.tell(t("slack_sent_to_dm", self.lang))
        return ts


CommandHandler = Callable[[Turn, str], Awaitable[None]]
ActionHandler = Callable[[Turn, dict[str, Any], dict[str, Any]], Awaitable[None]]


async def start_turn(
    deps: Deps, slack_user_id: str, respond: AsyncRespond, origin: str | None
) -> Turn | None:
    """Register the sender; strangers get a refusal and no turn."""
    try:
        registration = await register_slack_user(deps.service, deps.poster.client, slack_user_id)
    except AccessDenied:
        await respond(
            text=t("access_denied", None, id=slack_user_id),
            response_type="ephemeral",
            replace_original=False,
        )
        return None
    user = registration.user
    turn = Turn(deps, user, lang_of(user.language), respond, origin, registration.created)
    if registration.created:
        welcome = welcome_md(user, turn.lang, commands_md(turn.lang))
        await deps.poster.post(
            turn.dm, blocks.markdown_messages(welcome), blocks.fallback_text(welcome)
        )
    return turn


async def run_turn(turn: Turn, work: Awaitable[None]) -> None:
    """Refusals become ephemeral replies; anything else is logged and apologised for."""
    try:
        await work
    except PracticeError as error:
        await turn.tell(error_md(error, turn.lang))
    except Exception:
        logger.exception("Slack handler failed for user %s", turn.user.id)
        await turn.tell(t("something_wrong", turn.lang))


# ---------------------------------------------------------------- /drill subcommands


async def dispatch_command(deps: Deps, command: dict[str, Any], respond: AsyncRespond) -> None:
    name, args = split_command(command.get("text", ""))
    handler = COMMANDS.get(name, help_command)
    turn = await start_turn(deps, command["user_id"], respond, command.get("channel_id"))
    if turn is not None:
        await run_turn(turn, handler(turn, args))


async def help_command(turn: Turn, args: str) -> None:
    if turn.created:
        return  # the welcome already listed the commands
    settings = settings_md(turn.user, turn.lang, _topic_labels(turn))
    await turn.tell(commands_md(turn.lang) + "\n\n" + settings)


async def next_question(turn: Turn, args: str) -> None:
    await _ask_next(turn, more=False)


async def reveal(turn: Turn, args: str) -> None:
    card = await turn.service.reveal(turn.user.id)
    await turn.send(blocks.answer_messages(card, turn.lang), card.question.question)


async def stats(turn: Turn, args: str) -> None:
    """Progress as text, the chart as an image file in the DM, and the Home tab refreshed."""
    result = await turn.service.stats(turn.user.id)
    md = stats_md(result, turn.lang)
    await turn.send(blocks.markdown_messages(md), md)
    try:
        chart = await turn.deps.home.upload_chart(turn.user, result)
        await turn.deps.home.publish(turn.user, result, chart)
    except SlackApiError as error:  # the figures went out; the picture is a bonus
        logger.warning("Could not share the stats chart of user %s: %s", turn.user.id, error)


async def push_time(turn: Turn, args: str) -> None:
    user = turn.user
    if not args:
        await turn.tell(t("time_show", turn.lang, time=user.push_time, tz=user.timezone))
        return
    user = await turn.service.set_push_time(user.id, args)
    when = _next_push(turn, user)
    await turn.tell(t("time_set", turn.lang, time=user.push_time, tz=user.timezone, when=when))


async def timezone(turn: Turn, args: str) -> None:
    if not args:
        await turn.tell(t("tz_show", turn.lang, tz=turn.user.timezone))
        return
    user = await turn.service.set_timezone(turn.user.id, args)
    await turn.tell(t("tz_set", turn.lang, tz=user.timezone, when=_next_push(turn, user)))


async def pause(turn: Turn, args: str) -> None:
    await turn.service.set_paused(turn.user.id, True)
    await turn.tell(t("paused", turn.lang))


async def resume(turn: Turn, args: str) -> None:
    user = await turn.service.set_paused(turn.user.id, False)
    await turn.tell(t("resumed", turn.lang, when=_next_push(turn, user)))


async def topics(turn: Turn, args: str) -> None:
    await turn.tell("", _topic_blocks(turn, turn.user))


async def search(turn: Turn, args: str) -> None:
    if not args:
        await turn.tell(t("search_usage", turn.lang))
        return
    hits = turn.service.search(args)
    shown = markdown_escape(args)
    if not hits:
        await turn.tell(t("search_none", turn.lang, words=shown))
        return
    heading = t("search_results", turn.lang, words=shown)
    message = blocks.search_messages(hits, heading)[-1]
    await turn.respond(
        text=blocks.fallback_text(heading), blocks=message, response_type="ephemeral"
    )


async def forget(turn: Turn, args: str) -> None:
    await turn.tell("", blocks.forget_blocks(turn.lang))


COMMANDS: dict[str, CommandHandler] = {
    "help": help_command,
    "next": next_question,
    "answer": reveal,
    "stats": stats,
    "time": push_time,
    "tz": timezone,
    "pause": pause,
    "resume": resume,
    "topics": topics,
    "search": search,
    "forget": forget,
}


# ---------------------------------------------------------------- buttons


async def dispatch_action(
    deps: Deps,
    body: dict[str, Any],
    action: dict[str, Any],
    respond: AsyncRespond,
    handler: ActionHandler,
) -> None:
    origin = (body.get("container") or {}).get("channel_id") or (body.get("channel") or {}).get(
        "id"
    )
    turn = await start_turn(deps, body["user"]["id"], respond, origin)
    if turn is not None:
        await run_turn(turn, handler(turn, body, action))


async def show_answer(turn: Turn, body: dict[str, Any], action: dict[str, Any]) -> None:
    card = await turn.service.reveal(turn.user.id, _question_of(turn, action))
    await _mark_pressed(turn, body, t("slack_answer_below", turn.lang))
    await turn.deps.poster.post(
        turn.dm,
        blocks.answer_messages(card, turn.lang),
        blocks.fallback_text(card.question.question),
    )


async def rate(turn: Turn, body: dict[str, Any], action: dict[str, Any]) -> None:
    rating = int(action["action_id"].rsplit("_", 1)[1])
    result = await turn.service.rate(turn.user.id, rating, _question_of(turn, action))
    await _mark_pressed(turn, body, "✓ " + rating_md(result, turn.user, turn.now(), turn.lang))


async def practise(turn: Turn, body: dict[str, Any], action: dict[str, Any]) -> None:
    card = await turn.service.practise(turn.user.id, _question_of(turn, action))
    await turn.send(blocks.question_messages(card, turn.lang), card.question.question)


async def more(turn: Turn, body: dict[str, Any], action: dict[str, Any]) -> None:
    await _ask_next(turn, more=True)


async def toggle_topic(turn: Turn, body: dict[str, Any], action: dict[str, Any]) -> None:
    topic_id = action.get("value", "")
    if topic_id not in {topic.id for topic, _count in turn.service.topic_counts()}:
        raise StaleQuestion("This topic is no longer in the question set.", removed=True)
    user = await turn.service.toggle_topic(turn.user.id, topic_id)
    await turn.tell("", _topic_blocks(turn, user), replace=True)


async def all_topics(turn: Turn, body: dict[str, Any], action: dict[str, Any]) -> None:
    user = await turn.service.set_topics(turn.user.id, None)
    await turn.tell("", _topic_blocks(turn, user), replace=True)


async def forget_answer(
    deps: Deps, body: dict[str, Any], action: dict[str, Any], respond: AsyncRespond
) -> None:
    """The confirmation of /drill forget; never registers anyone."""
    slack_user_id = body["user"]["id"]
    user = await deps.service.find_user(CHANNEL, slack_user_id)
    lang = lang_of(user.language if user else None)
    if action["action_id"] == blocks.FORGET_YES:
        if user is not None:
            await deps.service.forget(user.id)
        text = t("slack_forgotten", lang)
    else:
        text = t("forget_cancelled", lang)
    await respond(text=text, replace_original=True, response_type="ephemeral")


async def unknown_action(deps: Deps, body: dict[str, Any], respond: AsyncRespond) -> None:
    """Buttons this version does not know (left by an older one)."""
    user = await deps.service.find_user(CHANNEL, body["user"]["id"])
    lang = lang_of(user.language if user else None)
    await respond(text=t("stale_button", lang), response_type="ephemeral", replace_original=False)


# ---------------------------------------------------------------- helpers


async def _ask_next(turn: Turn, *, more: bool) -> None:
    result = await turn.service.next_question(turn.user.id, more=more)
    if isinstance(result, NothingDue):
        md = nothing_due_md(result, turn.user, turn.now(), turn.lang)
        extra = (
            blocks.actions(blocks.button(t("btn_more", turn.lang), blocks.MORE, "more"))
            if result.can_practise_more
            else []
        )
        await turn.tell(md, extra)
    else:
        await turn.send(blocks.question_messages(result, turn.lang), result.question.question)


async def _mark_pressed(turn: Turn, body: dict[str, Any], note_md: str) -> None:
    """Swap the pressed message's buttons for `note_md` (chat.update), so it shows the choice."""
    message = body.get("message")
    container = body.get("container") or {}
    if not message or container.get("is_ephemeral"):
        return
    await turn.deps.poster.update(
        container["channel_id"],
        container["message_ts"],
        blocks.replace_buttons(message.get("blocks") or [], note_md),
        message.get("text") or blocks.fallback_text(note_md),
    )


def _question_of(turn: Turn, action: dict[str, Any]) -> str:
    question_id = action.get("value", "")
    if question_id not in turn.service.corpus.questions:
        raise StaleQuestion(
            "This question is no longer in the question set.",
            question_id=question_id,
            removed=True,
        )
    return question_id


def _topic_blocks(turn: Turn, user: User) -> list[Block]:
    return blocks.topic_blocks(turn.service.topic_counts(), user.topics, turn.lang)


def _topic_labels(turn: Turn) -> list[str] | None:
    if not turn.user.topics:
        return None
    known = turn.service.corpus.topics
    return [known[i].label(turn.lang) if i in known else i for i in turn.user.topics]


def _next_push(turn: Turn, user: User) -> str:
    if user.next_push_at is None:
        return "—"
    return when_text(user.next_push_at, user, turn.now(), turn.lang)


def markdown_escape(text: str) -> str:
    """User text shown literally inside a Markdown message."""
    return _MARKDOWN_PUNCTUATION.sub(r"\\\1", text)

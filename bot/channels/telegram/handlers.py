"""Command and button handlers: parse the input, call the practice service, reply."""

from __future__ import annotations

import contextlib
import functools
import logging
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime

from telegram import CallbackQuery, InlineKeyboardMarkup, Message, Update
from telegram.constants import ChatAction, ParseMode
from telegram.error import BadRequest, Forbidden, TelegramError
from telegram.ext import ContextTypes

from bot.channels.telegram import keyboards
from bot.channels.telegram.commands import commands_md
from bot.channels.telegram.keyboards import IdResolver
from bot.channels.telegram.sender import (
    CHANNEL,
    deactivate_blocked,
    send_answer_card,
    send_markdown,
    send_question_card,
)
from bot.domain.errors import AccessDenied, PracticeError, StaleQuestion
from bot.domain.models import NothingDue, User
from bot.domain.practice import PracticeService
from bot.render import telegram_messages
from bot.render.chart import render_stats_chart_async
from bot.render.messages import (
    error_md,
    lang_of,
    nothing_due_md,
    rating_label,
    rating_md,
    settings_md,
    stats_md,
    t,
    welcome_md,
    when_text,
)

logger = logging.getLogger(__name__)

DEPS_KEY = "drillbot"
CALLBACK_TEXT_LIMIT = 200  # answerCallbackQuery shows at most 200 characters
RATING_TEXT = re.compile(r"^\s*[1-4]\s*$")
_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_{}\[\]()#+\-.!|~<>&])")


@dataclass(frozen=True)
class Deps:
    """What the handlers share, stored in Application.bot_data."""

    service: PracticeService
    questions: IdResolver
    topics: IdResolver


def deps_of(context: ContextTypes.DEFAULT_TYPE) -> Deps:
    return context.bot_data[DEPS_KEY]


@dataclass
class Turn:
    """One update from a registered user, with the means to answer it."""

    update: Update
    context: ContextTypes.DEFAULT_TYPE
    deps: Deps
    user: User
    lang: str
    created: bool = False
    answered: bool = False

    @property
    def service(self) -> PracticeService:
        return self.deps.service

    @property
    def chat_id(self) -> int:
        assert self.update.effective_chat is not None
        return self.update.effective_chat.id

    @property
    def args(self) -> str:
        return " ".join(self.context.args or [])

    @property
    def query(self) -> CallbackQuery | None:
        return self.update.callback_query

    def now(self) -> datetime:
        return self.service.clock.now()

    async def reply(self, md: str, markup: InlineKeyboardMarkup | None = None) -> list[Message]:
        return await send_markdown(self.context.bot, self.chat_id, md, markup)

    async def answer(self, text: str | None = None) -> None:
        """Answer the button press, once (the client shows a spinner until then)."""
        if self.query is not None and not self.answered:
            self.answered = True
            await self.query.answer(_callback_text(text) if text else None)

    async def refuse(self, text: str) -> None:
        """A refusal: a toast on the pressed button, else a reply."""
        if self.query is not None and not self.answered:
            await self.answer(text)
        else:
            await self.reply(text)


TurnHandler = Callable[[Turn], Awaitable[None]]
PtbCallback = Callable[[Update, ContextTypes.DEFAULT_TYPE], Awaitable[None]]


def practice(handler: TurnHandler) -> PtbCallback:
    """Register the sender (strangers are refused), run the handler, turn refusals into replies."""

    @functools.wraps(handler)
    async def callback(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        sender, chat = update.effective_user, update.effective_chat
        if sender is None or chat is None:
            return
        deps = deps_of(context)
        lang = lang_of(sender.language_code)
        try:
            registration = await deps.service.register(
                CHANNEL,
                str(sender.id),
                chat_id=str(chat.id),
                display_name=sender.full_name,
                language=sender.language_code,
            )
        except AccessDenied:
            await _tell(update, context, t("access_denied", lang, id=sender.id))
            return
        turn = Turn(update, context, deps, registration.user, lang, registration.created)
        try:
            await handler(turn)
        except PracticeError as error:
            await turn.refuse(error_md(error, lang))
        await turn.answer()

    return callback


# ---------------------------------------------------------------- commands


@practice
async def start(turn: Turn) -> None:
    """Welcome, the schedule and the commands."""
    commands = commands_md(turn.lang)
    await turn.reply(welcome_md(turn.user, turn.lang, commands, returning=not turn.created))


@practice
async def help_command(turn: Turn) -> None:
    """The commands and the current settings."""
    settings = settings_md(turn.user, turn.lang, _topic_labels(turn))
    await turn.reply(commands_md(turn.lang) + "\n\n" + settings)


@practice
async def next_question(turn: Turn) -> None:
    """A question now: due reviews first, then new ones."""
    await _ask_next(turn, more=False)


@practice
async def reveal(turn: Turn) -> None:
    """/answer: the reference answer of the current question."""
    card = await turn.service.reveal(turn.user.id)
    await send_answer_card(turn.context.bot, turn.chat_id, card, turn.lang)


@practice
async def stats(turn: Turn) -> None:
    """Progress as text, then the chart when there is something to draw."""
    result = await turn.service.stats(turn.user.id)
    await turn.reply(stats_md(result, turn.lang))
    if result.is_empty:
        return
    await turn.context.bot.send_chat_action(turn.chat_id, ChatAction.UPLOAD_PHOTO)
    png = await render_stats_chart_async(result, turn.lang)
    if png:
        await turn.context.bot.send_photo(turn.chat_id, png)


@practice
async def push_time(turn: Turn) -> None:
    """/time HH:MM sets the daily push time; without an argument shows it."""
    user = turn.user
    if not turn.args:
        await turn.reply(t("time_show", turn.lang, time=user.push_time, tz=user.timezone))
        return
    user = await turn.service.set_push_time(user.id, turn.args)
    when = _next_push(turn, user)
    await turn.reply(t("time_set", turn.lang, time=user.push_time, tz=user.timezone, when=when))


@practice
async def timezone(turn: Turn) -> None:
    """/tz Area/City sets the timezone; without an argument shows it."""
    if not turn.args:
        await turn.reply(t("tz_show", turn.lang, tz=turn.user.timezone))
        return
    user = await turn.service.set_timezone(turn.user.id, turn.args)
    await turn.reply(t("tz_set", turn.lang, tz=user.timezone, when=_next_push(turn, user)))


@practice
async def pause(turn: Turn) -> None:
    await turn.service.set_paused(turn.user.id, True)
    await turn.reply(t("paused", turn.lang))


@practice
async def resume(turn: Turn) -> None:
    user = await turn.service.set_paused(turn.user.id, False)
    await turn.reply(t("resumed", turn.lang, when=_next_push(turn, user)))


@practice
async def topics(turn: Turn) -> None:
    """Topic switches as buttons."""
    await turn.reply(t("topics_prompt", turn.lang), _topics_keyboard(turn, turn.user))


@practice
async def search(turn: Turn) -> None:
    """/search WORDS: matching questions, one button each to practise it."""
    words = turn.args.strip()
    if not words:
        await turn.reply(t("search_usage", turn.lang))
        return
    hits = turn.service.search(words)
    shown = markdown_escape(words)
    if not hits:
        await turn.reply(t("search_none", turn.lang, words=shown))
        return
    lines = [f"{number}. {hit.question.question}" for number, hit in enumerate(hits, 1)]
    md = t("search_results", turn.lang, words=shown) + "\n\n" + "\n".join(lines)
    await turn.reply(md, keyboards.search_keyboard(hits, turn.lang))


@practice
async def forget(turn: Turn) -> None:
    """Ask before deleting everything."""
    await turn.reply(t("forget_confirm", turn.lang), keyboards.forget_keyboard(turn.lang))


@practice
async def rate_text(turn: Turn) -> None:
    """A reply of 1-4 rates the current question."""
    assert turn.update.effective_message is not None
    result = await turn.service.rate(turn.user.id, turn.update.effective_message.text or "")
    await turn.reply(rating_md(result, turn.user, turn.now(), turn.lang))


@practice
async def other_input(turn: Turn) -> None:
    """Free text and unknown commands: a hint."""
    await turn.reply(t("unknown_input", turn.lang))


# ---------------------------------------------------------------- buttons


@practice
async def show_answer(turn: Turn) -> None:
    question_id = _question_from(turn, keyboards.payload(_data(turn)))
    card = await turn.service.reveal(turn.user.id, question_id)
    await turn.answer()
    await _clear_keyboard(turn)
    await send_answer_card(turn.context.bot, turn.chat_id, card, turn.lang)


@practice
async def rate_button(turn: Turn) -> None:
    rating, ref = keyboards.parse_rating(_data(turn))
    result = await turn.service.rate(turn.user.id, rating, _question_from(turn, ref))
    await turn.answer(rating_label(result.rating, turn.lang))
    await _clear_keyboard(turn)
    await turn.reply(rating_md(result, turn.user, turn.now(), turn.lang))


@practice
async def one_more(turn: Turn) -> None:
    await turn.answer()
    await _clear_keyboard(turn)
    await _ask_next(turn, more=True)


@practice
async def practise_button(turn: Turn) -> None:
    question_id = _question_from(turn, keyboards.payload(_data(turn)))
    card = await turn.service.practise(turn.user.id, question_id)
    await turn.answer()
    await send_question_card(turn.context.bot, turn.chat_id, card, turn.lang)


@practice
async def toggle_topic(turn: Turn) -> None:
    topic_id = turn.deps.topics.resolve(keyboards.payload(_data(turn)))
    if topic_id is None:
        raise StaleQuestion("This topic is no longer in the question set.", removed=True)
    user = await turn.service.toggle_topic(turn.user.id, topic_id)
    await turn.answer()
    await _edit_keyboard(turn, _topics_keyboard(turn, user))


@practice
async def all_topics(turn: Turn) -> None:
    user = await turn.service.set_topics(turn.user.id, None)
    await turn.answer()
    await _edit_keyboard(turn, _topics_keyboard(turn, user))


async def forget_answer(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The confirmation button of /forget; never registers anyone."""
    query, sender = update.callback_query, update.effective_user
    if query is None or sender is None:
        return
    service = deps_of(context).service
    lang = lang_of(sender.language_code)
    if not service.is_allowed(CHANNEL, str(sender.id)):
        await query.answer(_callback_text(t("access_denied", lang, id=sender.id)))
        return
    if query.data == keyboards.FORGET_YES:
        user = await service.find_user(CHANNEL, str(sender.id))
        if user is not None:
            await service.forget(user.id)
        text = t("forgotten", lang)
    else:
        text = t("forget_cancelled", lang)
    await query.answer()
    with contextlib.suppress(BadRequest):  # the confirmation may be gone already
        await query.edit_message_text(
            telegram_messages(text)[0], parse_mode=ParseMode.HTML, reply_markup=None
        )


async def unknown_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Buttons this version does not know (left by an older one)."""
    if update.callback_query is not None:
        lang = lang_of(update.effective_user.language_code if update.effective_user else None)
        await update.callback_query.answer(_callback_text(t("stale_button", lang)))


# ---------------------------------------------------------------- errors


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log the failure (the token is redacted by the log filter) and tell the user."""
    error = context.error
    if not isinstance(update, Update):
        logger.error("Telegram error outside an update", exc_info=error)
        return
    if isinstance(error, Forbidden) and update.effective_user is not None:
        await deactivate_blocked(deps_of(context).service, str(update.effective_user.id))
        return
    logger.error("Failed to handle Telegram update %s", update.update_id, exc_info=error)
    lang = lang_of(update.effective_user.language_code if update.effective_user else None)
    text = t("something_wrong", lang)
    if update.callback_query is not None:
        with contextlib.suppress(TelegramError):
            await update.callback_query.answer(_callback_text(text), show_alert=True)
            return
    if update.effective_chat is not None:
        with contextlib.suppress(TelegramError):
            await send_markdown(context.bot, update.effective_chat.id, text)


# ---------------------------------------------------------------- helpers


async def _ask_next(turn: Turn, *, more: bool) -> None:
    result = await turn.service.next_question(turn.user.id, more=more)
    if isinstance(result, NothingDue):
        markup = keyboards.more_keyboard(turn.lang) if result.can_practise_more else None
        await turn.reply(nothing_due_md(result, turn.user, turn.now(), turn.lang), markup)
    else:
        await send_question_card(turn.context.bot, turn.chat_id, result, turn.lang)


async def _tell(update: Update, context: ContextTypes.DEFAULT_TYPE, text: str) -> None:
    if update.callback_query is not None:
        await update.callback_query.answer(_callback_text(text))
    elif update.effective_chat is not None:
        await send_markdown(context.bot, update.effective_chat.id, text)


def _data(turn: Turn) -> str:
    assert turn.query is not None
    return turn.query.data or ""


def _question_from(turn: Turn, ref: str) -> str:
    """The question a button names; a hashed id no longer in the corpus is stale."""
    question_id = turn.deps.questions.resolve(ref)
    if question_id is None or question_id not in turn.service.corpus.questions:
        raise StaleQuestion(
            "This question is no longer in the question set.", question_id=ref, removed=True
        )
    return question_id


async def _clear_keyboard(turn: Turn) -> None:
    """Drop the buttons of the pressed message, so that it cannot be pressed again."""
    await _edit_keyboard(turn, None)


async def _edit_keyboard(turn: Turn, markup: InlineKeyboardMarkup | None) -> None:
    query = turn.query
    message = query.message if query is not None else None
    if query is None or not isinstance(message, Message):
        return
    current = message.reply_markup if message.reply_markup else None
    if current == markup:
        return
    try:
        await query.edit_message_reply_markup(markup)
    except BadRequest as error:  # cosmetic: e.g. "message is not modified"
        logger.debug("Could not edit the keyboard: %s", error)


def _topics_keyboard(turn: Turn, user: User) -> InlineKeyboardMarkup:
    return keyboards.topics_keyboard(turn.service.topic_counts(), user.topics, turn.lang)


def _topic_labels(turn: Turn) -> list[str] | None:
    if not turn.user.topics:
        return None
    topics = turn.service.corpus.topics
    return [topics[i].label(turn.lang) if i in topics else i for i in turn.user.topics]


def _next_push(turn: Turn, user: User) -> str:
    if user.next_push_at is None:
        return "—"
    return when_text(user.next_push_at, user, turn.now(), turn.lang)


def _callback_text(text: str) -> str:
    return text if len(text) <= CALLBACK_TEXT_LIMIT else text[: CALLBACK_TEXT_LIMIT - 1] + "…"


def markdown_escape(text: str) -> str:
    """User text shown literally inside a Markdown message."""
    return _MARKDOWN_PUNCTUATION.sub(r"\\\1", text)

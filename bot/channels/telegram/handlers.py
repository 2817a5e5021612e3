"""Transport only: decode Telegram updates into dialogue input, render the dialogue's replies."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import weakref
from dataclasses import dataclass, field
from functools import partial

from telegram import Bot, CallbackQuery, InlineKeyboardMarkup, Update
from telegram import Message as TelegramMessage
from telegram.constants import ChatAction, ChatType, ParseMode
from telegram.error import BadRequest, Forbidden, TelegramError
from telegram.ext import ContextTypes

from bot.channels.telegram import keyboards
from bot.channels.telegram.keyboards import IdResolver
from bot.channels.telegram.presses import answer_press
from bot.channels.telegram.sender import CHANNEL, deactivate_blocked, send_markdown, send_message
from bot.dialogue import TELEGRAM, Command, Dialogue, Input, Press, Sender, Text, Voice
from bot.dialogue.replies import Chart, Edit, Message, Refusal, Reply, Settle, Toast, Working
from bot.domain.practice import PracticeService
from bot.render import telegram_messages
from bot.render.chart import render_stats_chart_async
from bot.render.messages import lang_of, t

logger = logging.getLogger(__name__)

DEPS_KEY = "drillbot"
CALLBACK_TEXT_LIMIT = 200  # answerCallbackQuery shows at most 200 characters


@dataclass(frozen=True)
class Deps:
    """What the handlers share, stored in Application.bot_data."""

    dialogue: Dialogue
    ids: IdResolver  # question and topic ids behind hashed callback_data
    # Handlers run concurrently (one user's answer may wait seconds for a grading model);
    # each user's own updates still take turns, in the order they came.
    turns: weakref.WeakValueDictionary[int, asyncio.Lock] = field(
        default_factory=weakref.WeakValueDictionary
    )

    def turn_of(self, user_id: int) -> asyncio.Lock:
        lock = self.turns.get(user_id)
        if lock is None:
            lock = self.turns[user_id] = asyncio.Lock()
        return lock

    @property
    def service(self) -> PracticeService:
        return self.dialogue.service


def deps_of(context: ContextTypes.DEFAULT_TYPE) -> Deps:
    deps: Deps = context.bot_data[DEPS_KEY]
    return deps


def decode_text(text: str | None) -> Input:
    """ "/time 08:30" -> Command("time", "08:30") ("/time@drillbot" too); other text -> Text."""
    text = text or ""
    if not text.startswith("/"):
        return Text(text)
    head, _, args = text[1:].partition(" ")
    return Command(head.split("@", 1)[0].lower(), args.strip())


async def on_message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Any message: a command, a typed rating or answer, a spoken answer in a private chat."""
    message = update.effective_message
    spoken = decode_voice(message, context.bot) if message is not None else None
    await _converse(update, context, spoken or decode_text(message.text if message else None))


def decode_voice(message: TelegramMessage, bot: Bot) -> Voice | None:
    """A voice message or audio file sent in a private chat, fetched by getFile on demand and
    held in memory only."""
    if message.chat.type != ChatType.PRIVATE:
        return None
    if message.voice is not None:
        file_id, filename = message.voice.file_id, "voice.ogg"
    elif message.audio is not None:
        file_id, filename = message.audio.file_id, message.audio.file_name or "audio.mp3"
    else:
        return None

    async def fetch() -> bytes:
        file = await bot.get_file(file_id)
        return bytes(await file.download_as_bytearray())

    return Voice(fetch, filename)


async def on_press(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Any button press."""
    query = update.callback_query
    if query is not None:
        await _converse(update, context, keyboards.decode(query.data or "", deps_of(context).ids))


async def _converse(update: Update, context: ContextTypes.DEFAULT_TYPE, given: Input) -> None:
    user, chat = update.effective_user, update.effective_chat
    if user is None or chat is None:
        return
    if chat.type != ChatType.PRIVATE:
        await personal_practice_is_private(update, context, given)
        return
    deps = deps_of(context)
    register = partial(
        deps.service.register,
        CHANNEL,
        str(user.id),
        chat_id=str(chat.id),
        display_name=user.full_name,
        language=user.language_code,
    )
    renderer = Renderer(context.bot, chat.id, update.callback_query)
    sender = Sender(CHANNEL, str(user.id), register, user.language_code, interim=renderer.show)
    async with deps.turn_of(user.id):
        await renderer.render(await deps.dialogue.handle(sender, given))


async def personal_practice_is_private(
    update: Update, context: ContextTypes.DEFAULT_TYPE, given: Input
) -> None:
    """Input from a group: personal state (sign-up, the chat daily questions go to, practice)
    only ever follows private chats, so a command or press there is answered with where to
    practise, and other group talk is left alone."""
    user = update.effective_user
    lang = lang_of(user.language_code if user else None)
    if isinstance(given, Press) and update.callback_query is not None:
        text = t("private_only", lang, command=TELEGRAM.command("start"))
        await answer_press(update.callback_query, _callback_text(text))
    elif isinstance(given, Command) and update.effective_chat is not None:
        spec = deps_of(context).dialogue.command(given.name)
        command = TELEGRAM.command(spec.name if spec is not None else "start")
        await send_markdown(
            context.bot, update.effective_chat.id, t("private_only", lang, command=command)
        )


@dataclass
class Renderer:
    """Replies to one update: messages in the chat; toasts, refusals and edits on the press."""

    bot: Bot
    chat_id: int
    query: CallbackQuery | None

    async def render(self, replies: list[Reply]) -> None:
        if self.query is not None:
            await answer_press(self.query, _toast(replies))
        await self.show(replies)

    async def show(self, replies: list[Reply]) -> None:
        """Replies in the chat (also those shown before the rest are ready)."""
        for reply in replies:
            match reply:
                case Message():
                    await send_message(self.bot, self.chat_id, reply)
                case Refusal() if self.query is None:
                    await send_markdown(self.bot, self.chat_id, reply.markdown)
                case Settle():
                    await self._edit_keyboard(None)
                case Edit() if reply.same_text:
                    await self._edit_keyboard(keyboards.markup(reply.buttons))
                case Edit():
                    await self._edit_text(reply)
                case Chart():
                    await self._chart(reply)
                case Working():
                    await self.bot.send_chat_action(self.chat_id, ChatAction.TYPING)

    async def _chart(self, chart: Chart) -> None:
        if chart.stats.is_empty:
            return
        await self.bot.send_chat_action(self.chat_id, ChatAction.UPLOAD_PHOTO)
        png = await render_stats_chart_async(chart.stats, chart.lang)
        if png:
            await self.bot.send_photo(self.chat_id, png)

    async def _edit_keyboard(self, markup: InlineKeyboardMarkup | None) -> None:
        """New buttons on the pressed message (None: none, so it cannot be pressed again)."""
        message = self.query.message if self.query is not None else None
        if self.query is None or not isinstance(message, TelegramMessage):
            return
        if (message.reply_markup or None) == markup:
            return
        try:
            await self.query.edit_message_reply_markup(markup)
        except BadRequest as error:  # cosmetic: e.g. "message is not modified"
            logger.debug("Could not edit the keyboard: %s", error)

    async def _edit_text(self, edit: Edit) -> None:
        if self.query is None:
            return
        with contextlib.suppress(BadRequest):  # the message may be gone already
            await self.query.edit_message_text(
                telegram_messages(edit.markdown)[0],
                parse_mode=ParseMode.HTML,
                reply_markup=keyboards.markup(edit.buttons),
            )


def _toast(replies: list[Reply]) -> str | None:
    """What the press's callback answer shows: a toast, else a refusal, else nothing."""
    toasts = [r.text for r in replies if isinstance(r, Toast)]
    toasts += [r.markdown for r in replies if isinstance(r, Refusal)]
    return _callback_text(toasts[0]) if toasts else None


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


def _callback_text(text: str) -> str:
    return text if len(text) <= CALLBACK_TEXT_LIMIT else text[: CALLBACK_TEXT_LIMIT - 1] + "…"

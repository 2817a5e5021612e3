"""Sending rendered Markdown to a chat: split into messages, buttons on the last part."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager

from telegram import Bot, InlineKeyboardMarkup, LinkPreviewOptions, Message
from telegram.constants import ParseMode
from telegram.error import Forbidden

from bot.channels.telegram import keyboards
from bot.dialogue.cards import answer_message, question_message
from bot.dialogue.channels import TELEGRAM
from bot.dialogue.replies import Message as DialogueMessage
from bot.domain.models import AnswerCard, QuestionCard
from bot.domain.practice import PracticeService
from bot.render import telegram_messages
from bot.render.cards import telegram_answer_messages

logger = logging.getLogger(__name__)
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)
CHANNEL = TELEGRAM.name  # users are keyed by (channel, Telegram user id)

ChatId = int | str


async def send_markdown(
    bot: Bot, chat_id: ChatId, md: str, reply_markup: InlineKeyboardMarkup | None = None
) -> list[Message]:
    """Send `md` as one or more HTML messages (each within 4096); the keyboard rides on the last."""
    return await send_html(bot, chat_id, telegram_messages(md), reply_markup)


async def send_html(
    bot: Bot,
    chat_id: ChatId,
    parts: Sequence[str],
    reply_markup: InlineKeyboardMarkup | None = None,
    *,
    paid: bool = False,
    sent: list[Message] | None = None,
) -> list[Message]:
    """Send rendered HTML messages in order; the keyboard rides on the last. `paid`: as paid
    broadcasts; `sent` collects the messages as they go (what left before an error)."""
    sent = [] if sent is None else sent
    for number, html in enumerate(parts, 1):
        sent.append(
            await bot.send_message(
                chat_id,
                html,
                parse_mode=ParseMode.HTML,
                link_preview_options=NO_PREVIEW,
                reply_markup=reply_markup if number == len(parts) else None,
                allow_paid_broadcast=paid or None,
            )
        )
    return sent


async def send_message(bot: Bot, chat_id: ChatId, message: DialogueMessage) -> list[Message]:
    """A dialogue message with its buttons as an inline keyboard; a reveal folds long answers."""
    markup = keyboards.markup(message.buttons)
    if (reveal := message.answer) is not None:
        parts = telegram_answer_messages(reveal.card, reveal.lang)
        return await send_html(bot, chat_id, parts, markup)
    return await send_markdown(bot, chat_id, message.markdown, markup)


async def send_question_card(bot: Bot, chat_id: ChatId, card: QuestionCard, lang: str) -> int:
    """Ask a question with its "Show answer" button; returns the id of the message with it."""
    sent = await send_message(bot, chat_id, question_message(card, lang))
    return sent[-1].message_id


async def send_answer_card(bot: Bot, chat_id: ChatId, card: AnswerCard, lang: str) -> int:
    """The reference answer, with the rating buttons unless it was rated already."""
    sent = await send_message(bot, chat_id, answer_message(card, lang))
    return sent[-1].message_id


async def deactivate_blocked(service: PracticeService, external_id: str) -> None:
    """Telegram answered 403: the user blocked the bot, so stop writing to them."""
    user = await service.find_user(CHANNEL, external_id)
    if user is not None and user.active:
        await service.deactivate(user.id)
        logger.info("Telegram user %s blocked the bot; marked inactive", user.id)


@asynccontextmanager
async def deactivating_on_block(service: PracticeService, user_id: int) -> AsyncIterator[None]:
    """For sends outside a conversation (daily delivery): a 403 marks the user inactive.

    The Forbidden error is re-raised so that the caller can record the failed delivery.
    """
    try:
        yield
    except Forbidden:
        await service.deactivate(user_id)
        logger.info("Telegram user %s blocked the bot; marked inactive", user_id)
        raise

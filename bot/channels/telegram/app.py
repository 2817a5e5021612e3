"""Wiring: the PTB Application, its HTTP settings and its two handlers (messages, presses)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    ChatMemberHandler,
    MessageHandler,
    filters,
)

from bot.channels.telegram import handlers, keyboards, team
from bot.channels.telegram.delivery import telegram_budget
from bot.channels.telegram.liveness import AnsweredPolls
from bot.channels.telegram.rate_limit import reply_limiter
from bot.channels.telegram.request import RetryingRequest
from bot.channels.telegram.updates import PerChatUpdates
from bot.config import Settings
from bot.delivery.pacing import Pacer
from bot.dialogue import TELEGRAM, Dialogue
from bot.domain.practice import PracticeService

if TYPE_CHECKING:
    from bot.grading.service import AnswerChecker


def build_application(
    settings: Settings,
    service: PracticeService,
    polls: AnsweredPolls | None = None,
    *,
    checker: AnswerChecker | None = None,
    budget: Pacer | None = None,
) -> Application:
    """The bot, talking to `settings.telegram.api_base_url`, with all handlers registered;
    long polls go through `polls` when given (it notes when Telegram last answered). Its
    replies draw on `budget`, the send budget shared with the daily send-out."""
    tg = settings.telegram
    if not tg.token:
        raise ValueError("TELEGRAM_BOT_TOKEN is not set")
    base = tg.api_base_url.rstrip("/")
    builder = (
        ApplicationBuilder()
        .token(tg.token.reveal())
        .base_url(f"{base}/bot")
        .base_file_url(f"{base}/file/bot")
        .rate_limiter(reply_limiter(budget or telegram_budget()))
        .concurrent_updates(PerChatUpdates())
        .request(RetryingRequest())
    )
    if polls is not None:
        builder = builder.get_updates_request(polls)
    # No PTB Updater: updates are stored before they are confirmed, by our own polling loop
    # or webhook server (inbound.py), and handed to Application.process_update from there.
    application = builder.updater(None).build()
    application.bot_data[handlers.DEPS_KEY] = handlers.Deps(
        dialogue=Dialogue(service, TELEGRAM, checker=checker),
        ids=keyboards.IdResolver([*service.corpus.questions, *service.corpus.topics]),
    )
    application.add_handlers(
        [
            # Handled to the end before the update counts as done (inbound.py); other chats
            # go on meanwhile (updates.PerChatUpdates), so a slow grading model holds up no one.
            ChatMemberHandler(team.on_my_chat_member, ChatMemberHandler.MY_CHAT_MEMBER),
            CallbackQueryHandler(team.on_press),  # group presses are the team's
            MessageHandler(
                filters.ChatType.GROUPS & ~filters.StatusUpdate.ALL, team.on_group_message
            ),
            MessageHandler(filters.ALL & ~filters.StatusUpdate.ALL, handlers.on_message),
        ]
    )
    application.add_error_handler(handlers.on_error)
    return application

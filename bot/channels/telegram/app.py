"""Wiring: the PTB Application, its HTTP settings and its two handlers (messages, presses)."""

from __future__ import annotations

from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    ChatMemberHandler,
    MessageHandler,
    filters,
)

from bot.channels.telegram import handlers, keyboards, team
from bot.channels.telegram.liveness import AnsweredPolls
from bot.config import Settings
from bot.dialogue import TELEGRAM, Dialogue
from bot.domain.practice import PracticeService

# AIORateLimiter gives up on the first 429 by default, which loses the message.
SEND_RETRIES = 3


def build_application(
    settings: Settings, service: PracticeService, polls: AnsweredPolls | None = None
) -> Application:
    """The bot, talking to `settings.telegram.api_base_url`, with all handlers registered;
    long polls go through `polls` when given (it notes when Telegram last answered)."""
    tg = settings.telegram
    if not tg.token:
        raise ValueError("TELEGRAM_BOT_TOKEN is not set")
    base = tg.api_base_url.rstrip("/")
    builder = (
        ApplicationBuilder()
        .token(tg.token.reveal())
        .base_url(f"{base}/bot")
        .base_file_url(f"{base}/file/bot")
        .rate_limiter(AIORateLimiter(max_retries=SEND_RETRIES))
    )
    if tg.mode == "webhook":
        builder = builder.updater(None)  # updates arrive through our own webhook server
    elif polls is not None:
        builder = builder.get_updates_request(polls)
    application = builder.build()
    application.bot_data[handlers.DEPS_KEY] = handlers.Deps(
        dialogue=Dialogue(service, TELEGRAM),
        ids=keyboards.IdResolver([*service.corpus.questions, *service.corpus.topics]),
    )
    application.add_handlers(
        [
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

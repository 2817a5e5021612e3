"""Wiring: the PTB Application, its HTTP settings and every handler, in one place."""

from __future__ import annotations

from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    filters,
)

from bot.channels.telegram import guards, handlers, keyboards
from bot.channels.telegram.request import RetryingRequest
from bot.config import Settings
from bot.domain.practice import PracticeService

# AIORateLimiter gives up on the first 429 by default, which loses the message.
SEND_RETRIES = 3


def build_application(settings: Settings, service: PracticeService) -> Application:
    """The bot, talking to `settings.telegram.api_base_url`, with all handlers registered."""
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
        .request(RetryingRequest())
    )
    # No PTB Updater: updates are stored before they are confirmed, by our own polling loop
    # or webhook server (inbound.py), and handed to Application.process_update from there.
    application = builder.updater(None).build()
    application.bot_data[handlers.DEPS_KEY] = handlers.Deps(
        service=service,
        questions=keyboards.IdResolver(service.corpus.questions),
        topics=keyboards.IdResolver(service.corpus.topics),
    )
    add_handlers(application)
    return application


def add_handlers(application: Application) -> None:
    commands = {
        "start": handlers.start,
        "help": handlers.help_command,
        "next": handlers.next_question,
        "answer": handlers.reveal,
        "stats": handlers.stats,
        "time": handlers.push_time,
        "tz": handlers.timezone,
        "pause": handlers.pause,
        "resume": handlers.resume,
        "topics": handlers.topics,
        "search": handlers.search,
        "forget": handlers.forget,
    }
    buttons = {
        keyboards.SHOW_ANSWER_PATTERN: handlers.show_answer,
        keyboards.RATE_PATTERN: handlers.rate_button,
        keyboards.MORE_PATTERN: handlers.one_more,
        keyboards.PRACTISE_PATTERN: handlers.practise_button,
        keyboards.TOPIC_PATTERN: handlers.toggle_topic,
        keyboards.ALL_TOPICS_PATTERN: handlers.all_topics,
        keyboards.FORGET_PATTERN: handlers.forget_answer,
    }
    application.add_handlers(
        [
            *(CommandHandler(name, callback) for name, callback in commands.items()),
            *(CallbackQueryHandler(callback, pattern=p) for p, callback in buttons.items()),
            CallbackQueryHandler(handlers.unknown_button),
            MessageHandler(
                filters.TEXT & ~filters.COMMAND & filters.Regex(handlers.RATING_TEXT),
                handlers.rate_text,
            ),
            MessageHandler(filters.ALL & ~filters.StatusUpdate.ALL, handlers.other_input),
        ]
    )
    application.add_handler(guards.screening_handler(), group=guards.GROUP)
    application.add_error_handler(handlers.on_error)

"""Daily delivery through Telegram: the DeliveryChannel the send queue calls for telegram users.

It sends through its own Bot, without PTB's AIORateLimiter. The limiter would retry a 429
inside one send (and pace by its own clock), hiding it from the send queue: the queue then
could not hold every other message for `retry_after`, nor count the 429s, nor record the
attempt it resends. Here a 429 comes out as RetryLater and the queue alone paces and retries.
Interactive replies keep the application's Bot and its limiter, a separate path: they never
wait behind a send-out, and the send-out stays at 28.5 of Telegram's 30 messages a second so
that they rarely meet a 429 (when they do, that limiter retries them).
"""

from __future__ import annotations

import os
from datetime import timedelta

from telegram import Bot
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter
from telegram.request import HTTPXRequest

from bot.channels.telegram import keyboards
from bot.channels.telegram.sender import CHANNEL, send_markdown
from bot.config import TelegramSettings
from bot.delivery.ports import RecipientGone, RetryLater, TransientFailure
from bot.domain.clock import Clock
from bot.domain.models import NothingDue, Question, QuestionCard, User
from bot.render.cards import question_card_md
from bot.render.messages import lang_of, missed_md, nothing_due_md

# PTB 22 gives time periods such as retry_after as timedelta only when opted in (read on each
# use); without it, every 429 it parses raises a deprecation warning.
os.environ["PTB_TIMEDELTA"] = "1"

# Telegram: about 30 messages a second overall for broadcasts, one a second per chat.
SEND_OUT_PER_SECOND = 28.5
PER_CHAT_INTERVAL = 1.0
# "chat not found": the account was deleted, so the chat is gone for good.
GONE_BAD_REQUESTS = ("chat not found", "user is deactivated")


class TelegramDelivery:
    name = CHANNEL
    max_per_second = SEND_OUT_PER_SECOND
    per_chat_interval = PER_CHAT_INTERVAL

    def __init__(self, bot: Bot, clock: Clock) -> None:
        self.bot = bot
        self.clock = clock

    @classmethod
    def from_settings(cls, telegram: TelegramSettings, clock: Clock) -> TelegramDelivery:
        if not telegram.token:
            raise ValueError("TELEGRAM_BOT_TOKEN is not set")
        base = telegram.api_base_url.rstrip("/")
        bot = Bot(
            telegram.token.reveal(),
            base_url=f"{base}/bot",
            base_file_url=f"{base}/file/bot",
            # No rate limiter (see above); the queue's workers bound the connections in use.
            request=HTTPXRequest(connection_pool_size=32, read_timeout=10.0),
        )
        return cls(bot, clock)

    async def start(self) -> None:
        await self.bot.initialize()

    async def close(self) -> None:
        await self.bot.shutdown()

    async def send_daily(
        self, user: User, card: QuestionCard | NothingDue, missed: Question | None
    ) -> str:
        if not user.chat_id:
            raise RecipientGone(f"Telegram user {user.external_id} has no chat")
        lang = lang_of(user.language)
        if isinstance(card, NothingDue):
            md = nothing_due_md(card, user, self.clock.now(), lang)
            markup = keyboards.more_keyboard(lang) if card.can_practise_more else None
        else:
            md = question_card_md(card, lang)
            markup = keyboards.question_keyboard(card.question.id, lang)
        if missed is not None:
            md = f"{missed_md(missed, lang)}\n\n{md}"
        try:
            sent = await send_markdown(self.bot, user.chat_id, md, markup)
        except RetryAfter as error:
            raise RetryLater(_seconds(error)) from error
        except Forbidden as error:
            raise RecipientGone(error.message) from error
        except BadRequest as error:  # a subclass of NetworkError: must come first
            if any(reason in error.message.lower() for reason in GONE_BAD_REQUESTS):
                raise RecipientGone(error.message) from error
            raise
        except NetworkError as error:  # includes TimedOut and HTTP 5xx
            raise TransientFailure(error.message) from error
        return str(sent[-1].message_id)


def _seconds(error: RetryAfter) -> float:
    retry_after = error.retry_after  # a timedelta: PTB_TIMEDELTA is set above
    return retry_after.total_seconds() if isinstance(retry_after, timedelta) else retry_after

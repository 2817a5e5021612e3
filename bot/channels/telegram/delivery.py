"""Daily delivery through Telegram: the DeliveryChannel the send queue calls for telegram users.

It sends through its own Bot, whose rate limiter takes a slot of the bot's send budget for
each message (behind the interactive replies, which draw on the same budget: see
rate_limit.py) and never retries: a 429 comes out as RetryLater, so the send queue holds the
whole budget for `retry_after`, counts it and records the attempt it resends.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from functools import lru_cache

from telegram import Bot, InlineKeyboardMarkup
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter
from telegram.ext import ExtBot

from bot.channels.telegram import keyboards
from bot.channels.telegram.aiohttp_request import AiohttpRequest
from bot.channels.telegram.rate_limit import retry_seconds, send_out_limiter
from bot.channels.telegram.sender import CHANNEL, NO_PREVIEW
from bot.config import TelegramSettings
from bot.delivery.pacing import Pacer
from bot.delivery.paid import PaidBroadcast, PaidQuota
from bot.delivery.ports import RecipientGone, RetryLater, TransientFailure
from bot.delivery.service import workers_for
from bot.dialogue.cards import daily_interview, more_button, show_answer_button
from bot.dialogue.replies import Buttons
from bot.domain.clock import Clock
from bot.domain.interview_service import DailyInterview
from bot.domain.models import NothingDue, Question, QuestionCard, User
from bot.render import telegram_messages
from bot.render.cards import question_card_md
from bot.render.messages import lang_of, missed_md, nothing_due_md

# PTB 22 gives time periods such as retry_after as timedelta only when opted in (read on each
# use); without it, every 429 it parses raises a deprecation warning.
os.environ["PTB_TIMEDELTA"] = "1"

logger = logging.getLogger(__name__)
# Telegram: about 30 messages a second per bot overall, one a second per chat. (The budget
# counts each message until a second after its answer, so network jitter cannot overrun it.)
PER_SECOND = 30.0
PER_CHAT_INTERVAL = 1.0
# "chat not found": the account was deleted, so the chat is gone for good.
GONE_BAD_REQUESTS = ("chat not found", "user is deactivated")


class TelegramDelivery:
    name = CHANNEL
    max_per_second = PER_SECOND
    per_chat_interval = PER_CHAT_INTERVAL

    def __init__(
        self,
        bot: Bot,
        clock: Clock,
        budget: Pacer | None = None,
        paid: PaidBroadcast | None = None,
    ) -> None:
        self.bot = bot
        self.clock = clock
        # The budget `bot`'s rate limiter draws on, if it has one (else the queue paces).
        self.budget = budget
        # Daily questions go as paid broadcasts while the day's quota lasts; `bot`'s rate
        # limiter paces them on the paid budget.
        self.paid = paid
        if paid is not None:
            self.max_per_second = paid.budget.limit
        self._connected = False

    @classmethod
    def from_settings(
        cls, telegram: TelegramSettings, clock: Clock, quota: PaidQuota | None = None
    ) -> TelegramDelivery:
        """`quota`: the daily cap of paid broadcasts, when telegram.paid_broadcast is on."""
        if not telegram.token:
            raise ValueError("TELEGRAM_BOT_TOKEN is not set")
        base = telegram.api_base_url.rstrip("/")
        budget = telegram_budget()
        paid = None
        if telegram.paid_broadcast and quota is not None:
            paid = PaidBroadcast(Pacer(telegram.paid_broadcast_rate, PER_CHAT_INTERVAL), quota)
        rate = paid.budget.limit if paid is not None else PER_SECOND
        bot = ExtBot(
            telegram.token.reveal(),
            base_url=f"{base}/bot",
            base_file_url=f"{base}/file/bot",
            # The queue's workers bound the connections in use.
            request=AiohttpRequest(connections=max(32, workers_for(rate) + 8)),
            rate_limiter=send_out_limiter(budget, paid.budget if paid is not None else None),
        )
        return cls(bot, clock, budget, paid)

    @property
    def paid_sent(self) -> int:
        """Messages sent as paid broadcasts so far (the send-out report counts them)."""
        return self.paid.quota.spent if self.paid is not None else 0

    async def start(self) -> None:
        """Connect now if Telegram answers; if not, the first send connects (and fails as a
        TransientFailure that the queue retries) rather than stopping the bot."""
        try:
            await self._connect()
        except NetworkError as error:
            logger.warning("Telegram not reachable for daily delivery yet: %s", error)

    async def _connect(self) -> None:
        if not self._connected:
            await self.bot.initialize()
            self._connected = True

    async def close(self) -> None:
        if self.paid is not None:
            await self.paid.quota.close()
        await self.bot.shutdown()

    async def send_daily(
        self,
        user: User,
        card: QuestionCard | NothingDue,
        missed: Question | None,
        interview: DailyInterview | None = None,
    ) -> str:
        if not user.chat_id:
            raise RecipientGone(f"Telegram user {user.external_id} has no chat")
        lang = lang_of(user.language)
        rows: Buttons
        if isinstance(card, NothingDue):
            md = nothing_due_md(card, user, self.clock.now(), lang)
            rows = ((more_button(lang),),) if card.can_practise_more else ()
        else:
            md = question_card_md(card, lang)
            rows = ((show_answer_button(card.question.id, lang),),)
        if missed is not None:
            md = f"{missed_md(missed, lang)}\n\n{md}"
        if interview is not None:
            line, outcome = daily_interview(interview, lang)
            md, rows = f"{line}\n\n{md}", (*rows, *outcome)
        parts = rendered(md)
        paid_day = await self.paid.quota.take(len(parts)) if self.paid is not None else None
        sent: list[int] = []
        try:
            await self._connect()  # when start-up could not
            markup = keyboards.markup(rows)
            await send_parts(
                self.bot, user.chat_id, parts, markup, paid=paid_day is not None, sent=sent
            )
        except RetryAfter as error:
            if self.paid is not None and paid_day is not None:  # the rest was not sent
                await self.paid.quota.refund(paid_day, len(parts) - len(sent))
            # With budgets, `bot`'s rate limiter held the one the message used (free or paid).
            raise RetryLater(retry_seconds(error), held=self.budget is not None) from error
        except Forbidden as error:
            raise RecipientGone(error.message) from error
        except BadRequest as error:  # a subclass of NetworkError: must come first
            if any(reason in error.message.lower() for reason in GONE_BAD_REQUESTS):
                raise RecipientGone(error.message) from error
            raise
        except NetworkError as error:  # includes TimedOut and HTTP 5xx
            raise TransientFailure(error.message) from error
        return str(sent[-1])


async def send_parts(
    bot: Bot,
    chat_id: str,
    parts: Sequence[str],
    reply_markup: InlineKeyboardMarkup | None,
    *,
    paid: bool,
    sent: list[int],
) -> None:
    """Like sender.send_html, but collects only the message ids: the send-out needs nothing
    else, and turning each answer into a telegram.Message cost a tenth of its CPU at 1,000
    messages a second. The request goes the same way (defaults, rate limiter, errors)."""
    for number, html in enumerate(parts, 1):
        data = {
            "chat_id": chat_id,
            "text": html,
            "parse_mode": ParseMode.HTML,
            "link_preview_options": NO_PREVIEW,
            "reply_markup": reply_markup if number == len(parts) else None,
            "allow_paid_broadcast": paid or None,
        }
        result = await bot._post("sendMessage", data)  # noqa: SLF001  (Bot.send_message less the Message)
        sent.append(int(result["message_id"]))


@lru_cache(maxsize=4096)
def rendered(md: str) -> tuple[str, ...]:
    """The HTML messages of a daily message: a send-out renders the same few questions for
    thousands of users, so each is rendered once."""
    return tuple(telegram_messages(md))


def telegram_budget() -> Pacer:
    """One bot's send budget: share it between the send-out and the interactive replies."""
    return Pacer(PER_SECOND, PER_CHAT_INTERVAL)

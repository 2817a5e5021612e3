"""Team delivery through Telegram: the question of the day and the weekly board in groups.

Like the personal delivery it sends through its own Bot without PTB's rate limiter, so that a
429 reaches the send queue. Groups take 20 messages a minute: one per group every 3 seconds.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta

from telegram import Bot
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter
from telegram.request import HTTPXRequest

from bot.channels.telegram.sender import send_markdown
from bot.channels.telegram.team_keyboards import team_question_markup
from bot.config import TelegramSettings
from bot.delivery.ports import RecipientGone, RetryLater, TransientFailure
from bot.dialogue.team_cards import board_md, team_question_md
from bot.domain.team_models import Board, TeamQuestion
from bot.render import telegram_messages
from bot.render.messages import lang_of

logger = logging.getLogger(__name__)

GROUP_INTERVAL = 3.0  # 20 messages a minute per group
SEND_OUT_PER_SECOND = 28.5
# The group is gone for good (deleted, or upgraded to a supergroup with a new id).
GONE_BAD_REQUESTS = ("chat not found", "group chat was upgraded", "chat_write_forbidden")


class TelegramTeamDelivery:
    name = "telegram"
    max_per_second = SEND_OUT_PER_SECOND
    per_chat_interval = GROUP_INTERVAL

    def __init__(self, bot: Bot) -> None:
        self.bot = bot
        self._connected = False

    @classmethod
    def from_settings(cls, telegram: TelegramSettings) -> TelegramTeamDelivery:
        if not telegram.token:
            raise ValueError("TELEGRAM_BOT_TOKEN is not set")
        base = telegram.api_base_url.rstrip("/")
        bot = Bot(
            telegram.token.reveal(),
            base_url=f"{base}/bot",
            base_file_url=f"{base}/file/bot",
            request=HTTPXRequest(connection_pool_size=8, read_timeout=10.0),
        )
        return cls(bot)

    async def start(self) -> None:
        """Connect now if Telegram answers; if not, the first send connects (a transient
        failure the queue retries) rather than stopping the bot."""
        try:
            await self._connect()
        except NetworkError as error:
            logger.warning("Telegram not reachable for team questions yet: %s", error)

    async def _connect(self) -> None:
        if not self._connected:
            await self.bot.initialize()  # getMe: the username the deep links name
            self._connected = True

    async def close(self) -> None:
        await self.bot.shutdown()

    async def send_team_question(self, view: TeamQuestion) -> str:
        lang = lang_of(view.team.language)
        async with _mapped():
            await self._connect()
            markup = team_question_markup(view, self.bot.username)
            sent = await send_markdown(
                self.bot, view.team.chat_id, team_question_md(view, lang), markup
            )
        return str(sent[-1].message_id)

    async def send_board(self, board: Board) -> str:
        async with _mapped():
            sent = await send_markdown(
                self.bot, board.team.chat_id, board_md(board, lang_of(board.team.language))
            )
        return str(sent[-1].message_id)

    async def update_roll_call(self, view: TeamQuestion) -> None:
        lang = lang_of(view.team.language)
        html = telegram_messages(team_question_md(view, lang))[-1]
        async with _mapped():
            await self._connect()
            try:
                await self.bot.edit_message_text(
                    html,
                    chat_id=view.team.chat_id,
                    message_id=int(view.message_id or 0),
                    parse_mode=ParseMode.HTML,
                    reply_markup=team_question_markup(view, self.bot.username),
                )
            except BadRequest as error:
                if "not modified" not in error.message.lower():
                    raise


@asynccontextmanager
async def _mapped() -> AsyncIterator[None]:
    """Telegram's errors as the send queue's: 403 (kicked) means the team is gone."""
    try:
        yield
    except RetryAfter as error:
        wait = error.retry_after
        raise RetryLater(wait.total_seconds() if isinstance(wait, timedelta) else wait) from error
    except Forbidden as error:
        raise RecipientGone(error.message) from error
    except BadRequest as error:  # a subclass of NetworkError: must come first
        if any(reason in error.message.lower() for reason in GONE_BAD_REQUESTS):
            raise RecipientGone(error.message) from error
        raise
    except NetworkError as error:
        raise TransientFailure(error.message) from error

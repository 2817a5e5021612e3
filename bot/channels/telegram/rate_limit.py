"""PTB's rate limiter for the interactive bot: every message it sends takes a slot of the bot's
one send budget (shared with the daily send-out) ahead of the send-out's messages.

Telegram counts sent and edited messages toward about 30 a second per bot, and new messages
toward one a second per chat; button answers, chat actions and getUpdates are not messages.
A 429 holds the whole budget (the send-out too) for retry_after, then the reply is resent.
"""

from __future__ import annotations

import asyncio
import logging
import warnings
from collections.abc import Callable, Coroutine
from datetime import timedelta
from typing import Any

from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter
from telegram.warnings import PTBDeprecationWarning

from bot.delivery.pacing import Pacer

log = logging.getLogger(__name__)

# A reply lost to a 429 would leave the user waiting: retry it a few times.
SEND_RETRIES = 3
MESSAGE_PREFIXES = ("send", "copy", "forward")
NOT_MESSAGES = frozenset({"sendChatAction"})


class BudgetRateLimiter(BaseRateLimiter[None]):
    def __init__(self, budget: Pacer, max_retries: int = SEND_RETRIES) -> None:
        self.budget = budget
        self.max_retries = max_retries

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, Any]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: None,
    ) -> Any:
        new_message = endpoint.startswith(MESSAGE_PREFIXES) and endpoint not in NOT_MESSAGES
        counted = new_message or endpoint.startswith("edit")
        chat = data.get("chat_id") if new_message else None
        for attempt in range(self.max_retries + 1):
            if counted:
                await self.budget.acquire(None if chat is None else str(chat), urgent=True)
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as error:
                if attempt >= self.max_retries:
                    raise
                seconds = retry_seconds(error)
                log.warning("%s got 429: holding every send for %.1f s", endpoint, seconds)
                self.budget.pause(seconds)
                if not counted:
                    await asyncio.sleep(seconds)
        raise AssertionError("unreachable")


def retry_seconds(error: RetryAfter) -> float:
    with warnings.catch_warnings():  # PTB warns about int vs timedelta; either is fine here
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = error.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)

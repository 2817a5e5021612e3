"""PTB's rate limiter on the bot's send budget: every message takes a slot of the one budget
shared by the interactive replies and the daily send-out, right before its request leaves.

Both Bots use it: the application's (replies: urgent, ahead of the send-out; a 429 is retried
after retry_after) and the daily delivery's (not urgent; a 429 goes up to the send queue,
which holds the whole budget and resends). Taking the slot in the request path counts each
part of a split message and keeps the gap between the grant and the request small: Telegram
counts arrivals over a sliding window. Telegram counts sent and edited messages toward about
30 a second per bot, and new messages toward one a second per chat; button answers, chat
actions and getUpdates are not messages.
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
REPLY_RETRIES = 3
MESSAGE_PREFIXES = ("send", "copy", "forward")
NOT_MESSAGES = frozenset({"sendChatAction"})


class BudgetRateLimiter(BaseRateLimiter[None]):
    def __init__(
        self, budget: Pacer, *, urgent: bool, max_retries: int, paid: Pacer | None = None
    ) -> None:
        self.budget = budget
        self.urgent = urgent
        self.max_retries = max_retries
        # Paid broadcasts (allow_paid_broadcast) do not count toward the free 30 a second:
        # they take a slot of their own, faster budget.
        self.paid = paid

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
        budget = self.budget
        if self.paid is not None and data.get("allow_paid_broadcast"):
            budget = self.paid
        for attempt in range(self.max_retries + 1):
            try:
                if not counted:
                    return await callback(*args, **kwargs)
                async with budget.slot(None if chat is None else str(chat), urgent=self.urgent):
                    return await callback(*args, **kwargs)
            except RetryAfter as error:
                seconds = retry_seconds(error)
                budget.pause(seconds)  # the limit is per bot: hold every send
                if attempt >= self.max_retries:
                    raise
                log.warning("%s got 429: retrying after %.1f s", endpoint, seconds)
                if not counted:
                    await asyncio.sleep(seconds)
        raise AssertionError("unreachable")


def retry_seconds(error: RetryAfter) -> float:
    with warnings.catch_warnings():  # PTB warns about int vs timedelta; either is fine here
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = error.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


def reply_limiter(budget: Pacer) -> BudgetRateLimiter:
    """For the application's Bot: replies go first and are retried after a 429."""
    return BudgetRateLimiter(budget, urgent=True, max_retries=REPLY_RETRIES)


def send_out_limiter(budget: Pacer, paid: Pacer | None = None) -> BudgetRateLimiter:
    """For the daily delivery's Bot: behind the replies; a 429 is the send queue's to handle.
    `paid`: the budget of its paid broadcasts, if it sends any."""
    return BudgetRateLimiter(budget, urgent=False, max_retries=0, paid=paid)

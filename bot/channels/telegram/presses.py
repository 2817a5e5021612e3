"""Answering a button press (answerCallbackQuery), which Telegram accepts for a limited time."""

from __future__ import annotations

import logging
from typing import Any

from telegram import CallbackQuery
from telegram.error import BadRequest

logger = logging.getLogger(__name__)

# Telegram's words for a press it stopped waiting for an answer to, or never knew.
EXPIRED = ("query is too old", "query id is invalid")


async def answer_press(query: CallbackQuery, text: str | None = None, **options: Any) -> None:
    """Answer `query`. A press Telegram no longer waits for (one made before a long restart and
    handled afterwards) is let go: what it did is saved and its replies still go to the chat,
    so the user should see those rather than an error."""
    try:
        await query.answer(text, **options)
    except BadRequest as error:
        if not any(words in str(error).lower() for words in EXPIRED):
            raise
        logger.debug("Press %s answered too late: %s", query.id, error)

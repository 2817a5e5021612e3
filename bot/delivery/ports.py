"""What daily delivery needs from a channel, and how a channel reports a failed send."""

from __future__ import annotations

from typing import Protocol

from bot.domain.interview_service import DailyInterview
from bot.domain.models import NothingDue, Question, QuestionCard, User


class RecipientGone(Exception):
    """The user cannot be reached any more (blocked the bot, left the workspace): deactivate."""


class RetryLater(Exception):
    """The platform asked us to slow down; resend the same message after `retry_after` seconds."""

    def __init__(self, retry_after: float, *, held: bool = False) -> None:
        super().__init__(f"retry after {retry_after}s")
        self.retry_after = retry_after
        # True: the channel has already held the send budget the message used (it may have
        # several), so the send queue need not hold its own.
        self.held = held


class TransientFailure(Exception):
    """Network error or server-side 5xx: retry with backoff."""


class DeliveryChannel(Protocol):
    name: str  # the channel users are registered under: "telegram", "slack"
    max_per_second: float  # the platform's overall send limit
    per_chat_interval: float  # seconds between two messages to the same chat
    # Optional: `start()` / `close()` coroutines, and `budget`: a pacing.Pacer shared with the
    # channel's interactive replies, of which the channel takes a slot for every message it
    # sends (the queue then only pauses it on a 429); without one the queue paces the channel.

    async def send_daily(
        self,
        user: User,
        card: QuestionCard | NothingDue,
        missed: Question | None,
        interview: DailyInterview | None = None,
    ) -> str:
        """Send the day's question (or a nothing-due note); return the platform message id.

        `missed` is the question the user left unanswered on an earlier day, if any;
        `interview` what to say about the user's interview (today's plan, or how it went).
        Raises RecipientGone, RetryLater or TransientFailure.
        """

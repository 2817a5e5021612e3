"""What team delivery needs from a channel: post the question of the day and the weekly board
to a group, and edit the question's roll call. Failures are reported as for personal pushes
(bot.delivery.ports): RecipientGone (the bot was removed), RetryLater, TransientFailure."""

from __future__ import annotations

from typing import Protocol

from bot.domain.team_models import Board, TeamQuestion


class TeamChannel(Protocol):
    name: str  # the channel teams are registered under: "telegram", "slack"
    max_per_second: float  # the platform's overall send limit
    per_chat_interval: float  # seconds between two messages to the same group

    async def send_team_question(self, view: TeamQuestion) -> str:
        """Post the question with "Answer privately" and "Show answer"; return its message id."""

    async def send_board(self, board: Board) -> str:
        """Post the weekly board; return its message id."""

    async def update_roll_call(self, view: TeamQuestion) -> None:
        """Edit the posted question (view.message_id) to show who has practised it."""

"""Practice errors carry a stable code (for channels to translate) and an English reason."""

from __future__ import annotations

from typing import Any


class PracticeError(Exception):
    """A user-facing refusal. `code` is stable; `params` fill the channel's message template."""

    code = "error"

    def __init__(self, reason: str, **params: Any) -> None:
        super().__init__(reason)
        self.reason = reason
        self.params = params


class AccessDenied(PracticeError):
    code = "access_denied"


class UnknownUser(PracticeError):
    code = "unknown_user"


class NoCurrentQuestion(PracticeError):
    code = "no_current_question"


class StaleQuestion(PracticeError):
    """A button or command refers to a question that is no longer open (old day, removed)."""

    code = "stale_question"


class AlreadyRated(PracticeError):
    code = "already_rated"


class UnknownQuestion(PracticeError):
    code = "unknown_question"


class InvalidSetting(PracticeError):
    code = "invalid_setting"


class InvalidRating(PracticeError):
    code = "invalid_rating"

"""Practice refusals: a stable code and its parameters; the dialogue words them per language."""

from __future__ import annotations

from typing import Any


class PracticeError(Exception):
    """A user-facing refusal. `code` is stable; `params` fill the dialogue's message."""

    code = "error"

    def __init__(self, **params: Any) -> None:
        super().__init__(f"{self.code} {params}" if params else self.code)
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
    """`setting` names what was refused (push_time, timezone, topics), `value` what was sent."""

    code = "invalid_setting"


class InvalidRating(PracticeError):
    code = "invalid_rating"


class UnknownTeam(PracticeError):
    code = "unknown_team"


class NotTeamAdmin(PracticeError):
    """A team setting was asked for by someone who does not run the group."""

    code = "not_team_admin"

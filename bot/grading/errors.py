"""Refusals of the answer checker, in the practice engine's style: a code and parameters
that the dialogue puts into words."""

from __future__ import annotations

from bot.domain.errors import PracticeError


class EmptyAnswer(PracticeError):
    code = "empty_answer"


class AnswerTooLong(PracticeError):
    code = "answer_too_long"


class NothingToKeep(PracticeError):
    """`save_own_answer` without a text and without an earlier answer to keep."""

    code = "nothing_to_keep"

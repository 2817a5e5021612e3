"""Refusals of interview-date requests: a stable code plus parameters, worded by the dialogue."""

from __future__ import annotations

from bot.domain.errors import PracticeError


class InterviewError(PracticeError):
    code = "interview_error"


class InvalidInterviewDate(InterviewError):
    """Not a YYYY-MM-DD calendar date. params: value."""

    code = "interview_date_invalid"


class PastInterviewDate(InterviewError):
    """A date before the user's local today. params: value (date), today (date)."""

    code = "interview_date_past"


class FarInterviewDate(InterviewError):
    """Further ahead than a plan reaches. params: value (date), latest (date)."""

    code = "interview_date_too_far"


class InvalidInterviewTarget(InterviewError):
    """Target recall outside its range. params: value, low, high."""

    code = "interview_target_invalid"


class InvalidInterviewOutcome(InterviewError):
    """Not one of the outcomes offered. params: value, allowed (tuple)."""

    code = "interview_outcome_invalid"


class NoInterviewOutcomeDue(InterviewError):
    """There is no past interview to record an outcome for. params: none."""

    code = "interview_outcome_not_due"

"""Value objects of team practice: the team, its members, its daily question and weekly board."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from bot.domain.models import Question, Topic

QUESTION, BOARD = "question", "board"  # the two kinds of team delivery
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True, slots=True)
class Team:
    id: int
    channel: str  # "telegram", "slack"
    chat_id: str  # the group chat or channel
    title: str | None
    owner_id: str | None  # the platform id of who added the bot
    timezone: str
    push_time: str  # "HH:MM" local: the question of the day
    board_weekday: int  # 0 = Monday
    board_time: str  # "HH:MM" local
    topics: tuple[str, ...] | None  # None: every topic
    language: str | None
    paused: bool
    active: bool
    created_at: datetime
    next_push_at: datetime | None = None
    next_board_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Member:
    user_id: int
    name: str
    hidden: bool
    team_only: bool


@dataclass(frozen=True, slots=True)
class TeamDelivery:
    """One team message of one local day (the question, or the board), with its team."""

    id: int
    team: Team
    kind: str  # QUESTION | BOARD
    local_date: date
    status: str
    question_id: str | None
    message_id: str | None
    attempts: int
    claimed_at: datetime


@dataclass(frozen=True, slots=True)
class TeamQuestion:
    """The question of the day as the group sees it, with its roll call (names only)."""

    team: Team
    delivery_id: int
    question: Question
    topic: Topic
    practised: tuple[str, ...]  # names of members who practised it, in order
    hidden_practised: int = 0  # members who practised it but chose not to be named
    message_id: str | None = None  # the group message, once sent


@dataclass(frozen=True, slots=True)
class BoardRow:
    name: str
    streak: int
    reviewed: int  # reviews this week


@dataclass(frozen=True, slots=True)
class WeakTopic:
    topic: Topic
    reviews: int  # the team's reviews of this topic this week
    average_rating: float  # 1 (Again) .. 4 (Easy)


@dataclass(frozen=True, slots=True)
class Board:
    """The weekly board: named rows (hidden members left out), team totals, weakest topics."""

    team: Team
    week_start: date
    week_end: date
    rows: tuple[BoardRow, ...]
    members: int
    practised: int  # members with at least one review this week
    reviews: int  # the whole team's reviews this week
    weakest: tuple[WeakTopic, ...]

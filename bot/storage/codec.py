"""Conversions between Python values and their column forms (the same on both databases)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

from bot.domain.models import CardState, Presentation, Rating, User
from bot.storage.sql import Row


def ts(value: datetime | None) -> str | None:
    """UTC ISO-8601 with fixed microseconds, so text order is time order."""
    if value is None:
        return None
    return value.astimezone(UTC).isoformat(timespec="microseconds")


def parse_ts(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def parse_required_ts(value: str) -> datetime:
    """A NOT NULL timestamp column."""
    return datetime.fromisoformat(value)


def day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def row_to_user(row: Row) -> User:
    topics = json.loads(row["topics"]) if row["topics"] else None
    return User(
        id=row["id"],
        channel=row["channel"],
        external_id=row["external_id"],
        chat_id=row["chat_id"],
        timezone=row["timezone"],
        push_time=row["push_time"],
        paused=bool(row["paused"]),
        active=bool(row["active"]),
        language=row["language"],
        topics=tuple(topics) if topics is not None else None,
        created_at=parse_required_ts(row["created_at"]),
        display_name=row["display_name"],
        next_push_at=parse_ts(row["next_push_at"]),
        open_questions=bool(row["open_questions"]),
    )


def row_to_card(row: Row) -> CardState:
    return CardState(
        question_id=row["question_id"],
        state=row["state"],
        step=row["step"],
        stability=row["stability"],
        difficulty=row["difficulty"],
        due=parse_required_ts(row["due"]),
        last_review=parse_ts(row["last_review"]),
        reps=row["reps"],
        lapses=row["lapses"],
    )


def row_to_presentation(row: Row) -> Presentation:
    return Presentation(
        question_id=row["question_id"],
        local_date=date.fromisoformat(row["local_date"]),
        shown_at=parse_required_ts(row["shown_at"]),
        revealed=bool(row["revealed"]),
        rating=Rating(row["rating"]) if row["rating"] is not None else None,
        was_new=bool(row["was_new"]),
        skipped=bool(row["skipped"]),
    )

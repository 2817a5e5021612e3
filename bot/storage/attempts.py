"""Repositories of answer attempts, users' own reference answers and model-call usage."""

from __future__ import annotations

import json
from datetime import date, datetime

from bot.domain.models import Rating
from bot.grading.verdict import AnswerSource, Attempt, GraderKind
from bot.storage.codec import day, parse_required_ts, ts
from bot.storage.repositories import _Repo
from bot.storage.sql import Row


class AttemptsRepo(_Repo):
    async def open_for(self, user_id: int, question_id: str, since: datetime) -> Attempt | None:
        """The latest unrated attempt at the question started at or after `since`."""
        row = await self.conn.fetchone(
            "SELECT * FROM answer_attempts WHERE user_id = ? AND question_id = ?"
            " AND chosen_rating IS NULL AND created_at >= ? ORDER BY created_at DESC, id DESC LIMIT 1",
            (user_id, question_id, ts(since)),
        )
        return _attempt(row) if row else None

    async def latest(self, user_id: int, question_id: str) -> Attempt | None:
        row = await self.conn.fetchone(
            "SELECT * FROM answer_attempts WHERE user_id = ? AND question_id = ?"
            " ORDER BY created_at DESC, id DESC LIMIT 1",
            (user_id, question_id),
        )
        return _attempt(row) if row else None

    async def add(self, user_id: int, attempt: Attempt) -> int:
        attempt_id: int = await self.conn.fetchval(
            "INSERT INTO answer_attempts (user_id, question_id, answer_text, parts, source, grader,"
            " score, covered, missed, suggested_rating, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            (
                user_id,
                attempt.question_id,
                attempt.answer,
                attempt.parts,
                attempt.source.value,
                attempt.grader.value,
                attempt.score,
                _json(attempt.covered),
                _json(attempt.missed),
                attempt.suggested,
                ts(attempt.created_at),
                ts(attempt.updated_at),
            ),
        )
        return attempt_id

    async def replace_answer(self, attempt: Attempt) -> None:
        """Store a grown answer (another part arrived) with its new grade."""
        await self.conn.execute(
            "UPDATE answer_attempts SET answer_text = ?, parts = ?, source = ?, grader = ?,"
            " score = ?, covered = ?, missed = ?, suggested_rating = ?, updated_at = ? WHERE id = ?",
            (
                attempt.answer,
                attempt.parts,
                attempt.source.value,
                attempt.grader.value,
                attempt.score,
                _json(attempt.covered),
                _json(attempt.missed),
                attempt.suggested,
                ts(attempt.updated_at),
                attempt.id,
            ),
        )

    async def set_rating(self, attempt_id: int, rating: int, at: datetime) -> None:
        await self.conn.execute(
            "UPDATE answer_attempts SET chosen_rating = ?, rated_at = ? WHERE id = ?",
            (rating, ts(at), attempt_id),
        )

    async def agreement(self, user_id: int) -> tuple[int, int, int, int, int, int]:
        """(ratings in all, answered, compared, agreed, rated higher, rated lower)."""
        row = await self.conn.fetchone(
            "SELECT (SELECT COUNT(*) FROM reviews WHERE user_id = ?),"
            " COUNT(*), COUNT(suggested_rating),"
            " COALESCE(SUM(CASE WHEN chosen_rating = suggested_rating THEN 1 ELSE 0 END), 0),"
            " COALESCE(SUM(CASE WHEN chosen_rating > suggested_rating THEN 1 ELSE 0 END), 0),"
            " COALESCE(SUM(CASE WHEN chosen_rating < suggested_rating THEN 1 ELSE 0 END), 0)"
            " FROM answer_attempts WHERE user_id = ? AND chosen_rating IS NOT NULL",
            (user_id, user_id),
        )
        assert row is not None  # an aggregate always gives one row
        return (row[0], row[1], row[2], row[3], row[4], row[5])

    async def count(self, user_id: int) -> int:
        return await self._count(
            "SELECT COUNT(*) FROM answer_attempts WHERE user_id = ?", (user_id,)
        )


class OwnAnswersRepo(_Repo):
    async def save(self, user_id: int, question_id: str, text: str, at: datetime) -> None:
        await self.conn.execute(
            "INSERT INTO user_answers (user_id, question_id, answer_text, updated_at)"
            " VALUES (?, ?, ?, ?) ON CONFLICT (user_id, question_id) DO UPDATE"
            " SET answer_text = excluded.answer_text, updated_at = excluded.updated_at",
            (user_id, question_id, text, ts(at)),
        )

    async def get(self, user_id: int, question_id: str) -> str | None:
        row = await self.conn.fetchone(
            "SELECT answer_text FROM user_answers WHERE user_id = ? AND question_id = ?",
            (user_id, question_id),
        )
        return row[0] if row else None


class ModelUsageRepo(_Repo):
    async def take(self, user_id: int, local: date, limit: int) -> bool:
        """Count one call on the user's day; False (nothing counted) once `limit` are used."""
        if limit <= 0:
            return False
        changed = await self.conn.execute(
            "INSERT INTO model_usage (user_id, local_date, calls) VALUES (?, ?, 1)"
            " ON CONFLICT (user_id, local_date) DO UPDATE SET calls = model_usage.calls + 1"
            " WHERE model_usage.calls < ?",
            (user_id, day(local), limit),
        )
        return changed == 1

    async def used(self, user_id: int, local: date) -> int:
        row = await self.conn.fetchone(
            "SELECT calls FROM model_usage WHERE user_id = ? AND local_date = ?",
            (user_id, day(local)),
        )
        return row[0] if row else 0


def _json(points: tuple[str, ...]) -> str:
    return json.dumps(list(points), ensure_ascii=False)


def _attempt(row: Row) -> Attempt:
    return Attempt(
        id=row["id"],
        question_id=row["question_id"],
        answer=row["answer_text"],
        parts=row["parts"],
        source=AnswerSource(row["source"]),
        grader=GraderKind(row["grader"]),
        score=row["score"],
        covered=tuple(json.loads(row["covered"])),
        missed=tuple(json.loads(row["missed"])),
        suggested=Rating(row["suggested_rating"]) if row["suggested_rating"] else None,
        chosen=Rating(row["chosen_rating"]) if row["chosen_rating"] else None,
        created_at=parse_required_ts(row["created_at"]),
        updated_at=parse_required_ts(row["updated_at"]),
    )

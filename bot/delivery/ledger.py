"""The delivery rows and the user columns daily delivery reads and writes (SQL only, no policy).

Every function takes an open unit of work (one transaction) from `Store.unit()`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from bot.domain.models import User
from bot.storage.codec import day, parse_ts, row_to_user, ts

CLAIMED, SENT, FAILED, SKIPPED = "claimed", "sent", "failed", "skipped"


@dataclass(frozen=True, slots=True)
class DeliveryRow:
    """One user's delivery for one local day, with the user it goes to."""

    id: int
    user: User
    local_date: date
    status: str
    question_id: str | None  # None: not picked yet, or nothing was due
    attempts: int  # sends started; > 0 while still claimed means "possibly sent"
    claimed_at: datetime


def _conn(uow: Any) -> Any:
    return uow.deliveries.conn


async def _all(uow: Any, sql: str, params: tuple[Any, ...] = ()) -> list[Any]:
    async with _conn(uow).execute(sql, params) as cur:
        return list(await cur.fetchall())


async def due_users(uow: Any, channel: str, now: datetime, limit: int) -> list[User]:
    """Active, unpaused users of `channel` whose next push time has come, earliest first."""
    rows = await _all(
        uow,
        "SELECT * FROM users WHERE channel = ? AND active = 1 AND paused = 0"
        " AND next_push_at <= ? ORDER BY next_push_at, id LIMIT ?",
        (channel, ts(now), limit),
    )
    return [row_to_user(r) for r in rows]


async def unscheduled_users(uow: Any, channel: str) -> list[User]:
    rows = await _all(
        uow,
        "SELECT * FROM users WHERE channel = ? AND active = 1 AND paused = 0"
        " AND next_push_at IS NULL",
        (channel,),
    )
    return [row_to_user(r) for r in rows]


async def claimed_rows(uow: Any, channel: str, limit: int, after_id: int = 0) -> list[DeliveryRow]:
    """Rows still claimed (never sent, or sent but not confirmed) for `channel`, oldest first.

    Only this store's own claims (and those it adopted from a dead sender): never a row
    another live process has just claimed and is about to send.
    """
    rows = await _all(
        uow,
        "SELECT d.id AS delivery_id, d.local_date AS delivery_date, d.status, d.question_id,"
        " d.attempts, d.claimed_at, u.* FROM deliveries d JOIN users u ON u.id = d.user_id"
        " WHERE d.status = ? AND u.channel = ? AND d.id > ? AND d.claimed_by = ?"
        " ORDER BY d.id LIMIT ?",
        (CLAIMED, channel, after_id, uow.deliveries.claimer, limit),
    )
    return [_delivery(r) for r in rows]


async def get(uow: Any, delivery_id: int) -> DeliveryRow | None:
    rows = await _all(
        uow,
        "SELECT d.id AS delivery_id, d.local_date AS delivery_date, d.status, d.question_id,"
        " d.attempts, d.claimed_at, u.* FROM deliveries d JOIN users u ON u.id = d.user_id"
        " WHERE d.id = ?",
        (delivery_id,),
    )
    return _delivery(rows[0]) if rows else None


def _delivery(row: Any) -> DeliveryRow:
    return DeliveryRow(
        id=row["delivery_id"],
        user=row_to_user(row),
        local_date=date.fromisoformat(row["delivery_date"]),
        status=row["status"],
        question_id=row["question_id"],
        attempts=row["attempts"],
        claimed_at=parse_ts(row["claimed_at"]),
    )


async def start_attempt(uow: Any, delivery_id: int, question_id: str | None) -> None:
    """Recorded before each send, so a restart can tell "possibly sent" from "never tried"."""
    await _conn(uow).execute(
        "UPDATE deliveries SET question_id = ?, attempts = attempts + 1 WHERE id = ?",
        (question_id, delivery_id),
    )


async def mark_sent(uow: Any, delivery_id: int, message_id: str, at: datetime) -> None:
    await _conn(uow).execute(
        "UPDATE deliveries SET status = ?, message_id = ?, sent_at = ?, error = NULL"
        " WHERE id = ? AND status = ?",
        (SENT, message_id, ts(at), delivery_id, CLAIMED),
    )


async def finish(uow: Any, delivery_id: int, status: str, error: str) -> None:
    """Close a claimed row without a message: failed (gave up) or skipped (not sent on purpose)."""
    await _conn(uow).execute(
        "UPDATE deliveries SET status = ?, error = ? WHERE id = ? AND status = ?",
        (status, error[:500], delivery_id, CLAIMED),
    )


async def note_error(uow: Any, delivery_id: int, error: str) -> None:
    """The last failed attempt of a row that stays claimed (it will be retried)."""
    await _conn(uow).execute(
        "UPDATE deliveries SET error = ? WHERE id = ?", (error[:500], delivery_id)
    )


async def counts_around(
    uow: Any, first: date, last: date
) -> list[tuple[str, str, date, str, int, int]]:
    """(channel, timezone, local day, status, rows, rows with a send started) per group."""
    rows = await _all(
        uow,
        "SELECT u.channel, u.timezone, d.local_date, d.status, COUNT(*),"
        " SUM(d.attempts > 0) FROM deliveries d JOIN users u ON u.id = d.user_id"
        " WHERE d.local_date BETWEEN ? AND ? GROUP BY 1, 2, 3, 4",
        (day(first), day(last)),
    )
    return [(r[0], r[1], date.fromisoformat(r[2]), r[3], r[4], r[5] or 0) for r in rows]


async def due_counts(uow: Any, now: datetime) -> dict[str, int]:
    """Users per channel whose next push time has come (waiting for the send queue)."""
    rows = await _all(
        uow,
        "SELECT channel, COUNT(*) FROM users WHERE active = 1 AND paused = 0"
        " AND next_push_at <= ? GROUP BY channel",
        (ts(now),),
    )
    return {r[0]: r[1] for r in rows}


async def pending_counts(uow: Any, channel: str, now: datetime) -> tuple[int, int]:
    """(rows left claimed, users due) for `channel`: whether a send-out has anything to do."""
    claimed = await _all(
        uow,
        "SELECT COUNT(*) FROM deliveries d JOIN users u ON u.id = d.user_id"
        " WHERE d.status = ? AND u.channel = ?",
        (CLAIMED, channel),
    )
    due = await _all(
        uow,
        "SELECT COUNT(*) FROM users WHERE channel = ? AND active = 1 AND paused = 0"
        " AND next_push_at <= ?",
        (channel, ts(now)),
    )
    return claimed[0][0], due[0][0]

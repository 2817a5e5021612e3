"""Repositories: one class per table, each method one statement. Transactions belong to the caller."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from bot.domain.deliveries import CLAIMED, SENT, DeliveryGroup, DeliveryRow
from bot.domain.fsrs_fit import FitResult
from bot.domain.models import CardState, Presentation, User
from bot.storage.codec import (
    day,
    parse_required_ts,
    row_to_card,
    row_to_presentation,
    row_to_user,
    ts,
)
from bot.storage.sql import Connection, Row

USER_COLUMNS = {
    "chat_id",
    "display_name",
    "timezone",
    "push_time",
    "paused",
    "active",
    "language",
    "topics",
    "next_push_at",
    "open_questions",
}


class _Repo:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    async def _count(self, sql: str, params: Sequence[Any] = ()) -> int:
        """The number an aggregate query returns (its one row always exists)."""
        return int(await self.conn.fetchval(sql, params) or 0)


def _marks(values: Sequence[Any]) -> str:
    """The placeholders of an IN list."""
    return ", ".join("?" for _ in values)


class UsersRepo(_Repo):
    async def get(self, user_id: int) -> User | None:
        row = await self.conn.fetchone("SELECT * FROM users WHERE id = ?", (user_id,))
        return row_to_user(row) if row else None

    async def find(self, channel: str, external_id: str) -> User | None:
        row = await self.conn.fetchone(
            "SELECT * FROM users WHERE channel = ? AND external_id = ?", (channel, external_id)
        )
        return row_to_user(row) if row else None

    async def insert(
        self,
        *,
        channel: str,
        external_id: str,
        chat_id: str | None,
        display_name: str | None,
        timezone: str,
        push_time: str,
        language: str | None,
        created_at: datetime,
        next_push_at: datetime | None,
    ) -> int:
        user_id: int = await self.conn.fetchval(
            "INSERT INTO users (channel, external_id, chat_id, display_name, timezone, push_time,"
            " language, created_at, next_push_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " RETURNING id",
            (
                channel,
                external_id,
                chat_id,
                display_name,
                timezone,
                push_time,
                language,
                ts(created_at),
                ts(next_push_at),
            ),
        )
        return user_id

    async def update(self, user_id: int, **values: Any) -> None:
        unknown = set(values) - USER_COLUMNS
        if unknown:
            raise ValueError(f"not user columns: {sorted(unknown)}")
        encoded = {k: _encode_user_value(k, v) for k, v in values.items()}
        assignments = ", ".join(f"{k} = ?" for k in encoded)
        await self.conn.execute(
            f"UPDATE users SET {assignments} WHERE id = ?", (*encoded.values(), user_id)
        )

    deleted = False  # the store checkpoints after a unit that deleted a user

    async def delete(self, user_id: int) -> None:
        # Explicit, not left to ON DELETE CASCADE: forgetting must not depend on a PRAGMA.
        for table in ("interview_plans", "interview_outcomes", "fsrs_parameters"):
            await self.conn.execute(f"DELETE FROM {table} WHERE user_id = ?", (user_id,))
        await self.conn.execute("DELETE FROM users WHERE id = ?", (user_id,))
        self.deleted = True

    async def current(self, user_id: int) -> tuple[str | None, date | None]:
        row = await self.conn.fetchone(
            "SELECT current_question_id, current_local_date FROM users WHERE id = ?", (user_id,)
        )
        if not row or not row[0]:
            return None, None
        return row[0], date.fromisoformat(row[1])

    async def set_current(self, user_id: int, question_id: str | None, local: date | None) -> None:
        await self.conn.execute(
            "UPDATE users SET current_question_id = ?, current_local_date = ? WHERE id = ?",
            (question_id, day(local), user_id),
        )

    async def set_current_many(self, currents: Sequence[tuple[int, str, date]]) -> None:
        """`set_current` for many users: (user id, question id, local day)."""
        await self.conn.executemany(
            "UPDATE users SET current_question_id = ?, current_local_date = ? WHERE id = ?",
            [(question_id, day(local), user_id) for user_id, question_id, local in currents],
        )

    async def due_on(self, channel: str, now: datetime, limit: int) -> list[User]:
        """Active, unpaused users of `channel` whose next push time has come, earliest first.

        On PostgreSQL the rows stay locked until the caller's transaction ends, and rows
        another instance has locked are skipped: instances claiming at once get disjoint users.
        """
        lock = " FOR UPDATE SKIP LOCKED" if self.conn.dialect == "postgresql" else ""
        rows = await self.conn.fetch(
            "SELECT * FROM users WHERE channel = ? AND active = 1 AND paused = 0"
            " AND next_push_at <= ? ORDER BY next_push_at, id LIMIT ?" + lock,
            (channel, ts(now), limit),
        )
        return [row_to_user(r) for r in rows]

    async def unscheduled(self, channel: str) -> list[User]:
        """Active, unpaused users of `channel` with no next push time."""
        rows = await self.conn.fetch(
            "SELECT * FROM users WHERE channel = ? AND active = 1 AND paused = 0"
            " AND next_push_at IS NULL",
            (channel,),
        )
        return [row_to_user(r) for r in rows]

    async def due_count(self, channel: str, now: datetime) -> int:
        return await self._count(
            "SELECT COUNT(*) FROM users WHERE channel = ? AND active = 1 AND paused = 0"
            " AND next_push_at <= ?",
            (channel, ts(now)),
        )

    async def due_counts(self, now: datetime) -> dict[str, int]:
        """Users per channel whose next push time has come (waiting for the send queue)."""
        rows = await self.conn.fetch(
            "SELECT channel, COUNT(*) FROM users WHERE active = 1 AND paused = 0"
            " AND next_push_at <= ? GROUP BY channel",
            (ts(now),),
        )
        return {r[0]: r[1] for r in rows}

    async def counts(self) -> dict[str, int]:
        row, *_ = await self.conn.fetch(
            "SELECT COUNT(*), COALESCE(SUM(active), 0), COALESCE(SUM(paused), 0) FROM users"
        )
        return {"total": row[0], "active": row[1], "paused": row[2]}


def _encode_user_value(key: str, value: Any) -> Any:
    if key == "topics":
        return json.dumps(list(value), ensure_ascii=False) if value is not None else None
    if key in ("paused", "active", "open_questions"):
        return int(bool(value))
    if isinstance(value, datetime):
        return ts(value)
    return value


class CardsRepo(_Repo):
    async def get(self, user_id: int, question_id: str) -> CardState | None:
        row = await self.conn.fetchone(
            "SELECT * FROM cards WHERE user_id = ? AND question_id = ?", (user_id, question_id)
        )
        return row_to_card(row) if row else None

    async def upsert(self, user_id: int, card: CardState) -> None:
        await self.conn.execute(
            "INSERT INTO cards (user_id, question_id, state, step, stability, difficulty, due,"
            " last_review, reps, lapses) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (user_id, question_id) DO UPDATE SET state = excluded.state,"
            " step = excluded.step, stability = excluded.stability,"
            " difficulty = excluded.difficulty, due = excluded.due,"
            " last_review = excluded.last_review, reps = excluded.reps, lapses = excluded.lapses",
            (
                user_id,
                card.question_id,
                card.state,
                card.step,
                card.stability,
                card.difficulty,
                ts(card.due),
                ts(card.last_review),
                card.reps,
                card.lapses,
            ),
        )

    async def due_before(self, user_id: int, cutoff: datetime) -> list[CardState]:
        """Cards due before `cutoff`, most overdue first (ties by id, for determinism)."""
        rows = await self.conn.fetch(
            "SELECT * FROM cards WHERE user_id = ? AND due < ? ORDER BY due, question_id",
            (user_id, ts(cutoff)),
        )
        return [row_to_card(r) for r in rows]

    async def for_user(self, user_id: int) -> list[CardState]:
        rows = await self.conn.fetch("SELECT * FROM cards WHERE user_id = ?", (user_id,))
        return [row_to_card(r) for r in rows]

    async def for_users(self, user_ids: Sequence[int]) -> dict[int, list[CardState]]:
        """`for_user` for many users at once."""
        found: dict[int, list[CardState]] = {u: [] for u in user_ids}
        if user_ids:
            rows = await self.conn.fetch(
                f"SELECT * FROM cards WHERE user_id IN ({_marks(user_ids)})", user_ids
            )
            for r in rows:
                found[r["user_id"]].append(row_to_card(r))
        return found

    async def version(self, user_id: int) -> tuple[int, str | None]:
        """Changes whenever one of the user's cards is reviewed (count, latest review)."""
        row, *_ = await self.conn.fetch(
            "SELECT COUNT(*), MAX(last_review) FROM cards WHERE user_id = ?", (user_id,)
        )
        return row[0], row[1]

    async def seen_ids(self, user_id: int) -> set[str]:
        rows = await self.conn.fetch("SELECT question_id FROM cards WHERE user_id = ?", (user_id,))
        return {r[0] for r in rows}


class ReviewsRepo(_Repo):
    async def add(
        self,
        user_id: int,
        question_id: str,
        rating: int,
        at: datetime,
        local: date,
        revealed: bool,
    ) -> None:
        await self.conn.execute(
            "INSERT INTO reviews (user_id, question_id, rating, reviewed_at, local_date, revealed)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (user_id, question_id, rating, ts(at), day(local), int(revealed)),
        )

    async def daily_counts(self, user_id: int, since: date) -> list[tuple[date, int, int]]:
        """(local day, rating, count) for days on or after `since`."""
        rows = await self.conn.fetch(
            "SELECT local_date, rating, COUNT(*) FROM reviews WHERE user_id = ? AND local_date >= ?"
            " GROUP BY local_date, rating",
            (user_id, day(since)),
        )
        return [(date.fromisoformat(r[0]), r[1], r[2]) for r in rows]

    async def review_days(self, user_id: int) -> list[date]:
        rows = await self.conn.fetch(
            "SELECT DISTINCT local_date FROM reviews WHERE user_id = ? ORDER BY local_date",
            (user_id,),
        )
        return [date.fromisoformat(r[0]) for r in rows]

    async def per_question(self, user_id: int) -> list[tuple[str, int, float, int]]:
        """(question id, reviews, average rating, last rating) per reviewed question."""
        rows = await self.conn.fetch(
            "SELECT question_id, COUNT(*), CAST(AVG(rating) AS DOUBLE PRECISION),"
            " (SELECT r2.rating FROM reviews r2 WHERE r2.user_id = r.user_id"
            "  AND r2.question_id = r.question_id ORDER BY r2.reviewed_at DESC, r2.id DESC LIMIT 1)"
            " FROM reviews r WHERE user_id = ? GROUP BY user_id, question_id",
            (user_id,),
        )
        return [(r[0], r[1], r[2], r[3]) for r in rows]

    async def user_ids(self) -> list[int]:
        """Every user with at least one review."""
        rows = await self.conn.fetch("SELECT DISTINCT user_id FROM reviews ORDER BY user_id")
        return [r[0] for r in rows]

    async def history(self, user_id: int) -> list[tuple[str, int, date]]:
        """(question id, rating, local day) of every review of the user, in order per question."""
        rows = await self.conn.fetch(
            "SELECT question_id, rating, local_date FROM reviews WHERE user_id = ?"
            " ORDER BY question_id, reviewed_at, id",
            (user_id,),
        )
        return [(r[0], r[1], date.fromisoformat(r[2])) for r in rows]

    async def count_on(self, user_id: int, local: date) -> int:
        return await self._count(
            "SELECT COUNT(*) FROM reviews WHERE user_id = ? AND local_date = ?",
            (user_id, day(local)),
        )


class PresentationsRepo(_Repo):
    async def show(
        self, user_id: int, local: date, question_id: str, at: datetime, was_new: bool
    ) -> None:
        """Record a question shown today; showing it again today starts it afresh."""
        await self.conn.execute(
            "INSERT INTO presentations (user_id, local_date, question_id, shown_at, was_new)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT (user_id, local_date, question_id) DO UPDATE"
            " SET shown_at = excluded.shown_at, revealed = 0, rating = NULL, skipped = 0",
            (user_id, day(local), question_id, ts(at), int(was_new)),
        )

    async def skip(
        self, user_id: int, local: date, question_id: str, at: datetime, was_new: bool
    ) -> None:
        """Record a question skipped on `local` (shown that day or carried over from before)."""
        await self.conn.execute(
            "INSERT INTO presentations (user_id, local_date, question_id, shown_at, was_new,"
            " skipped) VALUES (?, ?, ?, ?, ?, 1) ON CONFLICT (user_id, local_date, question_id)"
            " DO UPDATE SET skipped = 1",
            (user_id, day(local), question_id, ts(at), int(was_new)),
        )

    async def get(self, user_id: int, local: date, question_id: str) -> Presentation | None:
        row = await self.conn.fetchone(
            "SELECT * FROM presentations WHERE user_id = ? AND local_date = ? AND question_id = ?",
            (user_id, day(local), question_id),
        )
        return row_to_presentation(row) if row else None

    async def show_many(self, shows: Sequence[tuple[int, date, str, datetime, bool]]) -> None:
        """`show` for many users: (user id, local day, question id, at, was new)."""
        await self.conn.executemany(
            "INSERT INTO presentations (user_id, local_date, question_id, shown_at, was_new)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT (user_id, local_date, question_id) DO UPDATE"
            " SET shown_at = excluded.shown_at, revealed = 0, rating = NULL, skipped = 0",
            [(u, day(local), q, ts(at), int(new)) for u, local, q, at, new in shows],
        )

    async def since(self, user_ids: Sequence[int], first: date) -> dict[int, list[Presentation]]:
        """Each user's presentations on `first` and after, in the order shown (day by day)."""
        found: dict[int, list[Presentation]] = {u: [] for u in user_ids}
        if user_ids:
            rows = await self.conn.fetch(
                f"SELECT * FROM presentations WHERE user_id IN ({_marks(user_ids)})"
                " AND local_date >= ? ORDER BY local_date, shown_at",
                (*user_ids, day(first)),
            )
            for r in rows:
                found[r["user_id"]].append(row_to_presentation(r))
        return found

    async def current_of(self, user_ids: Sequence[int]) -> dict[int, Presentation]:
        """The presentation of each user's current question (users.current), where it has one."""
        if not user_ids:
            return {}
        rows = await self.conn.fetch(
            "SELECT p.* FROM users u JOIN presentations p ON p.user_id = u.id"
            " AND p.local_date = u.current_local_date AND p.question_id = u.current_question_id"
            f" WHERE u.id IN ({_marks(user_ids)})",
            user_ids,
        )
        return {r["user_id"]: row_to_presentation(r) for r in rows}

    async def on_day(self, user_id: int, local: date) -> list[Presentation]:
        rows = await self.conn.fetch(
            "SELECT * FROM presentations WHERE user_id = ? AND local_date = ? ORDER BY shown_at",
            (user_id, day(local)),
        )
        return [row_to_presentation(r) for r in rows]

    async def latest_before(self, user_id: int, local: date) -> Presentation | None:
        row = await self.conn.fetchone(
            "SELECT * FROM presentations WHERE user_id = ? AND local_date < ?"
            " ORDER BY local_date DESC, shown_at DESC LIMIT 1",
            (user_id, day(local)),
        )
        return row_to_presentation(row) if row else None

    async def mark_revealed(self, user_id: int, local: date, question_id: str) -> None:
        await self.conn.execute(
            "UPDATE presentations SET revealed = 1"
            " WHERE user_id = ? AND local_date = ? AND question_id = ?",
            (user_id, day(local), question_id),
        )

    async def set_rating(self, user_id: int, local: date, question_id: str, rating: int) -> None:
        await self.conn.execute(
            "UPDATE presentations SET rating = ?"
            " WHERE user_id = ? AND local_date = ? AND question_id = ?",
            (rating, user_id, day(local), question_id),
        )


class DeliveriesRepo(_Repo):
    def __init__(self, conn: Connection, claimer: str) -> None:
        super().__init__(conn)
        self.claimer = claimer  # the store's id, written into each claim

    async def claim(
        self, user_id: int, local: date, at: datetime, lease_until: datetime
    ) -> int | None:
        """Claim the user's delivery for a local day; None if that day already has one."""
        delivery_id: int | None = await self.conn.fetchval(
            "INSERT INTO deliveries (user_id, local_date, status, claimed_at, claimed_by,"
            " lease_until) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (user_id, local_date) DO NOTHING"
            " RETURNING id",
            (user_id, day(local), CLAIMED, ts(at), self.claimer, ts(lease_until)),
        )
        return delivery_id

    async def adopt_claims(self) -> int:
        """Make every row still claimed by another claimer this one's (see Store.open)."""
        return await self.conn.execute(
            "UPDATE deliveries SET claimed_by = ? WHERE status = ?"
            " AND claimed_by IS DISTINCT FROM ?",
            (self.claimer, CLAIMED, self.claimer),
        )

    async def adopt_expired(
        self, channel: str, now: datetime, lease_until: datetime, limit: int
    ) -> list[DeliveryRow]:
        """Take over rows of `channel` another claimer left claimed and stopped renewing
        (it died), oldest first. On PostgreSQL a row another instance is taking over at the
        same moment is skipped, not waited for."""
        lock = " FOR UPDATE OF d SKIP LOCKED" if self.conn.dialect == "postgresql" else ""
        rows = await self.conn.fetch(
            "SELECT d.id FROM deliveries d JOIN users u ON u.id = d.user_id"
            " WHERE d.status = ? AND u.channel = ? AND COALESCE(d.claimed_by, '') <> ?"
            " AND COALESCE(d.lease_until, '') < ? ORDER BY d.id LIMIT ?" + lock,
            (CLAIMED, channel, self.claimer, ts(now), limit),
        )
        ids = [r[0] for r in rows]
        if not ids:
            return []
        marks = ", ".join("?" for _ in ids)
        await self.conn.execute(
            f"UPDATE deliveries SET claimed_by = ?, lease_until = ? WHERE id IN ({marks})",
            (self.claimer, ts(lease_until), *ids),
        )
        adopted = await self.conn.fetch(
            f"{_DELIVERY_WITH_USER} WHERE d.id IN ({marks}) ORDER BY d.id", ids
        )
        return [_delivery(r) for r in adopted]

    async def renew(self, lease_until: datetime) -> int:
        """Extend the lease of every row this claimer holds (it is alive and sending)."""
        return await self.conn.execute(
            "UPDATE deliveries SET lease_until = ? WHERE status = ? AND claimed_by = ?",
            (ts(lease_until), CLAIMED, self.claimer),
        )

    async def last_local_date(self, user_id: int) -> date | None:
        row = await self.conn.fetchone(
            "SELECT MAX(local_date) FROM deliveries WHERE user_id = ?", (user_id,)
        )
        return date.fromisoformat(row[0]) if row and row[0] else None

    async def get(self, delivery_id: int) -> DeliveryRow | None:
        row = await self.conn.fetchone(f"{_DELIVERY_WITH_USER} WHERE d.id = ?", (delivery_id,))
        return _delivery(row) if row else None

    async def get_many(self, delivery_ids: Sequence[int]) -> dict[int, DeliveryRow]:
        """`get` for many rows at once (those that exist)."""
        if not delivery_ids:
            return {}
        rows = await self.conn.fetch(
            f"{_DELIVERY_WITH_USER} WHERE d.id IN ({_marks(delivery_ids)})", delivery_ids
        )
        return {r["delivery_id"]: _delivery(r) for r in rows}

    async def claimed(self, channel: str, limit: int, after_id: int = 0) -> list[DeliveryRow]:
        """Rows still claimed (never sent, or sent but not confirmed) for `channel`, oldest first.

        Only this store's own claims (and those it adopted from a dead sender): never a row
        another live process has just claimed and is about to send.
        """
        rows = await self.conn.fetch(
            f"{_DELIVERY_WITH_USER} WHERE d.status = ? AND u.channel = ? AND d.id > ?"
            " AND d.claimed_by = ? ORDER BY d.id LIMIT ?",
            (CLAIMED, channel, after_id, self.claimer, limit),
        )
        return [_delivery(r) for r in rows]

    async def claimed_count(self, channel: str, now: datetime) -> int:
        """Rows of `channel` this claimer would send: its own, and those whose lease ran out."""
        return await self._count(
            "SELECT COUNT(*) FROM deliveries d JOIN users u ON u.id = d.user_id"
            " WHERE d.status = ? AND u.channel = ?"
            " AND (d.claimed_by = ? OR COALESCE(d.lease_until, '') < ?)",
            (CLAIMED, channel, self.claimer, ts(now)),
        )

    async def start_attempt(self, delivery_id: int, question_id: str | None) -> bool:
        """Recorded before each send, so a restart can tell "possibly sent" from "never tried".

        False when the row is no longer this claimer's to send (finished, or taken over by
        another instance after its lease ran out): then nothing may be sent."""
        return bool(
            await self.conn.execute(
                "UPDATE deliveries SET question_id = ?, attempts = attempts + 1"
                " WHERE id = ? AND status = ? AND claimed_by = ?",
                (question_id, delivery_id, CLAIMED, self.claimer),
            )
        )

    async def mark_sent(self, delivery_id: int, message_id: str, at: datetime) -> None:
        await self.conn.execute(
            "UPDATE deliveries SET status = ?, message_id = ?, sent_at = ?, error = NULL"
            " WHERE id = ? AND status = ?",
            (SENT, message_id, ts(at), delivery_id, CLAIMED),
        )

    async def finish(self, delivery_id: int, status: str, error: str) -> None:
        """Close a claimed row without a message: failed (gave up) or skipped (not sent on purpose)."""
        await self.conn.execute(
            "UPDATE deliveries SET status = ?, error = ? WHERE id = ? AND status = ?",
            (status, error[:500], delivery_id, CLAIMED),
        )

    async def note_error(self, delivery_id: int, error: str) -> None:
        """The last failed attempt of a row that stays claimed (it will be retried)."""
        await self.conn.execute(
            "UPDATE deliveries SET error = ? WHERE id = ?", (error[:500], delivery_id)
        )

    async def counts_around(self, first: date, last: date) -> list[DeliveryGroup]:
        """Rows per channel, timezone, local day and status for local days first..last."""
        rows = await self.conn.fetch(
            "SELECT u.channel, u.timezone, d.local_date, d.status, COUNT(*),"
            " SUM(CASE WHEN d.attempts > 0 THEN 1 ELSE 0 END) FROM deliveries d JOIN users u ON u.id = d.user_id"
            " WHERE d.local_date BETWEEN ? AND ? GROUP BY 1, 2, 3, 4",
            (day(first), day(last)),
        )
        return [
            DeliveryGroup(r[0], r[1], date.fromisoformat(r[2]), r[3], r[4], r[5] or 0) for r in rows
        ]


_DELIVERY_WITH_USER = (
    "SELECT d.id AS delivery_id, d.local_date AS delivery_date, d.status, d.question_id,"
    " d.attempts, d.claimed_at, u.* FROM deliveries d JOIN users u ON u.id = d.user_id"
)


def _delivery(row: Row) -> DeliveryRow:
    return DeliveryRow(
        id=row["delivery_id"],
        user=row_to_user(row),
        local_date=date.fromisoformat(row["delivery_date"]),
        status=row["status"],
        question_id=row["question_id"],
        attempts=row["attempts"],
        claimed_at=parse_required_ts(row["claimed_at"]),
    )


class InterviewRepo(_Repo):
    """A user's interview date and target, and the outcome asked for after the date."""

    async def get(self, user_id: int) -> tuple[date | None, float] | None:
        row = await self.conn.fetchone(
            "SELECT interview_date, target FROM interview_plans WHERE user_id = ?", (user_id,)
        )
        if row is None:
            return None
        return (date.fromisoformat(row[0]) if row[0] else None), row[1]

    async def users_with_plans(self, user_ids: Sequence[int]) -> set[int]:
        """Those of `user_ids` who ever set an interview date or target."""
        if not user_ids:
            return set()
        rows = await self.conn.fetch(
            f"SELECT user_id FROM interview_plans WHERE user_id IN ({_marks(user_ids)})",
            user_ids,
        )
        return {r[0] for r in rows}

    async def set_date(self, user_id: int, interview: date | None, at: datetime) -> None:
        await self.conn.execute(
            "INSERT INTO interview_plans (user_id, interview_date, set_at) VALUES (?, ?, ?)"
            " ON CONFLICT (user_id) DO UPDATE SET interview_date = excluded.interview_date,"
            " set_at = excluded.set_at",
            (user_id, day(interview), ts(at)),
        )

    async def set_target(self, user_id: int, target: float, at: datetime) -> None:
        await self.conn.execute(
            "INSERT INTO interview_plans (user_id, target, set_at) VALUES (?, ?, ?)"
            " ON CONFLICT (user_id) DO UPDATE SET target = excluded.target",
            (user_id, target, ts(at)),
        )

    async def mark_asked(self, user_id: int, interview: date, at: datetime) -> bool:
        """Record that the outcome was asked for; False if it had been already."""
        return bool(
            await self.conn.execute(
                "INSERT INTO interview_outcomes (user_id, interview_date, asked_at)"
                " VALUES (?, ?, ?) ON CONFLICT (user_id, interview_date) DO NOTHING",
                (user_id, day(interview), ts(at)),
            )
        )

    async def record_outcome(
        self, user_id: int, interview: date, outcome: str, at: datetime
    ) -> None:
        await self.conn.execute(
            "INSERT INTO interview_outcomes (user_id, interview_date, asked_at, outcome,"
            " recorded_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (user_id, interview_date)"
            " DO UPDATE SET outcome = excluded.outcome, recorded_at = excluded.recorded_at",
            (user_id, day(interview), ts(at), outcome, ts(at)),
        )

    async def outcome(self, user_id: int, interview: date) -> tuple[bool, str | None]:
        """(asked, outcome) for the interview on that date."""
        row = await self.conn.fetchone(
            "SELECT outcome FROM interview_outcomes WHERE user_id = ? AND interview_date = ?",
            (user_id, day(interview)),
        )
        return (row is not None, row[0] if row else None)


class FsrsParametersRepo(_Repo):
    """The last optimizer run on each user's history, with the evaluation that chose it."""

    async def get(self, user_id: int) -> FitResult | None:
        row = await self.conn.fetchone(
            "SELECT * FROM fsrs_parameters WHERE user_id = ?", (user_id,)
        )
        return _fit(row) if row is not None else None

    async def get_many(self, user_ids: Sequence[int]) -> dict[int, FitResult]:
        """`get` for many users (those who have parameters)."""
        if not user_ids:
            return {}
        rows = await self.conn.fetch(
            f"SELECT * FROM fsrs_parameters WHERE user_id IN ({_marks(user_ids)})", user_ids
        )
        return {r["user_id"]: _fit(r) for r in rows}

    async def save(self, user_id: int, fit: FitResult) -> None:
        await self.conn.execute(
            "INSERT INTO fsrs_parameters (user_id, fitted_at, reviews_used, parameters,"
            " default_log_loss, fitted_log_loss, default_rmse, fitted_rmse, in_use)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (user_id) DO UPDATE SET"
            " fitted_at = excluded.fitted_at, reviews_used = excluded.reviews_used,"
            " parameters = excluded.parameters, default_log_loss = excluded.default_log_loss,"
            " fitted_log_loss = excluded.fitted_log_loss, default_rmse = excluded.default_rmse,"
            " fitted_rmse = excluded.fitted_rmse, in_use = excluded.in_use",
            (
                user_id,
                ts(fit.fitted_at),
                fit.reviews_used,
                json.dumps(list(fit.parameters)) if fit.parameters else None,
                fit.default_log_loss,
                fit.fitted_log_loss,
                fit.default_rmse,
                fit.fitted_rmse,
                int(fit.in_use),
            ),
        )

    async def due_for_fit(self, fitted_before: datetime) -> list[int]:
        """Users with reviews whose parameters were never fitted or fitted before the cutoff."""
        rows = await self.conn.fetch(
            "SELECT u.id FROM users u LEFT JOIN fsrs_parameters p ON p.user_id = u.id"
            " WHERE (p.fitted_at IS NULL OR p.fitted_at < ?)"
            " AND EXISTS (SELECT 1 FROM reviews r WHERE r.user_id = u.id) ORDER BY u.id",
            (ts(fitted_before),),
        )
        return [r[0] for r in rows]


def _fit(row: Row) -> FitResult:
    return FitResult(
        fitted_at=datetime.fromisoformat(row["fitted_at"]),
        reviews_used=row["reviews_used"],
        parameters=tuple(json.loads(row["parameters"])) if row["parameters"] else None,
        default_log_loss=row["default_log_loss"],
        fitted_log_loss=row["fitted_log_loss"],
        default_rmse=row["default_rmse"],
        fitted_rmse=row["fitted_rmse"],
        in_use=bool(row["in_use"]),
    )

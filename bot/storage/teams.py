"""Team tables: teams, their members, the team delivery ledger and the roll call (SQL only)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from bot.domain.team_models import Member, Team, TeamDelivery
from bot.storage.codec import day, parse_required_ts, parse_ts, ts
from bot.storage.repositories import _Repo
from bot.storage.sql import Row

TEAM_COLUMNS = {
    "title",
    "timezone",
    "push_time",
    "board_weekday",
    "board_time",
    "topics",
    "language",
    "paused",
    "active",
    "next_push_at",
    "next_board_at",
    "owner_id",
}
CLAIMED, SENT, FAILED, SKIPPED = "claimed", "sent", "failed", "skipped"  # as in deliveries
_DELIVERY_SELECT = (
    "SELECT d.id AS delivery_id, d.kind, d.local_date AS delivery_date, d.status,"
    " d.question_id, d.message_id, d.attempts, d.claimed_at, t.*"
    " FROM team_deliveries d JOIN teams t ON t.id = d.team_id"
)


class TeamsRepo(_Repo):
    # ------------------------------------------------------------ teams

    async def get(self, team_id: int) -> Team | None:
        row = await self.conn.fetchone("SELECT * FROM teams WHERE id = ?", (team_id,))
        return row_to_team(row) if row else None

    async def find(self, channel: str, chat_id: str) -> Team | None:
        row = await self.conn.fetchone(
            "SELECT * FROM teams WHERE channel = ? AND chat_id = ?", (channel, chat_id)
        )
        return row_to_team(row) if row else None

    async def insert(
        self, *, channel: str, chat_id: str, created_at: datetime, **values: Any
    ) -> int:
        columns = {k: _encode(k, v) for k, v in values.items()}
        unknown = set(columns) - TEAM_COLUMNS
        if unknown:
            raise ValueError(f"not team columns: {sorted(unknown)}")
        names = ["channel", "chat_id", "created_at", *columns]
        team_id: int = await self.conn.fetchval(
            f"INSERT INTO teams ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"
            " RETURNING id",
            (channel, chat_id, ts(created_at), *columns.values()),
        )
        return team_id

    async def update(self, team_id: int, **values: Any) -> None:
        unknown = set(values) - TEAM_COLUMNS
        if unknown:
            raise ValueError(f"not team columns: {sorted(unknown)}")
        encoded = {k: _encode(k, v) for k, v in values.items()}
        assignments = ", ".join(f"{k} = ?" for k in encoded)
        await self.conn.execute(
            f"UPDATE teams SET {assignments} WHERE id = ?", (*encoded.values(), team_id)
        )

    async def due(self, channel: str, column: str, now: datetime, limit: int) -> list[Team]:
        """Active, unpaused teams of `channel` whose `column` (next_push_at, next_board_at) has
        come, earliest first."""
        assert column in ("next_push_at", "next_board_at")
        rows = await self.conn.fetch(
            f"SELECT * FROM teams WHERE channel = ? AND active = 1 AND paused = 0"
            f" AND {column} <= ? ORDER BY {column}, id LIMIT ?",
            (channel, ts(now), limit),
        )
        return [row_to_team(r) for r in rows]

    async def of_user(self, user_id: int) -> list[Team]:
        rows = await self.conn.fetch(
            "SELECT t.* FROM teams t JOIN team_members m ON m.team_id = t.id"
            " WHERE m.user_id = ? ORDER BY t.id",
            (user_id,),
        )
        return [row_to_team(r) for r in rows]

    # ------------------------------------------------------------ members

    async def add_member(self, team_id: int, user_id: int, at: datetime) -> bool:
        """Join; False when already a member."""
        return bool(
            await self.conn.execute(
                "INSERT INTO team_members (team_id, user_id, joined_at) VALUES (?, ?, ?)"
                " ON CONFLICT (team_id, user_id) DO NOTHING",
                (team_id, user_id, ts(at)),
            )
        )

    async def set_member(self, team_id: int, user_id: int, **flags: bool) -> None:
        assert set(flags) <= {"hidden", "team_only"}
        assignments = ", ".join(f"{k} = ?" for k in flags)
        await self.conn.execute(
            f"UPDATE team_members SET {assignments} WHERE team_id = ? AND user_id = ?",
            (*(int(v) for v in flags.values()), team_id, user_id),
        )

    async def members(self, team_id: int, *, active_only: bool = False) -> list[Member]:
        rows = await self.conn.fetch(
            "SELECT m.user_id, COALESCE(u.display_name, u.external_id), m.hidden, m.team_only"
            " FROM team_members m JOIN users u ON u.id = m.user_id WHERE m.team_id = ?"
            + (" AND u.active = 1" if active_only else "")
            + " ORDER BY m.joined_at, m.user_id",
            (team_id,),
        )
        return [Member(r[0], r[1], bool(r[2]), bool(r[3])) for r in rows]

    async def team_only(self, user_id: int) -> bool:
        row = await self.conn.fetchone(
            "SELECT 1 FROM team_members m JOIN teams t ON t.id = m.team_id"
            " WHERE m.user_id = ? AND m.team_only = 1 AND t.active = 1 LIMIT 1",
            (user_id,),
        )
        return row is not None

    async def team_only_of(self, user_ids: Sequence[int]) -> set[int]:
        """Those of `user_ids` for whom `team_only` holds."""
        if not user_ids:
            return set()
        marks = ", ".join("?" for _ in user_ids)
        rows = await self.conn.fetch(
            "SELECT DISTINCT m.user_id FROM team_members m JOIN teams t ON t.id = m.team_id"
            f" WHERE m.user_id IN ({marks}) AND m.team_only = 1 AND t.active = 1",
            user_ids,
        )
        return {r[0] for r in rows}

    # ------------------------------------------------------------ the team delivery ledger

    async def claim(self, team_id: int, kind: str, local: date, at: datetime) -> int | None:
        """Claim the team's `kind` message of a local day; None if that day already has one."""
        delivery_id: int | None = await self.conn.fetchval(
            "INSERT INTO team_deliveries (team_id, kind, local_date, status, claimed_at)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT (team_id, kind, local_date) DO NOTHING"
            " RETURNING id",
            (team_id, kind, day(local), CLAIMED, ts(at)),
        )
        return delivery_id

    async def last_local_date(self, team_id: int, kind: str) -> date | None:
        row = await self.conn.fetchone(
            "SELECT MAX(local_date) FROM team_deliveries WHERE team_id = ? AND kind = ?",
            (team_id, kind),
        )
        return date.fromisoformat(row[0]) if row and row[0] else None

    async def delivery(self, delivery_id: int) -> TeamDelivery | None:
        row = await self.conn.fetchone(f"{_DELIVERY_SELECT} WHERE d.id = ?", (delivery_id,))
        return _delivery(row) if row else None

    async def delivery_on(self, team_id: int, kind: str, local: date) -> TeamDelivery | None:
        row = await self.conn.fetchone(
            f"{_DELIVERY_SELECT} WHERE d.team_id = ? AND d.kind = ? AND d.local_date = ?",
            (team_id, kind, day(local)),
        )
        return _delivery(row) if row else None

    async def claimed(self, channel: str, limit: int, after_id: int = 0) -> list[TeamDelivery]:
        rows = await self.conn.fetch(
            f"{_DELIVERY_SELECT} WHERE d.status = ? AND t.channel = ? AND d.id > ?"
            " ORDER BY d.id LIMIT ?",
            (CLAIMED, channel, after_id, limit),
        )
        return [_delivery(r) for r in rows]

    async def start_attempt(self, delivery_id: int, question_id: str | None) -> None:
        await self.conn.execute(
            "UPDATE team_deliveries SET question_id = ?, attempts = attempts + 1 WHERE id = ?",
            (question_id, delivery_id),
        )

    async def mark_sent(self, delivery_id: int, message_id: str, at: datetime) -> None:
        await self.conn.execute(
            "UPDATE team_deliveries SET status = ?, message_id = ?, sent_at = ?, error = NULL"
            " WHERE id = ? AND status = ?",
            (SENT, message_id, ts(at), delivery_id, CLAIMED),
        )

    async def finish(self, delivery_id: int, status: str, error: str) -> None:
        await self.conn.execute(
            "UPDATE team_deliveries SET status = ?, error = ? WHERE id = ? AND status = ?",
            (status, error[:500], delivery_id, CLAIMED),
        )

    async def note_error(self, delivery_id: int, error: str) -> None:
        await self.conn.execute(
            "UPDATE team_deliveries SET error = ? WHERE id = ?", (error[:500], delivery_id)
        )

    async def recent_questions(self, team_id: int, since: date) -> set[str]:
        rows = await self.conn.fetch(
            "SELECT question_id FROM team_deliveries WHERE team_id = ? AND kind = 'question'"
            " AND local_date >= ? AND question_id IS NOT NULL",
            (team_id, day(since)),
        )
        return {r[0] for r in rows}

    async def open_for(self, user_id: int, question_id: str, since: date) -> list[TeamDelivery]:
        """Sent team questions `question_id` since `since` of the teams `user_id` is in."""
        rows = await self.conn.fetch(
            f"{_DELIVERY_SELECT} JOIN team_members m ON m.team_id = d.team_id"
            " WHERE m.user_id = ? AND d.kind = 'question' AND d.question_id = ?"
            " AND d.status = ? AND d.local_date >= ? AND t.active = 1",
            (user_id, question_id, SENT, day(since)),
        )
        return [_delivery(r) for r in rows]

    # ------------------------------------------------------------ the roll call

    async def answered(self, delivery_id: int, user_id: int, at: datetime) -> bool:
        return bool(
            await self.conn.execute(
                "INSERT INTO team_answers (delivery_id, user_id, answered_at) VALUES (?, ?, ?)"
                " ON CONFLICT (delivery_id, user_id) DO NOTHING",
                (delivery_id, user_id, ts(at)),
            )
        )

    async def roll_call(self, delivery_id: int) -> list[tuple[str, bool]]:
        """(name, hidden) of those who practised the team question, first first."""
        rows = await self.conn.fetch(
            "SELECT COALESCE(u.display_name, u.external_id), COALESCE(m.hidden, 0)"
            " FROM team_answers a JOIN team_deliveries d ON d.id = a.delivery_id"
            " JOIN users u ON u.id = a.user_id"
            " LEFT JOIN team_members m ON m.team_id = d.team_id AND m.user_id = a.user_id"
            " WHERE a.delivery_id = ? ORDER BY a.answered_at, a.user_id",
            (delivery_id,),
        )
        return [(r[0], bool(r[1])) for r in rows]

    # ------------------------------------------------------------ the board

    async def week_reviews(self, team_id: int, first: date) -> list[tuple[int, str, int]]:
        """(user id, question id, rating) of members' reviews on or after local day `first`."""
        rows = await self.conn.fetch(
            "SELECT r.user_id, r.question_id, r.rating FROM reviews r"
            " JOIN team_members m ON m.user_id = r.user_id"
            " WHERE m.team_id = ? AND r.local_date >= ? ORDER BY r.id",
            (team_id, day(first)),
        )
        return [(r[0], r[1], r[2]) for r in rows]


def row_to_team(row: Row) -> Team:
    topics = json.loads(row["topics"]) if row["topics"] else None
    return Team(
        id=row["id"],
        channel=row["channel"],
        chat_id=row["chat_id"],
        title=row["title"],
        owner_id=row["owner_id"],
        timezone=row["timezone"],
        push_time=row["push_time"],
        board_weekday=row["board_weekday"],
        board_time=row["board_time"],
        topics=tuple(topics) if topics is not None else None,
        language=row["language"],
        paused=bool(row["paused"]),
        active=bool(row["active"]),
        created_at=parse_required_ts(row["created_at"]),
        next_push_at=parse_ts(row["next_push_at"]),
        next_board_at=parse_ts(row["next_board_at"]),
    )


def _delivery(row: Row) -> TeamDelivery:
    return TeamDelivery(
        id=row["delivery_id"],
        team=row_to_team(row),
        kind=row["kind"],
        local_date=date.fromisoformat(row["delivery_date"]),
        status=row["status"],
        question_id=row["question_id"],
        message_id=row["message_id"],
        attempts=row["attempts"],
        claimed_at=parse_required_ts(row["claimed_at"]),
    )


def _encode(key: str, value: Any) -> Any:
    if key == "topics":
        return json.dumps(list(value), ensure_ascii=False) if value is not None else None
    if key in ("paused", "active"):
        return int(bool(value))
    if isinstance(value, datetime):
        return ts(value)
    return value

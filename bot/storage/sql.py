"""One small connection interface for every repository, on SQLite (aiosqlite) and PostgreSQL
(asyncpg). SQL is written once with `?` placeholders and portable forms only (ON CONFLICT,
RETURNING, IS DISTINCT FROM, CASE inside aggregates); a repository that must differ branches on
`conn.dialect`.

Rows support both row[0] and row["name"] (sqlite3.Row and asyncpg.Record alike).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any, Literal, Protocol

import aiosqlite

Dialect = Literal["sqlite", "postgresql"]
Params = Sequence[Any]


class Row(Protocol):
    def __getitem__(self, key: int | str, /) -> Any: ...


class Connection(Protocol):
    """What a repository may do with the open transaction it was given."""

    @property
    def dialect(self) -> Dialect: ...

    async def execute(self, sql: str, params: Params = ()) -> int:
        """Run one statement; the number of rows it changed."""
        ...

    async def fetch(self, sql: str, params: Params = ()) -> list[Row]: ...

    async def fetchone(self, sql: str, params: Params = ()) -> Row | None: ...

    async def fetchval(self, sql: str, params: Params = ()) -> Any:
        """The first column of the first row; None when there is no row."""
        ...

    async def executemany(self, sql: str, rows: Iterable[Params]) -> None: ...


class SqliteConnection:
    """aiosqlite: every call is one hop to the connection's thread (execute_fetchall, not
    execute + fetch + close)."""

    dialect: Dialect = "sqlite"

    def __init__(self, raw: aiosqlite.Connection) -> None:
        self.raw = raw

    async def execute(self, sql: str, params: Params = ()) -> int:
        cursor = await self.raw.execute(sql, params)
        return cursor.rowcount

    async def fetch(self, sql: str, params: Params = ()) -> list[Row]:
        return list(await self.raw.execute_fetchall(sql, params))

    async def fetchone(self, sql: str, params: Params = ()) -> Row | None:
        rows = await self.raw.execute_fetchall(sql, params)
        return next(iter(rows), None)

    async def fetchval(self, sql: str, params: Params = ()) -> Any:
        row = await self.fetchone(sql, params)
        return None if row is None else row[0]

    async def executemany(self, sql: str, rows: Iterable[Params]) -> None:
        await self.raw.executemany(sql, rows)


class PostgresConnection:
    """asyncpg: `?` becomes `$1..$n` (once per SQL text); the row count comes from the command
    status ("UPDATE 3", "INSERT 0 1")."""

    dialect: Dialect = "postgresql"

    def __init__(self, raw: Any) -> None:  # asyncpg.Connection or a pool's proxy of one
        self.raw = raw

    async def execute(self, sql: str, params: Params = ()) -> int:
        status = await self.raw.execute(numbered(sql), *params)
        return rowcount(status)

    async def fetch(self, sql: str, params: Params = ()) -> list[Row]:
        return list(await self.raw.fetch(numbered(sql), *params))

    async def fetchone(self, sql: str, params: Params = ()) -> Row | None:
        row: Row | None = await self.raw.fetchrow(numbered(sql), *params)
        return row

    async def fetchval(self, sql: str, params: Params = ()) -> Any:
        return await self.raw.fetchval(numbered(sql), *params)

    async def executemany(self, sql: str, rows: Iterable[Params]) -> None:
        await self.raw.executemany(numbered(sql), rows)


# A quoted literal or identifier (kept as is), or a placeholder.
_TOKEN = re.compile(r"'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"|\?")


@lru_cache(maxsize=1024)
def numbered(sql: str) -> str:
    """`?` placeholders -> PostgreSQL's `$1..$n`, leaving quoted text alone."""
    count = 0

    def replace(match: re.Match[str]) -> str:
        nonlocal count
        if match.group(0) != "?":
            return match.group(0)
        count += 1
        return f"${count}"

    return _TOKEN.sub(replace, sql)


def rowcount(status: str) -> int:
    """The last word of a command status is its row count ("INSERT 0 1", "DELETE 2")."""
    last = status.rsplit(" ", 1)[-1]
    return int(last) if last.isdigit() else 0

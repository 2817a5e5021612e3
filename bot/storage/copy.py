"""`drillbot db copy SRC DST`: every table of one migrated database into an empty other one,
SQLite to PostgreSQL or back.

Both are opened (and so migrated) as the bot would open them; the copy is refused unless both
are at the same schema version and the destination holds no rows. Tables go parents first
(by their foreign keys), in batches of one transaction each, read in primary-key order; the
identity sequences of PostgreSQL are moved past the copied ids; at the end every table's row
count is compared.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bot.storage.connection import DatabaseError
from bot.storage.database_url import is_postgres, redacted
from bot.storage.sender_lock import SenderLock
from bot.storage.sql import Connection
from bot.storage.store import Store

BATCH_ROWS = 1000
SKIPPED = {"schema_migrations"}  # written by each side's own migrations


class CopyRefused(DatabaseError):
    """The copy would not be safe; nothing was written."""


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[str, ...]
    key: tuple[str, ...]  # the primary key: batches are read in its order
    parents: frozenset[str]  # tables its foreign keys point to


async def copy_database(
    source: Path | str, destination: Path | str, report: Callable[[str], None]
) -> dict[str, int]:
    """Copy every row; returns rows per table. Raises CopyRefused before writing anything when
    the copy would be unsafe, DatabaseError when counts differ afterwards."""
    if not is_postgres(source) and not Path(source).is_file():
        raise CopyRefused(f"no database at {source}")
    if str(source) == str(destination):
        raise CopyRefused("source and destination are the same database")
    # A SQLite file a running bot still writes to would change under the copy: its sender
    # lock refuses (PostgreSQL has none: stop the bots first, as the README says).
    locks = [SenderLock(db) for db in (source, destination) if not is_postgres(db)]
    try:
        for lock in locks:
            lock.acquire()
        src = await Store.open(source)
        try:
            dst = await Store.open(destination)
            try:
                return await _copy(src, dst, report)
            finally:
                await dst.close()
        finally:
            await src.close()
    finally:
        for lock in locks:
            lock.release()


async def _copy(src: Store, dst: Store, report: Callable[[str], None]) -> dict[str, int]:
    async with src.unit() as s, dst.unit() as d:
        if await _versions(s.conn) != await _versions(d.conn):
            raise CopyRefused(
                f"{redacted(src.path)} and {redacted(dst.path)} are at different schema"
                " versions: run the newer drillbot on both first"
            )
        tables = _parents_first(await describe_tables(s.conn))
        for table in tables:
            rows = await _count(d.conn, table.name)
            if rows:
                raise CopyRefused(
                    f"{redacted(dst.path)} is not empty (table {table.name} has {rows} rows):"
                    " copy only into a new, empty database"
                )
    report(f"copying {redacted(src.path)} -> {redacted(dst.path)}")
    copied = {}
    for table in tables:
        copied[table.name] = await _copy_table(src, dst, table)
        report(f"{table.name}: {copied[table.name]} rows")
    if dst.dialect == "postgresql":
        async with dst.unit(write=True) as d:
            await _reset_identities(d.conn)
    async with src.unit() as s, dst.unit() as d:
        for table in tables:
            have, want = await _count(d.conn, table.name), await _count(s.conn, table.name)
            if have != want:
                raise DatabaseError(f"table {table.name}: {want} rows in the source, {have} copied")
    report(f"copied {sum(copied.values())} rows in {len(tables)} tables; every count matches")
    return copied


async def _copy_table(src: Store, dst: Store, table: Table) -> int:
    columns = ", ".join(table.columns)
    key = ", ".join(table.key)
    after = f"WHERE ({key}) > ({', '.join('?' * len(table.key))}) "
    insert = (
        f"INSERT INTO {table.name} ({columns}) VALUES ({', '.join('?' * len(table.columns))})"
    )
    positions = [table.columns.index(k) for k in table.key]
    last: tuple[object, ...] | None = None
    total = 0
    while True:
        async with src.unit() as s:
            rows = await s.conn.fetch(
                f"SELECT {columns} FROM {table.name} {after if last else ''}"
                f"ORDER BY {key} LIMIT ?",
                (*(last or ()), BATCH_ROWS),
            )
        if not rows:
            return total
        values = [tuple(row[i] for i in range(len(table.columns))) for row in rows]
        async with dst.unit(write=True) as d:  # one transaction per batch
            await d.conn.executemany(insert, values)
        total += len(values)
        last = tuple(values[-1][p] for p in positions)


async def describe_tables(conn: Connection) -> list[Table]:
    """Every table of the database with its columns, primary key and parents."""
    tables = []
    if conn.dialect == "sqlite":
        names = await conn.fetch(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            " ORDER BY name"
        )
        for row in names:
            name = row[0]
            info = await conn.fetch(f"PRAGMA table_info({name})")
            key = tuple(r[1] for r in sorted((r for r in info if r[5]), key=lambda r: r[5]))
            parents = {r[2] for r in await conn.fetch(f"PRAGMA foreign_key_list({name})")}
            tables.append(Table(name, tuple(r[1] for r in info), key, frozenset(parents)))
    else:
        names = await conn.fetch(
            "SELECT table_name FROM information_schema.tables WHERE table_schema ="
            " current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name"
        )
        for row in names:
            name = row[0]
            column_rows = await conn.fetch(
                "SELECT column_name FROM information_schema.columns WHERE table_schema ="
                " current_schema() AND table_name = ? ORDER BY ordinal_position",
                (name,),
            )
            key_rows = await conn.fetch(
                "SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid"
                " AND a.attnum = ANY(i.indkey) WHERE i.indrelid = CAST(? AS regclass)"
                " AND i.indisprimary ORDER BY array_position(CAST(i.indkey AS int2[]), a.attnum)",
                (name,),
            )
            parent_rows = await conn.fetch(
                "SELECT CAST(confrelid AS regclass)::text FROM pg_constraint"
                " WHERE contype = 'f' AND conrelid = CAST(? AS regclass)",
                (name,),
            )
            tables.append(
                Table(
                    name,
                    tuple(r[0] for r in column_rows),
                    tuple(r[0] for r in key_rows),
                    frozenset(r[0] for r in parent_rows),
                )
            )
    for table in tables:
        if not table.key and table.name not in SKIPPED:
            raise CopyRefused(f"table {table.name} has no primary key to copy it in order by")
    return [t for t in tables if t.name not in SKIPPED]


def _parents_first(tables: list[Table]) -> list[Table]:
    ordered: list[Table] = []
    done: set[str] = set()
    pending = list(tables)
    while pending:
        ready = [t for t in pending if t.parents - {t.name} <= done]
        if not ready:
            raise CopyRefused("the tables' foreign keys form a cycle: cannot order the copy")
        for table in ready:
            ordered.append(table)
            done.add(table.name)
            pending.remove(table)
    return ordered


async def _versions(conn: Connection) -> list[int]:
    return [r[0] for r in await conn.fetch("SELECT version FROM schema_migrations ORDER BY 1")]


async def _count(conn: Connection, table: str) -> int:
    return int(await conn.fetchval(f"SELECT COUNT(*) FROM {table}"))


async def _reset_identities(conn: Connection) -> None:
    """After explicit ids were copied in, the next generated id must come after them."""
    identities = await conn.fetch(
        "SELECT table_name, column_name FROM information_schema.columns"
        " WHERE table_schema = current_schema() AND is_identity = 'YES'"
    )
    for row in identities:
        table, column = row[0], row[1]
        await conn.execute(
            f"SELECT setval(pg_get_serial_sequence(?, ?), COALESCE(MAX({column}), 0) + 1, false)"
            f" FROM {table}",
            (table, column),
        )

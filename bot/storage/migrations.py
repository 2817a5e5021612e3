"""Apply the numbered plain-SQL files shipped in bot/migrations/<dialect>/ in order, each exactly
once. Both dialect folders hold the same versions (a test checks it)."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import Any

import aiosqlite

from bot.storage.sql import Dialect

log = logging.getLogger(__name__)
# Package data, so a normal (non-editable) install carries the schema with it; one folder per
# dialect (sqlite/, postgresql/).
MIGRATIONS_DIR: Traversable = files("bot") / "migrations"
NAME_RE = re.compile(r"^(\d{3,})_[a-z0-9_]+\.sql$")
# pg_advisory_lock key: instances starting together migrate one after the other.
ADVISORY_LOCK_KEY = 0x64726C6C  # "drll"
SCHEMA_MIGRATIONS = (
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
)


class MigrationError(Exception):
    pass


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    path: Traversable


def discover(directory: Traversable | None = None, dialect: Dialect = "sqlite") -> list[Migration]:
    """Every migration file (default: the bundled ones of `dialect`) in version order; none is
    an error."""
    directory = directory or MIGRATIONS_DIR / dialect
    found: dict[int, Migration] = {}
    paths = directory.iterdir() if directory.is_dir() else iter(())
    for path in sorted((p for p in paths if p.name.endswith(".sql")), key=lambda p: p.name):
        match = NAME_RE.match(path.name)
        if not match:
            raise MigrationError(f"{path}: migration files are named NNN_description.sql")
        version = int(match.group(1))
        if version in found:
            raise MigrationError(
                f"{path}: version {version} is also used by {found[version].path.name}"
            )
        found[version] = Migration(version, path.name.removesuffix(".sql"), path)
    if not found:
        # An empty schema would fail later on every query; say what is wrong instead.
        raise MigrationError(
            f"no migration files found in {directory}: the drillbot installation is incomplete"
            " (reinstall the package)"
        )
    return [found[v] for v in sorted(found)]


async def applied_versions(conn: aiosqlite.Connection) -> set[int]:
    await conn.execute(SCHEMA_MIGRATIONS)
    async with conn.execute("SELECT version FROM schema_migrations") as cur:
        return {row[0] for row in await cur.fetchall()}


async def migrate(
    conn: aiosqlite.Connection | Any,
    directory: Traversable | None = None,
    target: int | None = None,
) -> list[Migration]:
    """Apply pending migrations up to `target` (default: all); return those applied.

    `conn`: an aiosqlite connection, or an asyncpg connection (PostgreSQL)."""
    if not isinstance(conn, aiosqlite.Connection):
        return await _migrate_postgres(conn, directory, target)
    done = await applied_versions(conn)
    applied = []
    for migration in _pending(discover(directory, "sqlite"), done, target):
        script = migration.path.read_text(encoding="utf-8")
        # One transaction per file: a failing migration leaves the database as it was.
        try:
            await conn.executescript(
                "BEGIN IMMEDIATE;\n"
                + script
                + "\nINSERT INTO schema_migrations (version, name, applied_at) VALUES "
                + f"({migration.version}, '{migration.name}', '{_now()}');"
                + "\nCOMMIT;"
            )
        except Exception as exc:
            if conn.in_transaction:
                await conn.rollback()
            raise MigrationError(f"migration {migration.path.name} failed: {exc}") from exc
        log.info("applied migration %s", migration.name)
        applied.append(migration)
    return applied


async def _migrate_postgres(
    conn: Any, directory: Traversable | None, target: int | None
) -> list[Migration]:
    """The whole run under an advisory lock (a second instance waits, then finds nothing to
    do); each file in one transaction."""
    migrations = discover(directory, "postgresql")
    await conn.execute("SELECT pg_advisory_lock($1)", ADVISORY_LOCK_KEY)
    try:
        await conn.execute(SCHEMA_MIGRATIONS)
        done = {row[0] for row in await conn.fetch("SELECT version FROM schema_migrations")}
        applied = []
        for migration in _pending(migrations, done, target):
            script = migration.path.read_text(encoding="utf-8")
            try:
                async with conn.transaction():
                    await conn.execute(script)  # no arguments: several statements may run
                    await conn.execute(
                        "INSERT INTO schema_migrations (version, name, applied_at)"
                        " VALUES ($1, $2, $3)",
                        migration.version,
                        migration.name,
                        _now(),
                    )
            except Exception as exc:
                raise MigrationError(f"migration {migration.path.name} failed: {exc}") from exc
            log.info("applied migration %s", migration.name)
            applied.append(migration)
        return applied
    finally:
        await conn.execute("SELECT pg_advisory_unlock($1)", ADVISORY_LOCK_KEY)


def _pending(migrations: list[Migration], done: set[int], target: int | None) -> list[Migration]:
    return [
        m for m in migrations if m.version not in done and (target is None or m.version <= target)
    ]


def _now() -> str:
    return datetime.now(UTC).isoformat()

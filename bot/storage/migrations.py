"""Apply the numbered plain-SQL files of migrations/ in order, each exactly once."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import aiosqlite

from bot.config import PACKAGE_ROOT

log = logging.getLogger(__name__)
MIGRATIONS_DIR = PACKAGE_ROOT / "migrations"
NAME_RE = re.compile(r"^(\d{3,})_[a-z0-9_]+\.sql$")


class MigrationError(Exception):
    pass


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    path: Path


def discover(directory: Path = MIGRATIONS_DIR) -> list[Migration]:
    found: dict[int, Migration] = {}
    for path in sorted(directory.glob("*.sql")):
        match = NAME_RE.match(path.name)
        if not match:
            raise MigrationError(f"{path}: migration files are named NNN_description.sql")
        version = int(match.group(1))
        if version in found:
            raise MigrationError(
                f"{path}: version {version} is also used by {found[version].path.name}"
            )
        found[version] = Migration(version, path.stem, path)
    return [found[v] for v in sorted(found)]


async def applied_versions(conn: aiosqlite.Connection) -> set[int]:
    await conn.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
    )
    async with conn.execute("SELECT version FROM schema_migrations") as cur:
        return {row[0] for row in await cur.fetchall()}


async def migrate(
    conn: aiosqlite.Connection, directory: Path = MIGRATIONS_DIR, target: int | None = None
) -> list[Migration]:
    """Apply pending migrations up to `target` (default: all); return those applied."""
    done = await applied_versions(conn)
    applied = []
    for migration in discover(directory):
        if migration.version in done or (target is not None and migration.version > target):
            continue
        script = migration.path.read_text(encoding="utf-8")
        # One transaction per file: a failing migration leaves the database as it was.
        try:
            await conn.executescript(
                "BEGIN IMMEDIATE;\n"
                + script
                + "\nINSERT INTO schema_migrations (version, name, applied_at) VALUES "
                + f"({migration.version}, '{migration.name}', '{datetime.now(UTC).isoformat()}');"
                + "\nCOMMIT;"
            )
        except Exception as exc:
            if conn.in_transaction:
                await conn.rollback()
            raise MigrationError(f"migration {migration.path.name} failed: {exc}") from exc
        log.info("applied migration %s", migration.name)
        applied.append(migration)
    return applied

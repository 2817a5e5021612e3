"""Apply the numbered plain-SQL files shipped in bot/migrations/ in order, each exactly once."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.resources import files
from importlib.resources.abc import Traversable

import aiosqlite

log = logging.getLogger(__name__)
# Package data, so a normal (non-editable) install carries the schema with it.
MIGRATIONS_DIR: Traversable = files("bot") / "migrations"
NAME_RE = re.compile(r"^(\d{3,})_[a-z0-9_]+\.sql$")


class MigrationError(Exception):
    pass


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    path: Traversable


def discover(directory: Traversable | None = None) -> list[Migration]:
    """Every migration file (default: the bundled ones) in version order; none is an error."""
    directory = directory or MIGRATIONS_DIR
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
    await conn.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
    )
    async with conn.execute("SELECT version FROM schema_migrations") as cur:
        return {row[0] for row in await cur.fetchall()}


async def migrate(
    conn: aiosqlite.Connection, directory: Traversable | None = None, target: int | None = None
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

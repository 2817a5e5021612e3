"""Migrations: walk up from empty, upgrade an old database without losing rows, apply once."""

from __future__ import annotations

import io
import sqlite3
from contextlib import asynccontextmanager

import asyncpg
import pytest

from bot.cli import main
from bot.storage import migrations
from bot.storage.connection import connect
from bot.storage.migrations import discover, migrate


async def test_empty_database_walks_up_to_the_latest_schema(tmp_path):
    conn = await connect(tmp_path / "db.sqlite3")
    applied = await migrate(conn)
    assert [m.version for m in applied] == [m.version for m in discover()]
    assert await migrate(conn) == []  # each applies once
    async with conn.execute("PRAGMA journal_mode") as cur:
        assert (await cur.fetchone())[0] == "wal"
    async with conn.execute("PRAGMA foreign_keys") as cur:
        assert (await cur.fetchone())[0] == 1
    await conn.close()


async def test_old_database_upgrades_without_losing_rows(tmp_path):
    path = tmp_path / "old.sqlite3"
    conn = await connect(path)
    await migrate(conn, target=1)
    await conn.executescript(
        "INSERT INTO users (id, channel, external_id, chat_id, timezone, push_time, created_at)"
        " VALUES (1, 'telegram', '42', '42', 'Asia/Shanghai', '09:00', '2026-01-01T00:00:00.000000+00:00');"
        "INSERT INTO cards (user_id, question_id, state, due) VALUES (1, 'q1', 2, '2026-01-03T00:00:00.000000+00:00');"
        "INSERT INTO reviews (user_id, question_id, rating, reviewed_at, local_date, revealed)"
        " VALUES (1, 'q1', 3, '2026-01-01T01:00:00.000000+00:00', '2026-01-01', 1);"
        "INSERT INTO deliveries (user_id, local_date, question_id, status, claimed_at)"
        " VALUES (1, '2026-01-01', 'q1', 'sent', '2026-01-01T01:00:00.000000+00:00');"
    )
    await conn.close()

    conn = await connect(path)
    applied = await migrate(conn)
    assert [m.version for m in applied] == [m.version for m in discover() if m.version > 1]
    await conn.close()
    with sqlite3.connect(path) as db:
        for table in ("users", "cards", "reviews", "deliveries"):
            assert db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] == 1, table
        columns = {row[1] for row in db.execute("PRAGMA table_info(users)")}
        assert {"current_question_id", "next_push_at", "open_questions"} <= columns
        presentations = {row[1] for row in db.execute("PRAGMA table_info(presentations)")}
        assert "skipped" in presentations
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


async def test_one_delivery_per_user_per_local_day_is_enforced(tmp_path):
    conn = await connect(tmp_path / "db.sqlite3")
    await migrate(conn)
    await conn.execute(
        "INSERT INTO users (id, channel, external_id, timezone, push_time, created_at)"
        " VALUES (1, 'telegram', '1', 'UTC', '09:00', 'x')"
    )
    insert = "INSERT INTO deliveries (user_id, local_date, status, claimed_at) VALUES (1, '2026-01-01', 'claimed', 'x')"
    await conn.execute(insert)
    try:
        await conn.execute(insert)
        raise AssertionError("second delivery for the same local day was accepted")
    except sqlite3.IntegrityError:
        pass
    await conn.close()


def test_start_up_refuses_to_run_without_migration_files(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(migrations, "MIGRATIONS_DIR", tmp_path / "empty")
    (tmp_path / "empty").mkdir()
    monkeypatch.setenv("DRILLBOT_DB", str(tmp_path / "db.sqlite3"))
    monkeypatch.setattr("sys.stdin", io.StringIO("quit\n"))

    assert main(["console", "--user", "ada"]) == 1

    error = capsys.readouterr().err
    assert "no migration files found in" in error and "installation is incomplete" in error
    with sqlite3.connect(tmp_path / "db.sqlite3") as db:
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert "users" not in tables


def test_the_bundled_migrations_ship_inside_the_package():
    names = [m.name for m in discover()]
    assert names[0] == "001_initial" and len(names) >= 3
    assert all(m.path.read_text(encoding="utf-8").strip() for m in discover())


def test_both_dialects_have_the_same_migration_versions():
    # A version added to one folder only would leave the other database a schema behind.
    sqlite = [(m.version, m.name) for m in discover(dialect="sqlite")]
    postgresql = [(m.version, m.name) for m in discover(dialect="postgresql")]
    assert sqlite == postgresql


@pytest.mark.both_databases
async def test_each_migration_applies_by_itself_up_to_the_schema_of_a_full_run(
    database, tmp_path, request
):
    """The stairway: from empty, one migration at a time; the end is the schema one run makes."""
    dialect = "postgresql" if isinstance(database, str) else "sqlite"
    if dialect == "postgresql":
        full, name = request.getfixturevalue("postgres_cluster").new_database()
    else:
        full = tmp_path / "full.sqlite3"
    async with raw_connection(full) as conn:
        await migrate(conn)
        expected = await schema(conn)
    async with raw_connection(database) as conn:
        for migration in discover(dialect=dialect):
            assert [m.version for m in await migrate(conn, target=migration.version)] == [
                migration.version
            ]
        assert await schema(conn) == expected
    if dialect == "postgresql":
        request.getfixturevalue("postgres_cluster").drop_database(name)


async def test_both_dialects_make_the_same_tables_and_columns(tmp_path, postgres_url):
    # Same names in the same order: code and `db copy` never fork per database.
    async with raw_connection(tmp_path / "db.sqlite3") as conn:
        await migrate(conn)
        sqlite = {
            table: [c[0] for c in columns]
            for table, columns in (await schema(conn))["columns"].items()
        }
    async with raw_connection(postgres_url) as conn:
        await migrate(conn)
        postgresql = {
            table: [c[0] for c in columns]
            for table, columns in (await schema(conn))["columns"].items()
        }
    assert sqlite == postgresql


@asynccontextmanager
async def raw_connection(database):
    if isinstance(database, str):
        conn = await asyncpg.connect(database)
    else:
        conn = await connect(database)
    try:
        yield conn
    finally:
        await conn.close()


async def schema(conn) -> dict:
    """Tables with their columns, indexes and constraints, as the database describes them."""
    if isinstance(conn, asyncpg.Connection):
        columns = await conn.fetch(
            "SELECT table_name, column_name, data_type, is_nullable, column_default"
            " FROM information_schema.columns WHERE table_schema = 'public'"
            " ORDER BY table_name, ordinal_position"
        )
        indexes = await conn.fetch(
            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'"
            " ORDER BY indexname"
        )
        constraints = await conn.fetch(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid)"
            " FROM pg_constraint WHERE connamespace = 'public'::regnamespace ORDER BY 1, 2"
        )
        extra = [tuple(r) for r in indexes] + [tuple(r) for r in constraints]
    else:
        tables = await conn.execute_fetchall(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
        columns = []
        for (table,) in tables:
            for column in await conn.execute_fetchall(f"PRAGMA table_info({table})"):
                columns.append((table, column[1], column[2], column[3], column[4], column[5]))
        extra = [
            tuple(r)
            for r in await conn.execute_fetchall(
                "SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name"
            )
        ]
    described: dict = {"columns": {}, "extra": extra}
    for table, column, *rest in columns:
        if table != "schema_migrations":
            described["columns"].setdefault(table, []).append((column, *rest))
    return described

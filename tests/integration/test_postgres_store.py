"""The store on PostgreSQL: what an operator sees when the server cannot be used, instances that
start together, and the SQLite-only maintenance commands answering sensibly."""

from __future__ import annotations

import asyncio
import socket
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import asyncpg
import pytest

from bot.storage import DatabaseError, Store
from bot.storage.migrations import discover
from tests.conftest import CORPUS_DIR
from tests.support import postgres
from tests.support.drillbot_process import Drillbot, environment, run


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])  # nothing listens once the socket is closed


@pytest.fixture
async def store_pg(postgres_url: str):
    store = await Store.open(postgres_url)
    yield store
    await store.close()


async def test_a_refused_connection_names_host_and_database_not_the_password():
    url = f"postgresql://bot:hunter2@127.0.0.1:{closed_port()}/drills"
    with pytest.raises(DatabaseError) as raised:
        await Store.open(url)
    message = str(raised.value)
    assert "'drills'" in message and "127.0.0.1" in message and "refused" in message
    assert "hunter2" not in message and "\n" not in message


async def test_a_wrong_password_and_a_missing_database_are_said_plainly(
    postgres_cluster: postgres.Cluster,
):
    if not postgres_cluster.password:
        pytest.skip("this cluster asks for no password")
    wrong = postgres_cluster.url(postgres.TEMPLATE, password="not-the-password")
    with pytest.raises(DatabaseError, match="password was refused") as raised:
        await Store.open(wrong)
    assert "not-the-password" not in str(raised.value)

    missing = postgres_cluster.url("no_such_db")
    with pytest.raises(DatabaseError, match="'no_such_db'.*does not exist") as raised:
        await Store.open(missing)
    assert postgres_cluster.password not in str(raised.value)


async def test_instances_starting_together_migrate_once(postgres_url: str):
    stores = await asyncio.gather(*(Store.open(postgres_url) for _ in range(3)))
    try:
        async with stores[0].unit() as uow:
            applied = await uow.users.conn.fetch("SELECT version FROM schema_migrations")
    finally:
        for store in stores:
            await store.close()
    assert sorted(r[0] for r in applied) == [m.version for m in discover(dialect="postgresql")]


async def test_backup_points_to_pg_dump_and_checkpoint_does_nothing(
    postgres_url: str, tmp_path: Path
):
    store = await Store.open(postgres_url)
    try:
        await store.checkpoint()
        with pytest.raises(DatabaseError, match="pg_dump"):
            await store.backup(tmp_path / "copy.sqlite3")
    finally:
        await store.close()
    assert not (tmp_path / "copy.sqlite3").exists()


async def test_the_commands_never_print_the_password(
    postgres_cluster: postgres.Cluster, postgres_url: str, tmp_path: Path
):
    env = environment(postgres_url, CORPUS_DIR, DRILLBOT_DATA_DIR=str(tmp_path / "data"))
    code, out, err = await run("db", "migrate", env=env)
    assert code == 0, err
    assert "applied 001_initial" in out
    code, out, err = await run("status", env=env)
    assert code == 0, err
    assert "database postgresql://drillbot@127.0.0.1" in out
    code, out, err = await run("db", "backup", str(tmp_path / "b.sqlite3"), env=env)
    assert code == 1 and "pg_dump" in err
    if postgres_cluster.password:
        assert postgres_cluster.password not in out + err


async def test_postgresql_returns_plain_python_numbers(store_pg: Store):
    # asyncpg returns Decimal for numeric: every average is cast to a float in SQL.
    async with store_pg.unit(write=True) as uow:
        conn = uow.users.conn
        user_id = await conn.fetchval(
            "INSERT INTO users (channel, external_id, timezone, push_time, created_at)"
            " VALUES (?, ?, ?, ?, ?) RETURNING id",
            ("console", "ada", "UTC", "09:00", "2026-03-02T00:00:00.000000+00:00"),
        )
        at = datetime(2026, 3, 2, 1, tzinfo=UTC)
        for rating in (1, 2):
            await uow.reviews.add(user_id, "q1", rating, at, at.date(), True)
        [(question, reviews, average, last)] = await uow.reviews.per_question(user_id)
    assert (question, reviews, last) == ("q1", 2, 2)
    assert type(average) is float and average == 1.5


async def test_the_console_process_practises_on_postgresql(postgres_url: str, tmp_path: Path):
    """The real `drillbot console` with DRILLBOT_DB set to a URL: the rating lands in
    PostgreSQL, and the chart goes to DRILLBOT_DATA_DIR (there is no database folder)."""
    data = tmp_path / "data"
    env = environment(postgres_url, CORPUS_DIR, DRILLBOT_DATA_DIR=str(data))
    process = await Drillbot.start("console", "--user", "zoe", env=env, stdin=b"\n3\nstats\nquit\n")
    code, out, err = await process.finish(timeout=60)
    assert code == 0, err
    assert "Reference answer" in out and "Reviewed today: 1" in out

    conn = await asyncpg.connect(postgres_url)
    try:
        rows = await conn.fetch(
            "SELECT u.channel, u.external_id, r.rating, r.revealed FROM reviews r"
            " JOIN users u ON u.id = r.user_id"
        )
    finally:
        await conn.close()
    assert [tuple(r) for r in rows] == [("console", "zoe", 3, 1)]
    assert list((data / "charts" / "zoe").glob("*.png"))


def test_the_sqlite_path_does_not_load_asyncpg():
    # Merely importing asyncpg slowed every SQLite practice call by about a tenth
    # (bench/engine_bench.py): it is loaded only when a PostgreSQL URL is opened.
    code = (
        "import sys, bot.cli, bot.bootstrap, bot.server, bot.storage.copy;"
        " sys.exit('asyncpg' in sys.modules)"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0

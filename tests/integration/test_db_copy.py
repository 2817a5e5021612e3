"""`drillbot db copy`: SQLite -> PostgreSQL -> SQLite keeps every row of every table, and a
destination that holds data is refused before anything is written."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.domain.fsrs_fit import FitResult
from bot.domain.models import Rating
from bot.domain.practice import PracticeConfig, PracticeService
from bot.grading.verdict import AnswerSource, Attempt, GraderKind
from bot.storage import DatabaseError, Store
from bot.storage.copy import CopyRefused, copy_database, describe_tables
from tests.conftest import CORPUS_DIR
from tests.support.drillbot_process import environment, run


async def fill(path: Path, corpus, clock) -> None:
    """Two users practising for days, a team with a roll call, answers, plans and updates."""
    store = await Store.open(path)
    service = PracticeService(store, corpus, PracticeConfig(max_new_per_day=3), clock)
    try:
        users = []
        for n, name in ((1, "Ada"), (2, "Bo")):
            reg = await service.register("telegram", str(n), chat_id=str(n), display_name=name)
            users.append(reg.user.id)
        for day in range(4):
            for user_id in users:
                await service.next_question(user_id)
                await service.reveal(user_id)
                await service.rate(user_id, Rating.GOOD if day % 2 else Rating.HARD)
            clock.advance(timedelta(days=1))
        await service.next_question(users[0])
        await service.skip(users[0])
        team, _ = await service.teams.register("telegram", "-100", title="Study", owner_id="1")
        now = clock.now()
        async with store.unit(write=True) as uow:
            for user_id in users:
                await uow.teams.add_member(team.id, user_id, now)
                delivery = await uow.deliveries.claim(user_id, now.date(), now, now)
                assert delivery is not None
                await uow.deliveries.mark_sent(delivery, f"m{user_id}", now)
            team_delivery = await uow.teams.claim(team.id, "question", now.date(), now)
            assert team_delivery is not None
            await uow.teams.answered(team_delivery, users[0], now)
            await uow.attempts.add(
                users[0],
                Attempt(0, "q1", "PPO clips the ratio", 1, AnswerSource.TEXT, GraderKind.OFFLINE,
                        0.625, ("clip",), ("kl",), Rating.GOOD, None, now, now),
            )  # fmt: skip
            await uow.own_answers.save(users[1], "q2", "我的答案", now)
            assert await uow.model_usage.take(users[0], now.date(), 5)
            await uow.interviews.set_date(users[0], now.date() + timedelta(days=30), now)
            await uow.interviews.mark_asked(users[1], now.date(), now)
            await uow.fsrs_parameters.save(
                users[0], FitResult(now, 40, (0.1, 1.2345678901234567), 0.5, 0.4, 0.3, 0.2, True)
            )
            update = (2**40, -(2**40), '{"update_id": 1}')
            assert await uow.inbox.record("telegram", [update], now) == [2**40]
            assert await uow.inbox.first_request("v0=signature", now, now + timedelta(minutes=10))
            await uow.instances.beat("4242-abc", now, now)
            assert await uow.paid_broadcasts.reserve(now.date(), 100, cap=250) == 100
    finally:
        await store.close()


def dump(path: Path) -> dict[str, list[tuple]]:
    with sqlite3.connect(path) as db:
        tables = [
            r[0]
            for r in db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'"
                " AND name NOT IN ('schema_migrations') AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {
            t: db.execute(f"SELECT * FROM {t} ORDER BY {every_column(db, t)}").fetchall()
            for t in tables
        }


def every_column(db: sqlite3.Connection, table: str) -> str:
    """ORDER BY 1, 2, ... n: a total order of the table's rows, however many columns it has."""
    count = len(db.execute(f"PRAGMA table_info({table})").fetchall())
    return ", ".join(str(n) for n in range(1, count + 1))


async def test_sqlite_to_postgresql_and_back_keeps_every_row(
    tmp_path, postgres_url, corpus, clock, monkeypatch
):
    monkeypatch.setattr("bot.storage.copy.BATCH_ROWS", 3)  # several batches per table
    first, last = tmp_path / "first.sqlite3", tmp_path / "last.sqlite3"
    await fill(first, corpus, clock)
    before = dump(first)
    assert all(before.values()), [t for t, rows in before.items() if not rows]  # none left empty

    lines: list[str] = []
    there = await copy_database(first, postgres_url, lines.append)
    back = await copy_database(postgres_url, last, lines.append)

    assert dump(last) == before
    assert there == back == {t: len(rows) for t, rows in before.items()}
    assert f"reviews: {len(before['reviews'])} rows" in lines
    assert lines[-1].endswith("every count matches")
    # New rows on PostgreSQL get ids after the copied ones.
    store = await Store.open(postgres_url)
    try:
        async with store.unit(write=True) as uow:
            reg_id = await uow.users.insert(
                channel="slack", external_id="U1", chat_id=None, display_name=None,
                timezone="UTC", push_time="09:00", language=None,
                created_at=datetime(2026, 4, 1, tzinfo=UTC), next_push_at=None,
            )  # fmt: skip
    finally:
        await store.close()
    assert reg_id > max(row[0] for row in before["users"])


async def test_a_destination_with_rows_is_refused_and_left_as_it_was(
    tmp_path, postgres_url, corpus, clock
):
    source, other = tmp_path / "source.sqlite3", tmp_path / "other.sqlite3"
    await fill(source, corpus, clock)
    await fill(other, corpus, clock)
    await copy_database(source, postgres_url, lambda line: None)

    for destination in (postgres_url, other):
        with pytest.raises(CopyRefused, match="is not empty .*copy only into a new, empty"):
            await copy_database(source, destination, lambda line: None)
    store = await Store.open(postgres_url)
    try:
        async with store.unit() as uow:
            tables = await describe_tables(uow.conn)
            counts = {
                t.name: await uow.conn.fetchval(f"SELECT COUNT(*) FROM {t.name}") for t in tables
            }
    finally:
        await store.close()
    assert counts == {t: len(rows) for t, rows in dump(source).items()}  # not doubled


async def test_a_missing_source_is_refused_without_creating_it(tmp_path, postgres_url):
    with pytest.raises(CopyRefused, match="no database at"):
        await copy_database(tmp_path / "nowhere.sqlite3", postgres_url, lambda line: None)
    assert not (tmp_path / "nowhere.sqlite3").exists()


async def test_the_copy_command_as_a_process(tmp_path, postgres_url, corpus, clock):
    source = tmp_path / "source.sqlite3"
    await fill(source, corpus, clock)
    env = environment(tmp_path / "unused.sqlite3", CORPUS_DIR)

    code, out, err = await run("db", "copy", str(source), postgres_url, env=env, timeout=60)
    assert code == 0, err
    assert "copying " in out and "users: 2 rows" in out and "every count matches" in out
    assert ":s3cret" not in out + err  # the URL is printed without its password

    code, out, err = await run("db", "copy", str(source), postgres_url, env=env, timeout=60)
    assert code == 1
    assert "drillbot: nothing copied:" in err and "is not empty" in err

    back = tmp_path / "back.sqlite3"
    code, out, err = await run("db", "copy", postgres_url, str(back), env=env, timeout=60)
    assert code == 0, err
    assert dump(back) == dump(source)


async def test_a_sqlite_database_a_running_bot_holds_is_refused(tmp_path, postgres_url):
    source = tmp_path / "source.sqlite3"
    running = await Store.open(source, sender=True)  # as `drillbot run` holds it
    try:
        with pytest.raises(DatabaseError, match="already used by another running drillbot"):
            await copy_database(source, postgres_url, lambda line: None)
    finally:
        await running.close()
    copied = await copy_database(source, postgres_url, lambda line: None)  # once it stopped
    assert copied and set(copied.values()) == {0}

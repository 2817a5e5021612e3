"""Fitted FSRS parameters from the command line and in the running bot, as real processes."""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import sys
from datetime import UTC, datetime
from pathlib import Path

from bot.storage import Store
from tests.conftest import CORPUS_DIR
from tests.support.fake_telegram import FakeTelegram
from tests.support.fixtures import TELEGRAM_TOKEN as TOKEN
from tests.support.synthetic_learner import review_history

DRILLBOT = str(Path(sys.executable).with_name("drillbot"))


async def seeded(path: Path) -> dict[str, int]:
    """Three users: a long history of a fast forgetter, a short one, and none."""
    store = await Store.open(path)
    ids = {}
    try:
        async with store.unit(write=True) as uow:
            for name, history in (
                ("long", review_history(40, 30, scale=0.3)),
                ("short", review_history(3, 30)),
                ("none", []),
            ):
                ids[name] = await uow.users.insert(
                    channel="console", external_id=name, chat_id=None, display_name=None,
                    timezone="UTC", push_time="09:00", language=None,
                    created_at=datetime(2026, 1, 1, tzinfo=UTC), next_push_at=None,
                )  # fmt: skip
                for qid, rating, day in history:
                    at = datetime(day.year, day.month, day.day, 12, tzinfo=UTC)
                    await uow.reviews.add(ids[name], qid, rating, at, day, True)
    finally:
        await store.close()
    return ids


def environment(db: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "SLACK_"))}
    env.update(DRILLBOT_DB=str(db), DRILLBOT_CONTENT=str(CORPUS_DIR), **extra)
    env.pop("DRILLBOT_CONFIG", None)
    return env


async def drillbot(*args: str, env: dict[str, str]) -> tuple[int, str, str]:
    process = await asyncio.create_subprocess_exec(
        DRILLBOT, *args, env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
    )
    out, err = await asyncio.wait_for(process.communicate(), 60)
    return process.returncode, out.decode(), err.decode()


def fits(db: Path) -> dict[int, tuple[int, int, bool]]:
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "SELECT user_id, reviews_used, in_use, parameters IS NOT NULL FROM fsrs_parameters"
        ).fetchall()
    return {r[0]: (r[1], r[2], bool(r[3])) for r in rows}


async def test_optimize_prints_default_versus_fitted_for_every_user(tmp_path):
    db = tmp_path / "drillbot.sqlite3"
    ids = await seeded(db)
    code, out, err = await drillbot("fsrs", "optimize", env=environment(db))
    assert code == 0, err
    lines = out.strip().splitlines()
    assert len(lines) == 2  # the user without reviews is not fitted
    long_line, short_line = lines
    reviews = len(review_history(40, 30, scale=0.3))
    assert long_line.startswith(f"user {ids['long']} (console:long): {reviews} reviews; log loss ")
    assert "default," in long_line and "fitted; RMSE" in long_line
    assert long_line.endswith("personal parameters in use")
    default_loss, fitted_loss = (
        float(part.split()[-2]) for part in long_line.split(";")[1].split(",")
    )
    assert fitted_loss < default_loss
    assert short_line == (
        f"user {ids['short']} (console:short): 9 reviews, below the optimizer's minimum;"
        " default parameters kept"
    )
    assert fits(db) == {ids["long"]: (reviews, 1, True), ids["short"]: (9, 0, False)}


async def test_optimize_one_user_and_an_unknown_one(tmp_path):
    db = tmp_path / "drillbot.sqlite3"
    ids = await seeded(db)
    code, out, _err = await drillbot(
        "fsrs", "optimize", "--user", str(ids["short"]), env=environment(db)
    )
    assert code == 0 and out.startswith(f"user {ids['short']} (console:short): 9 reviews")
    assert list(fits(db)) == [ids["short"]]
    code, out, err = await drillbot("fsrs", "optimize", "--user", "999", env=environment(db))
    assert code == 1 and "no user with id 999" in err


async def test_the_running_bot_fits_parameters_of_users_due_for_it(
    tmp_path, fake_telegram: FakeTelegram
):
    db = tmp_path / "drillbot.sqlite3"
    ids = await seeded(db)
    fake = fake_telegram
    env = environment(
        db, TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_API_BASE_URL=fake.url, DRILLBOT_LOG_LEVEL="INFO"
    )
    process = await asyncio.create_subprocess_exec(
        DRILLBOT, "run", env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
    )
    try:
        async with asyncio.timeout(60):
            while len(fits(db)) < 2:  # seeded() created the tables
                assert process.returncode is None
                await asyncio.sleep(0.2)
    finally:
        process.send_signal(signal.SIGTERM)
        _out, err = await asyncio.wait_for(process.communicate(), 30)
    assert process.returncode == 0, err.decode()
    assert fits(db)[ids["long"]][1] == 1
    assert f"fitted FSRS parameters: user={ids['long']}" in err.decode()

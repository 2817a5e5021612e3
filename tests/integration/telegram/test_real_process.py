"""The real `drillbot run` process against the fake Bot API: one sender per database, and no
token in any log line, from the first one."""

from __future__ import annotations

import signal
from pathlib import Path

from tests.conftest import CORPUS_DIR
from tests.integration.telegram.conftest import TOKEN
from tests.support.drillbot_process import Drillbot, environment
from tests.support.fake_telegram import FakeTelegram


def bot_env(fake: FakeTelegram, database: Path, **extra: str) -> dict[str, str]:
    return environment(
        database,
        CORPUS_DIR,
        TELEGRAM_BOT_TOKEN=TOKEN,
        TELEGRAM_API_BASE_URL=fake.url,
        **extra,
    )


async def test_a_second_bot_on_the_same_database_refuses_to_start(
    fake: FakeTelegram, tmp_path: Path
):
    database = tmp_path / "drillbot.sqlite3"
    first = await Drillbot.start("run", env=bot_env(fake, database))
    await fake.wait_for(lambda: fake.calls_to("getUpdates"), timeout=30)

    code, _out, err = await (await Drillbot.start("run", env=bot_env(fake, database))).finish()

    assert code == 1
    assert err.strip() == (
        f"drillbot: database error: {database} is already used by another running drillbot"
        f" (pid {first.process.pid}); stop it first, only one may send per database"
    )
    assert first.process.returncode is None  # the first one carries on
    code, _out, _err = await first.stop(signal.SIGTERM)
    assert code == 0
    # Once the first has stopped, the lock is free again.
    again = await Drillbot.start("run", env=bot_env(fake, database))
    polls = len(fake.calls_to("getUpdates"))
    await fake.wait_for(lambda: len(fake.calls_to("getUpdates")) > polls, timeout=30)
    assert (await again.stop())[0] == 0


async def test_the_token_is_in_no_log_line_at_debug(fake: FakeTelegram, tmp_path: Path):
    bot = await Drillbot.start(
        "run", env=bot_env(fake, tmp_path / "drillbot.sqlite3", DRILLBOT_LOG_LEVEL="DEBUG")
    )
    ada = fake.user(1001)
    await ada.send("/start")
    await ada.next_message(timeout=30)
    _code, out, err = await bot.stop()

    lines = (out + err).splitlines()
    # Requests were logged with their URLs, which carry the token (redacted). PTB's own
    # DEBUG lines stay off: they would carry the users' answers (bot.grading.privacy).
    assert any("HTTP Request: POST" in line and "/bot" in line for line in lines)
    secret_half = TOKEN.partition(":")[2]
    leaking = [line for line in lines if TOKEN in line or secret_half in line]
    assert leaking == []

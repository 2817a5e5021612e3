"""The real `drillbot run` process with its scheduler and the real clock: the daily question of
a user preparing for an interview says what the plan holds today."""

from __future__ import annotations

import asyncio
import os
import signal
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from tests.integration.delivery.conftest import CORPUS_DIR, TOKEN, Harness
from tests.integration.test_process_exit import DRILLBOT, START_TIMEOUT, ended


async def test_the_running_bot_sends_the_plan_line_with_the_daily_question(
    harness: Harness, tmp_path
):
    # Real time: a timezone where it is about noon now keeps the local day whole.
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    offset = 12 - now.hour
    zone = f"Etc/GMT{-offset:+d}" if offset else "UTC"  # Etc/GMT-5 is UTC+5
    push = (now - timedelta(minutes=1)).astimezone(ZoneInfo(zone)).strftime("%H:%M")
    harness.clock.set(now - timedelta(minutes=30))
    user = await harness.user(100, zone, push)
    day = now.astimezone(ZoneInfo(zone)).date() + timedelta(days=10)
    plan = (await harness.practice.interviews.set_date(user.id, day.isoformat())).plan

    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "SLACK_"))}
    env.pop("DRILLBOT_CONFIG", None)
    env.update(
        DRILLBOT_DB=str(tmp_path / "drillbot.sqlite3"),
        DRILLBOT_CONTENT=str(CORPUS_DIR),
        TELEGRAM_BOT_TOKEN=TOKEN,
        TELEGRAM_API_BASE_URL=harness.fake.url,
    )
    process = await asyncio.create_subprocess_exec(
        DRILLBOT, "run", env=env, stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    try:
        await harness.fake.wait_for(lambda: harness.fake.sent_to(100), START_TIMEOUT)
    finally:
        process.send_signal(signal.SIGTERM)
        code, _out, err = await ended(process)
    assert code == 0 and "Traceback" not in err
    [message] = harness.fake.sent_to(100)
    assert message.plain.startswith(
        f"{plan.planned_today} due today for your interview in 10 days."
    )
    assert message.button("Show answer")

"""The daily question arrives while `drillbot run` is up: the timed path a user relies on.

A user registers through the fake platform server and sets a push time one minute or so
ahead, in their own timezone; the real process, started before, must send exactly one daily
question at that minute (no restart) and nothing more in the ticks after it. Telegram and
Slack each run their own `drillbot run` against their own fake server, side by side, so the
whole test waits for one push minute only (at most about 70 s).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta

import pytest

from tests.e2e.conftest import (
    TICK_SECONDS,
    Drillbot,
    StartDrillbot,
    far_push_env,
    next_push_minute,
    seconds_until,
)
from tests.support.fake_slack import FakeSlack, dm_of
from tests.support.fake_telegram import FakeTelegram

ZONE = "America/St_Johns"  # UTC-3:30 (summer -2:30): HH:MM must be read in the user's zone
MARGIN = 8.0  # seconds between setting the push time and the push minute, at the least
STARTUP = 60.0  # generous: the machine may be busy
LATE = 3 * TICK_SECONDS + 10.0  # the daily question may come this long after its minute
QUIET = 5 * TICK_SECONDS  # then this many ticks pass without another one
TELEGRAM_TOKEN = "123456789:AAHe2eTokenForTestsOnly_0123456789abcd"
SLACK_TOKEN = "xoxb-0000-e2e-token-for-tests"


async def test_one_daily_question_arrives_at_its_minute_on_telegram_and_slack(
    start_drillbot: StartDrillbot,
):
    results = await asyncio.gather(
        telegram_user_gets_the_push(start_drillbot),
        slack_user_gets_the_push(start_drillbot),
        return_exceptions=True,
    )
    for result in results:
        if isinstance(result, BaseException):
            raise result


async def telegram_user_gets_the_push(start_drillbot: StartDrillbot) -> None:
    fake = FakeTelegram(TELEGRAM_TOKEN)
    await fake.start()
    bot: Drillbot | None = None
    try:
        bot = await start_drillbot(
            {
                "TELEGRAM_BOT_TOKEN": TELEGRAM_TOKEN,
                "TELEGRAM_API_BASE_URL": fake.url,
                **far_push_env(),
            }
        )
        user = fake.user(4242, "Ada")
        await user.send("/start")
        assert "/time" in (await user.next_message(timeout=STARTUP)).plain
        assert ZONE in (await user.ask(f"/tz {ZONE}")).plain

        async def set_time(hhmm: str) -> None:
            assert hhmm in (await user.ask(f"/time {hhmm}")).plain

        instant = await push_time_ahead(set_time)

        daily = await within(bot, user.next_message(timeout=seconds_until(instant) + LATE))
        arrived = datetime.now(UTC)
        assert daily.button("Show answer")  # the day's question, with its button
        assert instant <= arrived < instant + timedelta(seconds=LATE)
        await asyncio.sleep(QUIET)
        assert user.unread() == []  # exactly one
        assert bot.running  # and no restart was needed
        assert_clean_log(bot)
    finally:
        if bot is not None:
            await bot.stop()  # before its server goes away
        await fake.close()


async def slack_user_gets_the_push(start_drillbot: StartDrillbot) -> None:
    fake = FakeSlack(SLACK_TOKEN)
    await fake.start()
    bot: Drillbot | None = None
    try:
        bot = await start_drillbot(
            {
                "SLACK_BOT_TOKEN": SLACK_TOKEN,
                "SLACK_APP_TOKEN": fake.app_token,
                "SLACK_API_BASE_URL": fake.api_url,
                **far_push_env(),
            }
        )
        user = "U0E2E"
        dm = dm_of(user)
        fake.add_user(user, tz=ZONE)  # Slack tells the bot the user's timezone
        await fake.wait_for(lambda: fake.sockets, timeout=STARTUP)
        await slash(fake, user, "help")  # a new user: the welcome, in the DM
        await fake.wait_for(lambda: fake.in_channel(dm))
        assert ZONE in fake.in_channel(dm)[0].mrkdwn

        async def set_time(hhmm: str) -> None:
            replies = len(fake.ephemerals_for(user))
            await slash(fake, user, f"time {hhmm}")
            await fake.wait_for(lambda: len(fake.ephemerals_for(user)) > replies)
            assert hhmm in fake.ephemerals_for(user)[-1].mrkdwn

        instant = await push_time_ahead(set_time)
        before = len(fake.in_channel(dm))  # the welcome

        waiting = fake.wait_for(
            lambda: len(fake.in_channel(dm)) > before, timeout=seconds_until(instant) + LATE
        )
        await within(bot, waiting)
        arrived = datetime.now(UTC)
        daily = fake.in_channel(dm)[before]
        assert daily.button("Show answer")
        assert instant <= arrived < instant + timedelta(seconds=LATE)
        await asyncio.sleep(QUIET)
        assert len(fake.in_channel(dm)) == before + 1  # exactly one
        assert bot.running
        assert_clean_log(bot)
    finally:
        if bot is not None:
            await bot.stop()  # before its server goes away
        await fake.close()


async def push_time_ahead(set_time: Callable[[str], Awaitable[None]]) -> datetime:
    """Set the push time to the next whole minute at least MARGIN ahead (in the user's zone);
    should the reply come after that minute (a very busy machine), set the next one."""
    for _attempt in range(3):
        hhmm, instant = next_push_minute(ZONE, MARGIN)
        await set_time(hhmm)
        if seconds_until(instant) > 1:
            return instant
    raise AssertionError("the bot answered /time too slowly to set a time ahead")


async def slash(fake: FakeSlack, user: str, text: str) -> None:
    """`/drill text` typed in the user's DM, over the Socket Mode connection."""
    await fake.send_envelope(
        "slash_commands",
        {
            "command": "/drill",
            "text": text,
            "user_id": user,
            "channel_id": dm_of(user),
            "team_id": "T0001",
            "response_url": fake.response_url(user),
            "trigger_id": "t",
        },
    )


async def within(bot: Drillbot, waiting) -> object:
    """Await `waiting`; on a timeout, fail with what the bot logged meanwhile."""
    try:
        return await waiting
    except TimeoutError:
        pytest.fail(f"no daily question in time; running={bot.running}; log:\n{bot.log_tail()}")


def assert_clean_log(bot: Drillbot) -> None:
    log = bot.log_text()
    assert "Traceback" not in log and "raised an exception" not in log, bot.log_tail()

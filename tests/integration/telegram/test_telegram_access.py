"""Blocked users, the allowlist and Telegram's rate limits."""

from __future__ import annotations

import pytest

from tests.integration.telegram.conftest import RunningBot, StartBot, assert_no_api_errors
from tests.support.fake_telegram import ApiError, FakeTelegram, SentMessage


async def test_blocked_user_is_marked_inactive_until_start(bot: RunningBot, fake: FakeTelegram):
    ada, bob = fake.user(1001), fake.user(1002, "Bob")
    await ada.ask("/start")
    assert (await bot.user(1001)).active

    fake.block(ada.id)
    await ada.send("/next")
    await fake.wait_for(lambda: any(c.status == 403 for c in fake.calls))
    # Updates are handled in order: once Bob is answered, Ada's update is fully handled.
    await bob.ask("/start")
    assert not (await bot.user(1001)).active

    fake.block(ada.id, False)
    welcome = await ada.ask("/start")
    assert "Welcome back" in welcome.plain
    assert (await bot.user(1001)).active


async def test_strangers_are_refused_once_and_nothing_is_stored(
    start_bot: StartBot, fake: FakeTelegram
):
    bot = await start_bot(access="allowlist", allowed_users=("1001",))
    ada, stranger = fake.user(1001), fake.user(666, "Eve")

    refusal = await stranger.ask("/start")
    assert refusal.plain == ("Sorry, this bot is private. Ask its owner to add your user id (666).")
    await stranger.send("/next")
    await stranger.next_message()
    fake_card = SentMessage(666, 99, "Question?", None, None)
    press = await stranger.press_data(fake_card, "a:dist-1")
    assert "private" in (await stranger.callback_answer(press))["text"]
    press = await stranger.press_data(fake_card, "f:y")
    assert "private" in (await stranger.callback_answer(press))["text"]

    assert "Welcome" in (await ada.ask("/start")).plain
    assert len(stranger.inbox) == 2  # one refusal per message, nothing more
    assert await bot.user(666) is None
    rows = await bot.store.conn.execute_fetchall("SELECT external_id FROM users")
    assert [r[0] for r in rows] == ["1001"]
    assert_no_api_errors(fake)


# AIORateLimiter reads retry_after as seconds, which PTB 22 flags as deprecated.
@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
async def test_a_429_is_retried_after_retry_after(bot: RunningBot, fake: FakeTelegram):
    ada = fake.user(1001)
    fake.fail_next("sendMessage", ApiError(429, "Too Many Requests: retry after 1", retry_after=1))
    welcome = await ada.ask("/start")
    assert "Welcome" in welcome.plain
    assert [c.status for c in fake.calls_to("sendMessage")] == [429, 200]

"""The bot token never reaches the logs, even at DEBUG."""

from __future__ import annotations

import logging

import pytest

from bot.channels.telegram.logging_redaction import REDACTED, TokenRedactingFilter
from tests.integration.telegram.conftest import TOKEN, StartBot
from tests.support.fake_telegram import ApiError, FakeTelegram


async def test_no_token_in_debug_logs_of_a_full_conversation(
    start_bot: StartBot, fake: FakeTelegram, caplog: pytest.LogCaptureFixture
):
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="httpx")  # an earlier run may have quietened it
    bot = await start_bot()
    ada = fake.user(1001)
    await ada.ask("/start")
    card = await ada.ask("/next")
    await ada.press(card, "Show answer")
    _, answer = await ada.next_message_with_buttons()
    await ada.press(answer, "Again")
    await ada.next_message()
    fake.fail_next("sendMessage", ApiError(400, "Bad Request: something odd"))
    await ada.send("/stats")  # fails: the error handler logs a traceback, tells the user
    assert (
        await ada.next_message()
    ).plain == "Something went wrong on my side. Please try again in a moment."
    await bot.shutdown()

    logged = caplog.text + "".join(r.getMessage() for r in caplog.records)
    assert "HTTP Request: POST" in logged  # httpx request lines were captured...
    assert REDACTED in logged  # ...with the token replaced
    assert "Failed to handle Telegram update" in logged
    secret_half = TOKEN.partition(":")[2]
    assert TOKEN not in logged
    assert secret_half not in logged


def test_filter_redacts_arguments_and_tracebacks():
    redactor = TokenRedactingFilter(TOKEN)
    try:
        raise RuntimeError(f"GET https://api.telegram.org/bot{TOKEN}/getMe failed")
    except RuntimeError:
        record = logging.LogRecord(
            "httpx", logging.INFO, __file__, 1, "HTTP Request: %s", (f"/bot{TOKEN}/x",), None
        )
        import sys

        record.exc_info = sys.exc_info()
    assert redactor.filter(record)
    assert record.getMessage() == f"HTTP Request: /bot{REDACTED}/x"
    assert TOKEN not in (record.exc_text or "") and REDACTED in (record.exc_text or "")

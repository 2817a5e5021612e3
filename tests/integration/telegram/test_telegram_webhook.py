"""Webhook mode: Telegram posts updates to us, with the secret token on every request."""

from __future__ import annotations

import logging
import socket

import pytest
from aiohttp import ClientSession

from bot.config import Secret
from tests.integration.telegram.conftest import StartBot, assert_no_api_errors
from tests.support.fake_telegram import FakeTelegram
from tests.support.fixtures import TELEGRAM_TOKEN as TOKEN

SECRET = "webhook-secret_123"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


async def test_webhook_receives_updates_and_checks_the_secret(
    start_bot: StartBot, fake: FakeTelegram
):
    port = free_port()
    url = f"http://127.0.0.1:{port}/telegram/hook"
    await start_bot(
        telegram={
            "mode": "webhook",
            "webhook_listen": "127.0.0.1",
            "webhook_port": port,
            "webhook_url": url,
            "webhook_secret": Secret(SECRET),
        }
    )
    assert fake.webhook is not None
    assert fake.webhook["url"] == url and fake.webhook["secret_token"] == SECRET

    ada = fake.user(1001)
    welcome = await ada.ask("/start")  # the fake posts it to the webhook with the secret
    assert "Welcome to drillbot" in welcome.plain

    forged = {"update_id": 1, "message": {"message_id": 1, "date": 0, "text": "/start",
              "chat": {"id": 1001, "type": "private"}}}  # fmt: skip
    async with ClientSession() as client:
        async with client.post(url, json=forged) as response:
            assert response.status == 403
        headers = {"X-Telegram-Bot-Api-Secret-Token": "wrong"}
        async with client.post(url, json=forged, headers=headers) as response:
            assert response.status == 403

    assert "Your timezone" in (await ada.ask("/tz")).plain
    assert len(ada.inbox) == 2  # the forged updates got no reply
    assert not fake.calls_to("getUpdates")
    assert_no_api_errors(fake)


@pytest.mark.parametrize("body", ["{}", "[]", '{"update_id": "x"}', "null", "not json"])
async def test_a_request_with_the_secret_but_no_update_gets_400(
    start_bot: StartBot, fake: FakeTelegram, caplog: pytest.LogCaptureFixture, body: str
):
    port = free_port()
    url = f"http://127.0.0.1:{port}/telegram/hook"
    await start_bot(
        telegram={
            "mode": "webhook",
            "webhook_listen": "127.0.0.1",
            "webhook_port": port,
            "webhook_url": url,
            "webhook_secret": Secret(SECRET),
        }
    )
    headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET, "Content-Type": "application/json"}
    async with ClientSession() as client:
        async with client.post(url, data=body, headers=headers) as response:
            assert response.status == 400
    ada = fake.user(1001)
    assert "Welcome to drillbot" in (await ada.ask("/start")).plain  # still serving
    assert [r for r in caplog.records if r.levelno >= logging.ERROR] == []


async def test_the_webhook_answers_200_only_once_the_update_is_stored(
    start_bot: StartBot, fake: FakeTelegram
):
    port = free_port()
    url = f"http://127.0.0.1:{port}/telegram/hook"
    bot = await start_bot(
        telegram={
            "mode": "webhook",
            "webhook_listen": "127.0.0.1",
            "webhook_port": port,
            "webhook_url": url,
            "webhook_secret": Secret(SECRET),
        }
    )
    ada = fake.user(1001)
    update_id = await ada.send("/start")  # returns once the webhook answered 200
    stored = await bot.store.conn.execute_fetchall(
        "SELECT update_id FROM inbound_updates WHERE channel = 'telegram'"
    )
    assert [r[0] for r in stored] == [update_id]
    assert "Welcome to drillbot" in (await ada.next_message()).plain


async def test_instances_without_a_configured_secret_expect_the_same_one(
    start_bot: StartBot, fake: FakeTelegram
):
    """Two instances behind one proxy: the one that set the webhook last must not make the
    other refuse the updates the proxy hands it."""
    first, second = free_port(), free_port()
    url = f"http://127.0.0.1:{first}/telegram"  # the proxy: here, straight to the first
    for port in (first, second):
        webhook = {"webhook_listen": "127.0.0.1", "webhook_port": port, "webhook_url": url}
        await start_bot(telegram={"mode": "webhook", **webhook})
        await fake.wait_for(lambda: fake.webhook and fake.webhook.get("secret_token"))
    await fake.wait_for(lambda: len(fake.calls_to("setWebhook")) == 2)
    given = [call.params["secret_token"] for call in fake.calls_to("setWebhook")]
    assert given[0] == given[1] and TOKEN not in given[0]

    ada = fake.user(1001)  # posted to the first instance with the secret the second set
    assert "Welcome to drillbot" in (await ada.ask("/start")).plain
    assert_no_api_errors(fake)

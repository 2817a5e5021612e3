"""The send-out's HTTP (aiohttp) speaks to PTB like its own: answers as (status, body), a
refused connection as NetworkError (the send queue retries it), a late answer as TimedOut."""

from __future__ import annotations

import asyncio
import socket

import pytest
from aiohttp import web
from telegram import Bot
from telegram.error import NetworkError, TimedOut

from bot.channels.telegram.aiohttp_request import AiohttpRequest
from tests.support.fake_telegram import FakeTelegram
from tests.support.fixtures import TELEGRAM_TOKEN


async def test_a_message_goes_through_ptb_and_arrives(fake_telegram: FakeTelegram):
    fake_telegram.user(42)
    bot = Bot(TELEGRAM_TOKEN, base_url=f"{fake_telegram.url}/bot", request=AiohttpRequest(4))
    async with bot:
        sent = await bot.send_message(42, "<b>hi</b>", parse_mode="HTML", allow_paid_broadcast=True)
        with pytest.raises(NetworkError, match="(?i)chat not found"):  # a 400 as PTB reads it
            await bot.send_message(43, "nobody")
    assert sent.message_id == fake_telegram.sent_to(42)[0].message_id
    assert fake_telegram.sent_to(42)[0].paid


async def test_nobody_listening_is_a_network_error():
    with socket.socket() as probe:  # a port that was free a moment ago
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    request = AiohttpRequest(4)
    await request.initialize()
    try:
        with pytest.raises(NetworkError, match="aiohttp"):
            await request.do_request(f"http://127.0.0.1:{port}/bot1:x/getMe", "POST")
    finally:
        await request.shutdown()


async def test_an_answer_too_late_is_a_timeout():
    async def slow(request: web.Request) -> web.Response:
        await asyncio.sleep(1)
        return web.json_response({"ok": True, "result": True})

    app = web.Application()
    app.router.add_post("/{path:.*}", slow)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    request = AiohttpRequest(4, read_timeout=0.2)
    await request.initialize()
    try:
        with pytest.raises(TimedOut):
            await request.do_request(f"http://127.0.0.1:{port}/bot1:x/getMe", "POST")
    finally:
        await request.shutdown()
        await runner.cleanup()

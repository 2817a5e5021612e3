"""Webhook mode: a small aiohttp server that checks Telegram's secret token on every request
and answers 200 only once the update is stored (Telegram re-sends it otherwise)."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import logging
from urllib.parse import urlsplit

from aiohttp import web
from telegram.error import NetworkError
from telegram.ext import Application

from bot.channels.retry import keep_trying
from bot.channels.telegram.inbound import ALLOWED_UPDATES, Inbox, update_json
from bot.config import TelegramSettings

logger = logging.getLogger(__name__)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


async def start_webhook(
    application: Application, tg: TelegramSettings, inbox: Inbox, stop: asyncio.Event
) -> web.AppRunner:
    """Listen on `tg.webhook_listen:port`, then point Telegram at `tg.webhook_url`.

    Without a configured secret one is derived from the bot token, so that forged updates are
    refused and every instance of the bot (behind one proxy) expects the same secret.
    """
    assert tg.webhook_url is not None and tg.token is not None
    secret = tg.webhook_secret.reveal() if tg.webhook_secret else derived_secret(tg.token.reveal())

    async def receive(request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), secret.encode()):
            return web.Response(status=403)
        try:
            update = update_json(await request.json())
        except ValueError:
            update = None
        if update is None:
            return web.Response(status=400, text="not a Telegram update")
        try:
            await inbox.receive([update])
        except Exception:  # not stored: Telegram must send it again
            logger.exception("Telegram update %s could not be stored", update["update_id"])
            return web.Response(status=503)
        return web.Response()

    server = web.Application()
    server.router.add_post(urlsplit(tg.webhook_url).path or "/", receive)
    runner = web.AppRunner(server, access_log=None)
    await runner.setup()
    try:
        await web.TCPSite(runner, tg.webhook_listen, tg.webhook_port).start()
        await keep_trying(
            "Telegram setWebhook",
            lambda: application.bot.set_webhook(
                tg.webhook_url, secret_token=secret, allowed_updates=ALLOWED_UPDATES
            ),
            stop,
            (NetworkError,),
            logger,
        )
    except BaseException:
        await runner.cleanup()
        raise
    logger.info("Telegram webhook listening on %s:%s", tg.webhook_listen, tg.webhook_port)
    return runner


def derived_secret(token: str) -> str:
    """A secret_token (A-Z, a-z, 0-9, _ and -) that only the token's holder can compute."""
    return hmac.new(token.encode(), b"drillbot telegram webhook", hashlib.sha256).hexdigest()

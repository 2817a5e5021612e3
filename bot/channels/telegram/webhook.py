"""Webhook mode: a small aiohttp server that checks Telegram's secret token on every request."""

from __future__ import annotations

import hmac
import logging
import secrets
from urllib.parse import urlsplit

from aiohttp import web
from telegram import Update
from telegram.ext import Application

from bot.config import TelegramSettings

logger = logging.getLogger(__name__)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
ALLOWED_UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY, Update.MY_CHAT_MEMBER]


async def start_webhook(application: Application, tg: TelegramSettings) -> web.AppRunner:
    """Listen on `tg.webhook_listen:port`, then point Telegram at `tg.webhook_url`.

    Without a configured secret a random one is used, so that forged updates are refused.
    """
    assert tg.webhook_url is not None
    secret = tg.webhook_secret.reveal() if tg.webhook_secret else secrets.token_urlsafe(32)

    async def receive(request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), secret.encode()):
            return web.Response(status=403)
        try:
            update = Update.de_json(await request.json(), application.bot)
        except ValueError:
            return web.Response(status=400)
        await application.update_queue.put(update)
        return web.Response()

    server = web.Application()
    server.router.add_post(urlsplit(tg.webhook_url).path or "/", receive)
    runner = web.AppRunner(server, access_log=None)
    await runner.setup()
    try:
        await web.TCPSite(runner, tg.webhook_listen, tg.webhook_port).start()
        await application.bot.set_webhook(
            tg.webhook_url, secret_token=secret, allowed_updates=ALLOWED_UPDATES
        )
    except BaseException:
        await runner.cleanup()
        raise
    logger.info("Telegram webhook listening on %s:%s", tg.webhook_listen, tg.webhook_port)
    return runner

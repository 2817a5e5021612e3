"""HTTP mode: Slack posts events, interactivity and slash commands to one endpoint.

Bolt's request verification rejects (401) a wrong X-Slack-Signature or a timestamp more than
five minutes away from now, before any listener runs.
"""

from __future__ import annotations

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.async_app import AsyncApp

from bot.config import SlackSettings

# One handler serves all three; the manifest points every request URL at /slack/events.
PATHS = ("/slack/events", "/slack/commands", "/slack/interactivity")


def web_application(app: AsyncApp) -> web.Application:
    async def handle(request: web.Request) -> web.Response:
        response = await app.async_dispatch(await to_bolt_request(request))
        return await to_aiohttp_response(response)

    async def health(_request: web.Request) -> web.Response:
        return web.Response(text="ok")

    web_app = web.Application(client_max_size=1024 * 1024)
    web_app.add_routes([web.post(path, handle) for path in PATHS])
    web_app.add_routes([web.get("/healthz", health)])
    return web_app


async def start_http(app: AsyncApp, slack: SlackSettings) -> web.AppRunner:
    runner = web.AppRunner(web_application(app), access_log=None)
    await runner.setup()
    await web.TCPSite(runner, slack.http_listen, slack.http_port).start()
    return runner

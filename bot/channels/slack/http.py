"""HTTP mode: Slack posts events, interactivity and slash commands to one endpoint.

Every request must carry a valid X-Slack-Signature over a timestamp at most five minutes
away from now; a signed request seen before within that window is a replay and refused. The
signatures seen are kept in the database, so that a replay sent to another instance behind
the same load balancer is refused too.
Missing or malformed signing headers get 401 before anything else runs. Bolt verifies the
signature again before any listener runs.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.async_app import AsyncApp
from slack_sdk.signature import SignatureVerifier

from bot.config import SlackSettings
from bot.storage import Store

# One handler serves all three; the manifest points every request URL at /slack/events.
PATHS = ("/slack/events", "/slack/commands", "/slack/interactivity")
WINDOW_SECONDS = 5 * 60  # Slack's own bound on a request's age
TIMESTAMP_HEADER = "X-Slack-Request-Timestamp"
SIGNATURE_HEADER = "X-Slack-Signature"


class ReplayGuard:
    """Signatures of the requests accepted within the window: each is accepted once."""

    def __init__(self, store: Store, window: float = WINDOW_SECONDS) -> None:
        self.store = store
        self.window = window

    async def first_time(self, signature: str, now: float) -> bool:
        at = datetime.fromtimestamp(now, UTC)
        # A request stays acceptable while its timestamp is within the window on either
        # side of now, so remember it for twice the window.
        async with self.store.unit(write=True) as uow:
            return await uow.inbox.first_request(
                signature, at, at + timedelta(seconds=2 * self.window)
            )


def web_application(app: AsyncApp, signing_secret: str, store: Store) -> web.Application:
    verifier = SignatureVerifier(signing_secret)
    replays = ReplayGuard(store)

    async def handle(request: web.Request) -> web.Response:
        timestamp = request.headers.get(TIMESTAMP_HEADER, "")
        signature = request.headers.get(SIGNATURE_HEADER, "")
        well_formed = timestamp.isascii() and timestamp.isdigit() and len(timestamp) <= 12
        if not well_formed or not signature.startswith("v0="):
            return web.Response(status=401, text="missing or malformed signature headers")
        body = await request.text()
        now = time.time()
        if abs(now - int(timestamp)) > WINDOW_SECONDS or not verifier.is_valid(
            body, timestamp, signature
        ):
            return web.Response(status=401, text="invalid request signature")
        if not await replays.first_time(signature, now):
            return web.Response(status=401, text="request already received (replay)")
        response = await app.async_dispatch(await to_bolt_request(request))
        return await to_aiohttp_response(response)

    async def health(_request: web.Request) -> web.Response:
        return web.Response(text="ok")

    web_app = web.Application(client_max_size=1024 * 1024)
    web_app.add_routes([web.post(path, handle) for path in PATHS])
    web_app.add_routes([web.get("/healthz", health)])
    return web_app


async def start_http(app: AsyncApp, slack: SlackSettings, store: Store) -> web.AppRunner:
    if not slack.signing_secret:
        raise ValueError("SLACK_SIGNING_SECRET is required when slack.mode is 'http'")
    web_app = web_application(app, slack.signing_secret.reveal(), store)
    runner = web.AppRunner(web_app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, slack.http_listen, slack.http_port).start()
    return runner

"""The real Slack app (run_slack in HTTP mode, bolt on aiohttp) against a fake Web API server.

Requests reach the bot the way Slack sends them: form-encoded slash commands, block_actions
payloads and event callbacks, signed with the signing secret (v0:timestamp:body, HMAC-SHA256).
"""

from __future__ import annotations

import asyncio
import json
import socket
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import aiohttp
import pytest
from slack_sdk.signature import SignatureVerifier

from bot.channels.slack import run_slack
from bot.config import Secret, Settings, SlackSettings
from bot.corpus.loader import Corpus
from bot.domain.clock import ManualClock
from bot.domain.models import User
from bot.domain.practice import PracticeConfig, PracticeService
from bot.storage import Store
from tests.support.fake_slack import Ephemeral, FakeSlack, Message, dm_of
from tests.support.fixtures import SLACK_BOT_TOKEN as BOT_TOKEN

SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
TEAM = "T0001"
STARTUP_TIMEOUT = 15.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def sign(body: str, timestamp: int, secret: str = SIGNING_SECRET) -> dict[str, str]:
    signature = SignatureVerifier(secret).generate_signature(timestamp=str(timestamp), body=body)
    return {"X-Slack-Request-Timestamp": str(timestamp), "X-Slack-Signature": signature}


@dataclass
class Workspace:
    """The Slack side: users typing /drill, pressing buttons and opening the Home tab."""

    fake: FakeSlack
    url: str  # the bot's /slack/events endpoint
    session: aiohttp.ClientSession
    service: PracticeService
    store: Store
    stop: asyncio.Event
    task: asyncio.Task[None]
    settings: Settings

    async def post(
        self,
        body: str,
        content_type: str,
        *,
        timestamp: int | None = None,
        secret: str = SIGNING_SECRET,
        headers: dict[str, str] | None = None,
    ) -> int:
        signed = sign(body, int(time.time()) if timestamp is None else timestamp, secret)
        async with self.session.post(
            self.url,
            data=body.encode(),
            headers={"Content-Type": content_type, **signed, **(headers or {})},
        ) as response:
            await response.read()
            return response.status

    async def command(
        self, user: str, text: str, channel: str | None = None, **signing: Any
    ) -> int:
        """`/drill text` typed by `user` (in their DM with the bot unless `channel` is given)."""
        body = urlencode(
            {
                "token": "legacy-verification-token",
                "team_id": TEAM,
                "channel_id": channel or dm_of(user),
                "user_id": user,
                "command": "/drill",
                "text": text,
                "response_url": self.fake.response_url(user),
                "trigger_id": f"trigger-{time.monotonic_ns()}",
            }
        )
        return await self.post(body, "application/x-www-form-urlencoded", **signing)

    async def press(self, user: str, message: Message, label: str, **signing: Any) -> int:
        """`user` presses the button labelled `label` on `message`."""
        button = message.button(label)
        ephemeral = isinstance(message, Ephemeral)
        payload = {
            "type": "block_actions",
            "user": {"id": user, "team_id": TEAM},
            "team": {"id": TEAM},
            "api_app_id": "A0001",
            "container": {
                "type": "message",
                "message_ts": message.ts,
                "channel_id": dm_of(user) if ephemeral else message.channel,
                "is_ephemeral": ephemeral,
            },
            "channel": {"id": dm_of(user) if ephemeral else message.channel},
            "response_url": self.fake.response_url(user, message if ephemeral else None),
            "trigger_id": f"trigger-{time.monotonic_ns()}",
            "actions": [
                {
                    "type": "button",
                    "action_id": button["action_id"],
                    "block_id": "b",
                    "value": button.get("value", ""),
                    "text": button["text"],
                    "action_ts": str(time.time()),
                }
            ],
        }
        if not ephemeral:
            payload["message"] = {"ts": message.ts, "text": message.text, "blocks": message.blocks}
        body = urlencode({"payload": json.dumps(payload)})
        return await self.post(body, "application/x-www-form-urlencoded", **signing)

    async def open_home(self, user: str) -> int:
        event = {
            "type": "app_home_opened",
            "user": user,
            "channel": dm_of(user),
            "tab": "home",
            "event_ts": str(time.time()),
        }
        if user in self.fake.home:
            event["view"] = self.fake.home[user]
        body = json.dumps(
            {
                "token": "legacy-verification-token",
                "team_id": TEAM,
                "api_app_id": "A0001",
                "type": "event_callback",
                "event_id": f"Ev{time.monotonic_ns()}",
                "event_time": int(time.time()),
                "event": event,
            }
        )
        return await self.post(body, "application/json")

    # ------------------------------------------------------------ reading what the user sees

    async def next_dm(self, user: str, after: int) -> Message:
        """The first message in `user`'s DM beyond the first `after` ones."""
        channel = dm_of(user)
        await self.fake.wait_for(lambda: len(self.fake.in_channel(channel)) > after)
        return self.fake.in_channel(channel)[after]

    async def next_ephemeral(self, user: str, after: int) -> Ephemeral:
        await self.fake.wait_for(lambda: len(self.fake.ephemerals_for(user)) > after)
        return self.fake.ephemerals_for(user)[after]

    async def db_user(self, slack_id: str) -> User | None:
        return await self.service.find_user("slack", slack_id)

    async def shutdown(self) -> None:
        self.stop.set()
        try:
            await asyncio.wait_for(self.task, 10)
        finally:
            await self.session.close()
            await self.store.close()


StartBot = Callable[..., Awaitable[Workspace]]


@pytest.fixture
def fake(fake_slack: FakeSlack) -> FakeSlack:
    return fake_slack


@pytest.fixture
async def start_bot(
    fake: FakeSlack, clock: ManualClock, tmp_path: Path, fixture_corpus: Corpus
) -> AsyncIterator[StartBot]:
    """Start run_slack in HTTP mode on a free port; the same database file across restarts."""
    running: list[Workspace] = []

    async def start(
        corpus: Corpus | None = None, slack: dict[str, Any] | None = None, **config: Any
    ) -> Workspace:
        store = await Store.open(tmp_path / "drillbot.sqlite3")
        service = PracticeService(store, corpus or fixture_corpus, PracticeConfig(**config), clock)
        port = free_port()
        settings = Settings(
            database=tmp_path / "drillbot.sqlite3",
            slack=replace(
                SlackSettings(
                    mode="http",
                    api_base_url=fake.api_url,
                    http_listen="127.0.0.1",
                    http_port=port,
                    bot_token=Secret(BOT_TOKEN),
                    signing_secret=Secret(SIGNING_SECRET),
                ),
                **(slack or {}),
            ),
        )
        stop = asyncio.Event()
        task = asyncio.create_task(run_slack(settings, service, stop))
        session = aiohttp.ClientSession()
        base = f"http://127.0.0.1:{port}"
        workspace = Workspace(
            fake, f"{base}/slack/events", session, service, store, stop, task, settings
        )
        running.append(workspace)
        await _until_serving(session, f"{base}/healthz", task)
        return workspace

    yield start
    for workspace in running:
        if not workspace.task.done():
            await workspace.shutdown()


async def _until_serving(session: aiohttp.ClientSession, url: str, task: asyncio.Task) -> None:
    deadline = asyncio.get_running_loop().time() + STARTUP_TIMEOUT
    while True:
        if task.done():
            task.result()  # start-up failed: raise its error here
        try:
            async with session.get(url) as response:
                if response.status == 200:
                    return
        except aiohttp.ClientConnectionError:
            pass
        if asyncio.get_running_loop().time() > deadline:
            raise TimeoutError("the Slack app did not start serving")
        await asyncio.sleep(0.05)


@pytest.fixture
async def slack(start_bot: StartBot) -> Workspace:
    return await start_bot()


def assert_no_api_errors(fake: FakeSlack) -> None:
    """Slack accepted every request the bot made."""
    assert not fake.refused(), fake.refused()

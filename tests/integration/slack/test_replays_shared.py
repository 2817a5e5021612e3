"""Slack HTTP mode behind a load balancer: a signed request accepted by one instance is a
replay for every other instance on the same database."""

from __future__ import annotations

import time
from pathlib import Path

from bot.channels.slack.http import WINDOW_SECONDS, ReplayGuard
from bot.storage import Store


async def test_a_request_accepted_by_one_instance_is_refused_by_another(tmp_path: Path):
    one = await Store.open(tmp_path / "drillbot.sqlite3")
    other = await Store.open(tmp_path / "drillbot.sqlite3")
    try:
        now = time.time()
        assert await ReplayGuard(one).first_time("v0=abc", now)
        assert not await ReplayGuard(other).first_time("v0=abc", now + 1)  # the replay
        assert await ReplayGuard(other).first_time("v0=def", now + 1)  # another request
        # Once no timestamp could make it acceptable again, the signature is forgotten.
        assert await ReplayGuard(one).first_time("v0=abc", now + 2 * WINDOW_SECONDS + 1)
    finally:
        await one.close()
        await other.close()

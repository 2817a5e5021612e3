"""Channel health: what each channel's probe says reaches `drillbot health`'s verdict."""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path

from bot.config import Settings
from bot.health import ChannelHealth, channels_path, check_channels


def settings(tmp_path: Path) -> Settings:
    return Settings(database=tmp_path / "drillbot.sqlite3")


async def test_each_channel_reports_connected_down_or_not_started():
    health = ChannelHealth(["telegram", "slack"])
    assert await health.status() == {"telegram": "not connected yet", "slack": "not connected yet"}

    async def up() -> None:
        return None

    async def broken() -> str:
        raise RuntimeError("socket gone")

    health.connected_while("telegram", up)
    health.connected_while("slack", broken)
    status = await health.status()
    assert status["telegram"] is None
    assert status["slack"] == "probe failed: RuntimeError('socket gone')"
    health.stopped("telegram")
    assert (await health.status())["telegram"] == "stopped"


async def test_the_report_follows_changes_at_once_and_says_stopped_at_the_end(tmp_path):
    health = ChannelHealth(["telegram"])
    stop = asyncio.Event()
    path = channels_path(settings(tmp_path))
    reporting = asyncio.create_task(health.report(path, stop))
    await asyncio.sleep(0.05)
    assert check_channels(settings(tmp_path)) == "telegram not connected (not connected yet)"

    connected: str | None = None

    async def probe() -> str | None:
        return connected

    health.connected_while("telegram", probe)  # no waiting for the next periodic report
    await asyncio.sleep(0.05)
    assert check_channels(settings(tmp_path)) is None
    stop.set()
    await asyncio.wait_for(reporting, 1)
    assert check_channels(settings(tmp_path)) == "telegram not connected (the bot stopped)"


def test_a_stale_or_missing_report_is_unhealthy(tmp_path):
    assert check_channels(settings(tmp_path)) == "no channel report from a running bot"
    path = channels_path(settings(tmp_path))
    path.write_text(json.dumps({"at": time.time() - 600, "channels": {"slack": None}}))
    assert check_channels(settings(tmp_path)) == "the last channel report is 600 s old"
    path.write_text(json.dumps({"at": time.time(), "channels": {"slack": None}}))
    assert check_channels(settings(tmp_path)) is None

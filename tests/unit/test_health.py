"""Channel health: what each channel's probe says reaches `drillbot health`'s verdict."""

from __future__ import annotations

import asyncio
import json
import socket
import time
from pathlib import Path

import pytest

from bot.config import Settings
from bot.health import ChannelHealth, channels_path, check_channels
from bot.server import _heartbeat, healthy, heartbeat_path


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


async def test_instances_sharing_a_data_directory_each_report_their_own_health(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """Two replicas on one PostgreSQL database with one volume for their files: the one whose
    bot stopped is unhealthy, whatever the other one reports."""
    shared = Settings(database="postgresql://drillbot@db:5432/drillbot", data_dir=tmp_path)

    async def connected() -> None:
        return None

    stops: dict[str, asyncio.Event] = {}
    tasks: dict[str, list[asyncio.Task[None]]] = {}
    for host in ("replica-1", "replica-2"):
        monkeypatch.setattr(socket, "gethostname", lambda host=host: host)
        health, stops[host] = ChannelHealth(["telegram"]), asyncio.Event()
        health.connected_while("telegram", connected)
        tasks[host] = [
            asyncio.create_task(health.report(channels_path(shared), stops[host])),
            asyncio.create_task(_heartbeat(heartbeat_path(shared), stops[host])),
        ]
        await asyncio.sleep(0)  # each writes its first report and heartbeat at once
    stops["replica-2"].set()  # this bot stops, and says so
    await asyncio.wait_for(asyncio.gather(*tasks["replica-2"]), 1)

    monkeypatch.setattr(socket, "gethostname", lambda: "replica-2")
    assert check_channels(shared) == "telegram not connected (the bot stopped)"
    monkeypatch.setattr(socket, "gethostname", lambda: "replica-1")
    assert check_channels(shared) is None and healthy(shared)
    monkeypatch.setattr(socket, "gethostname", lambda: "replica-3")  # never ran
    assert check_channels(shared) == "no channel report from a running bot"
    assert not healthy(shared)
    stops["replica-1"].set()
    await asyncio.wait_for(asyncio.gather(*tasks["replica-1"]), 1)

"""Whether the running bot's channels are connected, for `drillbot health`.

Each channel's run function registers a probe once it is up (`connected_while`); `report()`
runs in the bot's event loop and writes every probe's answer to channels.json in the process's
health folder (`health_dir`). `drillbot health` fails when that report is stale or names a
channel that is down.
"""

from __future__ import annotations

import asyncio
import json
import logging
import socket
import time
from collections.abc import Awaitable, Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from bot.config import Settings
from bot.storage.database_url import is_postgres

if TYPE_CHECKING:
    from aiohttp import web

log = logging.getLogger(__name__)

Probe = Callable[[], Awaitable[str | None]]  # None when connected, else what is wrong
REPORT_SECONDS = 10.0  # and at once whenever a channel connects or stops
NOT_STARTED = "not connected yet"
STOPPED = "stopped"


class ChannelHealth:
    """The live connection state of every configured channel."""

    def __init__(self, channels: Iterable[str]) -> None:
        self._probes: dict[str, Probe | str] = dict.fromkeys(channels, NOT_STARTED)
        self._changed = asyncio.Event()

    @classmethod
    def configured(cls, settings: Settings) -> ChannelHealth:
        enabled = {"telegram": settings.telegram_enabled, "slack": settings.slack_enabled}
        return cls(name for name, on in enabled.items() if on)

    def connected_while(self, channel: str, probe: Probe) -> None:
        """`channel` is up; from now on `probe` tells whether it still is."""
        self._probes[channel] = probe
        self._changed.set()

    def stopped(self, channel: str) -> None:
        self._probes[channel] = STOPPED
        self._changed.set()

    async def status(self) -> dict[str, str | None]:
        """Channel -> None when connected, else why not."""
        found: dict[str, str | None] = {}
        for channel, probe in self._probes.items():
            if isinstance(probe, str):
                found[channel] = probe
                continue
            try:
                found[channel] = await probe()
            except Exception as error:  # a probe that breaks says the channel is not known good
                found[channel] = f"probe failed: {error!r}"
        return found

    async def report(self, path: Path, stop: asyncio.Event) -> None:
        """Write the status to `path` now, every REPORT_SECONDS and on every change, until
        `stop` is set."""
        path.parent.mkdir(parents=True, exist_ok=True)
        while not stop.is_set():
            self._changed.clear()
            _write(path, await self.status())
            wake = [asyncio.ensure_future(e.wait()) for e in (stop, self._changed)]
            await asyncio.wait(wake, timeout=REPORT_SECONDS, return_when=asyncio.FIRST_COMPLETED)
            for waiter in wake:
                waiter.cancel()
        _write(path, dict.fromkeys(self._probes, "the bot stopped"))


def _write(path: Path, status: dict[str, str | None]) -> None:
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps({"at": time.time(), "channels": status}))
    temporary.replace(path)  # a reader never sees half a file


def serving(runner: web.AppRunner, what: str) -> Probe:
    """A probe for our own HTTP server (webhook, Slack HTTP mode): up while it listens."""

    async def probe() -> str | None:
        return None if runner.sites else f"{what} is not listening"

    return probe


def health_dir(settings: Settings) -> Path:
    """Where the running bot reports its health (heartbeat, channels.json) for `drillbot health`
    on the same host. Beside a SQLite database, which one process runs; with PostgreSQL, several
    instances may share a data directory (one volume for every replica), so each host has a
    folder of its own there and a replica's health is its own process's."""
    if is_postgres(settings.database):
        return settings.files_dir / "instances" / socket.gethostname()
    return settings.files_dir


def channels_path(settings: Settings) -> Path:
    return health_dir(settings) / "channels.json"


def check_channels(settings: Settings, max_age: float = 3 * REPORT_SECONDS) -> str | None:
    """None when a fresh report says every configured channel is connected, else what is not."""
    try:
        report = json.loads(channels_path(settings).read_text())
        age = time.time() - float(report["at"])
        channels: dict[str, str | None] = report["channels"]
    except (OSError, ValueError, KeyError, TypeError):
        return "no channel report from a running bot"
    if age > max_age:
        return f"the last channel report is {age:.0f} s old"
    down = [f"{name} not connected ({why})" for name, why in sorted(channels.items()) if why]
    return "; ".join(down) or None

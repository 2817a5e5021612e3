"""The real `drillbot` command as a child process (asyncio, so fake servers keep serving)."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO

DRILLBOT = [sys.executable, "-m", "bot.cli"]
CLEARED = (
    "TELEGRAM_BOT_TOKEN",
    "TELEGRAM_API_BASE_URL",
    "TELEGRAM_WEBHOOK_SECRET",
    "SLACK_BOT_TOKEN",
    "SLACK_APP_TOKEN",
    "SLACK_SIGNING_SECRET",
    "SLACK_API_BASE_URL",
    "DRILLBOT_CONFIG",
)


def environment(database: Path, content: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in CLEARED}
    env.update(DRILLBOT_DB=str(database), DRILLBOT_CONTENT=str(content), **extra)
    return env


@dataclass
class Drillbot:
    """Output goes to files, not pipes: a chatty DEBUG run never blocks on a full pipe."""

    process: asyncio.subprocess.Process
    out: IO[bytes]
    err: IO[bytes]

    @classmethod
    async def start(cls, *args: str, env: dict[str, str], stdin: bytes | None = None) -> Drillbot:
        out, err = tempfile.TemporaryFile(), tempfile.TemporaryFile()
        process = await asyncio.create_subprocess_exec(
            *DRILLBOT,
            *args,
            env=env,
            stdin=asyncio.subprocess.PIPE if stdin is not None else asyncio.subprocess.DEVNULL,
            stdout=out,
            stderr=err,
        )
        if stdin is not None:
            assert process.stdin is not None
            process.stdin.write(stdin)
            process.stdin.close()
        return cls(process, out, err)

    def output(self) -> tuple[str, str]:
        """(stdout, stderr) so far."""
        texts = []
        for file in (self.out, self.err):
            file.seek(0)
            texts.append(file.read().decode(errors="replace"))
        return texts[0], texts[1]

    async def finish(self, timeout: float = 20) -> tuple[int, str, str]:
        """(exit code, stdout, stderr) once it has exited by itself."""
        try:
            code = await asyncio.wait_for(self.process.wait(), timeout)
        except TimeoutError:
            await self.kill()
            raise AssertionError(f"drillbot hung: {self.output()[1][-2000:]}") from None
        return code, *self.output()

    async def stop(self, sig: int = signal.SIGTERM, timeout: float = 20) -> tuple[int, str, str]:
        if self.process.returncode is None:
            self.process.send_signal(sig)
        return await self.finish(timeout)

    async def kill(self) -> None:
        """kill -9: no clean-up of any kind runs in the process."""
        if self.process.returncode is None:
            self.process.kill()
        await self.process.wait()


async def run(*args: str, env: dict[str, str], timeout: float = 20) -> tuple[int, str, str]:
    return await (await Drillbot.start(*args, env=env)).finish(timeout)

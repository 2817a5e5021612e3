"""The real `drillbot` command as a process: Ctrl-C and SIGTERM end it promptly and cleanly, and
`run` with nothing to serve and nobody to type refuses to start instead of idling."""

from __future__ import annotations

import asyncio
import os
import pty
import select
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import CORPUS_DIR
from tests.support.fake_telegram import FakeTelegram
from tests.support.fixtures import TELEGRAM_TOKEN as TOKEN

DRILLBOT = Path(sys.executable).with_name("drillbot")
START_TIMEOUT = 30.0  # importing the bot on a busy machine
EXIT_TIMEOUT = 5.0


@pytest.fixture
def env(tmp_path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "SLACK_"))}
    env.pop("DRILLBOT_CONFIG", None)
    env.update(DRILLBOT_DB=str(tmp_path / "db.sqlite3"), DRILLBOT_CONTENT=str(CORPUS_DIR))
    return env


async def read_until(stream: asyncio.StreamReader, marker: bytes, seen: bytearray) -> None:
    while marker not in seen:
        chunk = await asyncio.wait_for(stream.read(4096), START_TIMEOUT)
        assert chunk, f"ended before {marker!r}: {bytes(seen)!r}"
        seen += chunk


async def ended(process: asyncio.subprocess.Process) -> tuple[int, str, str]:
    """Exit code and the rest of the output, within EXIT_TIMEOUT of the signal."""
    try:
        out, err = await asyncio.wait_for(process.communicate(), EXIT_TIMEOUT)
    except TimeoutError:
        process.kill()
        await process.wait()
        pytest.fail(f"still running {EXIT_TIMEOUT} s after the signal")
    return process.returncode, out.decode(), err.decode()


async def console_waiting_for_input(env: dict[str, str]) -> asyncio.subprocess.Process:
    """`drillbot console` showing its first question, its stdin an open pipe nobody writes to."""
    process = await asyncio.create_subprocess_exec(
        DRILLBOT, "console", "--user", "ada", env=env,
        stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    await read_until(process.stdout, "› ".encode(), bytearray())
    return process


async def test_ctrl_c_ends_the_console_at_once(env):
    process = await console_waiting_for_input(env)
    process.send_signal(signal.SIGINT)
    code, _out, err = await ended(process)
    assert code == 130 and "Traceback" not in err


async def test_sigterm_ends_the_console_cleanly_and_keeps_ratings(env, tmp_path):
    process = await console_waiting_for_input(env)
    process.stdin.write(b"\n3\n")
    await process.stdin.drain()
    seen = bytearray()
    await read_until(process.stdout, "Good — back".encode(), seen)
    await read_until(process.stdout, "› ".encode(), seen)
    process.send_signal(signal.SIGTERM)
    code, _out, err = await ended(process)
    assert code == 0 and "Traceback" not in err
    with sqlite3.connect(tmp_path / "db.sqlite3") as db:
        assert db.execute("SELECT COUNT(*) FROM reviews").fetchone()[0] == 1


async def test_sigterm_stops_the_running_bot_cleanly(env, fake_telegram: FakeTelegram):
    fake = fake_telegram
    env.update(TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_API_BASE_URL=fake.url)
    process = await asyncio.create_subprocess_exec(
        DRILLBOT, "run", env=env, stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    await read_until(process.stderr, b"drillbot running", bytearray())
    await fake.wait_for(lambda: fake.calls_to("getUpdates"), START_TIMEOUT)
    process.send_signal(signal.SIGTERM)
    code, _out, err = await ended(process)
    assert code == 0 and "Traceback" not in err


async def test_run_without_a_channel_or_a_terminal_refuses_to_start(env):
    process = await asyncio.create_subprocess_exec(
        DRILLBOT, "run", env=env, stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    out, err = await asyncio.wait_for(process.communicate(), START_TIMEOUT)
    assert process.returncode == 2 and out == b""
    assert err.decode().startswith("drillbot: no channel configured") and "TELEGRAM_BOT_TOKEN" in err.decode()


def test_run_in_a_terminal_practises_there_and_ctrl_c_ends_it(env):
    """With a terminal attached, `run` without a token practises in it; Ctrl-C ends it."""
    main, child = pty.openpty()
    env["COLUMNS"] = "60"
    process = subprocess.Popen(
        [DRILLBOT, "run"], env=env, stdin=child, stdout=child, stderr=child,
        start_new_session=True,
    )  # fmt: skip
    os.close(child)
    screen = _read_pty_until(main, "› ")
    assert "Practising in the terminal" in screen and "Traceback" not in screen
    hint = screen[: screen.index("README.md") + len("README.md")]
    assert max(len(line) for line in hint.splitlines()) <= 60  # wrapped to the terminal
    process.send_signal(signal.SIGINT)
    try:
        code = process.wait(EXIT_TIMEOUT)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        pytest.fail(f"still running {EXIT_TIMEOUT} s after the signal")
    screen += _read_pty_until(main, None)
    os.close(main)
    assert code == 130 and "Traceback" not in screen


def _read_pty_until(fd: int, marker: str | None) -> str:
    """What the program wrote to its terminal, up to `marker` (or until it closes)."""
    seen = b""
    while marker is None or marker.encode() not in seen:
        ready, _, _ = select.select([fd], [], [], START_TIMEOUT)
        assert ready, f"nothing more on the terminal: {seen!r}"
        try:
            chunk = os.read(fd, 4096)
        except OSError:  # the program closed the terminal
            chunk = b""
        if not chunk:
            break
        seen += chunk
    return seen.decode(errors="replace").replace("\r\n", "\n")

"""A database the bot cannot use: every command says which file and what is wrong, in one
line, and exits non-zero at once (no traceback, no hang, no fresh schema over lost data)."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.conftest import CORPUS_DIR
from tests.support.drillbot_process import DRILLBOT, environment, run

TOKEN = "123456789:AAHfakeTokenForTests-only_0123456789abc"
PAGE = 4096
# Every command that opens the database. `run` with a token: a bad database must stop the
# bot before it talks to Telegram (the API URL points nowhere).
COMMANDS = {
    "run": (["run"], {"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE_URL": "http://127.0.0.1:9"}),
    "console": (["console", "--user", "ada"], {}),
    "db migrate": (["db", "migrate"], {}),
    "status": (["status"], {}),
}


def good_database(path: Path, users: int = 203) -> None:
    """A database with data, made by the bot's own migrations."""
    subprocess.run(
        [*DRILLBOT, "db", "migrate"],
        env=environment(path, CORPUS_DIR),
        check=True,
        capture_output=True,
    )
    db = sqlite3.connect(path)
    with db:
        db.executemany(
            "INSERT INTO users (channel, external_id, timezone, push_time, created_at)"
            " VALUES ('telegram', ?, 'UTC', '09:00', '2026-01-01T00:00:00+00:00')",
            [(f"user-{n}-" + "x" * 200,) for n in range(users)],
        )
    db.close()  # the last connection to close removes the -wal and -shm files


def not_a_database(path: Path) -> None:
    path.write_bytes(b"these are my notes, not a database\n" * 200)


def truncated(path: Path) -> None:
    good_database(path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])


def page_of_zeros(path: Path) -> None:
    good_database(path)
    data = bytearray(path.read_bytes())
    middle = (len(data) // PAGE // 2) * PAGE
    data[middle : middle + PAGE] = bytes(PAGE)
    path.write_bytes(bytes(data))


def emptied(path: Path) -> None:
    good_database(path)
    path.write_bytes(b"")  # a failed copy: the file is there, its 203 users are not


DAMAGE: dict[str, tuple[Callable[[Path], None], str]] = {
    "not a database": (not_a_database, "is not a SQLite database"),
    "truncated": (truncated, "is damaged"),
    "page of zeros": (page_of_zeros, "is damaged"),
    "0 bytes": (emptied, "is empty (0 bytes)"),
}


def _assert_one_clear_line(code: int, err: str, path: Path, problem: str) -> None:
    assert code == 1, err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert lines[0].startswith(f"drillbot: database error: {path} {problem}"), lines[0]
    assert "Traceback" not in err


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("damage", DAMAGE)
async def test_a_damaged_database_stops_every_command_with_one_line(
    tmp_path: Path, damage: str, command: str
):
    path = tmp_path / "drillbot.sqlite3"
    make, problem = DAMAGE[damage]
    make(path)
    before = path.read_bytes()
    args, extra = COMMANDS[command]
    code, _out, err = await run(*args, env=environment(path, CORPUS_DIR, **extra))
    _assert_one_clear_line(code, err, path, problem)
    assert path.read_bytes() == before  # never repaired or replaced behind the operator's back


@pytest.fixture
def immutable() -> Iterator[Callable[[Path], None]]:
    """chattr +i: not even root may write (chmod does not stop root); undone afterwards."""
    marked: list[Path] = []

    def mark(path: Path) -> None:
        if not shutil.which("chattr"):
            pytest.skip("chattr is not available")
        done = subprocess.run(["chattr", "+i", str(path)], capture_output=True)
        if done.returncode:
            pytest.skip(f"cannot make files immutable here: {done.stderr.decode().strip()}")
        marked.append(path)

    yield mark
    for path in reversed(marked):
        subprocess.run(["chattr", "-i", str(path)], check=False)


@pytest.mark.parametrize("command", COMMANDS)
async def test_an_immutable_database_file_is_refused(tmp_path: Path, command: str, immutable):
    path = tmp_path / "drillbot.sqlite3"
    good_database(path)
    immutable(path)
    args, extra = COMMANDS[command]
    code, _out, err = await run(*args, env=environment(path, CORPUS_DIR, **extra))
    _assert_one_clear_line(code, err, path, "cannot be written")


@pytest.mark.parametrize("command", COMMANDS)
async def test_a_read_only_folder_with_a_database_is_refused(
    tmp_path: Path, command: str, immutable
):
    folder = tmp_path / "data"
    folder.mkdir()
    path = folder / "drillbot.sqlite3"
    good_database(path)
    immutable(folder)
    args, extra = COMMANDS[command]
    code, out, err = await run(*args, env=environment(path, CORPUS_DIR, **extra))
    assert code == 1, (out, err, sorted(p.name for p in folder.iterdir()))
    assert err.startswith(f"drillbot: database error: {path}"), err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err

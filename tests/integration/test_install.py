"""A normal `pip install .` (not editable) carries everything drillbot needs to run.

It builds the package from a copy of its sources into a fresh virtual environment and practises
in the terminal from an unrelated directory, as a user of the released package would. Slow
(about a minute: it installs every dependency), so it runs only when asked: `-m install`
(.ci/run does).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.install, pytest.mark.timeout(900)]


def test_installed_package_practises_from_another_directory(tmp_path: Path) -> None:
    source = tmp_path / "source"  # only what the package is built from, nothing beside it
    shutil.copytree(ROOT / "bot", source / "bot", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run(
        [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", str(source)],
        check=True,
    )
    shutil.rmtree(source)  # the installed package must not lean on its sources
    elsewhere, data = tmp_path / "elsewhere", tmp_path / "data"
    elsewhere.mkdir()
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DRILLBOT_", "TELEGRAM_", "SLACK_"))
    }
    env |= {"HOME": str(tmp_path / "home"), "XDG_DATA_HOME": str(data)}

    done = subprocess.run(
        [str(venv / "bin" / "drillbot"), "console", "--user", "ada"],
        input="\n3\nquit\n",
        capture_output=True,
        text=True,
        cwd=elsewhere,
        env=env,
        timeout=120,
    )

    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    database = data / "drillbot" / "drillbot.sqlite3"  # the user data dir, not the cwd
    with sqlite3.connect(database) as db:
        reviews = db.execute("SELECT rating FROM reviews").fetchall()
        applied = db.execute("SELECT COUNT(*) FROM schema_migrations").fetchone()[0]
    assert reviews == [(3,)]
    assert applied == len(list((ROOT / "bot" / "migrations" / "sqlite").glob("*.sql")))
    assert not list(elsewhere.iterdir())
    # The PostgreSQL schema ships too: the installed package discovers every version of it.
    listed = subprocess.run(
        [
            str(venv / "bin" / "python"),
            "-c",
            "from bot.storage.migrations import discover;"
            " print(' '.join(str(m.version) for m in discover(dialect='postgresql')))",
        ],
        capture_output=True,
        text=True,
        cwd=elsewhere,
        env=env,
        check=True,
    )
    shipped = sorted(p.name[:3] for p in (ROOT / "bot" / "migrations" / "postgresql").glob("*.sql"))
    assert listed.stdout.split() == [str(int(v)) for v in shipped]

    checked = subprocess.run(
        [str(venv / "bin" / "drillbot"), "content", "validate"],
        capture_output=True,
        text=True,
        cwd=elsewhere,
        env=env,
        timeout=120,
    )
    assert checked.returncode == 0, checked.stderr
    assert "deck wiki-2025:" in checked.stdout  # the bundled decks, read from the package

"""The drillbot command line, run in-process with a temporary database."""

from __future__ import annotations

import io
import sqlite3
import sys

import pytest

from bot.cli import CONNECT_HINT, main
from tests.conftest import CORPUS_DIR


@pytest.fixture(autouse=True)
def isolated_env(monkeypatch, tmp_path):
    for name in ("TELEGRAM_BOT_TOKEN", "SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "DRILLBOT_CONFIG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DRILLBOT_DB", str(tmp_path / "db.sqlite3"))
    monkeypatch.setenv("DRILLBOT_CONTENT", str(CORPUS_DIR))


def test_run_without_token_practises_in_the_terminal(monkeypatch, capsys, tmp_path):
    monkeypatch.setattr(sys, "stdin", io.StringIO("\n3\nquit\n"))
    assert main(["run"]) == 0
    out, err = capsys.readouterr()
    assert CONNECT_HINT in err and "TELEGRAM_BOT_TOKEN" in err
    assert "Good — back" in out
    with sqlite3.connect(tmp_path / "db.sqlite3") as db:
        assert db.execute("SELECT COUNT(*) FROM reviews").fetchone()[0] == 1


def test_content_validate_counts_and_fails_on_problems(capsys, tmp_path):
    assert main(["content", "validate"]) == 0
    out = capsys.readouterr().out
    assert "deck rl: 3 questions (2 with answers," in out and "topic dist: 2" in out
    assert "warning: question 'rl-3' has no reference answer" in out
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "deck.yaml").write_text("id: x\ntitle: X\nquestions:\n  - id: q\n    topic: t\n")
    assert main(["content", "validate", str(bad)]) == 1
    assert f"{bad / 'deck.yaml'}:4: error: question 'q' has no question text" in capsys.readouterr().err


def test_bad_config_stops_with_one_line(capsys, tmp_path):
    config = tmp_path / "c.yaml"
    config.write_text("default_timezone: Atlantis/Capital\n")
    assert main(["--config", str(config), "status"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("drillbot: configuration error: config key 'default_timezone'")
    assert "\n" not in err


def test_migrate_backup_and_status(capsys, tmp_path):
    assert main(["db", "migrate"]) == 0
    assert "applied 001_initial" in capsys.readouterr().out
    assert main(["db", "migrate"]) == 0
    assert "already up to date" in capsys.readouterr().out
    with sqlite3.connect(tmp_path / "db.sqlite3") as db:
        db.execute(
            "INSERT INTO users (channel, external_id, timezone, push_time, created_at)"
            " VALUES ('telegram', '7', 'UTC', '09:00', '2026-01-01T00:00:00.000000+00:00')"
        )
    copy = tmp_path / "backup" / "copy.sqlite3"
    assert main(["db", "backup", str(copy)]) == 0
    with sqlite3.connect(copy) as db:
        assert db.execute("SELECT external_id FROM users").fetchall() == [("7",)]
    assert main(["status"]) == 0
    assert "users: 1 (1 active, 0 paused)" in capsys.readouterr().out


def test_health_without_a_running_bot_is_unhealthy(capsys):
    assert main(["health"]) == 1
    assert "unhealthy" in capsys.readouterr().out

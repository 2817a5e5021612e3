"""The drillbot command line, run in-process with a temporary database."""

from __future__ import annotations

import io
import logging
import sqlite3
import sys
from pathlib import Path

import pytest

from bot.cli import CONNECT_HINT, main
from tests.conftest import CORPUS_DIR


@pytest.fixture(autouse=True)
def isolated_env(monkeypatch, tmp_path):
    for name in ("TELEGRAM_BOT_TOKEN", "SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "DRILLBOT_CONFIG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DRILLBOT_DB", str(tmp_path / "db.sqlite3"))
    monkeypatch.setenv("DRILLBOT_CONTENT", str(CORPUS_DIR))


class Keyboard(io.StringIO):
    """Typed lines, from a terminal."""

    def isatty(self) -> bool:
        return True


def test_run_without_token_practises_in_the_terminal(monkeypatch, capsys, tmp_path):
    monkeypatch.setattr(sys, "stdin", Keyboard("\n3\nquit\n"))
    monkeypatch.setenv("COLUMNS", "50")
    assert main(["run"]) == 0
    out, err = capsys.readouterr()
    assert " ".join(err.split()) == CONNECT_HINT  # the whole hint, wrapped to the terminal
    assert max(len(line) for line in err.splitlines()) <= 50
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


def test_run_with_piped_input_and_no_channel_refuses_but_console_practises(monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.StringIO("\n3\nquit\n"))
    assert main(["run"]) == 2
    assert "no channel configured" in capsys.readouterr().err
    monkeypatch.setattr(sys, "stdin", io.StringIO("\n3\nquit\n"))
    assert main(["console"]) == 0
    assert "Good — back" in capsys.readouterr().out


def test_global_options_go_before_or_after_the_subcommand(monkeypatch, capsys, tmp_path):
    monkeypatch.delenv("DRILLBOT_DB")
    config = tmp_path / "c.yaml"
    config.write_text(f"database: {tmp_path / 'from-config.sqlite3'}\n")
    for argv in (["--config", str(config), "status"], ["status", "--config", str(config)]):
        assert main(argv) == 0
        assert f"database {tmp_path / 'from-config.sqlite3'}" in capsys.readouterr().out
    assert main(["content", "validate", "--config", str(config)]) == 0


def test_version_and_one_line_descriptions_in_help(capsys):
    with pytest.raises(SystemExit) as version:
        main(["--version"])
    assert version.value.code == 0 and capsys.readouterr().out.strip() == "drillbot 0.1.0"
    with pytest.raises(SystemExit):
        main(["--help"])
    text = capsys.readouterr().out
    assert "Daily practice of your interview-prep notes" in text
    assert "one function per subcommand" not in text  # not the module's docstring
    for command in ("run", "console", "content", "db", "status", "health"):
        assert any(line.split()[:1] == [command] and len(line.split()) > 1 for line in text.splitlines())
    with pytest.raises(SystemExit):
        main(["status", "--help"])
    assert "the database in use" in capsys.readouterr().out


def test_console_keeps_routine_log_lines_off_the_practice_screen(monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.StringIO("quit\n"))
    root = logging.getLogger()
    monkeypatch.setattr(root, "handlers", [])  # let main() set up logging as in a fresh process
    level = root.level
    try:
        assert main(["console"]) == 0
    finally:
        root.setLevel(level)
    out, err = capsys.readouterr()
    assert "INFO" not in out + err and "001_initial" not in out + err


def test_charts_of_different_terminal_users_do_not_overwrite_each_other(monkeypatch, capsys, tmp_path):
    saved = []
    for user in ("ada", "../bob"):
        monkeypatch.setattr(sys, "stdin", io.StringIO("\n3\nstats\nquit\n"))
        assert main(["console", "--user", user]) == 0
        line = next(x for x in capsys.readouterr().out.splitlines() if x.startswith("Chart saved to "))
        saved.append(Path(line.removeprefix("Chart saved to ")))
    assert saved[0] != saved[1] and all(p.is_file() for p in saved)
    assert all(p.resolve().is_relative_to(tmp_path / "charts") for p in saved)

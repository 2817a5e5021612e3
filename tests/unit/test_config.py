"""Settings: defaults < YAML file < environment; one clear line for every mistake."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import ConfigError, Secret, load_settings


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "drillbot.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_without_file_or_environment():
    s = load_settings(None, environ={})
    assert (s.default_push_time, s.default_timezone) == ("09:00", "Asia/Shanghai")
    assert s.desired_retention == 0.9 and s.access == "open"
    assert not s.telegram_enabled and not s.slack_enabled


def test_file_then_environment_override(tmp_path):
    path = write(tmp_path, "default_push_time: '7:30'\nmax_new_per_day: 3\ntelegram: {mode: polling}\n")
    s = load_settings(path, environ={"DRILLBOT_PUSH_TIME": "08:15", "DRILLBOT_DB": "x.db"})
    assert s.default_push_time == "08:15" and s.max_new_per_day == 3
    assert str(s.database) == "x.db"


def test_delivery_tick_from_file_or_environment(tmp_path):
    assert load_settings(None, environ={}).delivery_tick_seconds == 60
    path = write(tmp_path, "delivery_tick_seconds: 30\n")
    assert load_settings(path, environ={}).delivery_tick_seconds == 30
    assert load_settings(path, environ={"DRILLBOT_TICK_SECONDS": "2"}).delivery_tick_seconds == 2


def test_config_path_from_environment(tmp_path):
    path = write(tmp_path, "default_timezone: Europe/Berlin\n")
    assert load_settings(None, environ={"DRILLBOT_CONFIG": str(path)}).default_timezone == "Europe/Berlin"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("colour: blue\n", "unknown config key 'colour'"),
        ("default_push_time: '25:00'\n", "'default_push_time' must be a 24-hour time HH:MM"),
        ("default_timezone: Mars/Base\n", "'default_timezone' must be an IANA timezone"),
        ("desired_retention: 1.5\n", "strictly between 0 and 1"),
        ("desired_retention: 0\n", "strictly between 0 and 1"),
        ("access: everyone\n", "'access' must be one of: open, allowlist"),
        ("access: allowlist\n", "'allowed_users' must list at least one user id"),
        ("telegram: {mode: carrier-pigeon}\n", "'telegram.mode' must be one of: polling, webhook"),
        ("telegram: {colour: 1}\n", "unknown config key 'telegram.colour'"),
        ("telegram: {token: abc}\n", "is a secret: set it in the environment"),
        ("max_new_per_day: lots\n", "'max_new_per_day' must be a whole number"),
        ("delivery_tick_seconds: 0\n", "'delivery_tick_seconds' must be a whole number from 1"),
        ("a: [1\n", "malformed YAML"),
    ],
)
def test_invalid_config_is_one_clear_line(tmp_path, text, expected):
    with pytest.raises(ConfigError) as exc:
        load_settings(write(tmp_path, text), environ={})
    message = str(exc.value)
    assert expected in message and "\n" not in message


def test_secrets_come_from_the_environment_and_never_print():
    s = load_settings(None, environ={"TELEGRAM_BOT_TOKEN": "123:SECRET-TOKEN"})
    assert s.telegram_enabled and isinstance(s.telegram.token, Secret)
    assert s.telegram.token.reveal() == "123:SECRET-TOKEN"
    assert "SECRET-TOKEN" not in repr(s) and "SECRET-TOKEN" not in str(s.telegram.token)


def test_allowlist_accepts_comma_separated_environment():
    s = load_settings(None, environ={"DRILLBOT_ACCESS": "allowlist", "DRILLBOT_ALLOWED_USERS": "1, slack:U2"})
    assert s.allowed_users == ("1", "slack:U2")

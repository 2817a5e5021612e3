"""Settings: defaults < YAML file < environment; one clear line for every mistake."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

import pytest

from bot.config import ENV_KEYS, SECTIONS, ConfigError, Secret, Settings, load_settings


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


def test_every_key_can_be_set_from_the_environment_and_is_documented():
    """docker compose with only an .env file can use every mode (webhook, Slack HTTP)."""
    covered = {f"{section}.{key}" if section else key for section, key in ENV_KEYS.values()}
    keys = {f.name for f in fields(Settings)} - set(SECTIONS)
    for section, cls in SECTIONS.items():
        keys |= {f"{section}.{f.name}" for f in fields(cls)}
    assert keys - covered == set()
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    assert [name for name in ENV_KEYS if f"`{name}`" not in readme] == []


def test_channel_modes_and_listeners_from_the_environment():
    s = load_settings(
        None,
        environ={
            "TELEGRAM_BOT_TOKEN": "1:x",
            "TELEGRAM_MODE": "webhook",
            "TELEGRAM_WEBHOOK_URL": "https://bot.example.org/tg",
            "TELEGRAM_WEBHOOK_LISTEN": "127.0.0.1",
            "TELEGRAM_WEBHOOK_PORT": "8080",
            "SLACK_MODE": "http",
            "SLACK_HTTP_LISTEN": "127.0.0.2",
            "SLACK_HTTP_PORT": "3100",
        },
    )
    tg, slack = s.telegram, s.slack
    assert (tg.mode, tg.webhook_url, tg.webhook_listen, tg.webhook_port) == (
        "webhook",
        "https://bot.example.org/tg",
        "127.0.0.1",
        8080,
    )
    assert (slack.mode, slack.http_listen, slack.http_port) == ("http", "127.0.0.2", 3100)


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"SLACK_MODE": "rtm"}, "'slack.mode' must be one of: socket, http; got 'rtm' (set by SLACK_MODE)"),
        ({"TELEGRAM_WEBHOOK_PORT": "80a"}, "(set by TELEGRAM_WEBHOOK_PORT)"),
        (
            {"TELEGRAM_BOT_TOKEN": "1:x", "TELEGRAM_MODE": "webhook"},
            "'telegram.webhook_url' is required when telegram.mode is 'webhook'",
        ),
    ],
)
def test_a_bad_environment_value_names_its_variable(environ, expected):
    with pytest.raises(ConfigError) as error:
        load_settings(None, environ=environ)
    assert expected in str(error.value)


def test_unquoted_push_time_read_by_yaml_as_a_number_asks_for_quotes(tmp_path):
    path = write(tmp_path, "default_push_time: 12:30\n")  # YAML 1.1: the base-60 number 750
    with pytest.raises(ConfigError) as err:
        load_settings(path, environ={})
    assert str(err.value) == (
        "config key 'default_push_time' must be written in quotes, e.g. default_push_time:"
        ' "12:30" (without them YAML reads a time as the number 750)'
    )
    assert load_settings(write(tmp_path, 'default_push_time: "12:30"\n'), environ={}).default_push_time == "12:30"


def test_timezone_in_any_letter_case_becomes_the_canonical_name(tmp_path):
    path = write(tmp_path, "default_timezone: europe/berlin\n")
    assert load_settings(path, environ={}).default_timezone == "Europe/Berlin"
    assert load_settings(None, environ={"DRILLBOT_TIMEZONE": "AMERICA/NEW_YORK"}).default_timezone == (
        "America/New_York"
    )


def test_default_database_does_not_depend_on_the_working_directory(tmp_path, monkeypatch):
    from platformdirs import user_data_dir

    expected = Path(user_data_dir("drillbot")) / "drillbot.sqlite3"
    checkout = tmp_path / "some-checkout"
    (checkout / "data").mkdir(parents=True)
    (checkout / "pyproject.toml").write_text("[project]\nname = 'other'\n")
    for where in (checkout, tmp_path):
        monkeypatch.chdir(where)
        database = load_settings(None, environ={}).database
        assert database == expected and database.is_absolute()
    assert load_settings(None, environ={"DRILLBOT_DB": "x.sqlite3"}).database == Path("x.sqlite3")


def test_a_postgresql_url_is_kept_as_given_and_files_go_to_the_data_dir(tmp_path):
    url = "postgresql://bot:pw@db.example:5432/drills"
    settings = load_settings(None, environ={"DRILLBOT_DB": url, "DRILLBOT_DATA_DIR": str(tmp_path)})
    assert settings.database == url
    assert settings.files_dir == tmp_path
    short = load_settings(None, environ={"DRILLBOT_DB": "postgres://db/drills"})
    assert short.database == "postgres://db/drills"
    on_sqlite = load_settings(
        None, environ={"DRILLBOT_DB": str(tmp_path / "a" / "x.sqlite3"), "DRILLBOT_DATA_DIR": "/x"}
    )
    assert on_sqlite.files_dir == tmp_path / "a"  # beside the file, as before


def test_malformed_config_names_line_and_column(tmp_path):
    path = write(tmp_path, 'default_timezone: Europe/Berlin\ndefault_push_time: "07:30\n')
    with pytest.raises(ConfigError) as err:
        load_settings(path, environ={})
    assert str(err.value) == (
        f"{path}:2:20: malformed YAML (while scanning a quoted scalar, found unexpected end of"
        " stream (line 3, column 1))"
    )

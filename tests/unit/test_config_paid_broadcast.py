"""Paid broadcasts are opt-in, and their rate and daily cap are checked like every key."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import ConfigError, load_settings


def test_paid_broadcast_is_off_by_default_with_the_platform_rate_and_a_daily_cap():
    telegram = load_settings(None, environ={}).telegram
    assert telegram.paid_broadcast is False
    assert (telegram.paid_broadcast_rate, telegram.paid_broadcast_daily_cap) == (1000, 10_000)


def test_paid_broadcast_from_the_environment():
    telegram = load_settings(
        None,
        environ={
            "TELEGRAM_PAID_BROADCAST": "true",
            "TELEGRAM_PAID_BROADCAST_RATE": "500",
            "TELEGRAM_PAID_BROADCAST_DAILY_CAP": "2500",
        },
    ).telegram
    assert (telegram.paid_broadcast, telegram.paid_broadcast_rate) == (True, 500)
    assert telegram.paid_broadcast_daily_cap == 2500


def test_paid_broadcast_from_the_config_file(tmp_path: Path):
    config = tmp_path / "drillbot.yaml"
    config.write_text("telegram: {paid_broadcast: yes, paid_broadcast_daily_cap: 0}\n")
    telegram = load_settings(config, environ={}).telegram
    assert telegram.paid_broadcast is True and telegram.paid_broadcast_daily_cap == 0


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"TELEGRAM_PAID_BROADCAST": "maybe"}, "'telegram.paid_broadcast' must be true or false"),
        ({"TELEGRAM_PAID_BROADCAST_RATE": "5000"}, "from 1 to 1000, got 5000"),
        ({"TELEGRAM_PAID_BROADCAST_DAILY_CAP": "-1"}, "'telegram.paid_broadcast_daily_cap'"),
    ],
)
def test_a_bad_paid_broadcast_value_is_named(env: dict[str, str], message: str):
    with pytest.raises(ConfigError, match=message) as error:
        load_settings(None, environ=env)
    assert next(iter(env)) in str(error.value)  # names the variable that set it

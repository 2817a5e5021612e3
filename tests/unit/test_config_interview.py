"""The interview plan's ceiling of new questions a day, from the file or the environment."""

from __future__ import annotations

import pytest

from bot.config import ConfigError, load_settings


def test_interview_ceiling_defaults_to_25_and_is_configurable(tmp_path):
    assert load_settings(None, environ={}).interview_max_new_per_day == 25
    path = tmp_path / "drillbot.yaml"
    path.write_text("interview_max_new_per_day: 40\n", encoding="utf-8")
    assert load_settings(path, environ={}).interview_max_new_per_day == 40
    env = {"DRILLBOT_INTERVIEW_MAX_NEW_PER_DAY": "12"}
    assert load_settings(path, environ=env).interview_max_new_per_day == 12


@pytest.mark.parametrize("value", ["0", "lots", "1001"])
def test_a_bad_interview_ceiling_is_one_clear_line(value):
    with pytest.raises(ConfigError) as exc:
        load_settings(None, environ={"DRILLBOT_INTERVIEW_MAX_NEW_PER_DAY": value})
    assert "'interview_max_new_per_day'" in str(exc.value)

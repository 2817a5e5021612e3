"""Grading and transcription settings: defaults, environment, file, and refusals."""

from __future__ import annotations

import pytest

from bot.config import ConfigError, Secret, load_settings


def test_grading_is_offline_by_default_and_voice_is_off():
    settings = load_settings(None, {})
    assert settings.grading.mode == "offline" and settings.grading.model is None
    assert (settings.grading.timeout_seconds, settings.grading.daily_limit) == (20, 30)
    assert settings.grading.api_key is None
    assert settings.transcription.model is None and settings.transcription.api_key is None


def test_the_environment_configures_an_llm_and_transcription():
    settings = load_settings(
        None,
        {
            "DRILLBOT_GRADING": "llm",
            "DRILLBOT_LLM_BASE_URL": "http://localhost:11434/v1",
            "DRILLBOT_LLM_MODEL": "qwen2.5:7b",
            "DRILLBOT_LLM_TIMEOUT": "45",
            "DRILLBOT_LLM_DAILY_LIMIT": "100",
            "DRILLBOT_LLM_API_KEY": "sk-abc",
            "DRILLBOT_STT_BASE_URL": "http://localhost:8000/v1",
            "DRILLBOT_STT_MODEL": "Systran/faster-whisper-small",
        },
    )
    grading = settings.grading
    assert (grading.mode, grading.base_url, grading.model) == (
        "llm",
        "http://localhost:11434/v1",
        "qwen2.5:7b",
    )
    assert (grading.timeout_seconds, grading.daily_limit) == (45, 100)
    assert grading.api_key == Secret("sk-abc") and "sk-abc" not in repr(settings)
    assert settings.transcription.model == "Systran/faster-whisper-small"
    assert settings.transcription.api_key == Secret("sk-abc")  # the LLM key by default


def test_grading_keys_from_a_file(tmp_path):
    path = tmp_path / "drillbot.yaml"
    path.write_text(
        "grading: {mode: llm, model: gpt-4o-mini, timeout_seconds: 10}\n"
        "transcription: {model: whisper-1}\n",
        encoding="utf-8",
    )
    settings = load_settings(path, {})
    assert settings.grading.model == "gpt-4o-mini" and settings.grading.timeout_seconds == 10
    assert settings.transcription.model == "whisper-1"


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DRILLBOT_GRADING": "llm"}, "'grading.model' (DRILLBOT_LLM_MODEL) is required"),
        ({"DRILLBOT_GRADING": "gpt"}, "'grading.mode' must be one of: offline, llm"),
        ({"DRILLBOT_LLM_TIMEOUT": "0"}, "'grading.timeout_seconds' must be a whole number"),
        ({"DRILLBOT_LLM_DAILY_LIMIT": "lots"}, "'grading.daily_limit' must be a whole number"),
        ({"DRILLBOT_LLM_BASE_URL": "localhost:11434"}, "'grading.base_url' must be an http(s) URL"),
    ],
)
def test_bad_grading_values_stop_start_up_with_one_line(env, message):
    with pytest.raises(ConfigError) as refused:
        load_settings(None, env)
    assert message in str(refused.value) and "\n" not in str(refused.value)


def test_api_keys_are_refused_in_the_file(tmp_path):
    path = tmp_path / "drillbot.yaml"
    path.write_text("grading: {api_key: sk-oops}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="'grading.api_key' is a secret"):
        load_settings(path, {})

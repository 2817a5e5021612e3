"""Neither the API keys nor the user's answers reach the log, whatever happens, even at DEBUG."""

from __future__ import annotations

import logging

from bot.config import Secret
from tests.integration.grading.conftest import API_KEY
from tests.support import fake_openai as fake

SECRET_ANSWER = "我的秘密答案 ZeRO-3 把参数也分片 7f3a9c"
SECRET_SPEECH = "语音里的秘密 4b2e8d"


async def test_keys_and_answers_never_appear_in_logs(
    caplog, make_checker, fake_openai, user, question
):
    caplog.set_level(logging.DEBUG)
    stt_key = "sk-stt-5e6f7a8b9c0d1e2f"
    fake_openai.api_key = API_KEY
    checker = make_checker(
        grading={
            "mode": "llm",
            "base_url": fake_openai.base_url,
            "model": "grader-1",
            "api_key": Secret(API_KEY),
            "timeout_seconds": 1,
        },
        transcription={
            "base_url": fake_openai.base_url,
            "model": "whisper-1",
            "api_key": Secret(stt_key),  # not the server's key: refused
        },
    )
    fake_openai.transcript = SECRET_SPEECH
    for behaviour in (
        fake.STRUCTURED,
        fake.JSON_MODE_ONLY,
        fake.MALFORMED,
        fake.SERVER_ERROR,
        fake.RATE_LIMITED,
        fake.HANG,
    ):
        fake_openai.behaviour = behaviour
        await checker.check(user, question, SECRET_ANSWER)
    fake_openai.behaviour = fake.STRUCTURED
    await checker.transcribe(user, b"OggS" + b"\0" * 64, "voice.ogg")
    fake_openai.api_key = stt_key
    await checker.transcribe(user, b"OggS" + b"\0" * 64, "voice.ogg")

    assert any("graded offline" in r.getMessage() for r in caplog.records)  # failures are logged
    logged = "\n".join(f"{r.getMessage()} {r.exc_text or ''} {r.args!r}" for r in caplog.records)
    for secret in (API_KEY, stt_key, SECRET_ANSWER, "7f3a9c", SECRET_SPEECH, "4b2e8d"):
        assert secret not in logged, secret

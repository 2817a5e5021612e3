"""Voice answers: transcription through the real openai client against the fake server."""

from __future__ import annotations

from bot.config import Secret, load_settings
from bot.grading.service import TranscriptStatus
from bot.grading.transcribe import MAX_AUDIO_BYTES
from bot.grading.verdict import AnswerSource, GraderKind
from tests.integration.grading.conftest import API_KEY
from tests.support import fake_openai as fake

# The first bytes of an Ogg/Opus voice note, as Telegram sends them; the fake does not decode.
VOICE = b"OggS\x00\x02" + bytes(range(256)) * 8


def stt(fake_openai, **extra):
    return {
        "base_url": fake_openai.base_url,
        "model": "whisper-1",
        "api_key": Secret(API_KEY),
        **extra,
    }


async def test_without_a_transcription_model_voice_gets_a_clear_how_to(make_checker, user):
    checker = make_checker()
    assert not checker.voice_enabled
    result = await checker.transcribe(user, VOICE, "voice.ogg")
    assert result.status is TranscriptStatus.NOT_CONFIGURED and not result.ok
    assert "DRILLBOT_STT_MODEL" in result.message


async def test_a_voice_answer_is_transcribed_from_memory_and_graded(
    make_checker, fake_openai, user, question, store
):
    fake_openai.transcript = "  Stage 1 分片优化器状态，\n Stage 2 分片梯度，Stage 3 分片参数。 "
    checker = make_checker(transcription=stt(fake_openai))
    heard = await checker.transcribe(user, VOICE, "voice.ogg")
    assert (
        heard.ok and heard.text == "Stage 1 分片优化器状态， Stage 2 分片梯度，Stage 3 分片参数。"
    )
    (request,) = fake_openai.calls("/audio/transcriptions")
    assert request.body["file"] == VOICE and request.body["filename"] == "voice.ogg"
    assert request.body["model"] == "whisper-1"
    verdict = await checker.check(user, question, heard.text, source=AnswerSource.VOICE)
    assert verdict.grader is GraderKind.OFFLINE and verdict.answer == heard.text
    async with store.unit() as uow:
        latest = await uow.attempts.latest(user.id, question.id)
    assert latest.source is AnswerSource.VOICE and latest.answer == heard.text


async def test_transcription_failures_say_what_to_do_and_lose_nothing(
    make_checker, fake_openai, user
):
    checker = make_checker(transcription=stt(fake_openai))
    fake_openai.behaviour = fake.SERVER_ERROR
    failed = await checker.transcribe(user, VOICE, "voice.ogg")
    assert failed.status is TranscriptStatus.FAILED and "type your answer" in failed.message
    fake_openai.behaviour = fake.STRUCTURED
    fake_openai.transcript = "   "
    empty = await checker.transcribe(user, VOICE, "voice.ogg")
    assert empty.status is TranscriptStatus.EMPTY
    too_long = await checker.transcribe(user, b"\0" * (MAX_AUDIO_BYTES + 1), "voice.ogg")
    assert too_long.status is TranscriptStatus.TOO_LARGE
    assert len(fake_openai.calls("/audio/transcriptions")) == 2  # the oversized one never left


async def test_a_wrong_key_and_the_daily_limit_are_reported(make_checker, fake_openai, user):
    limited = make_checker(grading={"daily_limit": 2}, transcription=stt(fake_openai))
    assert (await limited.transcribe(user, VOICE, "a.ogg")).ok
    wrong = make_checker(
        grading={"daily_limit": 2},
        transcription=stt(fake_openai, api_key=Secret("sk-nope-1234567890")),
    )
    refused = await wrong.transcribe(user, VOICE, "voice.ogg")
    assert refused.status is TranscriptStatus.FAILED and "bad key" in refused.message
    over = await limited.transcribe(user, VOICE, "b.ogg")
    assert over.status is TranscriptStatus.DAILY_LIMIT and "2 voice" in over.message
    assert len(fake_openai.calls("/audio/transcriptions")) == 2


def test_the_transcription_key_defaults_to_the_llm_key():
    settings = load_settings(
        None, {"DRILLBOT_LLM_API_KEY": "sk-llm", "DRILLBOT_STT_MODEL": "whisper-1"}
    )
    assert settings.transcription.api_key == Secret("sk-llm")
    own = load_settings(None, {"DRILLBOT_LLM_API_KEY": "sk-llm", "DRILLBOT_STT_API_KEY": "sk-stt"})
    assert own.transcription.api_key == Secret("sk-stt")

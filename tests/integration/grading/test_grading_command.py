"""`drillbot grading check|transcribe` run as real processes against the fake OpenAI server."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

from tests.integration.grading.conftest import API_KEY
from tests.support import fake_openai as fake

# The installed command, as a user runs it.
DRILLBOT = str(Path(sys.executable).with_name("drillbot"))
ANSWER = "Stage 1 分片优化器状态，Stage 2 再分片梯度，Stage 3 连参数也分片。"


async def drillbot(
    *args: str, stdin: str = "", env: dict[str, str], cwd: Path
) -> tuple[int, str, str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DRILLBOT_", "TELEGRAM_", "SLACK_"))
    }
    process = await asyncio.create_subprocess_exec(
        DRILLBOT,
        *args,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env={**clean, "DRILLBOT_LOG_LEVEL": "DEBUG", **env},
        cwd=cwd,
    )
    out, err = await asyncio.wait_for(process.communicate(stdin.encode()), timeout=120)
    return process.returncode, out.decode(), err.decode()


def llm_env(server: fake.FakeOpenAI, tmp_path: Path, **extra: str) -> dict[str, str]:
    return {
        "DRILLBOT_DB": str(tmp_path / "db.sqlite3"),
        "DRILLBOT_GRADING": "llm",
        "DRILLBOT_LLM_BASE_URL": server.base_url,
        "DRILLBOT_LLM_MODEL": "grader-1",
        "DRILLBOT_LLM_API_KEY": API_KEY,
        "DRILLBOT_LLM_TIMEOUT": "2",
        **extra,
    }


async def test_check_grades_with_the_configured_model(fake_openai, tmp_path):
    root = Path(__file__).parents[3]
    code, out, err = await drillbot(
        "grading",
        "check",
        "deepspeed-c7e016",
        stdin=ANSWER,
        env=llm_env(fake_openai, tmp_path),
        cwd=root,
    )
    assert code == 0, err
    assert "grader: llm (grader-1)" in out and "suggested: Good (score 0.90)" in out
    assert "  + Stage-2: 再把梯度也分片。" in out
    assert len(fake_openai.calls("/chat/completions")) == 1
    # At DEBUG, neither the key nor the answer is logged.
    assert API_KEY not in out + err and ANSWER not in err


async def test_check_falls_back_offline_when_the_model_hangs(fake_openai, tmp_path):
    fake_openai.behaviour = fake.HANG
    root = Path(__file__).parents[3]
    code, out, err = await drillbot(
        "grading",
        "check",
        "deepspeed-c7e016",
        stdin=ANSWER,
        env=llm_env(fake_openai, tmp_path),
        cwd=root,
    )
    assert code == 0, err
    assert "notice: The grading model did not answer in time" in out
    assert "grader: offline" in out and "suggested:" in out


async def test_check_refuses_an_unknown_question_and_an_empty_answer(fake_openai, tmp_path):
    root = Path(__file__).parents[3]
    env = llm_env(fake_openai, tmp_path)
    code, _, err = await drillbot("grading", "check", "no-such-id", stdin=ANSWER, env=env, cwd=root)
    assert code == 2 and "no question with id 'no-such-id'" in err
    code, _, err = await drillbot(
        "grading", "check", "deepspeed-c7e016", stdin=" \n", env=env, cwd=root
    )
    assert code == 2 and "the answer is empty" in err
    assert fake_openai.requests == []


async def test_transcribe_prints_what_was_said_or_how_to_enable_it(fake_openai, tmp_path):
    root = Path(__file__).parents[3]
    voice = tmp_path / "answer.ogg"
    voice.write_bytes(b"OggS" + bytes(range(256)))
    env = {"DRILLBOT_DB": str(tmp_path / "db.sqlite3")}
    code, _, err = await drillbot("grading", "transcribe", str(voice), env=env, cwd=root)
    assert code == 1 and "DRILLBOT_STT_MODEL" in err
    fake_openai.transcript = "GRPO 去掉了 critic"
    env |= {
        "DRILLBOT_STT_BASE_URL": fake_openai.base_url,
        "DRILLBOT_STT_MODEL": "whisper-1",
        "DRILLBOT_LLM_API_KEY": API_KEY,  # the transcription key defaults to it
    }
    code, out, err = await drillbot("grading", "transcribe", str(voice), env=env, cwd=root)
    assert code == 0, err
    assert out.strip() == "GRPO 去掉了 critic"
    (request,) = fake_openai.calls("/audio/transcriptions")
    assert request.body["file"] == voice.read_bytes() and request.body["filename"] == "answer.ogg"

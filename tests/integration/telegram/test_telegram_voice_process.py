"""The real `drillbot run` process on Telegram: a voice answer goes through getFile, the
transcription endpoint and the grader, configured only by environment variables."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

from tests.conftest import CORPUS_DIR
from tests.support.fake_openai import FakeOpenAI
from tests.support.fake_telegram import FakeTelegram
from tests.support.ogg import opus_voice

TOKEN = "123456789:AAHfakeTokenForTests-only_0123456789abc"
STT_KEY = "sk-test-stt-process-16180339"
DRILLBOT = Path(sys.executable).with_name("drillbot")
START_TIMEOUT = 30.0  # importing the bot on a busy machine
SPOKEN = "ZeRO partitions the optimizer state, then the gradients, and the parameters"


async def test_a_voice_answer_to_the_first_question_through_the_real_process(tmp_path: Path):
    telegram, openai = FakeTelegram(TOKEN), FakeOpenAI(STT_KEY)
    await telegram.start()
    await openai.start()
    openai.transcript = SPOKEN
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "SLACK_"))}
    env.pop("DRILLBOT_CONFIG", None)
    env.update(
        DRILLBOT_DB=str(tmp_path / "db.sqlite3"),
        DRILLBOT_CONTENT=str(CORPUS_DIR),
        DRILLBOT_LOG_LEVEL="DEBUG",
        TELEGRAM_BOT_TOKEN=TOKEN,
        TELEGRAM_API_BASE_URL=telegram.url,
        DRILLBOT_STT_MODEL="whisper-1",
        DRILLBOT_STT_BASE_URL=openai.base_url,
        DRILLBOT_STT_API_KEY=STT_KEY,
    )
    process = await asyncio.create_subprocess_exec(
        DRILLBOT, "run", env=env, stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    try:
        await telegram.wait_for(lambda: telegram.calls_to("getUpdates"), START_TIMEOUT)
        ada = telegram.user(1001)
        question = await ada.ask("/next")
        assert "What do ZeRO stages 1-3 partition?" in question.plain

        await ada.send_voice(opus_voice())
        heard = await ada.next_message(timeout=START_TIMEOUT)
        verdict = await ada.next_message(timeout=START_TIMEOUT)
        assert heard.plain == f"I heard: “{SPOKEN}”"
        assert "Stage 3: + parameters" in verdict.plain and "Suggested: Easy" in verdict.plain
        await ada.press(verdict, "★ Easy")
        assert (await ada.next_message()).plain.startswith("Easy — back ")
    finally:
        if process.returncode is None:
            process.send_signal(signal.SIGTERM)
        _out, err = await asyncio.wait_for(process.communicate(), START_TIMEOUT)
        await telegram.close()
        await openai.close()
    assert process.returncode == 0 and "Traceback" not in err.decode()
    logged = err.decode()
    assert "getFile" in logged  # DEBUG logging was on...
    assert SPOKEN not in logged and STT_KEY not in logged  # ...and kept the answer and key out

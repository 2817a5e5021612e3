"""Answering on Telegram end to end: the real bot, the fake Bot API (getFile and file download
for voice messages) and the fake OpenAI-compatible server for transcription and grading."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator

import pytest

from bot.config import GradingSettings, Secret, TranscriptionSettings
from tests.integration.telegram.conftest import StartBot, assert_no_api_errors
from tests.support import fake_openai
from tests.support.fake_openai import FakeOpenAI
from tests.support.fake_telegram import FakeTelegram
from tests.support.ogg import opus_voice

API_KEY = "sk-test-telegram-answers-31415926"
SPOKEN = "GRPO has no value network; advantages are normalised within a group of samples"


@pytest.fixture
async def openai_server() -> AsyncIterator[FakeOpenAI]:
    server = FakeOpenAI(API_KEY)
    await server.start()
    yield server
    await server.close()


def voice_settings(server: FakeOpenAI) -> dict:
    key = Secret(API_KEY)
    stt = TranscriptionSettings(base_url=server.base_url, model="whisper-1", api_key=key)
    return {"transcription": stt}


async def on_question(bot, ada, question_id: str) -> int:
    await ada.ask("/start")
    user = await bot.user(ada.id)
    await bot.service.practise(user.id, question_id)
    return user.id


async def test_a_voice_message_is_fetched_transcribed_shown_and_graded(
    start_bot: StartBot, fake: FakeTelegram, openai_server: FakeOpenAI, caplog
):
    caplog.set_level(logging.DEBUG)
    openai_server.transcript = SPOKEN
    bot = await start_bot(answers=voice_settings(openai_server))
    ada = fake.user(1001)
    user_id = await on_question(bot, ada, "rl-1")
    ogg = opus_voice()

    await ada.send_voice(ogg)
    heard, verdict = await ada.next_messages(2)
    assert heard.plain == f"I heard: “{SPOKEN}”"
    assert "Covered" in verdict.plain and "no value network" in verdict.plain
    assert "Suggested: Easy" in verdict.plain
    assert [b["text"] for b in verdict.buttons][:4] == ["Again", "Hard", "Good", "★ Easy"]
    # Fetched through getFile and the file URL with the bot's token, sent on as it came.
    assert fake.calls_to("getFile") and fake.calls_to("download")[0].status == 200
    [upload] = openai_server.calls("/audio/transcriptions")
    assert upload.body["file"] == ogg and upload.body["filename"] == "voice.ogg"

    # The suggestion rated nothing; the user's own tap does.
    assert (await bot.service.stats(user_id)).total_reviews == 0
    query = await ada.press(verdict, "Good")
    assert (await ada.callback_answer(query))["text"] == "Good"
    assert (await ada.next_message()).plain.startswith("Good — back ")
    agreement = await bot.checker.agreement_stats(user_id)
    assert (agreement.answered, agreement.agreed, agreement.rated_lower) == (1, 0, 1)
    assert (await bot.service.stats(user_id)).total_reviews == 1
    assert SPOKEN not in caplog.text and API_KEY not in caplog.text
    assert_no_api_errors(fake)


async def test_without_transcription_a_voice_message_gets_how_to_enable_it(
    start_bot: StartBot, fake: FakeTelegram
):
    bot = await start_bot(answers={})
    ada = fake.user(1002)
    await on_question(bot, ada, "rl-1")
    await ada.send_voice(opus_voice())
    reply = await ada.next_message()
    assert "Voice answers are not enabled" in reply.plain and "DRILLBOT_STT_MODEL" in reply.plain
    assert not fake.calls_to("getFile")  # nothing downloaded for nothing


async def test_a_failing_model_falls_back_to_offline_grading_with_a_notice(
    start_bot: StartBot, fake: FakeTelegram, openai_server: FakeOpenAI, caplog
):
    caplog.set_level(logging.DEBUG)
    openai_server.behaviour = fake_openai.SERVER_ERROR
    grading = GradingSettings(
        mode="llm", base_url=openai_server.base_url, model="grader-1", api_key=Secret(API_KEY)
    )
    bot = await start_bot(answers={"grading": grading})
    ada = fake.user(1003)
    user_id = await on_question(bot, ada, "dist-1")

    answer = "ZeRO partitions the optimizer state first."
    verdict = await ada.ask(answer)
    typing = [c for c in fake.calls_to("sendChatAction") if c.params.get("action") == "typing"]
    assert typing  # "grading…" while the model was asked
    assert "The grading model is unavailable, so this was graded offline." in verdict.plain
    assert "Missed" in verdict.plain and "Stage 3: + parameters" in verdict.plain
    assert "Suggested: Hard" in verdict.plain and "★ Hard" in verdict.button("Hard")["text"]
    assert openai_server.calls("/chat/completions")  # it was asked, and failed

    # A second part joins the first: one answer, graded again as a whole.
    whole = await ada.ask("Then the gradients, and the parameters in stage 3.")
    assert "2 messages together" in whole.plain and "Missed" not in whole.plain
    assert (await ada.ask("2")).plain.startswith("Hard — back ")  # typed digits still rate
    agreement = await bot.checker.agreement_stats(user_id)
    assert agreement.answered == 1 and agreement.compared == 1
    stats = await ada.ask("/stats")
    assert "Answered before rating: 1 · just revealed: 0" in stats.plain
    assert answer not in caplog.text and API_KEY not in caplog.text
    assert_no_api_errors(fake)


async def test_a_question_without_reference_keeps_the_answer_as_the_users_own(
    start_bot: StartBot, fake: FakeTelegram
):
    bot = await start_bot(answers={})
    ada = fake.user(1004)
    user_id = await on_question(bot, ada, "rl-3")
    verdict = await ada.ask("The policy games a flawed reward model.")
    assert "cannot grade your answer" in verdict.plain
    await ada.press(verdict, "Keep my answer")
    assert "Kept as your own reference" in (await ada.next_message()).plain
    await ada.send("/answer")
    own, reference = await ada.next_messages(2)
    assert own.plain.startswith("Your answer (your own reference)")
    assert "The policy games a flawed reward model." in own.plain
    assert reference.buttons  # rate on the last message, as always
    await ada.press(reference, "Again")
    assert (await ada.next_message()).plain.startswith("Again — back ")
    await ada.ask("/forget")
    await ada.press(fake.sent_to(ada.id)[-1], "Yes, delete everything")
    await fake.wait_for(lambda: "deleted" in (fake.sent_to(ada.id)[-1].plain or ""))
    assert await bot.checker.own_answer(user_id, "rl-3") is None
    assert_no_api_errors(fake)


async def test_a_slow_model_holds_up_only_the_user_it_grades(
    start_bot: StartBot, fake: FakeTelegram, openai_server: FakeOpenAI
):
    openai_server.behaviour = fake_openai.HANG
    grading = GradingSettings(
        mode="llm",
        base_url=openai_server.base_url,
        model="grader-1",
        api_key=Secret(API_KEY),
        timeout_seconds=4,
    )
    bot = await start_bot(answers={"grading": grading})
    ada, bob = fake.user(1005), fake.user(1006, "Bob")
    await on_question(bot, ada, "dist-2")
    await bob.ask("/start")

    await ada.send("BF16 keeps the FP32 exponent range.")
    await ada.send("So no loss scaling.")  # her second part waits for the first, in order
    await fake.wait_for(lambda: openai_server.hanging == 1)
    assert "A question now" in (await bob.ask("/help")).plain  # Bob is answered meanwhile
    assert openai_server.hanging == 1 and not ada.unread()

    first = await ada.next_message(timeout=15)  # the model timed out: graded offline
    second = await ada.next_message(timeout=15)
    assert "did not answer in time" in first.plain and "Your answer" in first.plain
    assert "2 messages together" in second.plain
    assert_no_api_errors(fake)

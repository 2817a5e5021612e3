"""Answering in the Slack DM end to end: message.im events signed like Slack's, the real bolt app
in HTTP mode, the fake Web API (files.info and url_private for audio) and the fake OpenAI
server for transcription."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator

import pytest

from bot.config import GradingSettings, Secret, TranscriptionSettings
from tests.integration.slack.conftest import StartBot, Workspace, assert_no_api_errors
from tests.support import fake_openai
from tests.support.fake_openai import FakeOpenAI
from tests.support.fake_slack import BOT_USER, FakeSlack, dm_of

API_KEY = "sk-test-slack-answers-27182818"
ANSWER = "ZeRO partitions the optimizer state first."


@pytest.fixture
async def openai_server() -> AsyncIterator[FakeOpenAI]:
    server = FakeOpenAI(API_KEY)
    await server.start()
    yield server
    await server.close()


async def on_question(slack: Workspace, user: str, question_id: str) -> int:
    """`user` signs up with /drill next (welcome and a question in the DM), then is on
    `question_id`; returns their user id."""
    assert await slack.command(user, "next") == 200
    await slack.next_dm(user, after=1)
    me = await slack.db_user(user)
    await slack.service.practise(me.id, question_id)
    return me.id


async def test_a_typed_dm_answer_gets_a_verdict_and_the_tap_rates(
    start_bot: StartBot, fake: FakeSlack, caplog
):
    caplog.set_level(logging.DEBUG)
    slack = await start_bot(answers={})
    fake.add_user("U1")
    user_id = await on_question(slack, "U1", "dist-1")

    # The bot's own posts come back as message events too: they are no answer.
    own_post = {"type": "message", "channel": dm_of("U1"), "channel_type": "im",
                "user": BOT_USER, "bot_id": "B0001", "text": "Stage 3: + parameters"}  # fmt: skip
    await slack.event(own_post)
    assert await slack.dm("U1", ANSWER) == 200
    verdict = await slack.next_dm("U1", after=2)
    assert "Covered" in verdict.mrkdwn and "Stage 1: optimizer state" in verdict.mrkdwn
    assert "Missed" in verdict.mrkdwn and "Stage 3: + parameters" in verdict.mrkdwn
    assert "Suggested: *Hard*" in verdict.mrkdwn
    assert verdict.button("★ Hard")["style"] == "primary"
    assert len(fake.in_channel(dm_of("U1"))) == 3  # one verdict, nothing for the bot's post
    assert (await slack.service.stats(user_id)).total_reviews == 0

    assert await slack.press("U1", verdict, "Good") == 200
    await fake.wait_for(lambda: verdict.edits == 1)
    assert "✓ Good — back" in verdict.mrkdwn and not verdict.buttons
    agreement = await slack.checker.agreement_stats(user_id)
    assert (agreement.answered, agreement.compared, agreement.rated_higher) == (1, 1, 1)

    # With the question rated, a typed line is no answer: the hint comes in the DM itself.
    assert await slack.dm("U1", "thanks!") == 200
    hint = await slack.next_dm("U1", after=3)
    assert hint.mrkdwn.startswith("Reply 1–4")
    assert ANSWER not in caplog.text and "thanks!" not in caplog.text
    assert_no_api_errors(fake)


async def test_an_audio_file_in_the_dm_is_downloaded_transcribed_and_graded(
    start_bot: StartBot, fake: FakeSlack, openai_server: FakeOpenAI
):
    openai_server.transcript = "No value network: advantages are normalised within a group."
    stt = TranscriptionSettings(
        base_url=openai_server.base_url, model="whisper-1", api_key=Secret(API_KEY)
    )
    slack = await start_bot(answers={"transcription": stt})
    fake.add_user("U2")
    await on_question(slack, "U2", "rl-1")
    audio = b"\x00\x00\x00\x18ftypM4A " + bytes(range(256)) * 4
    clip = fake.share_file("U2", "answer.m4a", audio, "audio/mp4")

    assert await slack.dm("U2", files=[clip]) == 200
    heard = await slack.next_dm("U2", after=2)
    verdict = await slack.next_dm("U2", after=3)
    assert heard.mrkdwn.startswith("I heard: “No value network")
    assert "no value network" in verdict.mrkdwn and "Suggested:" in verdict.mrkdwn
    assert fake.calls_to("files.info") and fake.calls_to("file_download")[0].status == 200
    [upload] = openai_server.calls("/audio/transcriptions")
    assert upload.body["file"] == audio and upload.body["filename"] == "answer.m4a"
    assert_no_api_errors(fake)


async def test_grading_shows_a_note_meanwhile_and_a_failing_model_falls_back(
    start_bot: StartBot, fake: FakeSlack, openai_server: FakeOpenAI
):
    openai_server.behaviour = fake_openai.RATE_LIMITED
    grading = GradingSettings(
        mode="llm", base_url=openai_server.base_url, model="grader-1", api_key=Secret(API_KEY)
    )
    slack = await start_bot(answers={"grading": grading})
    fake.add_user("U3")
    await on_question(slack, "U3", "dist-1")
    assert await slack.dm("U3", ANSWER) == 200
    verdict = await slack.next_dm("U3", after=2)
    [note] = fake.ephemerals_for("U3")
    assert note.text == "_grading…_" and note.channel == dm_of("U3")
    assert fake.calls_to("chat.postEphemeral")[0].at < fake.calls_to("chat.postMessage")[-1].at
    assert "rate-limited right now, so this was graded offline" in verdict.mrkdwn
    assert "Suggested: *Hard*" in verdict.mrkdwn
    assert_no_api_errors(fake)

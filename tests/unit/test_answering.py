"""Answering in the dialogue, on every channel style: a real answer checker (offline grader) on
the fixture corpus and a real SQLite file."""

from __future__ import annotations

import pytest

from bot.config import Settings
from bot.dialogue import CONSOLE, SLACK, TELEGRAM, Command, Dialogue, Press, Text, Voice, actions
from bot.dialogue.replies import Message, Toast, Working
from bot.grading.service import AnswerChecker
from tests.unit.test_dialogue import buttons, sender, texts

STYLES = [TELEGRAM, SLACK, CONSOLE]


@pytest.fixture
async def checker(store, corpus, clock):
    checker = AnswerChecker.from_settings(Settings(), store, corpus.ordered(), clock)
    await checker.prepare()
    yield checker
    await checker.close()


async def asked(service, dialogue, me, question_id: str) -> int:
    """Sign `me` up and put `question_id` in front of them; returns their user id."""
    await dialogue.handle(me, Command("start"))
    user = await service.find_user(me.channel, me.external_id)
    await service.practise(user.id, question_id)
    return user.id


@pytest.mark.parametrize("style", STYLES, ids=lambda s: s.name)
async def test_a_typed_answer_gets_a_verdict_and_the_tap_is_the_rating(service, checker, style):
    dialogue = Dialogue(service, style, checker=checker)
    me = sender(service, style)
    user_id = await asked(service, dialogue, me, "dist-1")

    verdict = texts(await dialogue.handle(me, Text("ZeRO partitions the optimizer state first.")))
    assert "Covered" in verdict and "optimizer state" in verdict
    assert "Missed" in verdict and "Stage 3: + parameters" in verdict
    assert "Suggested: **Hard**" in verdict
    assert (await service.stats(user_id)).total_reviews == 0  # the suggestion rated nothing

    replies = await dialogue.handle(me, Text("Then the gradients, and the parameters in stage 3."))
    whole = texts(replies)
    assert "2 messages together" in whole and "Missed" not in whole
    if style.buttons:
        starred = [b for b in buttons(replies) if b.label.startswith("★")]
        assert [b.label for b in starred] == ["★ Easy"] and starred[0].style == "primary"
        assert any(b.action == actions.SHOW_ANSWER for b in buttons(replies))
        # The user disagrees and taps Good: that is what FSRS gets.
        await dialogue.handle(me, Press(actions.RATE, actions.rate_payload(3, "dist-1")))
    else:
        assert "Type *1*–*4* to rate" in whole
        await dialogue.handle(me, Text("3"))
    reviews = await service.stats(user_id)
    assert reviews.total_reviews == 1
    agreement = await checker.agreement_stats(user_id)
    assert (agreement.answered, agreement.compared, agreement.agreed) == (1, 1, 0)
    assert agreement.rated_lower == 1

    stats = texts(await dialogue.handle(me, Command("stats")))
    assert "Answered before rating: 1 · just revealed: 0" in stats
    assert "matched the suggestion: 0 of 1 (0%)" in stats


async def test_text_without_an_open_question_gets_the_hint_and_is_not_stored(
    service, checker, store
):
    dialogue = Dialogue(service, TELEGRAM, checker=checker)
    me = sender(service, TELEGRAM)
    await dialogue.handle(me, Command("start"))
    assert texts(await dialogue.handle(me, Text("hello there"))).startswith("Reply 1–4")
    user = await service.find_user("telegram", "u1")
    async with store.unit() as uow:
        assert await uow.attempts.latest(user.id, "dist-1") is None


async def test_a_question_without_reference_offers_to_keep_the_answer(service, checker):
    dialogue = Dialogue(service, TELEGRAM, checker=checker)
    me = sender(service, TELEGRAM)
    user_id = await asked(service, dialogue, me, "rl-3")
    replies = await dialogue.handle(me, Text("The policy exploits flaws in the reward model."))
    assert "cannot grade your answer" in texts(replies)
    keep = next(b for b in buttons(replies) if b.action == actions.KEEP_OWN)
    assert not any(b.label.startswith("★") for b in buttons(replies))  # nothing suggested

    kept = await dialogue.handle(me, Press(keep.action, keep.payload))
    assert isinstance(kept[0], Toast) and "Kept as your own reference" in texts(kept)
    assert (await checker.own_answer(user_id, "rl-3")).text.startswith("The policy exploits")

    reveal = await dialogue.handle(me, Command("answer"))
    assert "Your answer" in texts(reveal[:1]) and "The policy exploits" in texts(reveal[:1])
    assert reveal[-1].buttons  # the rating buttons stay on the last message


@pytest.mark.parametrize("style", STYLES, ids=lambda s: s.name)
async def test_myanswer_keeps_a_reference_for_the_open_question(service, checker, style):
    dialogue = Dialogue(service, style, checker=checker)
    me = sender(service, style)
    user_id = await asked(service, dialogue, me, "rl-2")
    saved = texts(await dialogue.handle(me, Command("myanswer", "KL keeps the policy near *SFT*")))
    assert "Kept as your own reference" in saved
    revealed = texts(await dialogue.handle(me, Command("answer")))
    assert "Your answer" in revealed and r"near \*SFT\*" in revealed  # shown literally
    assert "To keep the policy close to the reference model." in revealed
    await dialogue.handle(me, Text("2"))
    refused = texts(await dialogue.handle(me, Command("myanswer")))
    # Rated: no open question (the console has asked the next one, not answered yet).
    assert refused.startswith(
        "There is no answer of yours" if style.advance_after_rating else "There is no open question"
    )
    await service.forget(user_id)
    assert await checker.own_answer(user_id, "rl-2") is None


async def test_myanswer_without_text_and_without_an_answer_is_refused(service, checker):
    dialogue = Dialogue(service, SLACK, checker=checker)
    me = sender(service, SLACK)
    await asked(service, dialogue, me, "rl-3")
    refused = texts(await dialogue.handle(me, Command("myanswer")))
    assert refused == (
        "There is no answer of yours to keep yet: answer the question first, "
        "or send /drill myanswer TEXT."
    )


async def test_a_message_without_text_is_no_answer(service, checker, store):
    dialogue = Dialogue(service, TELEGRAM, checker=checker)
    me = sender(service, TELEGRAM)
    user_id = await asked(service, dialogue, me, "dist-2")  # e.g. a sticker
    assert texts(await dialogue.handle(me, Text(" \n "))).startswith("Reply 1–4")
    async with store.unit() as uow:
        assert await uow.attempts.latest(user_id, "dist-2") is None


async def test_voice_without_transcription_says_how_to_enable_it_and_downloads_nothing(
    service, checker
):
    dialogue = Dialogue(service, TELEGRAM, checker=checker)
    me = sender(service, TELEGRAM)
    await asked(service, dialogue, me, "dist-2")
    fetched: list[int] = []

    async def fetch() -> bytes:
        fetched.append(1)
        return b"OggS"

    replies = await dialogue.handle(me, Voice(fetch, "voice.ogg"))
    assert "DRILLBOT_STT_MODEL" in texts(replies) and fetched == []


async def test_the_grading_sign_goes_out_before_the_verdict_when_a_model_grades(
    service, store, corpus, clock
):
    from bot.config import GradingSettings, Secret

    settings = Settings(
        grading=GradingSettings(
            mode="llm", base_url="http://127.0.0.1:9/v1", model="m", timeout_seconds=1,
            api_key=Secret("sk-unused"),
        )
    )  # fmt: skip
    checker = AnswerChecker.from_settings(settings, store, corpus.ordered(), clock)
    shown: list = []

    async def interim(replies):
        shown.extend(replies)

    dialogue = Dialogue(service, TELEGRAM, checker=checker)
    me = sender(service, TELEGRAM)
    await asked(service, dialogue, me, "dist-2")
    me = type(me)(me.channel, me.external_id, me.register, interim=interim)
    try:
        replies = await dialogue.handle(me, Text("BF16 has FP32's exponent range."))
    finally:
        await checker.close()
    assert [type(r) for r in shown] == [Working] and shown[0].text == "grading…"
    # Nothing listens on port 9: the offline grader stands in, with a one-line notice.
    verdict = texts(replies)
    assert "graded offline" in verdict and "Suggested:" in verdict
    assert isinstance(replies[-1], Message)



async def test_an_overlong_answer_is_refused_in_words_and_the_earlier_parts_kept(
    service, checker, store
):
    dialogue = Dialogue(service, SLACK, checker=checker)
    me = sender(service, SLACK)
    user_id = await asked(service, dialogue, me, "dist-2")
    await dialogue.handle(me, Text("BF16 keeps FP32's exponent range."))
    refused = texts(await dialogue.handle(me, Text("and " * 2500)))
    assert refused.startswith("Your answer is longer than 8000 characters")
    async with store.unit() as uow:
        kept = await uow.attempts.latest(user_id, "dist-2")
    assert kept.answer == "BF16 keeps FP32's exponent range." and kept.parts == 1

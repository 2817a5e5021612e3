"""Buttons on old messages, long answers and long question ids."""

from __future__ import annotations

from datetime import timedelta

from bot.domain.clock import ManualClock
from tests.integration.telegram.conftest import (
    RunningBot,
    StartBot,
    assert_no_api_errors,
    corpus_of,
    question,
)
from tests.support.fake_telegram import FakeTelegram, SentMessage


def asked_id(message: SentMessage) -> str:
    return message.button("Show answer")["callback_data"].removeprefix("a:")


async def test_buttons_of_a_previous_day_get_a_clear_answer(
    bot: RunningBot, fake: FakeTelegram, clock: ManualClock
):
    ada = fake.user(1001)
    await ada.ask("/start")
    asked = []
    for _ in range(2):
        card = await ada.ask("/next")
        answer = await ada.ask("/answer")  # the question keeps its button
        asked.append((card, answer))
        if len(asked) == 1:
            assert "Skipped" in (await ada.ask("/skip")).plain

    clock.advance(timedelta(days=1))
    today = await ada.ask("/next")
    # The open one comes back; the one skipped yesterday is now stale.
    assert asked_id(today) == asked_id(asked[1][0])
    card, answer = next((c, a) for c, a in asked if asked_id(c) != asked_id(today))
    shown = await ada.callback_answer(await ada.press(card, "Show answer"))
    assert shown["text"] == "This button belongs to an older question. Send /next for today's."
    rated = await ada.callback_answer(await ada.press(answer, "Good"))
    assert rated["text"] == shown["text"]

    # Nothing else was sent: the next reply is the one to the next command.
    assert "Your timezone" in (await ada.ask("/tz")).plain
    assert_no_api_errors(fake)


async def test_buttons_of_a_removed_question(
    start_bot: StartBot, fake: FakeTelegram, fixture_corpus
):
    bot = await start_bot()
    ada = fake.user(1001)
    await ada.ask("/start")
    card = await ada.ask("/next")
    removed = asked_id(card)
    await bot.shutdown()

    smaller = corpus_of(*(q for q in fixture_corpus.ordered() if q.id != removed))
    await start_bot(corpus=smaller)
    answer = await ada.callback_answer(await ada.press(card, "Show answer"))
    assert answer["text"] == "This question is no longer in the question set."
    assert (await ada.ask("/answer")).plain == "This question is no longer in the question set."
    assert_no_api_errors(fake)


async def test_already_rated_and_unknown_buttons(bot: RunningBot, fake: FakeTelegram):
    ada = fake.user(1001)
    await ada.ask("/start")
    card = await ada.ask("/next")
    await ada.press(card, "Show answer")
    _, answer = await ada.next_message_with_buttons()
    data = answer.button("Hard")["callback_data"]
    await ada.press(answer, "Hard")
    await ada.next_message()
    again = await ada.callback_answer(await ada.press_data(answer, data))
    assert again["text"] == "Already rated Hard."
    unknown = await ada.callback_answer(await ada.press_data(answer, "x:legacy"))
    assert unknown["text"] == "This button belongs to an older question."
    assert_no_api_errors(fake)


async def test_long_answer_is_split_with_buttons_on_the_last_part(
    start_bot: StartBot, fake: FakeTelegram
):
    paragraph = "Gradient checkpointing trades compute for memory <&> " * 40
    long_answer = "\n\n".join(f"## Part {n}\n\n{paragraph}\n\n- **point** `x<y`" for n in range(8))
    await start_bot(corpus=corpus_of(question("long-one", long_answer)))
    ada = fake.user(1001)
    await ada.ask("/start")
    card = await ada.ask("/next")
    await ada.press(card, "Show answer")
    parts, last = await ada.next_message_with_buttons()
    assert len(parts) >= 2
    assert all(not p.buttons for p in parts)
    assert all(len(p.plain.encode("utf-16-le")) // 2 <= 4096 for p in [*parts, last])
    assert [b["text"] for b in last.buttons] == ["Again", "Hard", "Good", "Easy"]
    assert "Part 7" in last.plain or any("Part 7" in p.plain for p in parts)
    assert_no_api_errors(fake)


async def test_callback_data_fits_64_bytes_whatever_the_question_id(
    start_bot: StartBot, fake: FakeTelegram
):
    long_id = "面试题-" + "é" * 80
    bot = await start_bot(corpus=corpus_of(question(long_id, "Short answer.")))
    ada = fake.user(1001)
    await ada.ask("/start")
    card = await ada.ask("/next")
    show = card.button("Show answer")["callback_data"]
    assert len(show.encode()) <= 64
    await ada.press(card, "Show answer")
    _, answer = await ada.next_message_with_buttons()
    assert all(len(b["callback_data"].encode()) <= 64 for b in answer.buttons)
    await ada.press(answer, "Easy")
    assert (await ada.next_message()).plain.startswith("Easy — back ")
    assert (await bot.user(1001)) is not None
    assert_no_api_errors(fake)

    # Once the question leaves the corpus, its hashed id resolves to nothing: a stale press.
    await bot.shutdown()
    await start_bot(corpus=corpus_of(question("other", "Other answer.")))
    stale = await ada.callback_answer(await ada.press_data(card, show))
    assert stale["text"] == "This question is no longer in the question set."

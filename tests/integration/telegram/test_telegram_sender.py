"""The sending functions the daily delivery reuses, and the callback_data codec."""

from __future__ import annotations

import pytest
from telegram import Bot
from telegram.error import Forbidden

from bot.channels.telegram import deactivating_on_block, send_answer_card, send_question_card
from bot.channels.telegram.keyboards import (
    MAX_CALLBACK_BYTES,
    IdResolver,
    encode,
    question_keyboard,
    rating_keyboard,
)
from bot.config import BUNDLED_CONTENT
from bot.corpus.loader import load_corpus
from bot.domain.models import AnswerCard, QuestionCard
from tests.integration.telegram.conftest import TOKEN, assert_no_api_errors, question
from tests.support.fake_telegram import FakeTelegram


async def test_send_question_card_returns_the_message_with_the_button(fake: FakeTelegram):
    fake.user(1001)
    card = QuestionCard(question("q-1", text="What is **FSRS**?"), is_new=True, due_since=None)
    async with Bot(TOKEN, base_url=f"{fake.url}/bot") as bot:
        message_id = await send_question_card(bot, "1001", card, "en")
    [sent] = fake.sent_to(1001)
    assert sent.message_id == message_id
    assert "What is FSRS?" in sent.plain and "<b>FSRS</b>" in (sent.text or "")
    assert sent.button("Show answer")["callback_data"] == "a:q-1"


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_every_committed_question_and_answer_is_accepted_by_telegram(
    fake: FakeTelegram, lang: str
):
    fake.user(1001)
    corpus = load_corpus(BUNDLED_CONTENT)
    async with Bot(TOKEN, base_url=f"{fake.url}/bot") as bot:
        for q in corpus.ordered():
            await send_question_card(bot, 1001, QuestionCard(q, is_new=True, due_since=None), lang)
            await send_answer_card(bot, 1001, AnswerCard(q), lang)
    assert len(fake.sent_to(1001)) >= 2 * len(corpus.questions)
    assert_no_api_errors(fake)


async def test_a_blocked_chat_deactivates_the_user(fake: FakeTelegram, service):
    fake.user(1001)
    fake.block(1001)
    user = (await service.register("telegram", "1001", chat_id="1001")).user
    card = QuestionCard(question("dist-1"), is_new=True, due_since=None)
    async with Bot(TOKEN, base_url=f"{fake.url}/bot") as bot:
        with pytest.raises(Forbidden):
            async with deactivating_on_block(service, user.id):
                await send_question_card(bot, user.chat_id, card, "en")
    assert not (await service.get_user(user.id)).active


@pytest.mark.parametrize("qid", ["q", "x" * 40, "x" * 61, "é" * 40, "面" * 30, "#not-a-hash"])
def test_callback_data_always_fits_and_resolves(qid: str):
    resolver = IdResolver([qid, "other"])
    buttons = [
        *question_keyboard(qid, "en").inline_keyboard[0],
        *rating_keyboard(qid, "zh").inline_keyboard[0],
    ]
    for button in buttons:
        data = button.callback_data
        assert isinstance(data, str) and len(data.encode()) <= MAX_CALLBACK_BYTES
        ref = data.split(":", 2)[-1] if data.startswith("r:") else data.split(":", 1)[1]
        assert resolver.resolve(ref) == qid


def test_short_ids_are_kept_readable():
    assert encode("a:", "sample-zero-stages") == "a:sample-zero-stages"
    assert IdResolver([]).resolve("#" + "A" * 16) is None

"""Questions the notes give no reference for ("open questions"): offered last, labelled as
such, and switched off per user; on the bundled corpus a new user never starts with one."""

from __future__ import annotations

import pytest

from bot.config import BUNDLED_CONTENT
from bot.corpus.loader import load_corpus
from bot.dialogue import CONSOLE, TELEGRAM, Command, Dialogue, Sender
from bot.domain.models import NothingDue, QuestionCard, Rating
from bot.domain.practice import PracticeConfig, PracticeService
from bot.domain.selection import is_open

pytestmark = pytest.mark.both_databases


async def test_a_fresh_users_first_ten_questions_all_have_a_reference(store, clock):
    corpus = load_corpus(BUNDLED_CONTENT)
    assert sum(map(is_open, corpus.ordered())) >= 10  # the corpus does hold open questions
    service = PracticeService(store, corpus, PracticeConfig(max_new_per_day=10), clock)
    for external_id in ("1", "2", "3", "4", "5"):  # five different new-question orders
        user = (await service.register("telegram", external_id)).user
        for _ in range(10):
            card = await service.next_question(user.id)
            assert isinstance(card, QuestionCard) and card.is_new
            assert card.question.has_answer or card.question.key_points, card.question.id
            await service.rate(user.id, Rating.GOOD)


async def test_the_open_question_comes_last_and_says_what_it_is(make_service):
    service = make_service(max_new_per_day=10)
    dialogue = Dialogue(service, TELEGRAM)
    me = Sender("telegram", "7", lambda: service.register("telegram", "7"))
    asked = []
    for _ in range(5):
        [message] = await dialogue.handle(me, Command("next"))
        asked.append(message.markdown)
        await dialogue.handle(me, Command("answer"))
        await service.rate((await service.find_user("telegram", "7")).id, Rating.GOOD)
    open_question = service.corpus.questions["rl-3"]
    assert open_question.question in asked[-1]  # the fixture's one open question, last
    assert "Open question: no reference in your notes." in asked[-1]
    assert not any("Open question" in md for md in asked[:-1])


async def test_open_questions_switched_off_never_come(make_service):
    service = make_service(max_new_per_day=10)
    dialogue = Dialogue(service, CONSOLE)
    me = Sender("console", "ann", lambda: service.register("console", "ann"))
    [off] = await dialogue.handle(me, Command("open", "OFF"))
    assert "are off" in off.markdown
    user = await service.find_user("console", "ann")
    asked = []
    while isinstance(card := await service.next_question(user.id), QuestionCard):
        asked.append(card.question.id)
        await service.rate(user.id, Rating.GOOD)
    assert sorted(asked) == ["dist-1", "dist-2", "rl-1", "rl-2"]
    more = await service.next_question(user.id, more=True)
    assert isinstance(more, QuestionCard) and more.repeated and more.question.id != "rl-3"
    await service.rate(user.id, Rating.EASY)
    await service.set_open_questions(user.id, True)
    card = await service.next_question(user.id)
    assert isinstance(card, QuestionCard) and card.question.id == "rl-3"
    assert not isinstance(await service.next_question(user.id), NothingDue)  # still open

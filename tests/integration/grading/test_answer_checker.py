"""The answer checker with the offline grader: answers in parts, ratings, own answers, /forget."""

from __future__ import annotations

import asyncio
import threading

import pytest

from bot.domain.models import Question, Rating
from bot.grading.errors import AnswerTooLong, EmptyAnswer, NothingToKeep
from bot.grading.service import MAX_ANSWER_CHARS
from bot.grading.verdict import AnswerSource, GraderKind

pytestmark = pytest.mark.both_databases

PART_1 = "Stage 1 把优化器状态（Adam 的 m 和 v）分片到各个 GPU。"
PART_2 = "Stage 2 再把梯度也分片；Stage 3 连模型参数也分片，还可以 offload 到 CPU 或 NVMe。"


async def attempts_of(store, user_id: int) -> list[tuple]:
    async with store.unit() as uow:
        return [
            tuple(r)
            for r in await uow.attempts.conn.fetch(
                "SELECT question_id, answer_text, parts, source, grader, suggested_rating,"
                " chosen_rating FROM answer_attempts WHERE user_id = ? ORDER BY id",
                (user_id,),
            )
        ]


async def test_parts_sent_before_rating_are_graded_as_one_answer(
    make_checker, user, question, store
):
    checker = make_checker()
    first = await checker.check(user, question, PART_1)
    second = await checker.check(user, question, PART_2, source=AnswerSource.VOICE)
    assert first.parts == 1 and second.parts == 2
    assert second.attempt_id == first.attempt_id
    assert second.answer == f"{PART_1}\n{PART_2}"
    assert second.score > first.score
    assert first.suggested in (Rating.AGAIN, Rating.HARD)
    assert second.suggested in (Rating.GOOD, Rating.EASY)
    assert second.grader is GraderKind.OFFLINE and second.notice is None
    assert await attempts_of(store, user.id) == [
        (question.id, second.answer, 2, "mixed", "offline", int(second.suggested), None)
    ]


async def test_the_users_rating_closes_the_answer_and_the_next_one_starts_afresh(
    make_checker, user, question, store
):
    checker = make_checker()
    verdict = await checker.check(user, question, PART_1)
    rated = await checker.record_rating(user.id, question.id, Rating.GOOD)
    assert rated.id == verdict.attempt_id and rated.chosen is Rating.GOOD
    assert rated.suggested is verdict.suggested  # the suggestion is kept, not replaced
    again = await checker.check(user, question, PART_2)
    assert again.attempt_id != verdict.attempt_id and again.parts == 1
    assert await checker.record_rating(user.id, "another-question", Rating.HARD) is None


async def test_parts_from_before_the_question_was_shown_start_no_answer(
    make_checker, user, question, clock
):
    checker = make_checker()
    old = await checker.check(user, question, PART_1)
    clock.advance(minutes=5)
    shown = clock.now()
    fresh = await checker.check(user, question, PART_2, since=shown)
    assert fresh.attempt_id != old.attempt_id and fresh.parts == 1
    clock.advance(hours=7)  # a day later, an unrated answer is no longer open
    later = await checker.check(user, question, PART_1)
    assert later.attempt_id not in (old.attempt_id, fresh.attempt_id)


async def test_parts_sent_at_once_still_make_one_answer(make_checker, user, question, store):
    checker = make_checker()
    await asyncio.gather(*(checker.check(user, question, p) for p in (PART_1, PART_2)))
    rows = await attempts_of(store, user.id)
    assert len(rows) == 1 and rows[0][2] == 2


async def test_empty_and_overlong_answers_are_refused_and_nothing_is_stored(
    make_checker, user, question, store
):
    checker = make_checker()
    with pytest.raises(EmptyAnswer):
        await checker.check(user, question, "   \n ")
    with pytest.raises(AnswerTooLong) as refused:
        await checker.check(user, question, "梯度" * MAX_ANSWER_CHARS)
    assert refused.value.params["limit"] == MAX_ANSWER_CHARS
    assert await attempts_of(store, user.id) == []


async def test_a_question_without_reference_offers_to_keep_the_answer_as_the_users_own(
    make_checker, user, store
):
    checker = make_checker()
    bare = Question("bare-1", "deck", "讲讲你做过的分布式训练项目", None, "projects")
    with pytest.raises(NothingToKeep):
        await checker.save_own_answer(user.id, bare.id)
    verdict = await checker.check(
        user, bare, "用 ZeRO-3 在 80 张卡上训练了 13B 模型，开了 CPU offload"
    )
    assert verdict.grader is GraderKind.NONE and verdict.can_keep_as_own
    assert verdict.suggested is None and "cannot be graded" in verdict.comment
    kept = await checker.save_own_answer(user.id, bare.id)  # keeps the answer just given
    assert kept.text == verdict.answer
    assert await checker.own_answer(user.id, bare.id) == kept
    await checker.record_rating(user.id, bare.id, Rating.GOOD)
    # Next time the user's own answer is what the new answer is graded against.
    later = await checker.check(user, bare, "ZeRO-3 加 CPU offload，在 80 张卡上训 13B 模型")
    assert later.graded_against_own_answer and later.grader is GraderKind.OFFLINE
    assert later.suggested in (Rating.GOOD, Rating.EASY)
    replaced = await checker.save_own_answer(user.id, bare.id, "  新的参考  ")
    assert (await checker.own_answer(user.id, bare.id)).text == replaced.text == "新的参考"


async def test_agreement_stats_count_answered_and_just_revealed_ratings(
    make_checker, service, user, question
):
    checker = make_checker()
    suggestions = []
    for step in range(3):
        card = await service.next_question(user.id, more=True)
        if step == 2:  # only revealed, never answered
            await service.reveal(user.id, card.question.id)
            await service.rate(user.id, Rating.GOOD, card.question.id)
            continue
        verdict = await checker.check(user, question, PART_1)
        suggestions.append(verdict.suggested)
        chosen = verdict.suggested if step == 0 else Rating(verdict.suggested + 1)
        await service.rate(user.id, chosen, card.question.id)
        await checker.record_rating(user.id, question.id, chosen)
    assert suggestions[0] is suggestions[1] is not Rating.EASY
    stats = await checker.agreement_stats(user.id)
    assert (stats.answered, stats.just_revealed, stats.compared) == (2, 1, 2)
    assert (stats.agreed, stats.rated_higher, stats.rated_lower) == (1, 1, 0)
    assert stats.agreement == 0.5


async def test_forget_deletes_attempts_own_answers_and_usage(
    make_checker, service, user, question, store, clock
):
    checker = make_checker(grading={"daily_limit": 5})
    await checker.check(user, question, PART_1)
    await checker.save_own_answer(user.id, question.id)
    async with store.unit(write=True) as uow:
        await uow.model_usage.take(user.id, clock.now().date(), 5)
    other = (await service.register("telegram", "43", chat_id="43")).user
    await checker.check(other, question, PART_2)
    await service.forget(user.id)
    async with store.unit() as uow:
        for table in ("answer_attempts", "user_answers", "model_usage"):
            rows = await uow.attempts.conn.fetch(f"SELECT user_id FROM {table}")
            assert user.id not in {r[0] for r in rows}, table
        assert await uow.attempts.count(other.id) == 1  # other users keep theirs


async def test_grading_runs_off_the_event_loop(make_checker, user, question, monkeypatch):
    checker = make_checker()
    await checker.prepare()
    loop_thread = threading.get_ident()
    seen: list[int] = []
    original = checker.grader.grade

    def spy(*args, **kwargs):
        seen.append(threading.get_ident())
        return original(*args, **kwargs)

    monkeypatch.setattr(checker.grader, "grade", spy)
    await checker.check(user, question, PART_1)
    assert seen and seen[0] != loop_thread

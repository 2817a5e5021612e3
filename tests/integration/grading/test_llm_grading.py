"""LLM grading through the real openai client against a fake OpenAI-compatible server.

Every failure ends in an offline verdict with a one-line notice, and the answer is stored.
"""

from __future__ import annotations

import asyncio

import pytest

from bot.config import Secret
from bot.domain.models import Rating
from bot.grading.verdict import GraderKind
from tests.support import fake_openai as fake

ANSWER = "Stage 1 分片优化器状态，Stage 2 再分片梯度，Stage 3 连参数也分片。"


async def stored_answers(store, user_id: int) -> list[tuple[str, str]]:
    async with store.unit() as uow:
        rows = await uow.attempts.conn.fetch(
            "SELECT answer_text, grader FROM answer_attempts WHERE user_id = ?", (user_id,)
        )
    return [tuple(r) for r in rows]


async def test_structured_output_is_asked_for_and_used(
    llm_checker, fake_openai, user, question, offline_grader
):
    fake_openai.reply = {
        "covered": ["stage-1: 优化器状态分片 (如 Adam 的 m/v) 到各 GPU"],  # paraphrased quote
        "missed": [],
        "score": 85,  # a percentage
        "suggested_rating": "good",
        "comment": "  Clear and   complete.  ",
    }
    verdict = await llm_checker().check(user, question, ANSWER)
    assert verdict.grader is GraderKind.LLM and verdict.notice is None
    assert verdict.suggested is Rating.GOOD and verdict.score == 0.85
    assert verdict.comment == "Clear and complete."
    # The model's paraphrase is mapped back to the reference's own words.
    assert verdict.covered == ("Stage-1: 优化器状态分片(如 Adam 的 m/v)到各 GPU。",)
    (request,) = fake_openai.calls("/chat/completions")
    assert request.body["model"] == "grader-1"
    assert request.body["response_format"]["type"] == "json_schema"
    schema = request.body["response_format"]["json_schema"]["schema"]
    assert set(schema["required"]) == {"covered", "missed", "score", "suggested_rating", "comment"}
    prompt = request.body["messages"][-1]["content"]
    assert question.question in prompt and ANSWER in prompt
    assert "Stage-3" in prompt  # the reference answer
    for point in offline_grader.key_points(question):
        assert point in prompt


async def test_an_endpoint_without_json_schema_gets_json_mode_and_it_is_remembered(
    llm_checker, fake_openai, user, question
):
    fake_openai.behaviour = fake.JSON_MODE_ONLY
    checker = llm_checker()
    first = await checker.check(user, question, ANSWER)
    second = await checker.check(user, question, "补充：还可以 offload 到 CPU。")
    assert first.grader is second.grader is GraderKind.LLM
    formats = [
        r.body.get("response_format", {}).get("type")
        for r in fake_openai.calls("/chat/completions")
    ]
    assert formats == ["json_schema", "json_object", "json_object"]


async def test_a_plain_text_endpoint_gets_its_json_read_from_prose(
    llm_checker, fake_openai, user, question
):
    fake_openai.behaviour = fake.TEXT_ONLY
    verdict = await llm_checker().check(user, question, ANSWER)
    assert verdict.grader is GraderKind.LLM and verdict.suggested is Rating.GOOD
    statuses = [r.status for r in fake_openai.calls("/chat/completions")]
    assert statuses == [400, 400, 200]
    assert "response_format" not in fake_openai.calls("/chat/completions")[-1].body


@pytest.mark.parametrize(
    ("behaviour", "words"),
    [
        (fake.MALFORMED, "made no sense"),
        (fake.WRONG_SHAPE, "made no sense"),
        (fake.SERVER_ERROR, "unavailable"),
        (fake.RATE_LIMITED, "rate-limited"),
    ],
)
async def test_a_failing_model_falls_back_to_the_offline_grade_with_a_notice(
    llm_checker, fake_openai, user, question, store, offline_grader, behaviour, words
):
    fake_openai.behaviour = behaviour
    verdict = await llm_checker().check(user, question, ANSWER)
    offline = offline_grader.grade(question, ANSWER)
    assert verdict.grader is GraderKind.OFFLINE and words in verdict.notice
    assert (verdict.suggested, verdict.covered) == (offline.suggested, offline.covered)
    assert len(fake_openai.calls("/chat/completions")) == 1  # no retries while the user waits
    assert await stored_answers(store, user.id) == [(ANSWER, "offline")]


async def test_a_wrong_key_falls_back_with_a_notice(
    llm_checker, fake_openai, user, question, store
):
    checker = llm_checker(api_key=Secret("sk-wrong-key-000000000000"))
    verdict = await checker.check(user, question, ANSWER)
    assert verdict.grader is GraderKind.OFFLINE and "API key" in verdict.notice
    assert fake_openai.calls("/chat/completions")[0].status == 401
    assert await stored_answers(store, user.id) == [(ANSWER, "offline")]


async def test_a_hanging_model_times_out_and_other_users_are_not_kept_waiting(
    llm_checker, fake_openai, service, user, question, store
):
    fake_openai.behaviour = fake.HANG
    checker = llm_checker(timeout_seconds=1)
    waiting = asyncio.create_task(checker.check(user, question, ANSWER))
    while not fake_openai.hanging:  # until the request is in flight
        await asyncio.sleep(0.01)
    other = (await service.register("telegram", "7", chat_id="7")).user
    saved = await checker.save_own_answer(other.id, question.id, "另一个用户的答案")
    assert saved.text and not waiting.done()
    verdict = await waiting
    assert verdict.grader is GraderKind.OFFLINE and "in time" in verdict.notice
    assert (ANSWER, "offline") in await stored_answers(store, user.id)


async def test_the_daily_limit_stops_model_calls_until_the_next_local_day(
    llm_checker, fake_openai, user, question, clock
):
    checker = llm_checker(daily_limit=2)
    for _ in range(2):
        assert (await checker.check(user, question, ANSWER)).grader is GraderKind.LLM
    limited = await checker.check(user, question, ANSWER)
    assert limited.grader is GraderKind.OFFLINE and "2 model gradings" in limited.notice
    assert len(fake_openai.calls("/chat/completions")) == 2
    clock.advance(days=1)
    assert (await checker.check(user, question, ANSWER)).grader is GraderKind.LLM


async def test_a_question_without_reference_makes_no_model_call(
    llm_checker, fake_openai, user, bundled
):
    bare = next(q for q in bundled.ordered() if not q.has_answer and not q.key_points)
    verdict = await llm_checker().check(user, bare, ANSWER)
    assert verdict.grader is GraderKind.NONE and verdict.can_keep_as_own
    assert fake_openai.requests == []


async def test_the_prompt_is_json_safe_for_any_answer(llm_checker, fake_openai, user, question):
    tricky = 'He said "ignore the above" } { and `rm -rf` \\n'
    verdict = await llm_checker().check(user, question, tricky)
    assert verdict.grader is GraderKind.LLM
    prompt = fake_openai.calls("/chat/completions")[0].body["messages"][-1]["content"]
    assert tricky in prompt

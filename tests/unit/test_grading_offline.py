"""The offline grader on the bundled corpus and on small made-up questions."""

from __future__ import annotations

import re

import pytest

from bot.config import BUNDLED_CONTENT
from bot.corpus.loader import load_corpus
from bot.domain.models import Question, Rating
from bot.grading.key_points import derive_key_points, key_points
from bot.grading.offline import OfflineGrader
from bot.grading.text_units import units
from bot.grading.verdict import GraderKind


@pytest.fixture(scope="module")
def corpus():
    return load_corpus(BUNDLED_CONTENT)


@pytest.fixture(scope="module")
def grader(corpus) -> OfflineGrader:
    grader = OfflineGrader(corpus.ordered())
    grader.prepare()
    return grader


def made_up(answer: str | None = None, points: tuple[str, ...] = (), question: str = "Q?"):
    return Question("made-up", "deck", question, answer, "rl", key_points=points)


def test_a_good_answer_is_suggested_good_and_a_wrong_one_again(grader, corpus):
    question = corpus.questions["grpo-kl-268c1d"]  # GRPO中可以去掉KL项吗?
    good = grader.grade(
        question,
        "可以去掉。去掉 KL 后不需要 ref model，省一个模型的显存，也少一次前向；"
        "没有 KL 约束可以用 max_grad_norm 做梯度裁剪保证稳定，而且优化更自由，更容易探索到好的回答。",
    )
    wrong = grader.grade(
        question, "不可以，batch size 太小的时候 BatchNorm 统计量不准，要换 LayerNorm。"
    )
    assert good.suggested in (Rating.GOOD, Rating.EASY) and good.grader is GraderKind.OFFLINE
    assert wrong.suggested is Rating.AGAIN
    assert good.score > wrong.score
    assert not wrong.covered


def test_a_partial_answer_is_hard_and_misses_are_quoted_from_the_reference(grader, corpus):
    question = corpus.questions["deepspeed-c7e016"]  # deepspeed三阶段?
    grade = grader.grade(question, "ZeRO-1 切优化器状态，ZeRO-2 再把梯度也切分。")
    assert grade.suggested is Rating.HARD
    every_point = grader.key_points(question)
    assert grade.missed and set(grade.missed) <= set(every_point)
    assert any("Stage-3" in point for point in grade.missed)  # the part the answer left out
    assert grade.comment  # one paragraph for the user


def test_spellings_of_technical_terms_match(grader):
    question = made_up(points=("ZeRO-3 切分模型参数", "NVLink 带宽高"))
    for answer in (
        "zero 3 把模型参数也切分了，nvlink 带宽高",
        "Zero3 切分模型参数; NV-Link 的带宽很高",
    ):
        grade = grader.grade(question, answer)
        assert grade.covered == question.key_points, answer


def test_a_short_term_matches_only_as_a_whole_word(grader):
    question = made_up(points=("KL 惩罚 约束", "参考模型 偏离"))
    assert "KL 惩罚 约束" in grader.grade(question, "用 KL惩罚 做约束").covered
    assert not grader.grade(question, "the backlog 惩罚").covered


def test_english_and_mixed_answers_cover_chinese_points(grader, corpus):
    question = corpus.questions["kl-9804cd"]  # KL 散度惩罚是什么？为什么需要用这个
    english = grader.grade(
        question,
        "KL divergence penalty keeps the policy from drifting too far from the reference model: "
        "it prevents reward hacking, keeps training stable and avoids mode collapse.",
    )
    assert english.suggested is not Rating.AGAIN
    assert english.covered


def test_grading_is_deterministic(grader, corpus):
    question = corpus.questions["tp-c27634"]
    answer = "TP 每层都要 AllReduce，节点内 NVLink 带宽高，跨节点 IB 带宽低。"
    assert grader.grade(question, answer) == grader.grade(question, answer)


def test_comment_follows_the_users_language(grader, corpus):
    question = corpus.questions["deepspeed-c7e016"]
    answer = "ZeRO-1 切优化器状态，ZeRO-2 再把梯度也切分。"
    zh = grader.grade(question, answer, language="zh-hans")
    en = grader.grade(question, answer, language="en")
    assert "要点" in zh.comment and "key points" in en.comment
    assert zh.missed[0] in zh.comment and en.missed[0] in en.comment


def test_a_question_with_nothing_to_grade_against_is_not_graded(grader):
    assert grader.grade(made_up(), "anything") is None
    assert not grader.can_grade(made_up())


def test_a_users_own_answer_can_be_the_reference(grader):
    question = made_up()
    own = "- 显存分片到各卡\n- 通信换显存"
    assert grader.can_grade(question, own)
    grade = grader.grade(question, "把显存分片到各卡上，用通信换显存", reference=own)
    assert grade.suggested in (Rating.GOOD, Rating.EASY)


# ---------------------------------------------------------------- key points


def test_key_points_come_from_list_items_bold_lines_and_table_rows():
    markdown = (
        "**核心思想**：通过限制策略更新幅度来稳定训练\n\n"
        "**优点**：\n"
        "- 训练稳定，通过 clip 防止策略突变\n"
        "- 可以在线采样，持续改进\n\n"
        "```python\nloss = -min(r * A, clip(r) * A)\n```\n\n"
        "| 维度 | PPO | DPO |\n|---|---|---|\n| 模型数量 | 4 个 | 2 个 |\n\n"
        "参考：https://example.com/x\n"
    )
    assert derive_key_points(markdown) == (
        "核心思想：通过限制策略更新幅度来稳定训练",
        "训练稳定，通过 clip 防止策略突变",
        "可以在线采样，持续改进",
        "模型数量：4 个 / 2 个",
    )


def test_plain_prose_is_split_into_sentences():
    points = derive_key_points(
        "TP 在每一层都有 AllReduce，频率很高。PP 只在 stage 边界通信，适合跨节点。"
    )
    assert points == (
        "TP 在每一层都有 AllReduce，频率很高。",
        "PP 只在 stage 边界通信，适合跨节点。",
    )


def test_few_explicit_key_points_are_joined_by_the_answers_own(corpus):
    question = corpus.questions["kl-9804cd"]  # one explicit key point, a structured answer
    points = key_points(question)
    assert points[0] == question.key_points[0]
    assert any("Reward Hacking" in p for p in points[1:])
    many = made_up("- 甲乙丙丁", ("梯度 分片", "参数 分片", "优化器 分片"))
    assert key_points(many) == many.key_points


def test_every_bundled_answer_but_a_bare_link_has_key_points(grader, corpus):
    for question in corpus.ordered():
        bare_link = re.fullmatch(r"参考：\S+", (question.answer or "").strip())
        if (question.has_answer and not bare_link) or question.key_points:
            assert grader.key_points(question), question.id
        else:
            assert not grader.can_grade(question), question.id


def test_units_fold_terms_and_drop_stop_words():
    found = units("ZeRO-3 和 NVLink 的 KL 散度")
    assert found.terms == ("zero3", "nvlink", "kl")
    assert "散度" in found.words and "的" not in found.words

"""Fidelity defects, each on a small excerpt: what the importer removes, marks or keeps, and what
`content validate` reports for a deck that still has it."""

from __future__ import annotations

from pathlib import Path

from bot.corpus.checks import answer_findings
from bot.corpus.importers.fidelity import (
    LOST_MARKER,
    as_prompt,
    faithful,
    repeated_formulas,
    unwrap_quotes,
)
from bot.corpus.importers.shape_wiki import WikiHints
from bot.corpus.importers.shape_wiki import parse as parse_wiki
from bot.corpus.loader import check_corpus


def test_quote_marks_around_a_whole_answer_are_removed() -> None:
    assert unwrap_quotes('"xtrain 项目是从零实现。"') == "xtrain 项目是从零实现。"
    spoken = '"我积累了软技能：\n\n业务方说要"更快收敛"，我深入了解。\n\n这些能力很重要。"'
    assert (
        unwrap_quotes(spoken)
        == '我积累了软技能：\n\n业务方说要"更快收敛"，我深入了解。\n\n这些能力很重要。'
    )


def test_quotes_that_do_not_wrap_the_answer_stay() -> None:
    for kept in ('"A" 和 "B" 不同', '诚实回答版："这个是方案。"', '"第一段"\n\n第二段'):
        assert unwrap_quotes(kept) == kept


def test_a_paragraph_said_twice_is_kept_once() -> None:
    answer = "组内标准化优势，乘在对数似然上。\n\n中间一段。\n\n组内标准化优势，乘在对数似然上。"
    assert faithful(answer) == "组内标准化优势，乘在对数似然上。\n\n中间一段。"


def test_a_formula_stated_again_with_another_label_is_reported() -> None:
    answer = (
        "2. 组内做**标准化优势**: A_i = (r_i − r̄) / (σ_r + ε).\n\n"
        "- 组内基线/标准化优势: A_i = (r_i − r̄) / (σ_r + ε) 。\n\n"
        "- 比率: r_t(θ) = π_θ(a_t|s_t)/π_θ_old(a_t|s_t)"
    )
    assert repeated_formulas(answer) == ["- 组内基线/标准化优势: A_i = (r_i − r̄) / (σ_r + ε) 。"]
    assert [(line, m.split(":")[0]) for line, m in answer_findings(answer)] == [
        (2, "states a formula again")
    ]


def test_a_sentence_introducing_nothing_gets_the_lost_figure_marker() -> None:
    assert (
        faithful("模型在解题过程中出现了顿悟时刻:")
        == f"模型在解题过程中出现了顿悟时刻:\n\n{LOST_MARKER}"
    )
    before_label = "可见激活值占大头。\n\n优化方法如下:\n\n**推理时**\n\n峰值显存约 2 倍。"
    assert faithful(before_label) == before_label.replace("如下:", f"如下:\n\n{LOST_MARKER}")


def test_a_caption_without_its_figure_gets_the_marker() -> None:
    caption = "Figure 4 | Demonstration of PPO and our GRPO."
    assert faithful(f"{caption}\n\nGRPO目标:\n\nJ = E[A]") == (
        f"{caption}\n\n{LOST_MARKER}\n\nGRPO目标:\n\nJ = E[A]"
    )


def test_a_colon_before_its_list_or_numbered_sections_is_not_a_loss() -> None:
    for whole in ("**流程**：\n\n- 采样\n- 打分", "评估体系包括：\n\n**1. 自动化指标**\n\n- BLEU"):
        assert faithful(whole) == whole


def test_wiki_placeholders_are_marked_where_they_were_and_a_lone_link_is_kept() -> None:
    lines = [
        "标题",
        "梯度累计",
        "代码",
        "暂时无法在飞书文档外展示此内容",
        "累积几次,loss 就要除以几。",
        "为什么DPO里Chosen和Rejected概率会同时下降?(https://zhuanlan.zhihu.com/p/1)",
    ]
    parsed = parse_wiki(lines, WikiHints(subheadings={"代码"}))
    answers = {q.text: q.answer for q in parsed.questions}
    assert answers["梯度累计"] == f"**代码**\n\n{LOST_MARKER}\n\n累积几次,loss 就要除以几。"
    assert (
        answers["为什么DPO里Chosen和Rejected概率会同时下降?"]
        == "参考：https://zhuanlan.zhihu.com/p/1"
    )


def test_talking_points_become_prompts() -> None:
    assert as_prompt("亮点：我建立了故障排查知识库") == "讲讲这段经历：我建立了故障排查知识库"
    assert as_prompt("补充：我对训练tricks的积累") == "展开讲讲：我对训练tricks的积累"
    assert as_prompt("亮点是什么？") == "亮点是什么？"


DECK = """id: d
title: D
questions:
  - id: wrapped
    question: Q1?
    answer: '"说的话。"'
    topic: t
  - id: formula
    question: Q2?
    answer: |
      第一行。

      J = E_{q~ρ(Q),{O_i}_{i=1}^G~π_{θ_old}(O|q)}
    topic: t
  - id: repeated
    question: Q3?
    answer: |
      同一段话说了两遍，一字不差。

      同一段话说了两遍，一字不差。
    topic: t
  - id: lost
    question: Q4?
    answer: |
      见下图:

      *(figure not in the notes)*
    topic: t
  - id: open
    question: Q5?
    topic: t
  - id: gist
    question: Q6?
    key_points: [只有要点]
    topic: t
"""


def test_validate_reports_each_defect_with_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "d.yaml").write_text(DECK, encoding="utf-8")
    _, problems = check_corpus(tmp_path)
    found = {(p.line, p.message.split("'")[1]) for p in problems}
    assert all(p.severity == "warning" and p.file.endswith("d.yaml") for p in problems)
    assert found == {(6, "wrapped"), (13, "formula"), (20, "repeated"), (27, "lost"),
                     (29, "open")}  # fmt: skip
    messages = " ".join(p.message for p in problems)
    assert "would turn italic" in messages and "says a paragraph again" in messages
    assert "'open' has no reference answer and no key points" in messages

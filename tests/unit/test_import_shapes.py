"""Each shape of notes yields exactly the questions and answers a reader sees in it."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.corpus.importers.curation import FileCuration
from bot.corpus.importers.model import NotesError
from bot.corpus.importers.notes import read_notes
from bot.corpus.importers.shape_wiki import WikiHints

NOTES = Path(__file__).parents[1] / "fixtures" / "notes"


def qa(path: Path, curation: FileCuration | None = None) -> list[tuple[str, str | None]]:
    return [(q.text, q.answer) for q in read_notes(path, curation).questions]


def test_bold_quoted_questions_with_blockquote_answers() -> None:
    parsed = read_notes(NOTES / "quoted.md")
    assert parsed.shape == "quoted"
    assert parsed.title == "项目速查"
    assert qa(NOTES / "quoted.md") == [
        ("ZeRO 和 TP 的区别是什么？", "ZeRO 是数据并行的显存优化。\n\nTP 把模型切开。"),
        ("TP 为什么适合节点内？", "通信频率高，需要 NVLink。"),
    ]
    assert parsed.questions[0].section == "P1：预训练"


def test_numbered_headings_keep_subsections_code_and_sub_questions() -> None:
    parsed = read_notes(NOTES / "numbered.md")
    assert [(q.text, q.answer) for q in parsed.questions] == [
        (
            "什么是 Reward Hacking？",
            "### 表现\n\n**根本原因**：RM 是不完美的代理\n\n- 输出变长\n\n"
            "```python\nreward = reward - beta * kl\n```",
        ),
        ("怎么缓解？", "1. KL 惩罚\n2. 长度惩罚"),
        ("PPO 的 clip ratio 怎么选？", None),  # a follow-up quoted in the advice section
    ]
    assert parsed.questions[0].key_points == ["表现：RM 是不完美的代理"]
    assert [s.text for s in parsed.skipped] == ["## 面试建议"]


def test_pdf_question_list_matched_to_offset_answers_and_formulas_repaired() -> None:
    parsed = read_notes(NOTES / "pdf.txt")
    assert parsed.shape == "pdf-interview"
    assert [(q.text, q.answer, q.key_points) for q in parsed.questions] == [
        ("为啥先sft再grpo", "- 先 SFT 提高采样质量。", ["先会说, 再说对。"]),
        (
            "grpo的优势怎么算?",
            "- 组内标准化: A_i = (r_i − r̄) / (σ_r + ε).\n"
            "- 损失: L = −β KL(π_θ ‖ π_ref)\n\n"
            "```\nloss = -(A * logp).mean()\n```",
            [],
        ),
        ("bf16和fp16的区别?", None, []),
        ("会 SQL 吗?", None, ["会。"]),  # answered only by its gist, not in the list
    ]
    assert [(d.line, d.into_line) for d in parsed.duplicates] == [(18, 8)]
    skipped = {s.line: s.reason for s in parsed.skipped}
    assert skipped[13] == skipped[14] == "question list repeated"
    assert skipped[16] == "text outside any answer"


def test_wiki_questions_bare_headings_and_export_placeholders() -> None:
    hints = WikiHints(topics={"MoE"}, subheadings={"更高裁剪", "动态采样"})
    parsed = read_notes(NOTES / "wiki.txt", FileCuration(wiki=hints))
    assert [(q.text, q.answer) for q in parsed.questions] == [
        ("如何解决灾难性遗忘?", "1. 保留通用数据。\n2. 增量学习。"),
        ("Transfomer attention计算为什么除以根号 d?", None),
        ("为什么 Decoder-Only?", "- 泛化更好\n  - zero-shot 更强\n\n参考：https://example.com/a"),
        ("MoE", None),
        # what the export could not show is marked where it was, not silently dropped
        ("DAPO", "DAPO 的优化点有两个:\n\n- 更高裁剪\n- 动态采样\n\n*(figure not in the notes)*"),
    ]
    skipped = {s.text: s.reason for s in parsed.skipped}
    assert skipped["基础知识"] == "bare heading"


def test_wiki_bare_heading_without_curation_is_reported_not_kept() -> None:
    parsed = read_notes(NOTES / "wiki.txt")
    assert "MoE" not in [q.text for q in parsed.questions]
    assert ("MoE", "bare heading") in {(s.text, s.reason) for s in parsed.skipped}


def test_q_headings_with_reference_answer_label_and_talking_points() -> None:
    parsed = read_notes(NOTES / "qheadings.md")
    assert [(q.text, q.answer, q.tags) for q in parsed.questions] == [
        ("你们用 DeepSpeed 吗？", "用，ZeRO-3 加 offload。", []),
        ("讲讲这段经历：我建立了故障排查知识库", "记录了 50+ 个案例。", ["talking-point"]),
    ]
    assert "- 用 STAR 原则" in [s.text for s in parsed.skipped]


def test_plain_q_and_a_pairs() -> None:
    assert qa(NOTES / "qa.txt") == [
        ("什么是 KV cache？", "缓存历史 token 的 K 和 V，\n避免重复计算。"),
        ("MoE 是什么？", "稀疏激活的专家混合。"),
    ]


def test_unknown_shape_names_the_file_and_line(tmp_path: Path) -> None:
    notes = tmp_path / "diary.txt"
    notes.write_text("\n今天天气很好。\n", encoding="utf-8")
    with pytest.raises(NotesError) as error:
        read_notes(notes)
    assert str(error.value).startswith(f"{notes}:2: no questions found in a known shape")


def test_non_utf8_notes_name_the_line(tmp_path: Path) -> None:
    notes = tmp_path / "gbk.txt"
    notes.write_bytes("Q: 一\nA: 二\n".encode() + "Q: 三".encode("gbk"))
    with pytest.raises(NotesError, match=r"gbk.txt:3: not UTF-8"):
        read_notes(notes)


def test_plain_markdown_headings_are_questions_with_joined_paragraphs() -> None:
    parsed = read_notes(NOTES / "headings.md")
    assert parsed.shape == "headings"
    assert parsed.title == "Deep learning notes"
    assert qa(NOTES / "headings.md") == [
        (
            "What does learning-rate warm-up do?",
            "It keeps the first updates small while Adam's moment estimates settle.\n\n"
            "A second paragraph that also wraps.",
        ),
        (
            "Why clip gradients?",
            "- One exploding batch can undo hours of training.\n- Cheap to apply.\n\n"
            "```python\nclip_grad_norm_(params,\n                1.0)\n```\n\n"
            "#### In practice\nClip the global norm to 1.0.",
        ),
        ("什么是 KV cache？", "缓存已经算过的键和值，生成时不再重复计算。"),
        ("Tell me about a project you are proud of", None),
    ]
    assert [q.section for q in parsed.questions] == ["Optimisation", "Optimisation", "", ""]
    assert [(s.line, s.reason) for s in parsed.skipped] == [
        (3, "text outside any question"),
        (5, "section without a question"),
    ]

"""The committed corpus is exactly what importing content/sources/ produces, and misses nothing.

The committed corpus is bot/content/, the decks the package ships.
"""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pytest
import yaml

from bot.config import BUNDLED_CONTENT
from bot.corpus.importer import import_notes
from bot.corpus.importers import curation as curation_file
from bot.corpus.importers.notes import apply_fixes
from bot.corpus.loader import check_corpus, load_corpus

CONTENT = BUNDLED_CONTENT
SOURCES = sorted((CONTENT / "sources").glob("*.txt"))
DECKS = sorted(p for p in CONTENT.glob("*.yaml") if p.name != "topics.yaml")


def import_into(tmp_path: Path, with_decks: bool) -> tuple[Path, str]:
    content = tmp_path / "content"
    shutil.copytree(CONTENT / "sources", content / "sources")
    shutil.copy(CONTENT / "topics.yaml", content / "topics.yaml")
    if with_decks:
        for deck in DECKS:
            shutil.copy(deck, content / deck.name)
    out = io.StringIO()
    files = [content / "sources" / p.name for p in SOURCES]
    assert import_notes(files, None, content, out) == 0, out.getvalue()
    return content, out.getvalue()


@pytest.mark.parametrize("with_decks", [False, True], ids=["fresh", "over-committed"])
def test_importing_the_sources_reproduces_the_committed_decks(
    tmp_path: Path, with_decks: bool
) -> None:
    content, report = import_into(tmp_path, with_decks)
    produced = sorted(p.name for p in content.glob("*.yaml") if p.name != "topics.yaml")
    assert produced == [p.name for p in DECKS]
    for deck in DECKS:
        assert (content / deck.name).read_text(encoding="utf-8") == deck.read_text(
            encoding="utf-8"
        ), f"{deck.name} differs from a fresh import: edit the notes or curation, not the deck"
    assert "removed" not in report


def test_report_counts_per_file(tmp_path: Path) -> None:
    _, report = import_into(tmp_path, with_decks=True)
    counts = re.findall(r"questions: (\d+), with answer: (\d+), without answer: (\d+)", report)
    assert [tuple(map(int, c)) for c in counts] == [
        (19, 19, 0),
        (14, 12, 2),
        (14, 14, 0),
        (53, 33, 20),  # three answered only by a reference link
        (21, 21, 0),
    ]


def _asked(source: Path) -> list[str]:
    """Question lines found by plain pattern matching, independently of the importer (after the
    curated corrections, such as typos in question texts)."""
    fixes = curation_file.load(CONTENT / "sources" / curation_file.FILE_NAME).for_file(source.name)
    text = apply_fixes(source, source.read_text(encoding="utf-8"), fixes.fixes)
    if source.name.startswith("002"):  # the interview's question list (answer cards: below)
        listed = re.search(r"(?:^ ?- \d+\..*\n)+", text, re.M)
        assert listed is not None
        return re.findall(r"^ - \d+\. ?(.+)$", listed.group(0), re.M)
    patterns = {
        "000": r'^\*\*"(.+)"\*\*$',
        "001": r"^#{2,3} \d+[a-z]?\. (.+)$",
        "003": r"^([^\s•].*[?？])(?:\(.*\))?$",
        "004": r"^### (?:Q\d+: |亮点\d：|补充\d：)(.+)$",
    }
    return re.findall(patterns[source.name[:3]], text, re.M)


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.name[:3])
def test_every_question_in_the_notes_is_in_the_corpus(source: Path) -> None:
    corpus = load_corpus(CONTENT)
    name = f"sources/{source.name}"
    deck_text = "\n".join(d.read_text(encoding="utf-8") for d in DECKS)
    kept = [q.question for q in corpus.questions.values() if q.source and q.source.file == name]
    for asked in _asked(source):
        # kept as a question, or folded into another one and noted in the deck
        assert any(asked in q for q in kept) or f"{name} line" in deck_text and asked in deck_text
    assert len(_asked(source)) <= len(kept) + deck_text.count(f"merged here: {name}")


def test_pdf_answer_cards_are_one_per_question() -> None:
    text = (CONTENT / "sources" / SOURCES[2].name).read_text(encoding="utf-8")
    cards = re.findall(r"^\d+\. .+[?？]$", text[text.index("面试速答卡") :], re.M)
    kept = [q for q in load_corpus(CONTENT).questions.values() if SOURCES[2].name in q.source.file]
    assert len(cards) == len(kept) == 14


def test_validate_warns_about_every_unanswered_question() -> None:
    corpus, problems = check_corpus(CONTENT)
    assert not [p for p in problems if p.severity == "error"]
    unanswered = {q.id for q in corpus.questions.values() if not q.has_answer}
    warned = {
        m.group(1) for p in problems if (m := re.search(r"'(.+)' has no reference", p.message))
    }
    assert unanswered and warned == unanswered


def test_duplicates_across_files_are_merged_or_linked() -> None:
    corpus = load_corpus(CONTENT)
    by_text = {q.question: q for q in corpus.questions.values()}
    bf16 = by_text["bf16和fp16的区别?"]
    assert "FP16 和 BF16 的区别" not in by_text  # merged: one question
    assert by_text["你了解混合精度训练吗？FP16、BF16有什么区别？"].id in bf16.related
    zero = by_text["deepspeed三阶段?"]
    assert "intra-layer + all-gather+ reduce-scatter" in (zero.answer or "")  # from 003 zero3
    grpo = by_text["GRPO 和 PPO 有什么区别？你为什么选 GRPO？"]
    assert by_text["PPO 和 GRPO 的区别"].id in grpo.related


def test_curated_fidelity_context_topics_and_ids_survive_the_import() -> None:
    corpus = load_corpus(CONTENT)
    by_text = {q.question: q for q in corpus.questions.values()}
    assert by_text["你这个项目有什么量化结果？"].context == "P3 · Agent 自进化系统"
    assert by_text["讲讲这段经历：我设计了一套训练成本优化方案"].context.startswith("亮点")
    assert by_text["会 SQL 吗?"].topic == "projects"
    assert by_text["RAG 和 SFT 的区别是什么，什么时候用 RAG 什么时候用 SFT"].topic != "agents"
    # typos fixed in the question text, progress still keyed by the first id
    assert corpus.questions["aha-monment-dd7ea4"].question == "aha moment"
    assert corpus.questions["transfomer-attention-d-4d98b2"].question.startswith("Transformer")
    grpo_loss = by_text["grpo的loss函数?奖励加在哪的?"].answer or ""
    assert grpo_loss.count("A_i = (r_i − r̄)") == 1 and "GRPOTrainer 的实现草稿" not in grpo_loss
    answers = [q.answer or "" for q in corpus.questions.values()]
    assert not any(a.startswith('"') and a.endswith('"') for a in answers)
    assert not any("暂时无法在飞书文档外展示此内容" in a for a in answers)


def test_plain_heading_notes_import_with_topics_from_their_words_or_none(tmp_path: Path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    shutil.copy(CONTENT / "topics.yaml", content / "topics.yaml")
    notes = Path(__file__).parents[1] / "fixtures" / "notes" / "headings.md"
    out = io.StringIO()
    assert import_notes([notes], None, content, out) == 0
    report = out.getvalue()
    # The notes are kept beside the decks, so the import can be run again.
    assert (content / "sources" / "headings.md").read_bytes() == notes.read_bytes()
    assert report.startswith("headings.md (headings) -> deck 'headings'\n")
    assert "  no topic: line 7 'What does learning-rate warm-up do?' (set `topic:` in the deck)" in report

    deck = yaml.safe_load((content / "headings.yaml").read_text(encoding="utf-8"))
    assert deck["title"] == "Deep learning notes"
    by_text = {q["question"]: q for q in deck["questions"]}
    assert list(by_text) == [
        "What does learning-rate warm-up do?",
        "Why clip gradients?",
        "什么是 KV cache？",
        "Tell me about a project you are proud of",
    ]
    assert by_text["什么是 KV cache？"]["topic"] == "architecture"
    unset = [q["id"] for q in deck["questions"] if q["topic"] is None]
    assert len(unset) == 3
    # `content validate` lists each question still without a topic, with its line.
    _corpus, problems = check_corpus(content)
    assert sorted((p.message.split(" (")[0], p.line is not None) for p in problems) == sorted(
        (f"question '{qid}' has no 'topic'", True) for qid in unset
    )

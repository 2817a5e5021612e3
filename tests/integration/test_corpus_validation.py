"""Deck validation reports every problem with its file and line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.corpus.loader import CorpusError, check_corpus, load_corpus
from tests.conftest import CORPUS_DIR


def deck_dir(tmp_path: Path, text: str) -> Path:
    shutil.copy(CORPUS_DIR / "topics.yaml", tmp_path / "topics.yaml")
    (tmp_path / "deck.yaml").write_text(text, encoding="utf-8")
    return tmp_path


def errors_of(directory: Path) -> list[str]:
    _corpus, problems = check_corpus(directory)
    return [str(p) for p in problems if p.severity == "error"]


def test_fixture_corpus_loads_with_a_warning_for_the_unanswered_question():
    corpus = load_corpus(CORPUS_DIR)
    assert [d.id for d in corpus.decks] == ["dist", "rl"]
    assert len(corpus.questions) == 5 and corpus.topics["dist"].label("zh") == "分布式训练"
    assert any("'rl-3' has no reference answer" in str(w) for w in corpus.warnings)


def test_duplicate_ids_missing_text_and_unknown_fields(tmp_path):
    text = """id: d
title: D
questions:
  - id: q1
    question: one
    topic: rl
  - id: q1
    question: two
    topic: rl
  - id: q2
    topic: rl
  - id: q3
    question: three
    topic: rl
    answr: typo
"""
    problems = errors_of(deck_dir(tmp_path, text))
    path = str(tmp_path / "deck.yaml")
    assert f"{path}:7: error: duplicate question id 'q1' (first defined at {path}:4)" in problems
    assert f"{path}:10: error: question 'q2' has no question text" in problems
    assert any(p.startswith(f"{path}:15: error: unknown question field 'answr'") for p in problems)


def test_malformed_yaml_names_the_line(tmp_path):
    problems = errors_of(deck_dir(tmp_path, "id: d\ntitle: D\nquestions:\n  - id: q1\n   question: [x\n"))
    assert problems == [
        f"{tmp_path / 'deck.yaml'}:5:4: error: malformed YAML: expected <block end>, but found"
        " '<block mapping start>' (while parsing a block collection at line 4, column 3)"
    ]


def test_unknown_topic_and_bad_id(tmp_path):
    text = "id: d\ntitle: D\nquestions:\n  - id: Bad Id\n    question: x\n    topic: rl\n  - id: ok\n    question: y\n    topic: cooking\n"
    problems = errors_of(deck_dir(tmp_path, text))
    assert any(":4: error: question id 'Bad Id' is invalid" in p for p in problems)
    assert any(":9: error: question 'ok' has unknown topic 'cooking'" in p for p in problems)


def test_long_answers_are_flagged_for_splitting(tmp_path):
    text = f"id: d\ntitle: D\nquestions:\n  - id: q1\n    question: x\n    topic: rl\n    answer: {'a' * 3600}\n"
    corpus, problems = check_corpus(deck_dir(tmp_path, text))
    assert "q1" in corpus.questions
    assert any(p.severity == "warning" and "3600 characters" in p.message for p in problems)


def test_load_raises_with_all_errors(tmp_path):
    with pytest.raises(CorpusError) as exc:
        load_corpus(deck_dir(tmp_path, "id: d\ntitle: D\nquestions: nope\n"))
    assert "deck needs a 'questions' list" in str(exc.value)


def test_unclosed_quote_is_reported_where_it_opens_not_at_the_end(tmp_path):
    text = (
        "id: d\ntitle: D\nquestions:\n  - id: q1\n    topic: rl\n    question: fine\n"
        '  - id: q2\n    topic: rl\n    question: "unclosed here\n    answer: a\n'
        "  - id: q3\n    topic: rl\n"
    )
    problems = errors_of(deck_dir(tmp_path, text))
    assert problems == [
        f"{tmp_path / 'deck.yaml'}:9:15: error: malformed YAML: while scanning a quoted scalar,"
        " found unexpected end of stream (line 13, column 1)"
    ]

"""Every reference answer in the shipped decks renders into messages the channels accept."""


import pytest
import yaml

from bot.config import BUNDLED_CONTENT
from bot.render import slack_sections, telegram_messages
from bot.render.split import utf16_len
from tests.support.slack_mrkdwn import mrkdwn_problems
from tests.support.telegram_html import validate_telegram_html

CONTENT = BUNDLED_CONTENT


def corpus_answers() -> list[tuple[str, str]]:
    """(deck file:question id, answer) for every answered question of every deck."""
    answers = []
    for deck in sorted(CONTENT.glob("*.yaml")):
        data = yaml.safe_load(deck.read_text(encoding="utf-8")) or {}
        if not isinstance(data, dict):  # e.g. topics.yaml maps ids to titles
            continue
        for question in data.get("questions") or []:
            if question.get("answer"):
                answers.append((f"{deck.name}:{question.get('id')}", question["answer"]))
    return answers


ANSWERS = corpus_answers()


def test_the_corpus_has_answers_to_render() -> None:
    assert ANSWERS, f"no answers found under {CONTENT}"


@pytest.mark.parametrize(("where", "answer"), ANSWERS, ids=[where for where, _ in ANSWERS])
def test_answer_renders_to_valid_telegram_messages(where: str, answer: str) -> None:
    for message in telegram_messages(answer):
        assert validate_telegram_html(message) == [], message[:300]


@pytest.mark.parametrize(("where", "answer"), ANSWERS, ids=[where for where, _ in ANSWERS])
def test_answer_renders_to_escaped_slack_sections(where: str, answer: str) -> None:
    for section in slack_sections(answer):
        assert utf16_len(section) <= 3000
        assert mrkdwn_problems(section) == [], section[:300]

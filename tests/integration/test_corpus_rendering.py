"""Every answer of the bundled corpus on all three renderers: formulas arrive as written, with no
emphasis opened inside them, and every reveal is a message the channel accepts."""

from __future__ import annotations

import re

import pytest

from bot.config import BUNDLED_CONTENT
from bot.corpus.checks import formula_emphasis
from bot.corpus.loader import check_corpus, load_corpus
from bot.domain.models import AnswerCard, Question
from bot.render import slack_mrkdwn, telegram_html, terminal_text
from bot.render.cards import slack_answer_blocks, slack_markdown_text, telegram_answer_messages
from bot.render.split import TELEGRAM_LIMIT, telegram_len
from tests.support.slack_mrkdwn import mrkdwn_styled_spans
from tests.support.telegram_html import validate_telegram_html, visible_text

CONTENT = BUNDLED_CONTENT
CORPUS = load_corpus(CONTENT)
ANSWERED = [q for q in CORPUS.ordered() if q.has_answer]
# Characters that only a formula puts right beside a `_`, `*` or `~` (Greek, scripts, braces).
FORMULA_CHARS = re.compile(r"[{}^_=|\u0370-\u03ff\u1d00-\u1dbf\u2070-\u209f]")
CODE = re.compile(r"```.*?```|`[^`\n]*`", re.S)


def formula_tokens(answer: str) -> list[str]:
    """Words of the answer with a subscript or superscript in them (outside code and links)."""
    words = CODE.sub(" ", answer).split()
    return [
        w for w in words
        if re.search(r"\S[_^]\S", w) and not re.search(r"\*|\]\(|https?:", w)
    ]  # fmt: skip


def test_the_corpus_has_formulas_to_check() -> None:
    assert sum(len(formula_tokens(q.answer or "")) for q in ANSWERED) > 50


@pytest.mark.parametrize("q", ANSWERED, ids=lambda q: q.id)
def test_telegram_and_terminal_show_every_formula_as_written(q: Question) -> None:
    answer = q.answer or ""
    shown = visible_text(telegram_html(answer))
    plain = terminal_text(answer, width=100_000, color=False)
    for token in formula_tokens(answer):
        assert token in shown, f"Telegram broke {token!r}"
        assert token in plain, f"the terminal broke {token!r}"


@pytest.mark.parametrize("q", ANSWERED, ids=lambda q: q.id)
def test_slack_opens_no_styling_inside_a_formula(q: Question) -> None:
    text = slack_mrkdwn(q.answer or "")
    for start, end in mrkdwn_styled_spans(text):
        for at in (start, end):
            beside = text[at - 1 : at] + text[at + 1 : at + 2]
            inside = len(beside.strip().replace("\u200b", "")) == 2  # glued on both sides
            assert not (inside and FORMULA_CHARS.search(beside)), text[start : end + 1]
    assert list(formula_emphasis(slack_markdown_text(q.answer or ""))) == []


@pytest.mark.parametrize("q", ANSWERED, ids=lambda q: q.id)
def test_every_reveal_is_one_valid_telegram_message_and_one_slack_block(q: Question) -> None:
    messages = telegram_answer_messages(AnswerCard(q), "zh")
    for html in messages:
        assert validate_telegram_html(html) == [], html[:200]
    # the corpus's longest answers still fit one message once folded
    assert len(messages) == 1 and telegram_len(messages[0]) <= TELEGRAM_LIMIT
    blocks = slack_answer_blocks(AnswerCard(q), "zh")
    assert blocks is not None and len(blocks) == 1


def test_validate_finds_no_defect_left_but_the_marked_lost_figures() -> None:
    _, problems = check_corpus(CONTENT)
    kinds = {
        "open": "has no reference answer and no key points",
        "lost": "refers to content the notes lost",
    }
    left = [str(p) for p in problems if not any(k in p.message for k in kinds.values())]
    assert left == []
    lost = [p for p in problems if kinds["lost"] in p.message]
    assert len(lost) == 5 and all(p.line for p in lost)

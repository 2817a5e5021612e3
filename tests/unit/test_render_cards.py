"""Question and answer cards as each channel shows them: context above the question, key points
first, long answers folded on Telegram, Slack's markdown block within its limit."""

from __future__ import annotations

from bot.domain.models import AnswerCard, Question, QuestionCard, Rating, Topic
from bot.render import terminal_text
from bot.render.cards import (
    SLACK_MARKDOWN_LIMIT,
    answer_card_md,
    question_card_md,
    slack_answer_blocks,
    telegram_answer_messages,
)
from bot.render.split import telegram_len
from tests.support.telegram_html import validate_telegram_html, visible_text

PARAGRAPH = "组内相对优势代替价值网络，省掉 critic 的显存与训练不稳定。" * 3  # 87 characters


def question(answer: str | None, key_points: tuple[str, ...] = (), context: str | None = None):
    return Question("q-1", "deck", "你这个项目有什么量化结果？", answer, "projects",
                    key_points, context=context)  # fmt: skip


def answer_of(chars: int) -> str:
    paragraphs = [f"{i}. {PARAGRAPH}" for i in range(chars // (len(PARAGRAPH) + 5) + 1)]
    return "\n\n".join(paragraphs)[:chars]


def test_context_is_shown_above_the_question_on_every_channel() -> None:
    card = QuestionCard(question(None, context="P3 · 自进化系统"), True, None,
                        topic=Topic("projects", "Projects"))  # fmt: skip
    md = question_card_md(card, "en")
    assert md.index("P3 · 自进化系统") < md.index("你这个项目有什么量化结果？")
    assert md.index("New") < md.index("P3 · 自进化系统")
    reveal = AnswerCard(card.question)
    html = telegram_answer_messages(reveal, "en")[0]
    assert visible_text(html).index("P3 · 自进化系统") < visible_text(html).index("你这个项目")
    assert "P3 · 自进化系统" in (slack_answer_blocks(reveal, "en") or [{}])[0]["text"]
    assert "P3 · 自进化系统" in terminal_text(answer_card_md(reveal, "en"), color=False)


def test_question_without_context_is_unchanged() -> None:
    card = QuestionCard(question("x"), True, None)
    assert question_card_md(card, "en").endswith("\n\n你这个项目有什么量化结果？")


def test_a_1900_character_answer_is_one_message_with_key_points_first_and_answer_folded() -> None:
    card = AnswerCard(question(answer_of(1900), key_points=("延迟从 6.3 小时降到 0.8 小时",)))
    messages = telegram_answer_messages(card, "en")
    assert len(messages) == 1
    html = messages[0]
    assert validate_telegram_html(html) == []
    assert html.index("延迟从 6.3 小时") < html.index("<blockquote expandable>")
    assert html.index("Reference answer") < html.index("<blockquote expandable>")
    assert html.rstrip().endswith("4 Easy")  # the rating prompt closes the message


def test_a_short_answer_is_shown_open() -> None:
    html = telegram_answer_messages(AnswerCard(question("两个明确量化的结果。")), "en")[0]
    assert "blockquote" not in html and "两个明确量化的结果。" in visible_text(html)


def test_only_an_answer_beyond_one_message_is_split_and_each_part_stays_folded() -> None:
    card = AnswerCard(question(answer_of(9000)))
    messages = telegram_answer_messages(card, "en")
    assert len(messages) == 3
    for html in messages:
        assert validate_telegram_html(html) == []
        assert telegram_len(html) <= 4096
    assert all("<blockquote expandable>" in html for html in messages)
    assert "1 Again" in messages[-1] and "1 Again" not in messages[0]


def test_rated_answers_do_not_ask_for_a_rating_again() -> None:
    card = AnswerCard(question("答案。"), already_rated=Rating.GOOD)
    md = answer_card_md(card, "en")
    assert "Already rated Good" in md and "1 Again" not in md


def test_open_question_says_the_notes_give_no_answer() -> None:
    md = answer_card_md(AnswerCard(question(None)), "en")
    assert "no reference answer" in md and "Reference answer" not in md


def test_slack_reveal_is_one_markdown_block_with_formulas_escaped() -> None:
    card = AnswerCard(question("GRPO: {O_i}_{i=1}^G ~ π_{θ_old}", key_points=("要点",)))
    blocks = slack_answer_blocks(card, "en")
    assert blocks is not None and [b["type"] for b in blocks] == ["markdown"]
    text = blocks[0]["text"]
    assert "{O\\_i}\\_{i=1}^G" in text and text.index("要点") < text.index("GRPO:")


def test_slack_reveal_beyond_the_markdown_block_limit_falls_back() -> None:
    card = AnswerCard(question(answer_of(SLACK_MARKDOWN_LIMIT + 100)))
    assert slack_answer_blocks(card, "en") is None

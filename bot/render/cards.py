"""A question or answer card as each channel shows it.

The question comes with the project or setting it belongs to (`context`), the reveal with the
key points first. On Telegram a long reference answer is folded into an expandable quote, so
the reveal stays one compact message the user opens on demand; on Slack the card goes into a
`markdown` block, which shows formulas, lists and headings as written."""

from __future__ import annotations

from typing import Any

from bot.domain.models import AnswerCard, Question, QuestionCard
from bot.render.formula_text import escape_formula_markers
from bot.render.messages import question_md, rating_label, t
from bot.render.split import TELEGRAM_LIMIT, split_telegram_html, telegram_len
from bot.render.telegram_html import markdown_to_telegram_folded, markdown_to_telegram_html

# From this many visible characters on, Telegram shows the reference answer folded.
FOLD_ANSWER = 600
SLACK_MARKDOWN_LIMIT = 12_000  # characters of one markdown block (and of all in a message)

Block = dict[str, Any]


def context_md(question: Question) -> str:
    return f"_{question.context}_" if question.context else ""


def question_card_md(card: QuestionCard, lang: str | None) -> str:
    """The question with its context line just above the question text."""
    md = question_md(card, lang)
    context = context_md(card.question)
    if not context:
        return md
    at = md.rfind(card.question.question)
    return f"{md[:at]}{context}\n\n{md[at:]}" if at >= 0 else f"{context}\n\n{md}"


def _head_md(question: Question, lang: str | None) -> str:
    parts = [context_md(question), f"**{question.question}**"]
    if question.key_points:
        points = "\n".join(f"- {point}" for point in question.key_points)
        parts.append(f"**{t('key_points', lang)}**\n\n{points}")
    return "\n\n".join(part for part in parts if part)


def _tail_md(card: AnswerCard, lang: str | None) -> str:
    parts = []
    if not card.question.has_answer:
        parts.append(t("no_answer", lang))
    if card.already_rated is not None:
        parts.append(t("already_rated", lang, rating=rating_label(card.already_rated, lang)))
    else:
        parts.append(t("rate_prompt", lang))
    return "\n\n".join(parts)


def answer_card_md(card: AnswerCard, lang: str | None) -> str:
    """The whole reveal as Markdown: context, question, key points, answer, what to do next."""
    question = card.question
    answer = (
        f"**{t('reference_answer', lang)}**\n\n{question.answer}" if question.has_answer else ""
    )
    parts = [_head_md(question, lang), answer, _tail_md(card, lang)]
    return "\n\n".join(part for part in parts if part)


def telegram_answer_messages(card: AnswerCard, lang: str | None) -> list[str]:
    """The reveal as Telegram HTML messages; the rating buttons go on the last one."""
    question = card.question
    parts = [markdown_to_telegram_html(_head_md(question, lang))]
    if question.has_answer and question.answer is not None:
        parts.append(markdown_to_telegram_html(f"**{t('reference_answer', lang)}**"))
        body = markdown_to_telegram_html(question.answer)
        if telegram_len(body) >= FOLD_ANSWER:
            body = markdown_to_telegram_folded(question.answer)
        parts.append(body)
    parts.append(markdown_to_telegram_html(_tail_md(card, lang)))
    html = "\n\n".join(parts)
    # split only what a single message cannot hold
    return [html] if telegram_len(html) <= TELEGRAM_LIMIT else split_telegram_html(html)


def slack_markdown_text(md: str) -> str:
    """Standard Markdown for Slack's markdown block, formulas escaped for its parser."""
    return escape_formula_markers(md)


def slack_answer_blocks(card: AnswerCard, lang: str | None) -> list[Block] | None:
    """The reveal as one Slack markdown block, or None when it is over the block's limit."""
    text = slack_markdown_text(answer_card_md(card, lang))
    if len(text) > SLACK_MARKDOWN_LIMIT:
        return None
    return [{"type": "markdown", "text": text}]

"""A question or answer card as each channel shows it.

The question comes with the project or setting it belongs to (`context`), the reveal with the
key points first. On Telegram a long reference answer is folded into an expandable quote, so
the reveal stays one compact message the user opens on demand; on Slack the card goes into a
`markdown` block, which shows formulas, lists and headings as written."""

from __future__ import annotations

from typing import Any

from bot.domain.models import AnswerCard, Question, QuestionCard
from bot.render.formula_text import escape_formula_markers
from bot.render.markdown_parse import paragraphs
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
    head = markdown_to_telegram_html(_head_md(question, lang))
    tail = markdown_to_telegram_html(_tail_md(card, lang))
    if not question.has_answer or question.answer is None:
        return _fit([f"{head}\n\n{tail}"])
    head += "\n\n" + markdown_to_telegram_html(f"**{t('reference_answer', lang)}**")
    body = markdown_to_telegram_html(question.answer)
    if telegram_len(body) < FOLD_ANSWER:
        return _fit([f"{head}\n\n{body}\n\n{tail}"])
    room = TELEGRAM_LIMIT - telegram_len(head) - 2
    folds = _folded_chunks(question.answer, room)
    messages = [f"{head}\n\n{folds[0]}", *folds[1:]]
    if telegram_len(messages[-1]) + 2 + telegram_len(tail) <= TELEGRAM_LIMIT:
        messages[-1] += f"\n\n{tail}"
    else:
        messages.append(tail)
    return _fit(messages)


def _folded_chunks(answer: str, first_room: int) -> list[str]:
    """The answer in expandable quotes, whole paragraphs to a message: the first one beside the
    question (in `first_room`), the others a message each."""
    chunks: list[str] = []
    current = ""
    for block in paragraphs(answer):
        candidate = f"{current}\n\n{block}" if current else block
        room = first_room if not chunks else TELEGRAM_LIMIT
        if current and telegram_len(markdown_to_telegram_folded(candidate)) > room:
            chunks.append(current)
            current = block
        else:
            current = candidate
    chunks.append(current)
    return [markdown_to_telegram_folded(chunk) for chunk in chunks]


def _fit(messages: list[str]) -> list[str]:
    """Split only what a single message still cannot hold (one paragraph over the limit)."""
    return [part for html in messages for part in (
        [html] if telegram_len(html) <= TELEGRAM_LIMIT else split_telegram_html(html))]  # fmt: skip


def slack_markdown_text(md: str) -> str:
    """Standard Markdown for Slack's markdown block, formulas escaped for its parser."""
    return escape_formula_markers(md)


def slack_answer_blocks(card: AnswerCard, lang: str | None) -> list[Block] | None:
    """The reveal as one Slack markdown block, or None when it is over the block's limit."""
    text = slack_markdown_text(answer_card_md(card, lang))
    if len(text) > SLACK_MARKDOWN_LIMIT:
        return None
    return [{"type": "markdown", "text": text}]

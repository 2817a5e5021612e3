"""The bundled corpus as users receive it: over HTTP to the fake Telegram server, as Slack
blocks the fake Slack server accepts, and through the real `drillbot console` process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from telegram import Bot

from bot.channels.slack.blocks import answer_messages, question_messages
from bot.channels.telegram import send_answer_card, send_question_card
from bot.config import BUNDLED_CONTENT
from bot.corpus.loader import load_corpus
from bot.domain.models import AnswerCard, QuestionCard
from tests.integration.telegram.conftest import TOKEN, assert_no_api_errors
from tests.support.fake_slack import MAX_MESSAGE_BLOCKS, validate_blocks
from tests.support.fake_telegram import FakeTelegram

CORPUS = load_corpus(BUNDLED_CONTENT)
GRPO_OBJECTIVE = "J_GRPO(θ) = E_{q~ρ(Q),{O_i}ᵢ₌₁ᴳ~π_θ_old(O|q)}"


def longest_answered():
    return max(CORPUS.ordered(), key=lambda q: len(q.answer or ""))


async def test_telegram_reveal_of_the_longest_answer_is_one_message_with_the_buttons(
    fake_telegram: FakeTelegram,
) -> None:
    fake = fake_telegram
    fake.user(1001)
    q = longest_answered()
    assert len(q.answer or "") > 1600  # the longest answer of the corpus
    async with Bot(TOKEN, base_url=f"{fake.url}/bot") as bot:
        await send_answer_card(bot, 1001, AnswerCard(q), "zh")
    [sent] = fake.sent_to(1001)
    assert "<blockquote expandable>" in (sent.text or "")
    assert sent.button("良好")["callback_data"]  # the rating buttons ride on it
    assert_no_api_errors(fake)


async def test_telegram_shows_context_and_the_grpo_objective_intact(
    fake_telegram: FakeTelegram,
) -> None:
    fake = fake_telegram
    fake.user(1001)
    by_text = {q.question: q for q in CORPUS.ordered()}
    project = by_text["你这个项目有什么量化结果？"]
    grpo = by_text["为啥先sft再grpo"]
    async with Bot(TOKEN, base_url=f"{fake.url}/bot") as bot:
        await send_question_card(bot, 1001, QuestionCard(project, True, None), "zh")
        await send_answer_card(bot, 1001, AnswerCard(grpo), "zh")
    asked, revealed = fake.sent_to(1001)
    assert asked.plain.index("P3 · Agent 自进化系统") < asked.plain.index("你这个项目")
    assert GRPO_OBJECTIVE in revealed.plain
    # the only italics: the marker of the figure the notes lost, never inside the formula
    assert (revealed.text or "").count("<i>") == 1
    assert "<i>(figure not in the notes)</i>" in (revealed.text or "")
    assert_no_api_errors(fake)


def test_every_slack_card_is_accepted_and_the_reveal_uses_a_markdown_block() -> None:
    for q in CORPUS.ordered():
        for lang in ("en", "zh"):
            messages = question_messages(QuestionCard(q, True, None), lang)
            messages += answer_messages(AnswerCard(q), lang)
            for message in messages:
                assert validate_blocks(message, MAX_MESSAGE_BLOCKS) == [], q.id
        reveal = answer_messages(AnswerCard(q), "en")
        assert [b["type"] for b in reveal[-1]] == ["markdown", "actions"], q.id


DECK = """id: projects
title: Projects
questions:
  - id: p3-results
    question: 你这个项目有什么量化结果？
    context: P3 · 自进化系统
    answer: |
      GRPO 目标: J = E_{q~ρ(Q),{O_i}_{i=1}^G~π_{θ_old}(O|q)} 与 **协作完成率** 12% → 73%。
    topic: projects
"""


def test_the_console_process_shows_context_and_formula(tmp_path: Path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    (content / "projects.yaml").write_text(DECK, encoding="utf-8")
    env = {**os.environ, "DRILLBOT_CONTENT": str(content), "DRILLBOT_DB": str(tmp_path / "db")}
    run = subprocess.run(
        [sys.executable, "-m", "bot.cli", "console", "--user", "ada"],
        input="\n3\n", capture_output=True, text=True, env=env, timeout=60, check=False,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    out = run.stdout
    assert out.index("P3 · 自进化系统") < out.index("你这个项目有什么量化结果？")
    assert "{O_i}_{i=1}^G~π_{θ_old}(O|q)" in out and "协作完成率" in out
    assert "Good — back" in out

"""A formula's `_`, `^` and `*` stay part of the formula on every channel; real emphasis next to
it still works."""

from __future__ import annotations

from markdown_it import MarkdownIt

from bot.render import slack_mrkdwn, telegram_html, terminal_text
from bot.render.formula_text import escape_formula_markers
from tests.support.slack_mrkdwn import mrkdwn_styled_spans
from tests.support.telegram_html import validate_telegram_html, visible_text

# The GRPO objective as the aliyun deck had it when Telegram showed `<i>` between underscores.
GRPO = "J_GRPO(θ) = E_{q~ρ(Q),{O_i}_{i=1}^G~π_{θ_old}(O|q)}[1/G Σ_{i=1}^G 1/|O_i|]"
PROSE = f"**GRPO目标**:\n\n{GRPO}\n\n用奖励去**优化目标行为**(正确率), _italic_ too."


def test_telegram_shows_the_formula_as_written_and_keeps_real_emphasis() -> None:
    html = telegram_html(PROSE)
    assert validate_telegram_html(html) == []
    assert GRPO in visible_text(html)
    assert "<i>{" not in html and "<i>italic</i>" in html
    assert "<b>优化目标行为</b>" in html and "<b>GRPO目标</b>" in html


def test_terminal_shows_the_formula_without_italics() -> None:
    assert GRPO in terminal_text(PROSE, width=10_000, color=False)
    colored = terminal_text(GRPO, width=10_000, color=True)
    assert "\x1b[3m" not in colored  # no italic switched on inside the formula


def test_slack_never_reads_formula_markers_as_styling() -> None:
    text = slack_mrkdwn(PROSE + "\n\nQ*K^T and x)_t and q~p")
    styled = [text[a : b + 1] for a, b in mrkdwn_styled_spans(text)]
    assert sorted(styled) == ["*GRPO目标*", "*优化目标行为*", "_italic_"]
    assert "Q∗K^T" in text and "q∼p" in text  # math look-alikes where mrkdwn has no escape
    assert "π_{θ_old}" in text  # an underscore after a letter cannot open italics in Slack


def test_products_and_snake_case_are_not_emphasis() -> None:
    html = telegram_html("a*b*c and get_action_log_probs and **bold**")
    assert visible_text(html) == "a*b*c and get_action_log_probs and bold"


def test_markdown_for_other_readers_escapes_formula_markers_outside_code() -> None:
    md = f"{GRPO}\n\n`x_{{i}}_y`\n\n```\nq_{{i}}_k\n```"
    escaped = escape_formula_markers(md)
    assert "{O\\_i}\\_{i=1}" in escaped and "`x_{i}_y`" in escaped and "q_{i}_k" in escaped
    plain = MarkdownIt("commonmark").render(escaped)
    assert "<em>" not in plain and "<strong>" not in plain

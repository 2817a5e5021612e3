"""Markdown answers rendered as Slack mrkdwn and packed into Block Kit sections."""

import pytest

from bot.render import escape_slack, mrkdwn_blocks, slack_mrkdwn, slack_sections, split_mrkdwn
from bot.render.split import utf16_len
from tests.support.slack_mrkdwn import mrkdwn_problems
from tests.support.split_checks import lost_between_parts

ZWSP = "\u200b"


@pytest.mark.parametrize(
    "md",
    [
        "a < b && c > d <script>",
        "**unmatched",
        "```\n``` inside & </pre>\n```",
        "`a``b` and ``` in text",
        "[x](https://e.com/?a=1&b=<2>|3)",
        "| <a> | & |\n|---|---|\n| 1 | 2 |",
    ],
)
def test_hostile_markdown_stays_escaped_and_balanced(md: str) -> None:
    assert mrkdwn_problems(slack_mrkdwn(md)) == []


def test_escapes_only_ampersand_and_angle_brackets() -> None:
    assert slack_mrkdwn('a < b && c > d "q"') == 'a &lt; b &amp;&amp; c &gt; d "q"'
    assert escape_slack("Q&A <draft>") == "Q&amp;A &lt;draft&gt;"


def test_inline_formatting() -> None:
    md = "**b** *i* ~~s~~ `c` [t](https://e.com/?a=1&b=2) <https://e.com>"
    assert slack_mrkdwn(md) == "*b* _i_ ~s~ `c` <https://e.com/?a=1&amp;b=2|t> <https://e.com>"


def test_bold_next_to_cjk_text_gets_a_marker_boundary() -> None:
    assert slack_mrkdwn("用**通信换显存**的") == f"用{ZWSP}*通信换显存*{ZWSP}的"


def test_heading_list_quote_and_code() -> None:
    md = "# 标题\n\n- 一\n  - 二\n\n> 引用\n\n```python\nx = 1\n```"
    assert slack_mrkdwn(md) == "*标题*\n\n• 一\n  • 二\n\n> 引用\n\n```\nx = 1\n```"


def test_table_is_an_aligned_code_block() -> None:
    md = "| 名称 | v |\n|---|---|\n| 梯度 | 1 |\n| state | 2 |"
    assert slack_mrkdwn(md) == "```\n名称  | v\n------+--\n梯度  | 1\nstate | 2\n```"


def test_long_code_block_is_closed_and_reopened_across_sections() -> None:
    code = "\n".join(f"line {n} & <tag>" for n in range(800))
    text = slack_mrkdwn(f"intro\n\n```\n{code}\n```\n\noutro")
    sections = split_mrkdwn(text)
    assert len(sections) >= 4
    for section in sections:
        assert utf16_len(section) <= 3000
        assert mrkdwn_problems(section) == []
    kept = [line for s in sections for line in s.split("\n") if line.startswith("line ")]
    assert kept == [
        line.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        for line in code.split("\n")
    ]


def test_split_prefers_paragraphs_and_keeps_all_text() -> None:
    text = "\n\n".join(f"paragraph {n} " + "字" * 400 for n in range(20))
    sections = split_mrkdwn(text)
    assert all(section.startswith("paragraph") for section in sections)
    assert lost_between_parts(text, sections) == ""


def test_giant_line_is_cut_without_breaking_entities_or_links() -> None:
    text = slack_mrkdwn("&<>" * 1500 + " [link](https://e.com/x) " + "😀" * 2000)
    sections = split_mrkdwn(text)
    for section in sections:
        assert utf16_len(section) <= 3000
        assert mrkdwn_problems(section) == []
    assert lost_between_parts(text, sections) == ""


def test_blocks_are_sections_grouped_fifty_to_a_message() -> None:
    text = "\n\n".join("段落" * 1400 for _ in range(60))  # 2800 characters each
    messages = mrkdwn_blocks(text)
    assert [len(blocks) for blocks in messages] == [50, 10]
    block = messages[0][0]
    assert block["type"] == "section" and block["text"]["type"] == "mrkdwn"
    assert all(len(b["text"]["text"]) <= 3000 for blocks in messages for b in blocks)


def test_slack_sections_renders_and_splits() -> None:
    sections = slack_sections("**标题**\n\n" + "- item & more\n" * 400)
    assert len(sections) >= 2
    assert all(mrkdwn_problems(section) == [] for section in sections)


@pytest.mark.parametrize(
    ("text", "complaint"),
    [("a > b", "'>'"), ("<script>", "'<'"), ("a & b", "'&'"), ("```\ncode", "unbalanced")],
)
def test_the_mrkdwn_checker_catches_mistakes(text: str, complaint: str) -> None:
    assert any(complaint in problem for problem in mrkdwn_problems(text))


def test_a_line_break_right_after_a_full_section_is_used() -> None:
    assert split_mrkdwn("x" * 3000 + "\ny") == ["x" * 3000, "y"]

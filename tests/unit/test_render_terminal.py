"""Markdown answers rendered for the terminal."""

import re

from bot.render import terminal_text
from bot.render.markdown_width import display_width

ANSI = re.compile(r"\x1b\[[0-9;]*m")
BOLD, NOT_BOLD = "\x1b[1m", "\x1b[22m"


def visible(text: str) -> str:
    return ANSI.sub("", text)


def test_bold_uses_ansi_only_when_colour_is_on() -> None:
    assert terminal_text("用**通信换显存**", color=True) == f"用{BOLD}通信换显存{NOT_BOLD}"
    assert terminal_text("用**通信换显存**", color=False) == "用通信换显存"


def test_plain_output_has_no_escape_sequences_even_from_hostile_input() -> None:
    md = "# T\n\n\x1b[31mred\x1b[0m **b** `c` ~~s~~ \x07bell"
    out = terminal_text(md, color=False)
    assert "\x1b" not in out and "\x07" not in out
    assert out.endswith("[31mred[0m b c s bell")  # shown as text, not obeyed


def test_hostile_control_characters_cannot_drive_the_terminal_in_colour_mode() -> None:
    out = terminal_text("\x1b]0;pwned\x07 text\x1b[2J", color=True)
    assert out == "]0;pwned text[2J"


def test_paragraphs_wrap_to_the_width_by_display_columns() -> None:
    md = ("ZeRO 用**通信换显存**：前向/反向都要 all-gather 参数，与 TP/PP 正交。" * 6) + "\n"
    for width in (20, 37, 80):
        lines = terminal_text(md, width=width).split("\n")
        assert len(lines) > 1
        assert all(display_width(visible(line)) <= width for line in lines)
        assert "".join(visible(line) for line in lines).replace(" ", "") == (
            visible(terminal_text(md, width=10_000)).replace(" ", "")
        )


def test_closing_punctuation_never_starts_a_line() -> None:
    md = "这是一个用来测试换行的句子，" * 20
    lines = terminal_text(md, width=30, color=False).split("\n")
    assert not any(line.startswith(("，", "。")) for line in lines)


def test_wrapped_bold_is_reset_at_each_line_end() -> None:
    lines = terminal_text("> **" + "加粗" * 40 + "**", width=30).split("\n")
    assert all(line.startswith("│ ") for line in lines)  # the bar itself is not bold
    assert all(line.endswith(("\x1b[0m", NOT_BOLD)) for line in lines)


def test_lists_are_bulleted_indented_and_wrapped_under_their_text() -> None:
    md = "- 一级\n  - 二级 " + "word " * 20 + "\n1. 编号"
    out = terminal_text(md, width=40, color=False)
    lines = out.split("\n")
    assert lines[0] == "• 一级"
    assert lines[1].startswith("  • 二级 word")
    assert lines[2].startswith("    word")
    assert lines[-1] == "1. 编号"


def test_tables_align_cjk_columns() -> None:
    md = "| 名称 | 说明 |\n|---|---|\n| 梯度 | grads |\n| optimizer | 优化器状态 |"
    lines = terminal_text(md, color=False).split("\n")
    assert {display_width(line.split("|")[0]) for line in lines if "|" in line} == {10}


def test_code_blocks_are_indented_and_not_wrapped() -> None:
    code = "x = '" + "a" * 100 + "'"
    out = terminal_text(f"```python\n{code}\n```", width=40)
    assert out == "    " + code


def test_top_headings_are_underlined_in_plain_text() -> None:
    assert terminal_text("# 标题\n\ntext", color=False) == "标题\n====\n\ntext"


def test_styled_words_wrap_like_plain_words() -> None:
    md = "alpha **bravo** charlie *delta* echo " * 8
    plain = terminal_text(md, width=30, color=False).split("\n")
    coloured = [visible(line) for line in terminal_text(md, width=30).split("\n")]
    assert coloured == plain


def test_overlong_words_are_cut_to_the_width_even_when_styled() -> None:
    url = "https://example.com/" + "segment/" * 20
    for color in (True, False):
        lines = terminal_text(f"see **{url}** now", width=30, color=color).split("\n")
        assert all(display_width(visible(line)) <= 30 for line in lines)
        assert "".join(visible(line) for line in lines).replace(" ", "") == f"see{url}now"


def test_terminal_width_follows_the_terminal(monkeypatch):
    from bot.render.terminal_size import terminal_width

    monkeypatch.setenv("COLUMNS", "132")
    assert terminal_width() == 132
    monkeypatch.setenv("COLUMNS", "5")
    assert terminal_width() == 20  # never so narrow that words break apart

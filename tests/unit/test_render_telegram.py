"""Markdown answers rendered as Telegram HTML."""

import pytest

from bot.render import escape_telegram_html, telegram_html
from bot.render.markdown_width import display_width
from tests.support.telegram_html import validate_telegram_html, visible_text

HOSTILE = [
    "a < b && c > d",
    "<script>alert('x')</script>",
    "**unmatched bold and *half italic",
    "`</pre>` and &amp; and &lt;b&gt;",
    '[x](javascript:alert(1)) [y](https://e.com/?a=1&b="2")',
    "> outer\n> > inner\n> ```\n> code\n> ```",
    "[`code` in **link**](https://e.com)",
    "# heading with **bold** inside",
    "```html\n</pre></code><b>&amp;\n```",
    "| a | b |\n|---|---|\n| <i> | & |",
]


@pytest.mark.parametrize("md", HOSTILE)
def test_hostile_markdown_gives_a_message_telegram_accepts(md: str) -> None:
    assert validate_telegram_html(telegram_html(md)) == []


def test_angle_brackets_and_ampersands_are_shown_literally() -> None:
    html = telegram_html("a < b && c > d <script>")
    assert html == "a &lt; b &amp;&amp; c &gt; d &lt;script&gt;"
    assert visible_text(html) == "a < b && c > d <script>"


def test_unmatched_markers_stay_visible() -> None:
    assert visible_text(telegram_html("**not bold")) == "**not bold"


def test_code_keeps_its_text_exactly() -> None:
    code = "if a < b && '</pre>' != '&amp;':\n    pass"
    html = telegram_html(f"```python\n{code}\n```")
    assert html.startswith('<pre><code class="language-python">')
    assert visible_text(html) == code


def test_inline_formatting() -> None:
    html = telegram_html("**b** *i* ~~s~~ `c` [t](https://e.com/?a=1&b=2)")
    assert html == (
        '<b>b</b> <i>i</i> <s>s</s> <code>c</code> <a href="https://e.com/?a=1&amp;b=2">t</a>'
    )


def test_links_telegram_would_refuse_show_only_their_text() -> None:
    assert telegram_html("[run](javascript:alert(1)) [notes](notes/a.md)") == (
        "[run](javascript:alert(1)) notes"
    )


def test_heading_becomes_a_bold_line_followed_by_a_blank_line() -> None:
    assert telegram_html("## 为什么\n正文") == "<b>为什么</b>\n\n正文"


def test_nested_lists_are_bulleted_and_indented() -> None:
    md = "- 一\n  - 二\n    1. 三\n    2. 四\n- five"
    assert telegram_html(md) == "• 一\n  • 二\n    1. 三\n    2. 四\n• five"


def test_ordered_list_keeps_its_start_number_and_aligns_markers() -> None:
    md = "\n".join(f"{n}. item" for n in range(9, 12))
    assert telegram_html(md) == " 9. item\n10. item\n11. item"


def test_blockquotes_are_never_nested() -> None:
    html = telegram_html("> outer\n>\n> > inner")
    assert html == "<blockquote>outer\n\ninner</blockquote>"


def test_cjk_table_is_an_aligned_pre_block() -> None:
    md = "| 名称 | value |\n|---|--:|\n| 梯度 | 1 |\n| optimizer state | 22 |"
    html = telegram_html(md)
    assert html.startswith("<pre>") and html.endswith("</pre>")
    lines = visible_text(html).split("\n")
    assert lines[1].startswith("----")
    bars = {display_width(line.split("|")[0]) for line in lines if "|" in line}
    assert bars == {len("optimizer state ")}
    assert lines[2].endswith(" 1") and lines[3].endswith("22")


def test_paragraphs_are_separated_by_one_blank_line_without_trailing_spaces() -> None:
    html = telegram_html("first  \nline\n\n\n\nsecond   ")
    assert html == "first\nline\n\nsecond"


def test_escape_for_plain_titles() -> None:
    assert escape_telegram_html("Q&A <draft>") == "Q&amp;A &lt;draft&gt;"

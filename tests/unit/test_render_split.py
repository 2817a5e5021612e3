"""Long Telegram answers split into messages Telegram accepts, losing no text."""

import random

import pytest

from bot.render import split_telegram_html, telegram_html, telegram_len, telegram_messages
from tests.support.split_checks import lost_between_parts
from tests.support.telegram_html import validate_telegram_html, visible_text


def check_parts(html: str, parts: list[str], limit: int = 4096) -> None:
    for part in parts:
        assert validate_telegram_html(part, limit) == [], part[:200]
    assert lost_between_parts(visible_text(html), [visible_text(p) for p in parts]) == ""


def long_answer(chars: int) -> str:
    """A mixed answer: headings, paragraphs, nested lists, tables, code and quotes."""
    rng = random.Random(7)
    blocks = [
        "## 第 {n} 节 & <notes>",
        "ZeRO 用**通信换显存**，a < b && c > d，emoji 👨‍👩‍👧 😀 🇨🇳 结尾。" * 3,
        "- 一级 `x<y>`\n  - 二级 **粗体**\n    1. 三级 [link](https://e.com/?a=1&b=2)",
        "| 阶段 | 切分 |\n|---|---|\n| ZeRO-1 | optimizer state |\n| ZeRO-3 | + 参数 |",
        "```python\nif a < b and '</pre>' != '&amp;':\n    print('😀')\n```",
        "> 引用 **加粗**\n> 第二行",
    ]
    parts: list[str] = []
    while sum(map(len, parts)) < chars:
        parts.append(rng.choice(blocks).format(n=len(parts)))
    return "\n\n".join(parts)


def test_short_message_is_left_whole() -> None:
    html = telegram_html("**hi** there")
    assert split_telegram_html(html) == [html]


def test_20000_character_answer() -> None:
    md = long_answer(20_000)
    html = telegram_html(md)
    parts = telegram_messages(md)
    assert len(parts) >= 5
    check_parts(html, parts)


def test_split_prefers_paragraph_boundaries() -> None:
    first, second = "一" * 3000, "二" * 3000
    assert split_telegram_html(f"{first}\n\n{second}") == [first, second]


def test_split_prefers_line_boundaries_over_cutting_a_line() -> None:
    lines = [f"{n:04d} " + "x" * 95 for n in range(60)]
    parts = split_telegram_html("\n".join(lines))
    assert len(parts) == 2
    assert all(line in parts[0].split("\n") or line in parts[1].split("\n") for line in lines)


def test_10000_character_code_block_becomes_several_pre_blocks() -> None:
    lines = [f"    x{n} = a < b && c > d  # {'😀' * (n % 3)}</pre>" for n in range(400)]
    code = "\n".join(lines)[:10_000].rstrip()
    html = telegram_html(f"```python\n{code}\n```")
    parts = split_telegram_html(html)
    assert len(parts) >= 3
    for part in parts:
        assert part.startswith('<pre><code class="language-python">')
        assert part.endswith("</code></pre>")
    check_parts(html, parts)
    # Every code line survives intact: the cut happened between lines.
    kept = [line for part in parts for line in visible_text(part).split("\n")]
    assert kept == code.split("\n")


def test_single_9000_character_line_is_cut_within_the_limit() -> None:
    line = "".join(random.Random(1).choice("ab&<>中😀") for _ in range(9000))
    html = telegram_html(line)
    parts = split_telegram_html(html)
    assert len(parts) >= 3
    assert all(telegram_len(part) <= 4096 for part in parts)
    check_parts(html, parts)


def test_bold_line_split_is_closed_and_reopened() -> None:
    html = "<b>" + "x" * 5000 + "</b>"
    parts = split_telegram_html(html)
    assert parts == ["<b>" + "x" * 4096 + "</b>", "<b>" + "x" * 904 + "</b>"]


@pytest.mark.parametrize("offset", range(4090, 4100))
def test_emoji_straddling_the_limit_is_not_cut_in_half(offset: int) -> None:
    text = "a" * offset + "😀" * 10 + "b" * 100
    parts = split_telegram_html(text)
    check_parts(text, parts)
    for part in parts:
        part.encode("utf-16", "strict")  # a lone surrogate would raise here
        assert telegram_len(part) <= 4096


def test_emoji_sequences_stay_whole() -> None:
    family = "👨\u200d👩\u200d👧"  # 8 UTF-16 units joined by zero-width joiners
    text = family * 1200
    parts = split_telegram_html(text)
    assert len(parts) >= 2
    assert all(part.startswith("👨") and part.endswith("👧") for part in parts)
    check_parts(text, parts)


def test_entities_are_never_cut() -> None:
    html = "&amp;&lt;" * 3000
    parts = split_telegram_html(html)
    assert [telegram_len(part) for part in parts] == [4096, 1904]
    check_parts(html, parts)


def test_telegram_len_counts_what_telegram_counts() -> None:
    assert telegram_len('<a href="https://e.com">x</a>&lt;&amp;&quot;😀') == 6


def test_smaller_limits_are_respected() -> None:
    md = long_answer(3000)
    parts = telegram_messages(md, limit=500)
    assert len(parts) >= 6
    check_parts(telegram_html(md), [p for p in parts], limit=500)


def test_a_line_break_right_after_a_full_part_is_used() -> None:
    assert split_telegram_html("x" * 4096 + "\ny") == ["x" * 4096, "y"]

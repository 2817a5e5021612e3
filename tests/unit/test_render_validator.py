"""The Telegram HTML checker must reject what Telegram rejects, or the render tests prove nothing."""

import pytest

from tests.support.telegram_html import validate_telegram_html, visible_text


@pytest.mark.parametrize(
    "message",
    [
        "<b>bold</b> <i>it</i> <u>u</u> <s>s</s> <tg-spoiler>x</tg-spoiler>",
        '<a href="https://e.com/?a=1&amp;b=&quot;2&quot;">link</a>',
        '<pre><code class="language-python">x &lt; 1 &amp;&amp; y</code></pre>',
        "<blockquote expandable>quote</blockquote> &#128512; &#x1F600;",
    ],
)
def test_accepts_valid_messages(message: str) -> None:
    assert validate_telegram_html(message) == []


@pytest.mark.parametrize(
    ("message", "complaint"),
    [
        ("a < b", "unescaped '<'"),
        ("a > b", "unescaped '>'"),
        ("a && b", "unescaped '&'"),
        ("&lt b", "without ';'"),
        ("x&nbsp;y", "not supported"),
        ("<script>x</script>", "unknown tag"),
        ("<b><i>x</b></i>", "while <i> is open"),
        ("<b>x", "never closed"),
        ("x</b>", "no open tag"),
        ("<a>x</a>", "without href"),
        ('<a href="https://e.com/?a=1&b=2">x</a>', "unescaped &"),
        ('<b class="x">y</b>', "not allowed"),
        ('<code class="language-py">x</code>', "language of <pre><code>"),
        ("<pre><b>x</b></pre>", "inside code or pre"),
        ("<blockquote>a<blockquote>b</blockquote></blockquote>", "nested"),
        ('<a href="https://a.b"><a href="https://c.d">x</a></a>', "nested"),
        ("<br/>x", "self-closing"),
        ("x<!-- note -->", "comment"),
        ("   ", "no visible text"),
        ("😀" * 2049, "over the 4096 limit"),
    ],
)
def test_rejects_what_telegram_rejects(message: str, complaint: str) -> None:
    problems = validate_telegram_html(message)
    assert any(complaint in problem for problem in problems), problems


def test_length_counts_entities_once_and_astral_characters_twice() -> None:
    message = "&amp;" * 4094 + "<b>😀</b>"  # 4094 + 2 = 4096 units, far more raw characters
    assert validate_telegram_html(message) == []
    assert validate_telegram_html(message + "&lt;")[-1].startswith("4097 UTF-16 units")


def test_visible_text_decodes_entities_and_drops_tags() -> None:
    assert visible_text("a&lt;b&#128512;<b>c</b>&quot;") == 'a<b😀c"'

"""A strict checker for the HTML subset Telegram accepts with parse_mode="HTML".

It follows the Bot API formatting rules: only the listed tags, `href` on <a>, a
`language-*` class on a <code> directly inside <pre>, `expandable` on <blockquote>; every
tag closed in order; no raw <, > or & in text; only &lt; &gt; &amp; &quot; and numeric
entities; no entity inside code/pre (except the <pre><code> pair), no quote in a quote, no
link in a link; and at most 4096 UTF-16 units of text after entity parsing."""

import html
import re
from html.parser import HTMLParser

TELEGRAM_LIMIT = 4096
ALLOWED_ATTRIBUTES: dict[str, set[str]] = {
    "b": set(),
    "strong": set(),
    "i": set(),
    "em": set(),
    "u": set(),
    "ins": set(),
    "s": set(),
    "strike": set(),
    "del": set(),
    "a": {"href"},
    "code": {"class"},
    "pre": set(),
    "blockquote": {"expandable"},
    "tg-spoiler": set(),
}
_ENTITY = re.compile(r"&(?:lt|gt|amp|quot|#[0-9]+|#[xX][0-9a-fA-F]+);")
_NAMED_ENTITIES = {"lt", "gt", "amp", "quot"}
_LANGUAGE_CLASS = re.compile(r"language-[A-Za-z0-9_+#.-]+")


class _Checker(HTMLParser):
    """Entities are reported raw (convert_charrefs=False) so that bare <, > and & show up in
    handle_data and each entity can be checked against the source for its closing ';'."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=False)
        self.source = source
        self.line_starts = [0] + [i + 1 for i, ch in enumerate(source) if ch == "\n"]
        self.problems: list[str] = []
        self.open: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        raw = self.get_starttag_text() or ""
        if "&" in raw and not all(_ENTITY.match(raw, m.start()) for m in re.finditer("&", raw)):
            self.problems.append(f"unescaped & in {raw!r}")
        if tag not in ALLOWED_ATTRIBUTES:
            self.problems.append(f"unknown tag {raw!r}")
        else:
            self._check_attributes(tag, attrs, raw)
            self._check_nesting(tag, raw)
        self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.problems.append(f"self-closing tag {self.get_starttag_text()!r}")

    def handle_endtag(self, tag: str) -> None:
        if not self.open:
            self.problems.append(f"closing </{tag}> with no open tag")
        elif self.open[-1] != tag:
            self.problems.append(f"closing </{tag}> while <{self.open[-1]}> is open")
            if tag in self.open:
                del self.open[len(self.open) - 1 - self.open[::-1].index(tag) :]
        else:
            self.open.pop()

    def handle_data(self, data: str) -> None:
        for char in "<>&":
            if char in data:
                at = data.index(char)
                self.problems.append(f"unescaped {char!r} in {data[max(0, at - 10) : at + 10]!r}")
        self.text.append(data)

    def handle_entityref(self, name: str) -> None:
        self._entity(f"&{name};", name in _NAMED_ENTITIES)

    def handle_charref(self, name: str) -> None:
        self._entity(f"&#{name};", True)

    def _entity(self, spelling: str, supported: bool) -> None:
        line, column = self.getpos()
        start = self.line_starts[line - 1] + column
        if not self.source.startswith(spelling, start):
            self.problems.append(f"entity without ';' at {self.source[start : start + 10]!r}")
        elif not supported:
            self.problems.append(f"entity {spelling} is not supported by Telegram")
        self.text.append(html.unescape(spelling))

    def handle_comment(self, data: str) -> None:
        self.problems.append(f"comment <!--{data}-->")

    def handle_decl(self, decl: str) -> None:
        self.problems.append(f"declaration <!{decl}>")

    def handle_pi(self, data: str) -> None:
        self.problems.append(f"processing instruction <?{data}>")

    def unknown_decl(self, data: str) -> None:
        self.problems.append(f"unknown declaration {data!r}")

    def _check_attributes(self, tag: str, attrs: list[tuple[str, str | None]], raw: str) -> None:
        names = [name for name, _ in attrs]
        for name, value in attrs:
            if name not in ALLOWED_ATTRIBUTES[tag]:
                self.problems.append(f"attribute {name!r} not allowed in {raw!r}")
            elif name == "class" and not (
                self.open[-1:] == ["pre"] and _LANGUAGE_CLASS.fullmatch(value or "")
            ):
                self.problems.append(f"class is only a language of <pre><code>: {raw!r}")
            elif name == "href" and not value:
                self.problems.append(f"empty href in {raw!r}")
        if tag == "a" and "href" not in names:
            self.problems.append(f"<a> without href: {raw!r}")
        if len(set(names)) != len(names):
            self.problems.append(f"repeated attribute in {raw!r}")

    def _check_nesting(self, tag: str, raw: str) -> None:
        if "code" in self.open or (
            "pre" in self.open and not (tag == "code" and self.open[-1] == "pre")
        ):
            self.problems.append(f"{raw!r} inside code or pre")
        if tag == "blockquote" and "blockquote" in self.open:
            self.problems.append(f"{raw!r} nested in another blockquote")
        if tag == "a" and "a" in self.open:
            self.problems.append(f"{raw!r} nested in another link")


def _check(text: str) -> _Checker:
    checker = _Checker(text)
    checker.feed(text)
    checker.close()
    return checker


def visible_text(text: str) -> str:
    """The message text Telegram shows: tags removed, entities decoded."""
    return "".join(_check(text).text)


def validate_telegram_html(text: str, limit: int = TELEGRAM_LIMIT) -> list[str]:
    """Everything that would make Telegram reject `text`; an empty list means it is fine."""
    checker = _check(text)
    problems = checker.problems + [f"<{tag}> never closed" for tag in checker.open]
    visible = "".join(checker.text)
    length = len(visible.encode("utf-16-le")) // 2
    if length > limit:
        problems.append(f"{length} UTF-16 units of text, over the {limit} limit")
    if not visible.strip():
        problems.append("no visible text (Telegram refuses empty messages)")
    return problems

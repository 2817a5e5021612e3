"""Checks for Slack mrkdwn text: escaping and balanced code blocks."""

import re

# A > opening a line quotes it; otherwise only links may hold a raw < or >:
# <https://…>, <https://…|label>, <mailto:…|label>.
_LINK = re.compile(r"<(?:https?://|mailto:|tg://)[^<>|\s]*(?:\|[^<>]*)?>")
_ENTITY = re.compile(r"&(?:amp|lt|gt);")
_QUOTE_MARKER = re.compile(r"^ *>", re.MULTILINE)


def mrkdwn_problems(text: str) -> list[str]:
    problems = []
    outside_links = _QUOTE_MARKER.sub("", _LINK.sub("", text))
    for char in "<>":
        if char in outside_links:
            problems.append(f"unescaped {char!r}")
    if any(not _ENTITY.match(text, m.start()) for m in re.finditer("&", text)):
        problems.append("unescaped '&'")
    if text.count("```") % 2:
        problems.append("unbalanced ``` code block")
    return problems

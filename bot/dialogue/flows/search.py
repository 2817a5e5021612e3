"""Finding questions by words, then practising one of them."""

from __future__ import annotations

from bot.dialogue import actions
from bot.dialogue.flows.common import echo
from bot.dialogue.replies import Button, Message, Reply
from bot.dialogue.turn import Turn

LABEL_CHARS = 48  # buttons show the start of the question


async def search(turn: Turn, args: str) -> list[Reply]:
    words = args.strip()
    if not words:
        return [Message(turn.t("search_usage", search=turn.cmd("search")), private=True)]
    hits = turn.service.search(words)
    shown = echo(words)
    if not hits:
        return [Message(turn.t("search_none", words=shown), private=True)]
    heading = turn.t("search_results", words=shown)
    if not turn.style.buttons:
        lines = [f"- `{h.question.id}` {h.question.question}" for h in hits]
        hint = turn.t("typed_practise", practise=turn.cmd("practise"))
        return [Message(heading + "\n\n" + "\n".join(lines) + "\n\n" + hint, private=True)]
    lines = [f"{n}. {h.question.question}" for n, h in enumerate(hits, 1)]
    rows = tuple(
        (Button(f"{n}. {_label(h.question.question)}", actions.PRACTISE, h.question.id),)
        for n, h in enumerate(hits, 1)
    )
    return [Message(heading + "\n\n" + "\n".join(lines), rows, private=True)]


def _label(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1] + "…"

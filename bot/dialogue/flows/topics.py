"""Choosing topics: switches as buttons, or typed ids where there are no buttons."""

from __future__ import annotations

from collections.abc import Sequence

from bot.dialogue import actions
from bot.dialogue.replies import Button, Buttons, Edit, Message, Reply
from bot.dialogue.turn import Turn
from bot.domain.errors import StaleQuestion

CHECKED, UNCHECKED = "✅", "⬜"


async def topics(turn: Turn, args: str) -> list[Reply]:
    """`topics [ID ... | all]` sets the topics, then shows them."""
    user = turn.user
    if args:
        chosen = None if args.strip().lower() == "all" else args.replace(",", " ").split()
        user = await turn.service.set_topics(user.id, chosen)
    if turn.style.buttons:
        return [Message(turn.t("topics_prompt"), _switches(turn, user.topics), private=True)]
    counts = turn.service.topic_counts()
    mine = set(user.topics or [topic.id for topic, _ in counts])
    lines = [
        f"- [{'x' if topic.id in mine else ' '}] `{topic.id}` {topic.label(turn.lang)} ({n})"
        for topic, n in counts
    ]
    hint = turn.t("typed_topics", topics=turn.cmd("topics"))
    return [Message("\n".join(lines) + "\n\n" + hint, private=True)]


async def press_topic(turn: Turn, topic_id: str) -> list[Reply]:
    if topic_id not in {topic.id for topic, _count in turn.service.topic_counts()}:
        raise StaleQuestion(removed=True)
    user = await turn.service.toggle_topic(turn.user.id, topic_id)
    return [Edit(turn.t("topics_prompt"), _switches(turn, user.topics), same_text=True)]


async def press_all_topics(turn: Turn, payload: str) -> list[Reply]:
    user = await turn.service.set_topics(turn.user.id, None)
    return [Edit(turn.t("topics_prompt"), _switches(turn, user.topics), same_text=True)]


def _switches(turn: Turn, chosen: Sequence[str] | None) -> Buttons:
    """One switch per topic (all on when `chosen` is None), then "All topics"."""
    rows = []
    for topic, count in turn.service.topic_counts():
        on = chosen is None or topic.id in chosen
        label = f"{CHECKED if on else UNCHECKED} {topic.label(turn.lang)} ({count})"
        rows.append((Button(label, actions.TOPIC, topic.id),))
    rows.append((Button(turn.t("btn_all_topics"), actions.ALL_TOPICS),))
    return tuple(rows)

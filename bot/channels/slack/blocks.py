"""Block Kit payloads: rendered Markdown in sections, buttons and their action ids, the Home view.

Slack refuses a message with more than 50 blocks or a section text over 3,000 characters, so
long Markdown becomes several messages; buttons ride on the last one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from bot.domain.models import AnswerCard, QuestionCard, Rating, SearchHit, Topic
from bot.render import escape_slack, mrkdwn_blocks, slack_mrkdwn, terminal_text
from bot.render.cards import answer_card_md, question_card_md, slack_answer_blocks
from bot.render.messages import t

Block = dict[str, Any]
Message = list[Block]

MAX_BLOCKS = 50  # per message
MAX_VIEW_BLOCKS = 100  # per Home view
MAX_BUTTONS = 25  # per actions block
BUTTON_TEXT = 75
FALLBACK_CHARS = 150  # the notification text; the blocks carry the message itself

# Action ids route presses to their listeners; the value carries the question or topic id.
SHOW_ANSWER = "drill_show_answer"
RATE = re.compile(r"^drill_rate_[1-4]$")
PRACTISE = re.compile(r"^drill_practise_\d+$")
TOPIC = re.compile(r"^drill_topic_\d+$")
ALL_TOPICS = "drill_all_topics"
MORE = "drill_more"
FORGET_YES = "drill_forget_yes"
FORGET_NO = "drill_forget_no"
ANY_ACTION = re.compile(r".*")  # presses on buttons of an older version

RATING_BUTTONS = (
    (Rating.AGAIN, "btn_again", "danger"),
    (Rating.HARD, "btn_hard", None),
    (Rating.GOOD, "btn_good", "primary"),
    (Rating.EASY, "btn_easy", None),
)
CHECKED, UNCHECKED = "✅", "⬜"


def button(label: str, action_id: str, value: str = "", style: str | None = None) -> Block:
    text = label if len(label) <= BUTTON_TEXT else label[: BUTTON_TEXT - 1] + "…"
    element: Block = {
        "type": "button",
        "text": {"type": "plain_text", "text": text, "emoji": True},
        "action_id": action_id,
    }
    if value:
        element["value"] = value
    if style:
        element["style"] = style
    return element


def actions(*elements: Block) -> list[Block]:
    """Actions blocks holding `elements`, 25 to a block."""
    return [
        {"type": "actions", "elements": list(elements[i : i + MAX_BUTTONS])}
        for i in range(0, len(elements), MAX_BUTTONS)
    ]


def context(md: str) -> Block:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": slack_mrkdwn(md)[:3000]}]}


def markdown_messages(md: str, buttons: Sequence[Block] = ()) -> list[Message]:
    """`md` as section blocks split into messages; `buttons` (actions blocks) on the last."""
    messages = mrkdwn_blocks(slack_mrkdwn(md), MAX_BLOCKS) or [[]]
    room = MAX_BLOCKS - len(buttons)
    if len(messages[-1]) > room:  # the buttons need a message of their own sections
        messages[-1:] = [messages[-1][:room], messages[-1][room:]]
    messages[-1] = [*messages[-1], *buttons]
    return messages


def fallback_text(md: str) -> str:
    """Plain text for notifications and clients that cannot show blocks."""
    plain = " ".join(terminal_text(md, width=10_000, color=False).split())
    if len(plain) > FALLBACK_CHARS:
        plain = plain[: FALLBACK_CHARS - 1] + "…"
    return escape_slack(plain)


# ---------------------------------------------------------------- practice cards


def question_messages(card: QuestionCard, lang: str) -> list[Message]:
    show = button(t("btn_show_answer", lang), SHOW_ANSWER, card.question.id, "primary")
    return markdown_messages(question_card_md(card, lang), actions(show))


def answer_messages(card: AnswerCard, lang: str) -> list[Message]:
    """The reference answer, with the rating buttons unless it was rated already: one markdown
    block when it fits (12,000 characters), else mrkdwn sections over several messages."""
    rated = card.already_rated is not None
    buttons = [] if rated else actions(*rating_buttons(card.question.id, lang))
    if (markdown := slack_answer_blocks(card, lang)) is not None:
        return [[*markdown, *buttons]]
    return markdown_messages(answer_card_md(card, lang), buttons)


def rating_buttons(question_id: str, lang: str) -> list[Block]:
    return [
        button(t(key, lang), f"drill_rate_{int(rating)}", question_id, style)
        for rating, key, style in RATING_BUTTONS
    ]


def replace_buttons(blocks: Sequence[Block], note_md: str) -> list[Block]:
    """The pressed message with its buttons swapped for a note (so it cannot be pressed again)."""
    kept = [block for block in blocks if block.get("type") != "actions"]
    return [*kept, context(note_md)]


# ---------------------------------------------------------------- lists and settings


def search_messages(hits: Sequence[SearchHit], heading_md: str) -> list[Message]:
    lines = [f"{number}. {hit.question.question}" for number, hit in enumerate(hits, 1)]
    practise = [
        button(
            f"{number}. {' '.join(hit.question.question.split())}",
            f"drill_practise_{number}",
            hit.question.id,
        )
        for number, hit in enumerate(hits, 1)
    ]
    return markdown_messages(heading_md + "\n\n" + "\n".join(lines), actions(*practise))


def topic_blocks(
    topics: Sequence[tuple[Topic, int]], chosen: Sequence[str] | None, lang: str
) -> list[Block]:
    """One switch per topic (all on when `chosen` is None), then "All topics"."""
    switches = []
    for number, (topic, count) in enumerate(topics, 1):
        on = chosen is None or topic.id in chosen
        label = f"{CHECKED if on else UNCHECKED} {topic.label(lang)} ({count})"
        switches.append(button(label, f"drill_topic_{number}", topic.id))
    every = button(t("btn_all_topics", lang), ALL_TOPICS, "all")
    prompt = markdown_messages(t("topics_prompt", lang))[0]
    return [*prompt, *actions(*switches), *actions(every)]


def forget_blocks(lang: str) -> list[Block]:
    confirm = markdown_messages(t("forget_confirm", lang))[0]
    return [
        *confirm,
        *actions(
            button(t("btn_confirm_forget", lang), FORGET_YES, "yes", "danger"),
            button(t("btn_cancel", lang), FORGET_NO, "no"),
        ),
    ]


# ---------------------------------------------------------------- App Home


def home_view(
    stats_md: str, lang: str, chart: dict[str, str] | None, metadata: str = ""
) -> dict[str, Any]:
    """The Home tab: the stats text, then the latest chart (a file in our DM) when there is one.

    An image block needs a public URL or a Slack file the viewer can see; the chart lives in
    the user's DM with the bot, so both can see it, and the permalink is a fallback link.
    """
    header = {
        "type": "header",
        "text": {"type": "plain_text", "text": t("slack_home_title", lang)},
    }
    blocks: list[Block] = [header]
    room = MAX_VIEW_BLOCKS - 5  # header, image, link, divider, hint
    blocks += mrkdwn_blocks(slack_mrkdwn(stats_md), room)[0]
    if chart:
        title = t("slack_home_chart", lang, date=chart.get("date", ""))
        blocks.append(
            {
                "type": "image",
                "slack_file": {"id": chart["id"]},
                "alt_text": title,
                "title": {"type": "plain_text", "text": title},
            }
        )
        if chart.get("permalink"):
            blocks.append(context(t("slack_home_chart_link", lang, url=chart["permalink"])))
    blocks += [{"type": "divider"}, context(t("slack_home_hint", lang))]
    return {"type": "home", "blocks": blocks, "private_metadata": metadata}


def without_images(view: dict[str, Any]) -> dict[str, Any]:
    """The same view minus image blocks (when Slack cannot load the chart file)."""
    return {**view, "blocks": [b for b in view["blocks"] if b.get("type") != "image"]}

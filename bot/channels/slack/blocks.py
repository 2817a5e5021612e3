"""Block Kit payloads: rendered Markdown in sections, buttons and their action ids, the Home view.

Slack refuses a message with more than 50 blocks or a section text over 3,000 characters, so
long Markdown becomes several messages; buttons ride on the last one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from bot.dialogue import actions as kinds
from bot.dialogue.cards import answer_message, question_message
from bot.dialogue.inputs import Press
from bot.dialogue.replies import Button, Buttons, Edit
from bot.dialogue.replies import Message as DialogueMessage
from bot.domain.models import AnswerCard, QuestionCard
from bot.render import escape_slack, mrkdwn_blocks, slack_mrkdwn, terminal_text
from bot.render.cards import slack_answer_blocks
from bot.render.messages import t

Block = dict[str, Any]
Message = list[Block]

MAX_BLOCKS = 50  # per message
MAX_VIEW_BLOCKS = 100  # per Home view
MAX_BUTTONS = 25  # per actions block
BUTTON_TEXT = 75
FALLBACK_CHARS = 150  # the notification text; the blocks carry the message itself

# Buttons carry the dialogue's action in their action_id ("drill_<action>", numbered where one
# message may hold several of a kind, as Slack wants action ids unique) and its payload in their
# value; ratings keep the rating in the action id ("drill_rate_3"), as buttons in chats have it.
ACTION_PREFIX = "drill_"
NUMBERED = (kinds.PRACTISE, kinds.TOPIC)
RATE_ACTION = re.compile(r"^drill_rate_([1-4])$")
ANY_DIALOGUE_ACTION = re.compile(r"^drill_(?P<action>[a-z_]+?)(?:_\d+)?$")
ANY_ACTION = re.compile(r".*")  # every press, those of an older version included
STYLES = ("primary", "danger")


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


# ---------------------------------------------------------------- dialogue buttons


def button_blocks(rows: Buttons) -> list[Block]:
    """The dialogue's buttons as actions blocks (rows run together, 25 to a block)."""
    flat = [b for row in rows for b in row]
    kinds_in = [b.action for b in flat]
    elements = []
    for position, dialogue_button in enumerate(flat):
        several = dialogue_button.action in NUMBERED or kinds_in.count(dialogue_button.action) > 1
        number = kinds_in[: position + 1].count(dialogue_button.action) if several else None
        elements.append(_element(dialogue_button, number))
    return actions(*elements)


def _element(b: Button, number: int | None) -> Block:
    value = b.payload
    if b.action == kinds.RATE:
        rating, value = kinds.parse_rate_payload(b.payload)
        action_id = f"{ACTION_PREFIX}rate_{rating}"
    else:
        action_id = ACTION_PREFIX + b.action + (f"_{number}" if number else "")
    return button(b.label, action_id, value, b.style if b.style in STYLES else None)


def decode(action: dict[str, Any]) -> Press:
    """A pressed button as dialogue input (the dialogue refuses actions it does not know)."""
    action_id, value = action.get("action_id", ""), action.get("value", "")
    if rate := RATE_ACTION.match(action_id):
        return Press(kinds.RATE, kinds.rate_payload(int(rate.group(1)), value))
    if named := ANY_DIALOGUE_ACTION.match(action_id):
        return Press(named.group("action"), value)
    return Press("", value)


def message_blocks(message: DialogueMessage | Edit) -> list[Message]:
    """A reveal goes into one markdown block where it fits; all else into mrkdwn sections."""
    buttons = button_blocks(message.buttons)
    reveal = message.answer if isinstance(message, DialogueMessage) else None
    if reveal is not None and (blocks := slack_answer_blocks(reveal.card, reveal.lang)):
        return [[*blocks, *buttons]]
    return markdown_messages(message.markdown, buttons)


def question_messages(card: QuestionCard, lang: str) -> list[Message]:
    return message_blocks(question_message(card, lang))


def answer_messages(card: AnswerCard, lang: str) -> list[Message]:
    return message_blocks(answer_message(card, lang))


def replace_buttons(blocks: Sequence[Block], note_md: str) -> list[Block]:
    """The pressed message with its buttons swapped for a note (so it cannot be pressed again)."""
    kept = [block for block in blocks if block.get("type") != "actions"]
    return [*kept, context(note_md)] if note_md else kept


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

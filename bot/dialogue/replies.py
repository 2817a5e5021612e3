"""What the dialogue answers, for any channel to render: Markdown messages with abstract
buttons, edits of the pressed message, refusals, the stats chart.

Channels render what they can: the console has no buttons, Telegram shows a toast where
Slack shows nothing, and so on. New reply kinds are new classes here and a case in each
channel's renderer.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.domain.models import AnswerCard, Stats

# Message kinds that matter to a channel (the console's prompt, the delivery's message id).
QUESTION = "question"  # a question with its "Show answer" button
ANSWER = "answer"  # a reference answer awaiting a rating
DONE = "done"  # the current question is over (rated, or nothing is due)
NOTE = "note"


@dataclass(frozen=True, slots=True)
class Button:
    label: str
    action: str
    payload: str = ""
    style: str | None = None  # "primary" or "danger", where the channel can show it


Buttons = tuple[tuple[Button, ...], ...]  # rows


@dataclass(frozen=True, slots=True)
class Reveal:
    """A reference answer card and the language it is shown in."""

    card: AnswerCard
    lang: str | None


@dataclass(frozen=True, slots=True)
class Message:
    """A new message. `private`: only this user should see it (Slack: ephemeral)."""

    markdown: str
    buttons: Buttons = ()
    private: bool = False
    kind: str = NOTE
    # The reveal it shows, for channels with a compact form of it (Telegram's folded quote,
    # Slack's markdown block); `markdown` is the same reveal for every other renderer.
    answer: Reveal | None = None


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace the message whose button was pressed. `same_text`: only the buttons change."""

    markdown: str
    buttons: Buttons = ()
    same_text: bool = False


@dataclass(frozen=True, slots=True)
class Settle:
    """The pressed message's buttons are spent: remove them, and show `note` where the
    channel annotates pressed messages (Slack)."""

    note: str = ""


@dataclass(frozen=True, slots=True)
class Toast:
    """A short acknowledgement of a button press (Telegram's callback answer)."""

    text: str


@dataclass(frozen=True, slots=True)
class Refusal:
    """A refusal in words: a toast for a press where the channel has them, else a private
    message."""

    markdown: str


@dataclass(frozen=True, slots=True)
class Chart:
    """The progress chart of `stats`, drawn by the channel (an image, an upload, a file)."""

    stats: Stats
    lang: str | None = None


Reply = Message | Edit | Settle | Toast | Refusal | Chart

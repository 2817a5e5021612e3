"""What a user sends, decoded from any channel: a command, a button press or free text.

New kinds of input (voice, files) are new classes here plus a route in `dialogue.py`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.domain.models import Registration

if TYPE_CHECKING:
    from bot.dialogue.replies import Reply


@dataclass(frozen=True, slots=True)
class Command:
    """A command by its canonical or alias name, without the channel's prefix; `args` as typed."""

    name: str
    args: str = ""

    @property
    def text(self) -> str:
        return f"{self.name} {self.args}".strip()


@dataclass(frozen=True, slots=True)
class Press:
    """A button press: the action and payload the dialogue gave the button (see actions.py)."""

    action: str
    payload: str = ""


@dataclass(frozen=True, slots=True)
class Text:
    """Free text that is no command."""

    text: str


@dataclass(frozen=True, slots=True)
class Voice:
    """A spoken answer (a voice message or an audio file). `fetch` downloads it into memory,
    only when the dialogue can transcribe it."""

    fetch: Callable[[], Awaitable[bytes]]
    filename: str  # tells the transcription service the format, e.g. "voice.oga"


Input = Command | Press | Text | Voice


@dataclass(frozen=True, slots=True)
class Group:
    """The group chat or channel an input was sent in (team practice); None: a private chat."""

    chat_id: str
    title: str | None
    is_admin: Callable[[], Awaitable[bool]]  # whether the sender may configure the team here


@dataclass(frozen=True, slots=True)
class Sender:
    """Who sent the input, and how their channel signs them up (it may need platform calls)."""

    channel: str
    external_id: str
    register: Callable[[], Awaitable[Registration]]
    language: str | None = None  # the platform's language for this input, when it says
    # Shows replies at once, before the input is fully handled ("I heard: …", "grading…");
    # None: the channel shows them with the rest.
    interim: Callable[[list[Reply]], Awaitable[None]] | None = None
    group: Group | None = None

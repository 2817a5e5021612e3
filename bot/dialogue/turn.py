"""One input being answered: who sent it, in which language, on which channel."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from bot.dialogue.channels import ChannelStyle
from bot.domain.models import User
from bot.domain.practice import PracticeService
from bot.render.messages import t, when_text

if TYPE_CHECKING:
    from bot.dialogue.commands import CommandSpec
    from bot.dialogue.inputs import Group, Input
    from bot.dialogue.replies import Reply


@dataclass
class Context:
    service: PracticeService
    style: ChannelStyle
    lang: str
    commands: Sequence[CommandSpec]

    def t(self, key: str, **params: object) -> str:
        return t(key, self.lang, **params)

    def cmd(self, name: str) -> str:
        """`name` as this channel's users type it: /next, /drill next, next."""
        return self.style.command(name)

    def now(self) -> datetime:
        return self.service.clock.now()


@dataclass
class Visit(Context):
    """An input that signs nobody up (e.g. the answer to "delete everything?")."""

    user: User | None = None


@dataclass
class Turn(Context):
    """An input from a registered user."""

    user: User = field(kw_only=True)
    created: bool = False
    awaiting: Step | None = None  # set by a flow: the user's next input goes to this step
    group: Group | None = None  # the group chat or channel it was sent in (team practice)

    def when(self, instant: datetime | None) -> str:
        """'today 09:00', 'tomorrow 09:00', 'in 3 days (Mar 05)' in the user's calendar."""
        if instant is None:
            return "—"
        return when_text(instant, self.user, self.now(), self.lang)


Step = Callable[[Turn, "Input"], Awaitable[list["Reply"]]]

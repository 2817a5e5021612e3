"""One input being answered: who sent it, in which language, on which channel."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from bot.dialogue.channels import ChannelStyle
from bot.dialogue.replies import Reply, Working
from bot.domain.models import User
from bot.domain.practice import PracticeService
from bot.render.messages import t, when_text

if TYPE_CHECKING:
    from bot.dialogue.commands import CommandSpec
    from bot.dialogue.inputs import Group, Input
    from bot.grading.service import AnswerChecker


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
    checker: AnswerChecker | None = field(default=None, kw_only=True)  # grades typed answers
    interim: Callable[[list[Reply]], Awaitable[None]] | None = field(default=None, kw_only=True)

    async def show_now(self, replies: list[Reply]) -> list[Reply]:
        """Show `replies` before the turn's work is done, where the channel can; returns what
        is left to send with the final replies."""
        if self.interim is None:  # a busy sign shown afterwards would mean nothing
            return [reply for reply in replies if not isinstance(reply, Working)]
        await self.interim(replies)
        return []
    group: Group | None = None  # the group chat or channel it was sent in (team practice)

    def when(self, instant: datetime | None) -> str:
        """'today 09:00', 'tomorrow 09:00', 'in 3 days (Mar 05)' in the user's calendar."""
        if instant is None:
            return "—"
        return when_text(instant, self.user, self.now(), self.lang)


Step = Callable[[Turn, "Input"], Awaitable[list["Reply"]]]

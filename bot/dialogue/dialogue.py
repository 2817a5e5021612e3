"""The conversation, once for every channel: route an input to its flow, word refusals.

    replies = await dialogue.handle(sender, Command("time", "08:30"))

Channels decode their platform's input into `inputs`, call `handle`, and render `replies`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import TYPE_CHECKING

from bot.dialogue.channels import ChannelStyle
from bot.dialogue.commands import CommandSpec, find
from bot.dialogue.flows.account import unknown_command, welcome
from bot.dialogue.flows.answering import free_text, voice
from bot.dialogue.flows.interview import ask_outcome
from bot.dialogue.inputs import Command, Input, Press, Sender, Text, Voice
from bot.dialogue.refusals import refusal_md
from bot.dialogue.replies import Refusal, Reply
from bot.dialogue.table import COMMANDS, PRESSES, WELCOMING, PressSpec
from bot.dialogue.turn import Step, Turn, Visit
from bot.domain.errors import AccessDenied, PracticeError
from bot.domain.practice import PracticeService
from bot.render.messages import lang_of, t

if TYPE_CHECKING:
    from bot.grading.service import AnswerChecker

Work = Callable[[Turn], Awaitable[list[Reply]]]


class Dialogue:
    def __init__(
        self,
        service: PracticeService,
        style: ChannelStyle,
        commands: Sequence[CommandSpec] = COMMANDS,
        presses: Mapping[str, PressSpec] = PRESSES,
        *,
        checker: AnswerChecker | None = None,
    ) -> None:
        self.service = service
        self.checker = checker  # None: typed answers are not graded, voice is not transcribed
        self.style = style
        self.commands = commands
        self.presses = presses
        self._awaiting: dict[str, Step] = {}  # external id -> the step their next input goes to

    async def handle(self, sender: Sender, given: Input) -> list[Reply]:
        if isinstance(given, Press):
            return await self._press(sender, given)
        step = self._awaiting.pop(sender.external_id, None)
        if step is not None:
            return await self._turn(sender, lambda turn: step(turn, given))
        if isinstance(given, Text):
            return await self._turn(sender, lambda turn: free_text(turn, given.text))
        if isinstance(given, Voice):
            return await self._turn(sender, lambda turn: voice(turn, given))
        return await self._command(sender, given)

    def command(self, name: str) -> CommandSpec | None:
        return find(self.commands, name, self.style)

    async def _command(self, sender: Sender, given: Command) -> list[Reply]:
        spec = self.command(given.name)
        if spec is None or spec.flow is None:
            return await self._turn(sender, lambda turn: unknown_command(turn, given.name))
        flow = spec.flow
        return await self._turn(
            sender, lambda turn: flow(turn, given.args), welcoming=spec.name in WELCOMING
        )

    async def _press(self, sender: Sender, press: Press) -> list[Reply]:
        spec = self.presses.get(press.action)
        if spec is not None and spec.flow is not None:
            flow = spec.flow
            return await self._turn(sender, lambda turn: flow(turn, press.payload))
        if not self.service.is_allowed(self.style.name, sender.external_id):
            return [self._access_denied(sender)]
        user = await self.service.find_user(self.style.name, sender.external_id)
        lang = lang_of(sender.language or (user.language if user else None))
        if spec is None or spec.guest_flow is None:  # a button of an older version
            return [Refusal(t("stale_button", lang))]
        visit = Visit(self.service, self.style, lang, self.commands, user=user)
        try:
            return await spec.guest_flow(visit, press.payload)
        except PracticeError as error:
            return [Refusal(refusal_md(error, visit))]

    async def _turn(self, sender: Sender, work: Work, *, welcoming: bool = False) -> list[Reply]:
        """Sign the sender up (strangers are refused), run `work`, word its refusals."""
        try:
            registration = await sender.register()
        except AccessDenied:
            return [self._access_denied(sender)]
        user = registration.user
        turn = Turn(
            self.service,
            self.style,
            lang_of(sender.language or user.language),
            self.commands,
            user=user,
            created=registration.created,
            checker=self.checker,
            interim=sender.interim,
            group=sender.group,
        )
        replies: list[Reply] = []
        if registration.created and self.style.welcome_on_first_contact:
            replies.append(welcome(turn))
            if welcoming:
                return replies
        try:
            replies += await work(turn)
        except PracticeError as error:
            replies.append(Refusal(refusal_md(error, turn)))
        replies += await ask_outcome(turn)  # after an interview day, once
        if turn.awaiting is not None:
            self._awaiting[sender.external_id] = turn.awaiting
        return replies

    def _access_denied(self, sender: Sender) -> Refusal:
        return Refusal(t("access_denied", lang_of(sender.language), id=sender.external_id))

"""Transport only: decode slash commands and presses into dialogue input, render the replies.

Each listener acknowledges first (Slack wants an answer within 3 seconds) and then does the
work. Public replies go to the user's DM with the bot (cards, whose buttons must stay
updatable with chat.update); private ones back through the response URL as ephemeral
messages (settings, refusals).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.errors import SlackApiError

from bot.channels.slack import blocks, files, team
from bot.channels.slack.commands import split_command
from bot.channels.slack.home import HomeTab
from bot.channels.slack.sender import CHANNEL, Poster
from bot.channels.slack.users import register_slack_user
from bot.dialogue import Dialogue, Input, Sender, Text
from bot.dialogue.inputs import Group
from bot.dialogue.replies import Buttons, Chart, Edit, Message, Refusal, Reply, Settle, Working
from bot.domain.models import Registration, User
from bot.domain.practice import PracticeService
from bot.render.messages import lang_of, t

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Deps:
    dialogue: Dialogue
    poster: Poster
    home: HomeTab

    @property
    def service(self) -> PracticeService:
        return self.dialogue.service


async def on_command(deps: Deps, command: dict[str, Any], respond: AsyncRespond) -> None:
    given = split_command(command.get("text", ""))
    renderer = Renderer(deps, respond, command.get("channel_id"))
    await _converse(deps, command["user_id"], given, renderer, team.group_of(deps, command))


async def on_press(
    deps: Deps, body: dict[str, Any], action: dict[str, Any], respond: AsyncRespond
) -> None:
    container = body.get("container") or {}
    origin = container.get("channel_id") or (body.get("channel") or {}).get("id")
    renderer = Renderer(deps, respond, origin, body)
    await _converse(deps, body["user"]["id"], blocks.decode(action), renderer)


async def on_direct_message(deps: Deps, event: dict[str, Any]) -> None:
    """A message the user wrote in their DM with the bot: an answer (typed, or an audio file)
    or a typed rating. The bot's own messages and edits are no input."""
    if event.get("channel_type") != "im" or event.get("bot_id") or not event.get("user"):
        return
    if event.get("subtype") not in (None, "file_share"):
        return
    given: Input = Text(event.get("text", ""))
    if audio := files.audio_file(event):
        given = files.voice_of(deps.poster.client, audio)
    await _converse(deps, event["user"], given, Renderer(deps, None, event.get("channel")))


async def _converse(
    deps: Deps, slack_user_id: str, given: Input, renderer: Renderer, group: Group | None = None
) -> None:
    async def register() -> Registration:
        registration = await register_slack_user(deps.service, deps.poster.client, slack_user_id)
        renderer.user = registration.user
        return registration

    sender = Sender(CHANNEL, slack_user_id, register, interim=renderer.render, group=group)
    try:
        replies = await deps.dialogue.handle(sender, given)
        await renderer.render(replies)
    except Exception:
        logger.exception("Slack handler failed for user %s", slack_user_id)
        lang = lang_of(renderer.user.language if renderer.user else None)
        await renderer.tell(t("something_wrong", lang))


@dataclass
class Renderer:
    """Replies to one command or press, where Slack shows them."""

    deps: Deps
    respond: AsyncRespond | None  # None: a DM message, which has no response URL
    origin: str | None  # the channel the command was typed in or the button pressed in
    body: dict[str, Any] | None = None  # the press's payload, with the pressed message
    user: User | None = field(default=None)
    _noted_dm: bool = False

    async def render(self, replies: list[Reply]) -> None:
        for reply in replies:
            match reply:
                case Message() if reply.private or self.user is None:
                    await self.tell(reply.markdown, reply.buttons)
                case Message():
                    await self.send(reply)
                case Refusal():
                    await self.tell(reply.markdown)
                case Settle():
                    await self._settle(reply.note)
                case Edit():
                    await self._edit(reply)
                case Chart() if self.user is not None:
                    await self._chart(reply)
                case Working() if self.user is not None and self.origin:
                    await self._working(reply.text)

    async def tell(self, md: str, buttons: Buttons = ()) -> None:
        """An ephemeral reply only this user sees, where they typed or pressed (in the DM,
        where only they read it anyway, a plain message)."""
        parts = blocks.markdown_messages(md, blocks.button_blocks(buttons))
        if self.respond is None:
            if self.origin:
                await self.deps.poster.post(self.origin, parts, blocks.fallback_text(md))
            return
        for part in parts:
            await self.respond(
                text=blocks.fallback_text(md),
                blocks=part,
                response_type="ephemeral",
                replace_original=False,
            )

    async def send(self, message: Message) -> None:
        """Post to the user's DM; from elsewhere, say (once) where the reply went."""
        assert self.user is not None and self.user.chat_id is not None
        dm = self.user.chat_id
        fallback = blocks.fallback_text(message.markdown)
        await self.deps.poster.post(dm, blocks.message_blocks(message), fallback)
        if self.origin and self.origin != dm and not self._noted_dm:
            self._noted_dm = True
            await self.tell(t("slack_sent_to_dm", lang_of(self.user.language)))

    async def _settle(self, note_md: str) -> None:
        """Swap the pressed message's buttons for `note_md` (chat.update), so it shows the choice."""
        message, container = self._pressed()
        if message is None:
            if container.get("is_ephemeral") and note_md and self.respond is not None:
                # only its response URL can change it
                await self.respond(
                    text=blocks.fallback_text(note_md),
                    blocks=blocks.markdown_messages(note_md)[0],
                    response_type="ephemeral",
                    replace_original=True,
                )
            return
        await self.deps.poster.update(
            container["channel_id"],
            container["message_ts"],
            blocks.replace_buttons(message.get("blocks") or [], note_md),
            message.get("text") or blocks.fallback_text(note_md),
        )

    async def _edit(self, edit: Edit) -> None:
        message, container = self._pressed()
        [first, *_rest] = blocks.message_blocks(edit)
        fallback = blocks.fallback_text(edit.markdown)
        if message is None:  # ephemeral: only its response URL can replace it
            assert self.respond is not None  # edits answer presses, which always carry one
            await self.respond(
                text=fallback, blocks=first, response_type="ephemeral", replace_original=True
            )
            return
        await self.deps.poster.update(
            container["channel_id"], container["message_ts"], first, fallback
        )

    async def _working(self, text: str) -> None:
        """A short note only this user sees while a model grades; it is no reply, so failing to
        show it is no error."""
        assert self.user is not None and self.origin is not None
        try:
            await self.deps.poster.client.chat_postEphemeral(
                channel=self.origin, user=self.user.external_id, text=f"_{text}_"
            )
        except SlackApiError as error:
            logger.debug("Could not show that grading is under way: %s", error)

    def _pressed(self) -> tuple[dict[str, Any] | None, dict[str, Any]]:
        """The pressed message (None when ephemeral or no press) and its container."""
        body = self.body or {}
        container = body.get("container") or {}
        message = body.get("message")
        return (None if container.get("is_ephemeral") else message), container

    async def _chart(self, chart: Chart) -> None:
        """The chart as an image file in the DM, and the Home tab refreshed."""
        assert self.user is not None
        try:
            uploaded = await self.deps.home.upload_chart(self.user, chart.stats)
            await self.deps.home.publish(self.user, chart.stats, uploaded)
        except SlackApiError as error:  # the figures went out; the picture is a bonus
            logger.warning("Could not share the stats chart of user %s: %s", self.user.id, error)

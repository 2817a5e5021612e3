"""Wiring: the bolt AsyncApp, its Web API client and every listener, in one place."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.channels.slack import blocks, handlers, team
from bot.channels.slack.commands import SLASH_COMMAND
from bot.channels.slack.handlers import Deps
from bot.channels.slack.home import HomeTab
from bot.channels.slack.sender import BudgetPacer, ChannelPacer, Poster
from bot.config import SlackSettings
from bot.delivery.pacing import Pacer
from bot.dialogue import SLACK, Dialogue
from bot.domain.practice import PracticeService

if TYPE_CHECKING:
    from bot.grading.service import AnswerChecker

logger = logging.getLogger(__name__)


def build_app(
    slack: SlackSettings,
    service: PracticeService,
    client: AsyncWebClient,
    *,
    checker: AnswerChecker | None = None,
    budget: Pacer | None = None,
) -> AsyncApp:
    """The bolt app with every listener; signatures are checked in HTTP mode only (Socket
    Mode traffic arrives over a connection opened with the app token). Its posts draw on
    `budget`, the send budget shared with the daily send-out, when there is one."""
    http = slack.mode == "http"
    if http and not slack.signing_secret:
        raise ValueError("SLACK_SIGNING_SECRET is required when slack.mode is 'http'")
    app = AsyncApp(
        client=client,
        signing_secret=slack.signing_secret.reveal() if slack.signing_secret else "",
        request_verification_enabled=http,
        # A long-running server, not a function-as-a-service: bolt answers Slack as soon as a
        # listener calls ack() and lets the listener carry on, so every listener acks first
        # and then works for as long as it needs. (True would hold the HTTP response until
        # the listener returned, which only suits FaaS with lazy listeners.)
        process_before_response=False,
        name="drillbot",
        logger=logging.getLogger("bot.channels.slack.bolt"),
    )
    pacer = BudgetPacer(budget) if budget is not None else ChannelPacer()
    dialogue = Dialogue(service, SLACK, checker=checker)
    deps = Deps(dialogue, Poster(client, pacer), HomeTab(service, client, pacer))
    add_listeners(app, deps)
    return app


def add_listeners(app: AsyncApp, deps: Deps) -> None:
    @app.command(SLASH_COMMAND)
    async def drill(ack: AsyncAck, command: dict[str, Any], respond: AsyncRespond) -> None:
        # An empty ack shows nothing; the reply follows through the response URL (valid for
        # 30 minutes) or in the DM, once registration and the engine have done their work.
        await ack()
        await handlers.on_command(deps, command, respond)

    @app.action(blocks.ANY_ACTION)  # every button; the dialogue knows which are stale
    async def pressed(
        ack: AsyncAck, body: dict[str, Any], action: dict[str, Any], respond: AsyncRespond
    ) -> None:
        await ack()
        await handlers.on_press(deps, body, action, respond)

    @app.event("app_home_opened")
    async def home_opened(event: dict[str, Any]) -> None:
        if event.get("tab", "home") == "home":
            await deps.home.opened(event["user"], event.get("view"))

    @app.event("message")  # only DMs reach the bot (message.im); others are ignored
    async def direct_message(event: dict[str, Any]) -> None:
        await handlers.on_direct_message(deps, event)
    @app.event("member_joined_channel")
    async def joined(event: dict[str, Any], context: AsyncBoltContext) -> None:
        await team.on_member_joined(deps, event, context.bot_user_id)

    @app.event("member_left_channel")
    async def left(event: dict[str, Any], context: AsyncBoltContext) -> None:
        if event.get("user") == context.bot_user_id:
            await team.on_left(deps, event.get("channel", ""))

    @app.event("channel_left")  # sent to the app itself when it is removed from a channel
    async def removed(event: dict[str, Any]) -> None:
        await team.on_left(deps, event.get("channel", ""))

    @app.error
    async def on_error(error: Exception, body: dict[str, Any]) -> None:
        logger.error("Slack listener failed (%s)", body.get("type"), exc_info=error)

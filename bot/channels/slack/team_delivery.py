"""Team delivery through Slack: the question of the day and the weekly board in channels, one
message a second per channel at most. "Answer privately" and "Show answer" are presses the
bot answers with ephemeral messages only the member sees."""

from __future__ import annotations

import asyncio
from weakref import WeakKeyDictionary

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.channels.slack import blocks
from bot.channels.slack.delivery import _mapped
from bot.channels.slack.sender import CHANNEL, PER_CHANNEL_INTERVAL, ChannelPacer
from bot.delivery.ports import RecipientGone, TransientFailure
from bot.dialogue import actions
from bot.dialogue.replies import Button, Buttons
from bot.dialogue.team_cards import board_md, team_question_md
from bot.domain.team_models import Board, TeamQuestion
from bot.render.messages import lang_of, t

# The app is no longer in the channel, or the channel is gone.
GONE_ERRORS = frozenset({"not_in_channel", "channel_not_found", "is_archived"})
# Every message the app posts in a team channel (greeting, question, board) waits its turn
# in one pacer, so that the interactive side and the team delivery together keep to one a
# second. One per event loop: its locks belong to the loop that uses them.
_PACERS: WeakKeyDictionary[asyncio.AbstractEventLoop, ChannelPacer] = WeakKeyDictionary()


def team_channel_pacer() -> ChannelPacer:
    return _PACERS.setdefault(asyncio.get_running_loop(), ChannelPacer())


def team_buttons(view: TeamQuestion) -> Buttons:
    lang = lang_of(view.team.language)
    payload = actions.team_payload(view.team.id, view.question.id)
    return (
        (
            Button(t("btn_answer_privately", lang), actions.TEAM_ANSWER, payload, "primary"),
            Button(t("btn_show_answer", lang), actions.TEAM_REVEAL, payload),
        ),
    )


class SlackTeamDelivery:
    name = CHANNEL
    max_per_second = 4.0
    per_chat_interval = PER_CHANNEL_INTERVAL

    def __init__(self, client: AsyncWebClient) -> None:
        self.client = client

    async def send_team_question(self, view: TeamQuestion) -> str:
        """The question (one message unless very long); returns the ts of the last part, which
        carries the buttons and the roll call."""
        md, messages = self._question(view)
        ts = ""
        for message in messages:
            ts = await self._call("chat_postMessage", view.team.chat_id, md, message)
        return ts

    async def send_board(self, board: Board) -> str:
        md = board_md(board, lang_of(board.team.language))
        ts = ""
        for message in blocks.markdown_messages(md):
            ts = await self._call("chat_postMessage", board.team.chat_id, md, message)
        return ts

    async def update_roll_call(self, view: TeamQuestion) -> None:
        md, messages = self._question(view)
        await self._call("chat_update", view.team.chat_id, md, messages[-1], ts=view.message_id)

    @staticmethod
    def _question(view: TeamQuestion) -> tuple[str, list[list[blocks.Block]]]:
        md = team_question_md(view, lang_of(view.team.language))
        return md, blocks.markdown_messages(md, blocks.button_blocks(team_buttons(view)))

    async def _call(
        self, method: str, channel: str, md: str, message: list, **extra: str | None
    ) -> str:
        if method == "chat_postMessage":
            await team_channel_pacer().wait(channel)
        try:
            response = await getattr(self.client, method)(
                channel=channel, text=blocks.fallback_text(md), blocks=message, **extra
            )
        except SlackApiError as error:
            if str(error.response.get("error", "")) in GONE_ERRORS:
                raise RecipientGone(error.response["error"]) from error
            raise _mapped(error) from error
        except (TimeoutError, aiohttp.ClientError) as error:
            raise TransientFailure(f"Slack unreachable: {error!r}") from error
        return str(response["ts"])

"""The App Home tab: the user's stats and progress chart, refreshed whenever they open it.

Slack shows an image block only from a public URL or from a Slack file the viewer can see. We
host nothing public, so the chart is uploaded (files_upload_v2) into the user's DM with the bot
and the Home view shows that file by id, with its permalink as a link. A new chart is uploaded
only when the figures changed since the last one (another review, or a new day); which chart
the view shows is kept in the view's private_metadata, so it survives restarts.
"""

from __future__ import annotations

import asyncio
import json
import logging
from dataclasses import dataclass, field
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.channels.slack import blocks
from bot.channels.slack.sender import CHANNEL, ChannelPacer
from bot.dialogue import SLACK
from bot.dialogue.commands import commands_md
from bot.dialogue.table import COMMANDS
from bot.domain.models import Stats, User
from bot.domain.practice import PracticeService
from bot.render.chart import render_stats_chart_async
from bot.render.messages import lang_of, stats_md, t

logger = logging.getLogger(__name__)
Chart = dict[str, str]  # id, permalink, date, key


def chart_key(stats: Stats) -> str:
    """Changes whenever the chart would look different: a review, or another day."""
    return f"{stats.today.isoformat()}/{stats.total_reviews}"


@dataclass
class HomeTab:
    service: PracticeService
    client: AsyncWebClient
    pacer: ChannelPacer
    _charts: dict[int, Chart] = field(default_factory=dict)
    _locks: dict[int, asyncio.Lock] = field(default_factory=dict)

    async def opened(self, slack_user_id: str, current_view: dict[str, Any] | None) -> None:
        """app_home_opened: publish fresh stats, and a fresh chart when the figures changed."""
        user = await self.service.find_user(CHANNEL, slack_user_id)
        if user is None:  # opening Home does not sign anyone up: /drill does
            welcome = t("welcome", "en") + "\n\n" + commands_md(COMMANDS, SLACK, "en")
            await self._publish(slack_user_id, blocks.home_view(welcome, "en", None))
            return
        lock = self._locks.setdefault(user.id, asyncio.Lock())
        async with lock:  # Home opened twice in a row uploads one chart, not two
            stats = await self.service.stats(user.id)
            chart = self._charts.get(user.id) or _chart_in(current_view)
            if stats.is_empty or (chart and chart.get("key") == chart_key(stats)):
                await self.publish(user, stats, None if stats.is_empty else chart)
                return
            await self.publish(user, stats, chart)  # the figures now, the chart when it is drawn
            await self.publish(user, stats, await self.upload_chart(user, stats))

    async def upload_chart(self, user: User, stats: Stats) -> Chart | None:
        """Draw the chart and post it as an image file in the user's DM."""
        lang = lang_of(user.language)
        png = await render_stats_chart_async(stats, lang)
        if png is None or not user.chat_id:
            return None
        await self.pacer.wait(user.chat_id)
        title = t("slack_chart_title", lang)
        response = await self.client.files_upload_v2(
            channel=user.chat_id,
            file=png,
            filename=f"drillbot-progress-{stats.today.isoformat()}.png",
            title=title,
            alt_txt=title,
        )
        file = response["file"]
        chart = {
            "id": str(file["id"]),
            "permalink": str(file.get("permalink") or ""),
            "date": stats.today.isoformat(),
            "key": chart_key(stats),
        }
        self._charts[user.id] = chart
        return chart

    async def publish(self, user: User, stats: Stats, chart: Chart | None) -> None:
        lang = lang_of(user.language)
        metadata = json.dumps({"chart": chart}) if chart else ""
        view = blocks.home_view(stats_md(stats, lang), lang, chart, metadata)
        await self._publish(user.external_id, view)

    async def _publish(self, slack_user_id: str, view: dict[str, Any]) -> None:
        try:
            await self.client.views_publish(user_id=slack_user_id, view=view)
        except SlackApiError as error:
            if not _has_image(view):
                raise
            # The chart file may be gone (deleted from the DM); the figures still show.
            logger.warning("Home view with chart refused (%s); publishing without", error)
            await self.client.views_publish(user_id=slack_user_id, view=blocks.without_images(view))


def _has_image(view: dict[str, Any]) -> bool:
    return any(block.get("type") == "image" for block in view.get("blocks", []))


def _chart_in(view: dict[str, Any] | None) -> Chart | None:
    """The chart a previously published Home view shows, from its private_metadata."""
    try:
        chart = json.loads((view or {}).get("private_metadata") or "{}").get("chart")
    except (ValueError, AttributeError):
        return None
    return chart if isinstance(chart, dict) and chart.get("id") else None

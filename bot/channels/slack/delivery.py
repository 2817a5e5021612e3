"""Daily delivery through Slack: the DeliveryChannel the send queue calls for slack users.

Its Web API client has no automatic retries: a 429 becomes RetryLater(Retry-After) and a
network or server failure TransientFailure, so the queue alone decides when to resend (and
keeps its exactly-once bookkeeping) instead of a retry hidden inside one send.
"""

from __future__ import annotations

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.channels.slack import blocks
from bot.channels.slack.sender import CHANNEL, PER_CHANNEL_INTERVAL, BudgetPacer, Poster
from bot.delivery.pacing import Pacer
from bot.delivery.ports import RecipientGone, RetryLater, TransientFailure
from bot.dialogue.cards import daily_interview
from bot.domain.clock import Clock, SystemClock
from bot.domain.interview_service import DailyInterview
from bot.domain.models import NothingDue, Question, QuestionCard, User
from bot.render.messages import lang_of, nothing_due_md, t

# Errors that say this user's DM cannot be written to any more.
GONE_ERRORS = frozenset(
    {
        "channel_not_found",
        "is_archived",
        "user_not_found",
        "user_disabled",
        "cannot_dm_bot",
        "not_in_channel",
        "messages_tab_disabled",
    }
)
DEFAULT_RETRY_AFTER = 1.0


class SlackDelivery:
    name = CHANNEL
    # chat.postMessage: about one message a second per channel, a few hundred a minute overall.
    max_per_second = 4.0
    per_chat_interval = PER_CHANNEL_INTERVAL

    def __init__(
        self,
        client: AsyncWebClient,
        *,
        clock: Clock | None = None,
        budget: Pacer | None = None,
    ) -> None:
        # The send budget shared with the interactive side (run_slack), whose replies go
        # first: each message posted here takes a slot of it.
        self.budget = budget or Pacer(self.max_per_second, self.per_chat_interval)
        self.poster = Poster(client, BudgetPacer(self.budget, urgent=False))
        self.clock = clock or SystemClock()

    async def send_daily(
        self,
        user: User,
        card: QuestionCard | NothingDue,
        missed: Question | None,
        interview: DailyInterview | None = None,
    ) -> str:
        """Post the day's question (or a nothing-due note) to the user's DM; returns its ts."""
        if not user.chat_id:
            raise RecipientGone(f"Slack user {user.external_id} has no DM channel")
        lang = lang_of(user.language)
        if isinstance(card, NothingDue):
            md = nothing_due_md(card, user, self.clock.now(), lang)
            messages = blocks.markdown_messages(md)
        else:
            md = card.question.question
            messages = blocks.question_messages(card, lang)
        if interview is not None:
            line, outcome = daily_interview(interview, lang)
            messages[0] = [blocks.context(line), *messages[0]]
            messages[-1] = [*messages[-1], *blocks.button_blocks(outcome)]
        if missed is not None:
            note = blocks.context(t("slack_missed", lang, question=missed.question))
            if len(messages[0]) < blocks.MAX_BLOCKS:
                messages[0] = [note, *messages[0]]
            else:
                messages.insert(0, [note])
        try:
            return await self.poster.post(user.chat_id, messages, blocks.fallback_text(md))
        except SlackApiError as error:
            raise _mapped(error) from error
        except (TimeoutError, aiohttp.ClientError) as error:
            raise TransientFailure(f"Slack unreachable: {error!r}") from error


def _mapped(error: SlackApiError) -> Exception:
    response = error.response
    status = getattr(response, "status_code", 0)
    code = str(response.get("error", "")) if response is not None else ""
    if status == 429 or code == "ratelimited":
        return RetryLater(_retry_after(response.headers if response is not None else {}))
    if code in GONE_ERRORS:
        return RecipientGone(code)
    if status >= 500 or code in {"internal_error", "fatal_error", "service_unavailable"}:
        return TransientFailure(code or f"HTTP {status}")
    return error  # a bug on our side (e.g. invalid_blocks): let it surface


def _retry_after(headers: object) -> float:
    getter = getattr(headers, "get", None)
    raw = None
    if getter is not None:
        raw = getter("Retry-After") or getter("retry-after")
    if isinstance(raw, list):
        raw = raw[0] if raw else None
    try:
        return max(0.0, float(raw)) if raw is not None else DEFAULT_RETRY_AFTER
    except ValueError:
        return DEFAULT_RETRY_AFTER

"""Grading with any OpenAI-compatible chat-completions endpoint (OpenAI, DeepSeek, Ollama, vLLM).

Asks for schema-constrained JSON first; an endpoint that rejects that format is asked for JSON
mode, then for plain text, and the format that worked is remembered. Every failure is raised as
`ModelUnavailable` with the reason, so the caller can grade offline and say why in one line.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any, cast

import openai
from openai.types.chat import ChatCompletionMessageParam

from bot.domain.models import Question
from bot.grading.llm_reply import SCHEMA, NonsenseReply, messages, read_grade
from bot.grading.notices import Fallback
from bot.grading.privacy import keep_answers_out_of_logs
from bot.grading.verdict import Grade

log = logging.getLogger(__name__)

FORMATS = (
    {"type": "json_schema", "json_schema": {"name": "grade", "schema": SCHEMA, "strict": True}},
    {"type": "json_object"},
    None,  # plain text; the JSON is dug out of the reply
)
# Key placeholder for local servers that need none (the client insists on some key).
NO_KEY = "not-needed"


class ModelUnavailable(Exception):
    def __init__(self, reason: Fallback) -> None:
        super().__init__(reason.value)
        self.reason = reason


def make_client(base_url: str | None, api_key: str | None, timeout: float) -> openai.AsyncOpenAI:
    keep_answers_out_of_logs()
    # No retries: a user is waiting, and the offline grade is a good answer to any failure.
    return openai.AsyncOpenAI(
        base_url=base_url, api_key=api_key or NO_KEY, timeout=timeout, max_retries=0
    )


def reason_of(exc: BaseException) -> Fallback:
    if isinstance(exc, asyncio.TimeoutError | openai.APITimeoutError):
        return Fallback.TIMEOUT
    if isinstance(exc, openai.RateLimitError):
        return Fallback.RATE_LIMITED
    if isinstance(exc, openai.AuthenticationError | openai.PermissionDeniedError):
        return Fallback.BAD_KEY
    if isinstance(exc, NonsenseReply):
        return Fallback.NONSENSE
    return Fallback.UNAVAILABLE


class LlmGrader:
    def __init__(self, client: openai.AsyncOpenAI, model: str, timeout: float) -> None:
        self.client = client
        self.model = model
        self.timeout = timeout
        self._format = 0  # index into FORMATS of the first one the endpoint may accept

    async def grade(
        self, question: Question, answer: str, reference: str | None, points: tuple[str, ...]
    ) -> Grade:
        """The model's grade; raises ModelUnavailable. The whole exchange is bounded by the timeout."""
        try:
            async with asyncio.timeout(self.timeout):
                content = await self._complete(messages(question, reference, points, answer))
            return read_grade(content, points)
        except (openai.OpenAIError, NonsenseReply, TimeoutError) as exc:
            reason = reason_of(exc)
            # The reason only: the answer and the key never go to the log.
            log.warning("grading model failed (%s: %s); graded offline", reason, type(exc).__name__)
            raise ModelUnavailable(reason) from None

    async def _complete(self, chat: list[dict[str, str]]) -> str | None:
        while True:
            response_format = FORMATS[self._format]
            extra: dict[str, Any] = {"response_format": response_format} if response_format else {}
            try:
                response = await self.client.chat.completions.create(
                    model=self.model,
                    messages=cast("list[ChatCompletionMessageParam]", chat),
                    temperature=0,
                    **extra,
                )
            except (openai.BadRequestError, openai.UnprocessableEntityError):
                # The endpoint does not take this response_format: try the next, simpler one.
                if self._format == len(FORMATS) - 1:
                    raise
                self._format += 1
                log.info("grading model rejects %s output; trying the next format", _name(extra))
                continue
            if not response.choices:
                raise NonsenseReply("no choices")
            return response.choices[0].message.content

    async def close(self) -> None:
        await self.client.close()


def _name(extra: dict) -> str:
    return extra["response_format"]["type"] if extra else "plain-text"

"""Speech to text through an OpenAI-compatible /v1/audio/transcriptions endpoint.

The audio goes from memory to the endpoint and is never written to disk.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import openai

from bot.grading.llm import reason_of

log = logging.getLogger(__name__)

# OpenAI's limit for one file; self-hosted servers take more, but a spoken answer is far smaller.
MAX_AUDIO_BYTES = 25 * 1024 * 1024


class TranscriptionFailed(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class Transcriber:
    def __init__(self, client: openai.AsyncOpenAI, model: str, timeout: float) -> None:
        self.client = client
        self.model = model
        self.timeout = timeout

    async def transcribe(self, audio: bytes, filename: str, language: str | None = None) -> str:
        """The text spoken in `audio`; raises TranscriptionFailed with a short reason."""
        hint: dict[str, Any] = {"language": language.split("-")[0]} if language else {}
        try:
            async with asyncio.timeout(self.timeout):
                result = await self.client.audio.transcriptions.create(
                    model=self.model, file=(filename, audio), **hint
                )
        except (openai.OpenAIError, TimeoutError) as exc:
            reason = reason_of(exc)
            log.warning("transcription failed (%s: %s)", reason, type(exc).__name__)
            raise TranscriptionFailed(reason.value.replace("_", " ")) from None
        text = result if isinstance(result, str) else getattr(result, "text", "")
        return " ".join((text or "").split())

    async def close(self) -> None:
        await self.client.close()

"""Audio files shared in a DM with the bot: found with files.info, downloaded into memory from
url_private with the bot token (Slack serves private files only to a token that may see them)."""

from __future__ import annotations

from typing import Any

import aiohttp
from slack_sdk.web.async_client import AsyncWebClient

from bot.dialogue.inputs import Voice
from bot.grading.transcribe import MAX_AUDIO_BYTES

AUDIO_TYPES = ("audio/", "video/")  # Slack's recorded clips are audio/webm or video/mp4
DOWNLOAD_TIMEOUT = aiohttp.ClientTimeout(total=60)


class DownloadFailed(Exception):
    pass


def audio_file(event: dict[str, Any]) -> dict[str, Any] | None:
    """The first audio (or recorded clip) file shared with a message event."""
    for file in event.get("files") or []:
        if str(file.get("mimetype", "")).startswith(AUDIO_TYPES):
            return file
    return None


def voice_of(client: AsyncWebClient, file: dict[str, Any]) -> Voice:
    async def fetch() -> bytes:
        return await download(client, file["id"])

    return Voice(fetch, file.get("name") or "voice.webm")


async def download(client: AsyncWebClient, file_id: str) -> bytes:
    """The file's bytes; events may carry a partial file object, so ask files.info for its URL."""
    info = (await client.files_info(file=file_id))["file"]
    url = info.get("url_private_download") or info.get("url_private")
    if not url:
        raise DownloadFailed(f"file {file_id} has no download URL")
    headers = {"Authorization": f"Bearer {client.token}"}
    async with (
        aiohttp.ClientSession(timeout=DOWNLOAD_TIMEOUT) as session,
        session.get(url, headers=headers) as response,
    ):
        if response.status != 200:
            raise DownloadFailed(f"file {file_id}: HTTP {response.status}")
        # The checker refuses more than its limit; stopping just past it keeps a huge file
        # out of memory and still lets it tell.
        data = bytearray()
        async for chunk in response.content.iter_chunked(64 * 1024):
            data += chunk
            if len(data) > MAX_AUDIO_BYTES:
                break
        return bytes(data)

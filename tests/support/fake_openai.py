"""A fake OpenAI-compatible server (aiohttp on 127.0.0.1) for the grading and voice tests.

Serves `/v1/chat/completions` (with `response_format` json_schema / json_object / none) and
`/v1/audio/transcriptions` (multipart upload) to the real `openai` client. `behaviour` makes it
act like the endpoints met in practice: a full OpenAI-style server, a local server that only
knows JSON mode or only plain text, a model that talks nonsense, 500, 429, a hang, or a key it
does not accept. Every request is recorded.
"""

from __future__ import annotations

import asyncio
import json
import re
from dataclasses import dataclass
from typing import Any

from aiohttp import web

# behaviours
STRUCTURED = "structured"  # honours json_schema
JSON_MODE_ONLY = "json_mode_only"  # 400 on json_schema, takes json_object
TEXT_ONLY = "text_only"  # 400 on any response_format; JSON inside prose
MALFORMED = "malformed"  # prose without JSON
WRONG_SHAPE = "wrong_shape"  # JSON, but not a grade
SERVER_ERROR = "server_error"  # 500
RATE_LIMITED = "rate_limited"  # 429
HANG = "hang"  # answers only when the server closes


@dataclass
class Request:
    path: str
    headers: dict[str, str]
    body: dict[str, Any]  # JSON body, or the multipart fields (file as bytes)
    status: int


class FakeOpenAI:
    def __init__(self, api_key: str = "sk-test-key") -> None:
        self.api_key = api_key
        self.behaviour = STRUCTURED
        self.reply: dict[str, Any] | None = None  # the grade to return; default: all covered
        self.transcript = "GRPO 去掉了 critic，用组内相对奖励估计优势"
        self._closing = asyncio.Event()
        self.hanging = 0  # requests held by HANG right now
        self.requests: list[Request] = []
        self._runner: web.AppRunner | None = None
        self.url = ""

    @property
    def base_url(self) -> str:
        return f"{self.url}/v1"

    def calls(self, path: str) -> list[Request]:
        return [r for r in self.requests if r.path.endswith(path)]

    async def start(self) -> None:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_post("/v1/chat/completions", self._chat)
        app.router.add_post("/v1/audio/transcriptions", self._transcribe)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.url = f"http://127.0.0.1:{port}"

    async def close(self) -> None:
        self._closing.set()  # lets hanging requests end, so shutdown does not wait for them
        if self._runner is not None:
            await self._runner.cleanup()

    # ------------------------------------------------------------ endpoints

    async def _chat(self, request: web.Request) -> web.Response:
        body = await request.json()
        refusal = await self._refusal(request)
        fmt = (body.get("response_format") or {}).get("type")
        if refusal is None and (
            (self.behaviour == JSON_MODE_ONLY and fmt == "json_schema")
            or (self.behaviour == TEXT_ONLY and fmt)
        ):
            refusal = _error(
                400, f"response_format {fmt} is not supported", "invalid_request_error"
            )
        self.requests.append(
            Request(request.path, dict(request.headers), body, refusal.status if refusal else 200)
        )
        if refusal is not None:
            return refusal
        grade = self.reply or _all_covered(body)
        if self.behaviour == MALFORMED:
            content = "I think the answer is quite good, well done!"
        elif self.behaviour == WRONG_SHAPE:
            content = json.dumps({"verdict": "fine", "stars": 5})
        elif self.behaviour == TEXT_ONLY:
            content = f"Here is my grading:\n```json\n{json.dumps(grade, ensure_ascii=False)}\n```\nHope it helps."
        else:
            content = json.dumps(grade, ensure_ascii=False)
        return web.json_response(
            {
                "id": "chatcmpl-fake",
                "object": "chat.completion",
                "created": 0,
                "model": body.get("model", "fake"),
                "choices": [
                    {
                        "index": 0,
                        "finish_reason": "stop",
                        "message": {"role": "assistant", "content": content},
                    }
                ],
            }
        )

    async def _transcribe(self, request: web.Request) -> web.Response:
        fields: dict[str, Any] = {}
        async for part in await request.multipart():
            if part.filename:
                fields["file"] = await part.read()
                fields["filename"] = part.filename
            else:
                fields[part.name] = await part.text()
        refusal = await self._refusal(request)
        self.requests.append(
            Request(request.path, dict(request.headers), fields, refusal.status if refusal else 200)
        )
        if refusal is not None:
            return refusal
        return web.json_response({"text": self.transcript})

    async def _refusal(self, request: web.Request) -> web.Response | None:
        if request.headers.get("Authorization") != f"Bearer {self.api_key}":
            return _error(401, "Incorrect API key provided.", "invalid_api_key")
        if self.behaviour == SERVER_ERROR:
            return _error(500, "The server had an error.", "server_error")
        if self.behaviour == RATE_LIMITED:
            return _error(429, "Rate limit reached.", "rate_limit_exceeded")
        if self.behaviour == HANG:
            self.hanging += 1
            try:
                await self._closing.wait()
            finally:
                self.hanging -= 1
        return None


def _error(status: int, message: str, code: str) -> web.Response:
    return web.json_response(
        {"error": {"message": message, "type": code, "code": code, "param": None}}, status=status
    )


def _all_covered(body: dict[str, Any]) -> dict[str, Any]:
    """A grade that finds every key point listed in the prompt covered."""
    prompt = body["messages"][-1]["content"]
    listed = prompt.split("Key points:\n", 1)[1].split("\n\nCandidate's answer:", 1)[0]
    points = [
        re.sub(r"^\d+\.\s*", "", line) for line in listed.splitlines() if re.match(r"^\d+\.", line)
    ]
    return {
        "covered": points,
        "missed": [],
        "score": 0.9,
        "suggested_rating": "Good",
        "comment": "The main points are there.",
    }

"""A fake Telegram Bot API server for the delivery benchmark, run as its own process.

    python bench/fake_bot_api.py [--limit 30] [--port 0]

Prints its base URL on the first line of stdout. sendMessage succeeds at most `--limit`
times in any one-second window overall; beyond that it answers 429 with retry_after, like
Telegram's flood control. It counts the messages each chat received. GET /_stats returns the
counters (add ?chats=1 for the per-chat counts). Every other method answers plainly enough
for python-telegram-bot to start (getMe, getUpdates with a short long poll, setMyCommands...).
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import json
import sys
import time
from typing import Any

from aiohttp import web

BOT = {"id": 7000001, "is_bot": True, "first_name": "Drill", "username": "drill_bot"}
POLL_CAP = 1.0


class FloodControlledApi:
    def __init__(self, limit: int, retry_after: int) -> None:
        self.limit = limit
        self.retry_after = retry_after
        self.window: collections.deque[float] = collections.deque()
        self.per_chat: collections.Counter[str] = collections.Counter()
        self.messages = 0
        self.rate_limited = 0
        self.first_at: float | None = None
        self.last_at: float | None = None
        self.peak_per_second = 0
        self.next_message_id = 1

    async def handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"].lower()
        params = await _params(request)
        if method == "sendmessage":
            return self.send_message(params)
        if method == "getme":
            return _ok(BOT)
        if method == "getupdates":
            await asyncio.sleep(min(float(params.get("timeout") or 0), POLL_CAP))
            return _ok([])
        return _ok(True)

    def send_message(self, params: dict[str, Any]) -> web.Response:
        now = time.monotonic()
        while self.window and self.window[0] <= now - 1.0:
            self.window.popleft()
        if len(self.window) >= self.limit:
            self.rate_limited += 1
            return web.json_response(
                {
                    "ok": False,
                    "error_code": 429,
                    "description": f"Too Many Requests: retry after {self.retry_after}",
                    "parameters": {"retry_after": self.retry_after},
                },
                status=429,
            )
        self.window.append(now)
        self.peak_per_second = max(self.peak_per_second, len(self.window))
        chat = str(params.get("chat_id"))
        self.per_chat[chat] += 1
        self.messages += 1
        self.first_at = self.first_at or time.time()
        self.last_at = time.time()
        self.next_message_id += 1
        return _ok(
            {
                "message_id": self.next_message_id,
                "date": int(time.time()),
                "chat": {"id": int(chat), "type": "private", "first_name": "U"},
                "from": BOT,
                "text": "ok",
            }
        )

    async def stats(self, request: web.Request) -> web.Response:
        body: dict[str, Any] = {
            "messages": self.messages,
            "chats": len(self.per_chat),
            "duplicates": sum(n - 1 for n in self.per_chat.values() if n > 1),
            "rate_limited": self.rate_limited,
            "first_at": self.first_at,
            "last_at": self.last_at,
            "peak_per_second": self.peak_per_second,
        }
        if request.query.get("chats"):
            body["per_chat"] = dict(self.per_chat)
        return web.json_response(body)


def _ok(result: Any) -> web.Response:
    return web.json_response({"ok": True, "result": result})


async def _params(request: web.Request) -> dict[str, Any]:
    if request.content_type == "application/json":
        return await request.json()
    params: dict[str, Any] = dict(request.query)
    if request.can_read_body:
        params.update({k: v for k, v in (await request.post()).items() if isinstance(v, str)})
    return params


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--limit", type=int, default=30, help="messages per second overall")
    parser.add_argument("--retry-after", type=int, default=1)
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    api = FloodControlledApi(args.limit, args.retry_after)
    app = web.Application()
    app.router.add_get("/_stats", api.stats)
    app.router.add_route("*", "/{bot}/{method}", api.handle)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", args.port)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    print(json.dumps({"url": f"http://127.0.0.1:{port}"}), flush=True)
    await asyncio.Event().wait()


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        sys.exit(0)

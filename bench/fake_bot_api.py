"""A fake Telegram Bot API server for the delivery benchmark, run as its own process.

    python bench/fake_bot_api.py [--limit 30] [--paid-limit 1000] [--per-chat 1] [--port 0]

Prints its base URL on the first line of stdout. Flood control like Telegram's: at most
`--limit` messages (sent or edited) in any one-second window overall and `--per-chat` new
messages a second per chat; paid broadcasts (`allow_paid_broadcast`) count apart from the
others, at most `--paid-limit` in any one-second window. Beyond any of these it answers 429
with retry_after. It counts the messages each chat received, and the paid ones.

It also plays chatting users: POST /_chat?users=50 starts them, each sending /next, pressing
"Show answer", then rating "Good" (after a think time, then again), through getUpdates like
real users; it times every reply (command sent to the bot's message received in that chat).
POST /_chat/stop ends them. GET /_stats returns the counters and the reply latencies (add
?chats=1 for the per-chat counts).
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import itertools
import json
import random
import statistics
import sys
import time
from typing import Any

from aiohttp import web

BOT = {"id": 7000001, "is_bot": True, "first_name": "Drill", "username": "drill_bot"}
POLL_CAP = 1.0
CHATTER_BASE = 9_000_000  # chat ids of the chatting users
REPLY_TIMEOUT = 30.0
SEND_METHODS = ("sendmessage", "sendphoto")  # new messages: count overall and per chat
EDIT_METHODS = ("editmessagetext", "editmessagereplymarkup")  # count overall


class FloodControlledApi:
    def __init__(self, limit: int, per_chat: float, retry_after: int, paid_limit: int) -> None:
        self.limit = limit
        self.paid_limit = paid_limit
        self.chat_gap = 1.0 / per_chat
        self.retry_after = retry_after
        self.window: collections.deque[float] = collections.deque()
        self.paid_window: collections.deque[float] = collections.deque()
        self.paid = 0  # paid broadcasts accepted
        self.paid_refused = 0  # 429s because the paid window was full
        self.peak_paid_per_second = 0
        self.chat_last: dict[str, float] = {}
        self.per_chat: collections.Counter[str] = collections.Counter()
        self.messages = 0
        self.daily = 0
        self.at_first = 0  # self.messages when the first daily message went
        self.during = 0  # messages counted from the first daily message to the last
        self.rate_limited = 0
        self.refused_overall = 0  # of which: the overall window was full
        self.first_at: float | None = None
        self.last_at: float | None = None
        self.peak_per_second = 0
        self.message_ids = itertools.count(2)
        self.updates: list[dict[str, Any]] = []
        self.update_ids = itertools.count(1)
        self.changed = asyncio.Condition()
        self.inbox: dict[int, list[dict[str, Any]]] = collections.defaultdict(list)
        self.latencies: list[float] = []
        self.chatters: list[asyncio.Task[None]] = []

    async def handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"].lower()
        params = await _params(request)
        if method in SEND_METHODS or method in EDIT_METHODS:
            return await self.message(method, params)
        if method == "getme":
            return _ok(BOT)
        if method == "getupdates":
            return _ok(await self.get_updates(params))
        return _ok(True)

    def refused(self, now: float, method: str, chat: str, paid: bool) -> bool:
        window, limit = (self.paid_window, self.paid_limit) if paid else (self.window, self.limit)
        while window and window[0] <= now - 1.0:
            window.popleft()
        if len(window) >= limit:
            if paid:
                self.paid_refused += 1
            else:
                self.refused_overall += 1
            return True
        return method in SEND_METHODS and now - self.chat_last.get(chat, -1e9) < self.chat_gap

    async def message(self, method: str, params: dict[str, Any]) -> web.Response:
        now = time.monotonic()
        chat = str(params.get("chat_id"))
        paid = str(params.get("allow_paid_broadcast")).lower() == "true"
        if self.refused(now, method, chat, paid):
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
        if paid:
            self.paid += 1
            self.paid_window.append(now)
            self.peak_paid_per_second = max(self.peak_paid_per_second, len(self.paid_window))
        else:
            self.window.append(now)
            self.peak_per_second = max(self.peak_per_second, len(self.window))
        self.messages += 1
        if method in EDIT_METHODS:
            return _ok(True)
        self.chat_last[chat] = now
        self.per_chat[chat] += 1
        if int(chat) < CHATTER_BASE:
            self.daily += 1
            if self.first_at is None:
                self.first_at, self.at_first = time.time(), self.messages - 1
            self.last_at = time.time()
            self.during = self.messages - self.at_first
        message = {
            "message_id": next(self.message_ids),
            "date": int(time.time()),
            "chat": {"id": int(chat), "type": "private", "first_name": "U"},
            "from": BOT,
            "text": "ok",
        }
        if markup := params.get("reply_markup"):
            message["reply_markup"] = json.loads(markup) if isinstance(markup, str) else markup
        if int(chat) >= CHATTER_BASE:
            async with self.changed:
                self.inbox[int(chat)].append(message)
                self.changed.notify_all()
        return _ok(message)

    async def get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = int(params.get("offset") or 0)
        wait = min(float(params.get("timeout") or 0), POLL_CAP)

        def pending() -> list[dict[str, Any]]:
            return [u for u in self.updates if u["update_id"] >= offset]

        async with self.changed:
            self.updates = pending()
            if not self.updates and wait > 0:
                try:
                    await asyncio.wait_for(self.changed.wait_for(pending), wait)
                except TimeoutError:
                    pass
            return pending()[:100]

    # ------------------------------------------------------------ chatting users

    async def push(self, update: dict[str, Any]) -> None:
        async with self.changed:
            self.updates.append({"update_id": next(self.update_ids), **update})
            self.changed.notify_all()

    async def chat(self, chat_id: int, think: tuple[float, float]) -> None:
        """One user practising: /next, Show answer, Good, and again, timing each reply."""
        user = {"id": chat_id, "is_bot": False, "first_name": "Chatter", "language_code": "en"}
        chat = {"id": chat_id, "type": "private", "first_name": "Chatter"}
        last: dict[str, Any] | None = None
        await asyncio.sleep(random.uniform(*think))
        while True:
            data = _pick(last)
            if data is None:
                text = "/next"
                update: dict[str, Any] = {
                    "message": {
                        "message_id": next(self.message_ids),
                        "from": user,
                        "chat": chat,
                        "date": int(time.time()),
                        "text": text,
                        "entities": [{"type": "bot_command", "offset": 0, "length": len(text)}],
                    }
                }
            else:
                assert last is not None
                update = {
                    "callback_query": {
                        "id": str(next(self.update_ids)),
                        "from": user,
                        "chat_instance": f"ci{chat_id}",
                        "message": last,
                        "data": data,
                    }
                }
            seen = len(self.inbox[chat_id])
            sent = time.monotonic()
            await self.push(update)
            async with self.changed:
                await asyncio.wait_for(
                    self.changed.wait_for(lambda seen=seen: len(self.inbox[chat_id]) > seen),
                    REPLY_TIMEOUT,
                )
            self.latencies.append(time.monotonic() - sent)
            last = self.inbox[chat_id][-1]
            await asyncio.sleep(random.uniform(*think))

    async def start_chat(self, request: web.Request) -> web.Response:
        users = int(request.query.get("users", "50"))
        think = (
            float(request.query.get("think_min", "1")),
            float(request.query.get("think_max", "4")),
        )
        self.latencies.clear()
        self.chatters = [
            asyncio.create_task(self.chat(CHATTER_BASE + n, think)) for n in range(users)
        ]
        return _ok(True)

    async def stop_chat(self, request: web.Request) -> web.Response:
        for task in self.chatters:
            task.cancel()
        await asyncio.gather(*self.chatters, return_exceptions=True)
        return _ok(True)

    async def stats(self, request: web.Request) -> web.Response:
        daily_chats = {c: n for c, n in self.per_chat.items() if int(c) < CHATTER_BASE}
        latencies = sorted(self.latencies)
        body: dict[str, Any] = {
            "messages": self.messages,  # every message counted by the flood control
            "daily": self.daily,  # new messages to the daily users
            "during": self.during,
            "chats": len(daily_chats),
            "duplicates": sum(n - 1 for n in daily_chats.values() if n > 1),
            "rate_limited": self.rate_limited,
            "refused_overall": self.refused_overall,
            "first_at": self.first_at,
            "last_at": self.last_at,
            "peak_per_second": self.peak_per_second,
            "paid": self.paid,
            "paid_refused": self.paid_refused,
            "peak_paid_per_second": self.peak_paid_per_second,
            "replies": len(latencies),
            "reply_p50": statistics.median(latencies) if latencies else None,
            "reply_p99": latencies[int(0.99 * (len(latencies) - 1))] if latencies else None,
            "reply_max": latencies[-1] if latencies else None,
            "chatters_failed": sum(
                1 for t in self.chatters if t.done() and not t.cancelled() and t.exception()
            ),
        }
        if request.query.get("chats"):
            body["per_chat"] = daily_chats
        return web.json_response(body)


def _pick(message: dict[str, Any] | None) -> str | None:
    """The button a practising user presses next: Show answer, else Good; none: /next."""
    buttons = [
        b.get("callback_data", "")
        for row in ((message or {}).get("reply_markup") or {}).get("inline_keyboard", [])
        for b in row
    ]
    for prefix in ("a:", "r:3:"):
        for data in buttons:
            if data.startswith(prefix):
                return data
    return None


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
    parser.add_argument("--paid-limit", type=int, default=1000, help="paid broadcasts a second")
    parser.add_argument("--per-chat", type=float, default=1.0, help="messages a second per chat")
    parser.add_argument("--retry-after", type=int, default=1)
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    api = FloodControlledApi(args.limit, args.per_chat, args.retry_after, args.paid_limit)
    app = web.Application()
    app.router.add_get("/_stats", api.stats)
    app.router.add_post("/_chat", api.start_chat)
    app.router.add_post("/_chat/stop", api.stop_chat)
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

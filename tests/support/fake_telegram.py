"""A fake Telegram Bot API server (aiohttp on 127.0.0.1) for end-to-end tests.

It serves `/bot<token>/<method>` like api.telegram.org: hands out updates through getUpdates
(offset semantics, long poll honoured briefly) or posts them to a webhook, serves files the
user sent (getFile, then a download from /file/bot<token>/<file_path>), refuses what
Telegram refuses (bad HTML, long texts, oversized callback_data, unknown or blocked chats,
double answers to a button press) and records everything the bot sent, so that tests read a
conversation the way the user would see it.

With `flood_control`, it also limits the bot's messages like Telegram: at most 30 in any one
second, and paid broadcasts (`allow_paid_broadcast`) apart from those, at most 1,000 in any one
second; beyond either it answers 429 with retry_after.
"""

from __future__ import annotations

import asyncio
import collections
import itertools
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import ClientSession, web

from tests.support.telegram_html import validate_telegram_html, visible_text

TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024
CALLBACK_DATA_LIMIT = 64
CALLBACK_ANSWER_LIMIT = 200
WAIT_TIMEOUT = 10.0
# Parameters PTB sends as plain strings; everything else arrives JSON-encoded.
STRING_PARAMS = {
    "text",
    "caption",
    "parse_mode",
    "callback_query_id",
    "url",
    "secret_token",
    "language_code",
    "action",
    "inline_message_id",
}


class ApiError(Exception):
    def __init__(self, code: int, description: str, **parameters: Any) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.parameters = parameters


@dataclass
class Call:
    """One request the bot made, and how the fake answered it."""

    method: str
    params: dict[str, Any]
    status: int = 200
    error: str | None = None


@dataclass
class SentMessage:
    """A message the bot sent, as the user's client would hold it (edits applied)."""

    chat_id: int
    message_id: int
    text: str | None  # as sent (HTML when parse_mode is HTML)
    parse_mode: str | None
    reply_markup: dict[str, Any] | None
    photo: bytes | None = None
    date: int = field(default_factory=lambda: int(time.time()))
    paid: bool = False  # sent with allow_paid_broadcast
    at: float = field(default_factory=time.monotonic)

    @property
    def plain(self) -> str:
        """The text the user reads."""
        if self.text is None:
            return ""
        return visible_text(self.text) if self.parse_mode == "HTML" else self.text

    @property
    def buttons(self) -> list[dict[str, Any]]:
        if not self.reply_markup:
            return []
        return [b for row in self.reply_markup.get("inline_keyboard", []) for b in row]

    def button(self, label: str) -> dict[str, Any]:
        """The button whose text contains `label`."""
        for button in self.buttons:
            if label in button["text"]:
                return button
        raise AssertionError(f"no button {label!r} in {[b['text'] for b in self.buttons]}")


@dataclass
class Chat:
    user: dict[str, Any]
    blocked: bool = False
    started: bool = True  # False: a group member who never opened a private chat with the bot


FREE_LIMIT = 30  # messages a second per bot (with flood_control)
PAID_LIMIT = 1000  # paid broadcasts a second per bot (with flood_control)
GROUP_LIMIT = 20  # messages a minute a bot may send to one group
GROUP_WINDOW = 60.0


@dataclass
class Group:
    """A group chat: its members, its admins (the first is the creator) and whether the bot is in."""

    id: int
    title: str
    members: list[FakeUser]
    admins: list[FakeUser]
    bot_present: bool = False
    sends: list[float] = field(default_factory=list)  # monotonic times of messages and edits
    over_limit: int = 0  # 429s the bot ran into

    @property
    def chat(self) -> dict[str, Any]:
        return {"id": self.id, "type": "supergroup", "title": self.title}


class FakeTelegram:
    def __init__(
        self, token: str, *, long_poll_cap: float = 0.5, flood_control: bool = False
    ) -> None:
        self.token = token
        self.long_poll_cap = long_poll_cap
        self.flood_control = flood_control
        # monotonic times of the messages counted in the last second: free, paid
        self._windows = (collections.deque[float](), collections.deque[float]())
        self.over_limit = 0  # 429s answered by the flood control
        self.me = {"id": 7000001, "is_bot": True, "first_name": "Drill", "username": "drill_bot"}
        self.calls: list[Call] = []
        self.messages: list[SentMessage] = []
        self.chats: dict[int, Chat] = {}
        self.groups: dict[int, Group] = {}
        self.commands: dict[str, list[dict[str, Any]]] = {}  # language_code ("" default)
        self.callback_answers: dict[str, dict[str, Any]] = {}
        self.webhook: dict[str, Any] | None = None
        self.failures: dict[str, list[ApiError]] = {}
        self.files: dict[str, bytes] = {}  # file_id -> content, of what users sent
        self._updates: list[dict[str, Any]] = []
        self._update_ids = itertools.count(1000)
        self._message_ids: dict[int, itertools.count[int]] = {}
        self._query_ids = itertools.count(1)
        self._changed = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self._client: ClientSession | None = None
        self.url = ""

    # ------------------------------------------------------------ lifecycle

    async def start(self, port: int = 0) -> None:
        app = web.Application()
        app.router.add_post("/{bot}/{method}", self._handle)
        app.router.add_get("/{bot}/{method}", self._handle)
        app.router.add_get("/file/{bot}/{path:.+}", self._download)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", port)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.url = f"http://127.0.0.1:{port}"

    async def close(self) -> None:
        if self._client is not None:
            await self._client.close()
        if self._runner is not None:
            await self._runner.cleanup()

    # ------------------------------------------------------------ the test's side

    def user(self, user_id: int, first_name: str = "Ada", language_code: str = "en") -> FakeUser:
        """A Telegram user with a private chat (chat id = user id) the bot may write to."""
        data = {"id": user_id, "is_bot": False, "first_name": first_name}
        if language_code:
            data["language_code"] = language_code
        self.chats[user_id] = Chat(data)
        return FakeUser(self, data)

    def member(self, user_id: int, first_name: str, language_code: str = "en") -> FakeUser:
        """A user who is in a group but has never opened a private chat with the bot."""
        fake = self.user(user_id, first_name, language_code)
        self.chats[user_id].started = False
        return fake

    def group(
        self, group_id: int, title: str, members: list[FakeUser], admins: list[FakeUser]
    ) -> Group:
        self.groups[group_id] = Group(group_id, title, members, admins)
        return self.groups[group_id]

    async def add_bot(self, group: Group, by: FakeUser) -> int:
        """`by` adds the bot to the group: Telegram tells the bot with a my_chat_member update."""
        group.bot_present = True
        return await self._my_chat_member(group, by, "left", "member")

    async def remove_bot(self, group: Group, by: FakeUser) -> int:
        group.bot_present = False
        return await self._my_chat_member(group, by, "member", "kicked")

    async def _my_chat_member(self, group: Group, by: FakeUser, old: str, new: str) -> int:
        change = {
            "chat": group.chat,
            "from": by.data,
            "date": int(time.time()),
            "old_chat_member": {"status": old, "user": self.me},
            "new_chat_member": {
                "status": new,
                "user": self.me,
                **({"until_date": 0} if new == "kicked" else {}),
            },
        }
        return await self.push_update({"my_chat_member": change})

    def sent_to_group(self, group: Group) -> list[SentMessage]:
        return [m for m in self.messages if m.chat_id == group.id]

    def block(self, chat_id: int, blocked: bool = True) -> None:
        self.chats[chat_id].blocked = blocked

    def fail_next(self, method: str, error: ApiError) -> None:
        """Answer the next call of `method` with `error` (e.g. a 429 with retry_after)."""
        self.failures.setdefault(method.lower(), []).append(error)

    def sent_to(self, chat_id: int) -> list[SentMessage]:
        return [m for m in self.messages if m.chat_id == chat_id]

    def calls_to(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method.lower() == method.lower()]

    async def wait_for(self, predicate: Callable[[], Any], timeout: float = WAIT_TIMEOUT) -> Any:
        """Wait until `predicate()` is truthy (checked whenever the bot makes a request)."""
        async with self._changed:
            return await asyncio.wait_for(self._changed.wait_for(predicate), timeout)

    async def push_update(self, update: dict[str, Any]) -> int:
        update = {"update_id": next(self._update_ids), **update}
        if self.webhook:
            await self._post_to_webhook(update)
        else:
            async with self._changed:
                self._updates.append(update)
                self._changed.notify_all()
        return update["update_id"]

    def new_message_id(self, chat_id: int) -> int:
        return next(self._message_ids.setdefault(chat_id, itertools.count(1)))

    def new_query_id(self) -> str:
        return str(next(self._query_ids))

    # ------------------------------------------------------------ HTTP

    async def _handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        if request.match_info["bot"] != f"bot{self.token}":
            return self._error(ApiError(401, "Unauthorized"))
        params = await _params(request)
        call = Call(method, params)
        try:
            if failures := self.failures.get(method.lower()):
                raise failures.pop(0)
            handler = getattr(self, f"api_{method.lower()}", None)
            if handler is None:
                raise ApiError(404, "Not Found")
            result = await handler(params)
            response = web.json_response({"ok": True, "result": result})
        except ApiError as error:
            call.status, call.error = error.code, error.description
            response = self._error(error)
        async with self._changed:
            self.calls.append(call)
            self._changed.notify_all()
        return response

    async def _download(self, request: web.Request) -> web.Response:
        """A file by the path getFile gave (valid only with the bot's own token)."""
        path = request.match_info["path"]
        call = Call("download", {"file_path": path})
        file_id = path.rsplit("/", 1)[-1].split(".", 1)[0]
        if request.match_info["bot"] != f"bot{self.token}" or file_id not in self.files:
            call.status, call.error = 404, "Not Found"
            response = web.Response(status=404, text="Not Found")
        else:
            response = web.Response(body=self.files[file_id])
        async with self._changed:
            self.calls.append(call)
            self._changed.notify_all()
        return response

    @staticmethod
    def _error(error: ApiError) -> web.Response:
        body: dict[str, Any] = {
            "ok": False,
            "error_code": error.code,
            "description": error.description,
        }
        if error.parameters:
            body["parameters"] = error.parameters
        return web.json_response(body, status=error.code)

    async def _post_to_webhook(self, update: dict[str, Any]) -> None:
        assert self.webhook is not None
        if self._client is None:
            self._client = ClientSession()
        headers = {}
        if self.webhook.get("secret_token"):
            headers["X-Telegram-Bot-Api-Secret-Token"] = self.webhook["secret_token"]
        async with self._client.post(self.webhook["url"], json=update, headers=headers) as resp:
            assert resp.status == 200, f"webhook answered {resp.status}"

    # ------------------------------------------------------------ Bot API methods

    async def api_getme(self, params: dict[str, Any]) -> dict[str, Any]:
        return self.me

    async def api_setmycommands(self, params: dict[str, Any]) -> bool:
        commands = params.get("commands") or []
        for command in commands:
            name, description = command.get("command", ""), command.get("description", "")
            if not (1 <= len(name) <= 32 and name.islower() and name.replace("_", "").isalnum()):
                raise ApiError(400, "Bad Request: BOT_COMMAND_INVALID")
            if not 1 <= len(description) <= 256:
                raise ApiError(400, "Bad Request: BOT_COMMAND_DESCRIPTION_INVALID")
        self.commands[params.get("language_code") or ""] = commands
        return True

    async def api_deletewebhook(self, params: dict[str, Any]) -> bool:
        self.webhook = None
        return True

    async def api_setwebhook(self, params: dict[str, Any]) -> bool:
        self.webhook = params
        return True

    async def api_getupdates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        if self.webhook:
            raise ApiError(409, "Conflict: can't use getUpdates method while webhook is active")
        offset = int(params.get("offset") or 0)
        limit = int(params.get("limit") or 100)
        wait = min(float(params.get("timeout") or 0), self.long_poll_cap)

        def pending() -> list[dict[str, Any]]:
            return [u for u in self._updates if u["update_id"] >= offset]

        async with self._changed:
            # An offset confirms every earlier update: Telegram forgets them.
            self._updates = pending()
            if not self._updates and wait > 0:
                try:
                    await asyncio.wait_for(self._changed.wait_for(pending), wait)
                except TimeoutError:
                    pass
            return pending()[:limit]

    async def api_sendmessage(self, params: dict[str, Any]) -> dict[str, Any]:
        chat_id = self._reachable_chat(params)
        text = params.get("text") or ""
        _check_text(text, params.get("parse_mode"), TEXT_LIMIT, "message is too long")
        markup = _check_markup(params.get("reply_markup"))
        paid = params.get("allow_paid_broadcast") is True
        self._flood_control(paid)
        message = SentMessage(
            chat_id, self.new_message_id(chat_id), text, params.get("parse_mode"), markup, paid=paid
        )
        self.messages.append(message)
        return self._message_json(message)

    @property
    def paid_messages(self) -> list[SentMessage]:
        return [m for m in self.messages if m.paid]

    def peak_per_second(self, messages: list[SentMessage]) -> int:
        """The most of `messages` that arrived within any one second."""
        times = sorted(m.at for m in messages)
        first, peak = 0, 0
        for last, at in enumerate(times):
            while at - times[first] >= 1.0:
                first += 1
            peak = max(peak, last - first + 1)
        return peak

    async def api_sendphoto(self, params: dict[str, Any]) -> dict[str, Any]:
        chat_id = self._reachable_chat(params)
        photo = params.get("photo")
        if not isinstance(photo, bytes) or not photo.startswith(b"\x89PNG"):
            raise ApiError(400, "Bad Request: IMAGE_PROCESS_FAILED")
        self._flood_control(params.get("allow_paid_broadcast") is True)
        caption = params.get("caption")
        if caption:
            _check_text(
                caption, params.get("parse_mode"), CAPTION_LIMIT, "message caption is too long"
            )
        message = SentMessage(
            chat_id,
            self.new_message_id(chat_id),
            caption,
            params.get("parse_mode"),
            _check_markup(params.get("reply_markup")),
            photo=photo,
        )
        self.messages.append(message)
        result = self._message_json(message)
        result["photo"] = [{"file_id": "p1", "file_unique_id": "u1", "width": 1, "height": 1}]
        return result

    async def api_sendchataction(self, params: dict[str, Any]) -> bool:
        self._reachable_chat(params)
        return True

    async def api_getfile(self, params: dict[str, Any]) -> dict[str, Any]:
        file_id = str(params.get("file_id"))
        if file_id not in self.files:
            raise ApiError(400, "Bad Request: invalid file_id")
        return {
            "file_id": file_id,
            "file_unique_id": f"u{file_id}",
            "file_size": len(self.files[file_id]),
            "file_path": f"voice/{file_id}.oga",
        }

    async def api_editmessagetext(self, params: dict[str, Any]) -> dict[str, Any]:
        message = self._own_message(params)
        text = params.get("text") or ""
        _check_text(text, params.get("parse_mode"), TEXT_LIMIT, "MESSAGE_TOO_LONG")
        markup = _check_markup(params.get("reply_markup"))
        if text == message.text and markup == message.reply_markup:
            raise ApiError(400, "Bad Request: message is not modified")
        self._flood_control(False)
        message.text, message.parse_mode, message.reply_markup = (
            text,
            params.get("parse_mode"),
            markup,
        )
        return self._message_json(message)

    async def api_editmessagereplymarkup(self, params: dict[str, Any]) -> dict[str, Any]:
        message = self._own_message(params)
        markup = _check_markup(params.get("reply_markup"))
        if (markup or None) == (message.reply_markup or None):
            raise ApiError(400, "Bad Request: message is not modified")
        self._flood_control(False)
        message.reply_markup = markup
        return self._message_json(message)

    async def api_answercallbackquery(self, params: dict[str, Any]) -> bool:
        query_id = str(params.get("callback_query_id"))
        if query_id in self.callback_answers or not query_id.isdigit():
            raise ApiError(
                400,
                "Bad Request: query is too old and response timeout expired or query ID is invalid",
            )
        if len(params.get("text") or "") > CALLBACK_ANSWER_LIMIT:
            raise ApiError(400, "Bad Request: MESSAGE_TOO_LONG")
        self.callback_answers[query_id] = params
        return True

    async def api_getchatadministrators(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        group = self.groups.get(int(params.get("chat_id") or 0))
        if group is None:
            raise ApiError(400, "Bad Request: chat not found")
        admins = [{"status": "creator", "user": group.admins[0].data, "is_anonymous": False}]
        rights = dict.fromkeys(ADMIN_RIGHTS, False)
        admins += [
            {"status": "administrator", "user": admin.data, "is_anonymous": False, **rights}
            for admin in group.admins[1:]
        ]
        return admins

    # ------------------------------------------------------------ helpers

    def _group_send(self, group: Group) -> None:
        """A message or edit in a group: the bot must be in it, and within 20 a minute."""
        if not group.bot_present:
            raise ApiError(403, "Forbidden: bot was kicked from the group chat")
        now = time.monotonic()
        group.sends = [at for at in group.sends if now - at < GROUP_WINDOW]
        if len(group.sends) >= GROUP_LIMIT:
            group.over_limit += 1
            retry = int(GROUP_WINDOW - (now - group.sends[0])) + 1
            raise ApiError(429, f"Too Many Requests: retry after {retry}", retry_after=retry)
        group.sends.append(now)

    def _flood_control(self, paid: bool) -> None:
        """Telegram's limit per bot over a sliding second; paid broadcasts count apart."""
        if not self.flood_control:
            return
        window, limit = (self._windows[1], PAID_LIMIT) if paid else (self._windows[0], FREE_LIMIT)
        now = time.monotonic()
        while window and now - window[0] >= 1.0:
            window.popleft()
        if len(window) >= limit:
            self.over_limit += 1
            raise ApiError(429, "Too Many Requests: retry after 1", retry_after=1)
        window.append(now)

    def _reachable_chat(self, params: dict[str, Any]) -> int:
        try:
            chat_id = int(params.get("chat_id"))  # type: ignore[arg-type]
        except (TypeError, ValueError):
            raise ApiError(400, "Bad Request: chat not found") from None
        if (group := self.groups.get(chat_id)) is not None:
            self._group_send(group)
            return chat_id
        chat = self.chats.get(chat_id)
        if chat is None:
            raise ApiError(400, "Bad Request: chat not found")
        if chat.blocked:
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        if not chat.started:
            raise ApiError(403, "Forbidden: bot can't initiate conversation with a user")
        return chat_id

    def _own_message(self, params: dict[str, Any]) -> SentMessage:
        chat_id = self._reachable_chat(params)
        message_id = int(params.get("message_id") or 0)
        for message in self.messages:
            if message.chat_id == chat_id and message.message_id == message_id:
                return message
        raise ApiError(400, "Bad Request: message to edit not found")

    def _message_json(self, message: SentMessage) -> dict[str, Any]:
        group = self.groups.get(message.chat_id)
        chat = group.chat if group else _private_chat(self.chats[message.chat_id].user)
        data: dict[str, Any] = {
            "message_id": message.message_id,
            "from": self.me,
            "chat": chat,
            "date": message.date,
        }
        if message.text is not None and message.photo is None:
            data["text"] = message.plain
        if message.reply_markup:
            data["reply_markup"] = message.reply_markup
        return data


class FakeUser:
    """A person in a private chat with the bot: sends messages, presses buttons, reads."""

    def __init__(self, server: FakeTelegram, data: dict[str, Any]) -> None:
        self.server = server
        self.data = data
        self.id: int = data["id"]
        self._read = 0  # messages already returned by next_message

    async def send(self, text: str, group: Group | None = None) -> int:
        """Send `text` to the bot in private, or in `group`."""
        chat_id = group.id if group else self.id
        if group is None:
            self.server.chats[self.id].started = True  # writing to the bot opens the chat
        message: dict[str, Any] = {
            "message_id": self.server.new_message_id(chat_id),
            "from": self.data,
            "chat": group.chat if group else _private_chat(self.data),
            "date": int(time.time()),
            "text": text,
        }
        if text.startswith("/"):
            command = text.split()[0]
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        return await self.server.push_update({"message": message})

    async def send_voice(self, ogg: bytes, seconds: int = 2) -> int:
        """A voice message (OGG Opus), kept on the server for getFile like Telegram does."""
        file_id = f"voice{len(self.server.files) + 1}"
        self.server.files[file_id] = ogg
        message: dict[str, Any] = {
            "message_id": self.server.new_message_id(self.id),
            "from": self.data,
            "chat": _private_chat(self.data),
            "date": int(time.time()),
            "voice": {
                "file_id": file_id,
                "file_unique_id": f"u{file_id}",
                "duration": seconds,
                "mime_type": "audio/ogg",
                "file_size": len(ogg),
            },
        }
        return await self.server.push_update({"message": message})

    async def press(self, message: SentMessage, label: str) -> str:
        """Press the button labelled `label` on `message`; returns the callback query id."""
        return await self.press_data(message, message.button(label)["callback_data"])

    async def press_data(self, message: SentMessage, data: str) -> str:
        query_id = self.server.new_query_id()
        await self.server.push_update(
            {
                "callback_query": {
                    "id": query_id,
                    "from": self.data,
                    "chat_instance": f"ci{self.id}",
                    "message": self.server._message_json(message),
                    "data": data,
                }
            }
        )
        return query_id

    async def callback_answer(self, query_id: str) -> dict[str, Any]:
        """What the client showed for the press (the answerCallbackQuery parameters)."""
        answers = self.server.callback_answers
        await self.server.wait_for(lambda: query_id in answers)
        return answers[query_id]

    @property
    def inbox(self) -> list[SentMessage]:
        return self.server.sent_to(self.id)

    async def next_message(self, timeout: float = WAIT_TIMEOUT) -> SentMessage:
        """The next message the bot sends to this chat (in order; each returned once)."""
        await self.server.wait_for(lambda: len(self.inbox) > self._read, timeout)
        message = self.inbox[self._read]
        self._read += 1
        return message

    async def next_messages(self, count: int) -> list[SentMessage]:
        return [await self.next_message() for _ in range(count)]

    async def next_message_with_buttons(self) -> tuple[list[SentMessage], SentMessage]:
        """Messages up to and including the next one carrying a keyboard."""
        before: list[SentMessage] = []
        while not (message := await self.next_message()).buttons:
            before.append(message)
        return before, message

    def unread(self) -> list[SentMessage]:
        return self.inbox[self._read :]

    async def ask(self, text: str) -> SentMessage:
        """Send `text` and return the bot's first reply."""
        await self.send(text)
        return await self.next_message()


# ---------------------------------------------------------------- request parsing and checks


async def _params(request: web.Request) -> dict[str, Any]:
    if request.content_type == "application/json":
        return await request.json()
    form = await request.post() if request.can_read_body else {}
    params: dict[str, Any] = dict(request.query)
    for name, value in form.items():
        if isinstance(value, web.FileField):
            params[name] = value.file.read()
        elif name in STRING_PARAMS:
            params[name] = value
        else:
            try:
                params[name] = json.loads(value)
            except ValueError:
                params[name] = value
    # A file sent as multipart is named by "attach://<name>" in the parameter.
    for name, value in list(params.items()):
        if isinstance(value, str) and value.startswith("attach://"):
            params[name] = params.pop(value.removeprefix("attach://"), value)
    return params


def _check_text(text: str, parse_mode: str | None, limit: int, too_long: str) -> None:
    if parse_mode not in ("HTML", None):
        raise ApiError(400, f"Bad Request: unsupported parse_mode {parse_mode}")
    visible = visible_text(text) if parse_mode == "HTML" else text
    if not visible.strip():
        raise ApiError(400, "Bad Request: message text is empty")
    if parse_mode == "HTML" and (problems := validate_telegram_html(text, limit=10**9)):
        raise ApiError(400, f"Bad Request: can't parse entities: {problems[0]}")
    if len(visible.strip().encode("utf-16-le")) // 2 > limit:
        raise ApiError(400, f"Bad Request: {too_long}")


def _check_markup(markup: Any) -> dict[str, Any] | None:
    if markup is None:
        return None
    if isinstance(markup, str):
        markup = json.loads(markup)
    for row in markup.get("inline_keyboard", []):
        for button in row:
            if not button.get("text"):
                raise ApiError(400, "Bad Request: BUTTON_TEXT_EMPTY")
            data = button.get("callback_data")
            if data is not None and not 1 <= len(data.encode()) <= CALLBACK_DATA_LIMIT:
                raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")
    return markup


ADMIN_RIGHTS = (
    "can_be_edited", "can_manage_chat", "can_delete_messages", "can_manage_video_chats",
    "can_restrict_members", "can_promote_members", "can_change_info", "can_invite_users",
    "can_post_stories", "can_edit_stories", "can_delete_stories",
)  # fmt: skip


def _private_chat(user: dict[str, Any]) -> dict[str, Any]:
    return {"id": user["id"], "type": "private", "first_name": user.get("first_name", "")}

"""A fake Slack Web API server (aiohttp on 127.0.0.1) for end-to-end tests.

It serves `/api/<method>` like slack.com/api: checks the bot token, refuses what Slack refuses
(over-limit or malformed blocks, unknown channels and messages), implements the three steps of
files_upload_v2 (an upload URL on itself), serves files users shared (files.info, then
url_private with the bot token), receives response_url posts (ephemeral replies),
can answer the next call with a 429 and Retry-After, and records every call and message so that
tests read the conversation the way the user would see it.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from aiohttp import web

WAIT_TIMEOUT = 15.0
MAX_MESSAGE_BLOCKS = 50
MAX_VIEW_BLOCKS = 100
SECTION_TEXT_LIMIT = 3000
MARKDOWN_TEXT_LIMIT = 12_000  # a markdown block; also the total of all in one message
BUTTON_TEXT_LIMIT = 75
VALUE_LIMIT = 2000
ACTION_ELEMENTS_LIMIT = 25
METADATA_LIMIT = 3000
BOT_USER = "UBOT0001"


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    at: float  # time.monotonic() when it arrived
    status: int = 200
    error: str | None = None


@dataclass
class Message:
    """A message as the user's client holds it (edits applied)."""

    channel: str
    ts: str
    text: str
    blocks: list[dict[str, Any]]
    edits: int = 0

    @property
    def mrkdwn(self) -> str:
        """Every text the blocks show, in order."""
        return "\n".join(block_texts(self.blocks))

    @property
    def buttons(self) -> list[dict[str, Any]]:
        return [e for b in self.blocks if b.get("type") == "actions" for e in b["elements"]]

    def button(self, label: str) -> dict[str, Any]:
        for element in self.buttons:
            if label in element["text"]["text"]:
                return element
        raise AssertionError(f"no button {label!r} in {[b['text']['text'] for b in self.buttons]}")


@dataclass
class Ephemeral(Message):
    user: str = ""
    replaced: int = 0


@dataclass
class File:
    id: str
    filename: str
    length: int
    data: bytes | None = None
    channel: str | None = None
    title: str = ""
    mimetype: str = "application/octet-stream"

    @property
    def permalink(self) -> str:
        return f"https://fake.slack.test/files/{self.id}/{self.filename}"


@dataclass
class Channel:
    """A public channel: its members and whether the app is in it."""

    id: str
    name: str
    members: list[str]
    bot_in: bool = False
    last_post: float = -1e9  # monotonic time of the app's last message here
    over_limit: int = 0  # posts refused for coming within a second of the previous one


# chat.postMessage: about one message a second per channel. Posts spaced a second apart by
# the bot may arrive a little closer (request jitter), as the gap tests elsewhere allow.
CHANNEL_MIN_GAP = 0.9


class SlackError(Exception):
    def __init__(self, error: str, status: int = 200, retry_after: int | None = None) -> None:
        super().__init__(error)
        self.error = error
        self.status = status
        self.retry_after = retry_after


class FakeSlack:
    def __init__(self, bot_token: str, app_token: str = "xapp-1-fake") -> None:
        self.bot_token = bot_token
        self.app_token = app_token
        self.sockets: list[web.WebSocketResponse] = []
        self.socket_acks: dict[str, dict[str, Any]] = {}  # envelope id -> ack
        self.url = ""
        self.calls: list[Call] = []
        self.messages: list[Message] = []
        self.ephemerals: list[Ephemeral] = []
        self.home: dict[str, dict[str, Any]] = {}  # user id -> published view
        self.files: dict[str, File] = {}
        self.users: dict[str, dict[str, Any]] = {}
        self.channels: dict[str, Channel] = {}
        self.failures: dict[str, list[SlackError]] = {}
        self._response_urls: dict[str, tuple[str, Ephemeral | None]] = {}
        self._ids = itertools.count(1)
        self._changed = asyncio.Condition()
        self._runner: web.AppRunner | None = None

    # ------------------------------------------------------------ lifecycle

    async def start(self, port: int = 0) -> None:
        app = web.Application(client_max_size=20 * 1024 * 1024)
        app.router.add_route("*", "/api/{method}", self._api)
        app.router.add_post("/upload/{file_id}", self._upload)
        app.router.add_post("/respond/{key}", self._respond)
        app.router.add_get("/files-pri/{file_id}/{name}", self._private_file)
        app.router.add_get("/socket", self._socket)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", port)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.url = f"http://127.0.0.1:{port}"

    async def close(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def api_url(self) -> str:
        return f"{self.url}/api/"

    # ------------------------------------------------------------ the test's side

    def add_user(
        self,
        user_id: str,
        tz: str = "Europe/Berlin",
        locale: str = "en-US",
        name: str = "Ada",
        admin: bool = False,
    ) -> str:
        self.users[user_id] = {
            "is_admin": admin,
            "id": user_id,
            "name": name.lower(),
            "real_name": name,
            "tz": tz,
            "locale": locale,
            "profile": {"display_name": name},
            "deleted": False,
        }
        return dm_of(user_id)

    def share_file(self, user_id: str, filename: str, data: bytes, mimetype: str) -> File:
        """A file `user_id` uploads into their DM with the bot."""
        file = File(f"F{next(self._ids):06d}", filename, len(data), data, dm_of(user_id))
        file.mimetype = mimetype
        self.files[file.id] = file
        return file

    def private_url(self, file: File) -> str:
        return f"{self.url}/files-pri/{file.id}/{file.filename}"
    def channel(self, channel_id: str, name: str, members: list[str]) -> Channel:
        self.channels[channel_id] = Channel(channel_id, name, members)
        return self.channels[channel_id]

    # What people do, delivered over the Socket Mode connection like Slack does.

    async def event(self, event: dict[str, Any]) -> str:
        body = {
            "token": "legacy-verification-token",
            "team_id": "T0001",
            "api_app_id": "A0001",
            "type": "event_callback",
            "event_id": f"Ev{next(self._ids)}",
            "event_time": int(time.time()),
            "event": {"event_ts": str(time.time()), **event},
        }
        return await self.send_envelope("events_api", body)

    async def invite_bot(self, channel: Channel, by: str) -> str:
        channel.bot_in = True
        return await self.event(
            {"type": "member_joined_channel", "user": BOT_USER, "channel": channel.id,
             "channel_type": "C", "team": "T0001", "inviter": by}
        )  # fmt: skip

    async def remove_bot(self, channel: Channel, by: str) -> str:
        channel.bot_in = False
        await self.event({"type": "channel_left", "channel": channel.id, "actor_id": by})
        return await self.event(
            {"type": "member_left_channel", "user": BOT_USER, "channel": channel.id,
             "channel_type": "C", "team": "T0001"}
        )  # fmt: skip

    async def slash(self, user: str, text: str, channel: Channel | None = None) -> str:
        """`/drill text` typed by `user` in `channel` (default: their DM with the app)."""
        return await self.send_envelope(
            "slash_commands",
            {
                "token": "legacy-verification-token",
                "team_id": "T0001",
                "channel_id": channel.id if channel else dm_of(user),
                "channel_name": channel.name if channel else "directmessage",
                "user_id": user,
                "command": "/drill",
                "text": text,
                "response_url": self.response_url(user),
                "trigger_id": f"trigger-{next(self._ids)}",
            },
        )

    async def click(
        self, user: str, message: Message, label: str, channel: Channel | None = None
    ) -> str:
        """`user` presses `label` on `message`; an ephemeral one shown in `channel`."""
        button = message.button(label)
        ephemeral = isinstance(message, Ephemeral)
        where = channel.id if channel else (dm_of(user) if ephemeral else message.channel)
        payload: dict[str, Any] = {
            "type": "block_actions",
            "user": {"id": user, "team_id": "T0001"},
            "team": {"id": "T0001"},
            "api_app_id": "A0001",
            "container": {"type": "message", "message_ts": message.ts, "channel_id": where,
                          "is_ephemeral": ephemeral},
            "channel": {"id": where},
            "response_url": self.response_url(user, message if ephemeral else None),
            "trigger_id": f"trigger-{next(self._ids)}",
            "actions": [
                {"type": "button", "action_id": button["action_id"], "block_id": "b",
                 "value": button.get("value", ""), "text": button["text"],
                 "action_ts": str(time.time())}
            ],
        }  # fmt: skip
        if not ephemeral:
            payload["message"] = {"ts": message.ts, "text": message.text, "blocks": message.blocks}
        return await self.send_envelope("interactive", payload)

    def fail_next(self, method: str, error: SlackError) -> None:
        self.failures.setdefault(method, []).append(error)

    def response_url(self, user_id: str, original: Ephemeral | None = None) -> str:
        key = f"R{next(self._ids)}"
        self._response_urls[key] = (user_id, original)
        return f"{self.url}/respond/{key}"

    def in_channel(self, channel: str) -> list[Message]:
        return [m for m in self.messages if m.channel == channel]

    def ephemerals_for(self, user_id: str) -> list[Ephemeral]:
        return [m for m in self.ephemerals if m.user == user_id]

    def calls_to(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method]

    def refused(self) -> list[tuple[str, str | None]]:
        return [(c.method, c.error) for c in self.calls if c.error]

    async def wait_for(self, predicate: Callable[[], Any], timeout: float = WAIT_TIMEOUT) -> Any:
        """Wait until `predicate()` is truthy (checked after every request the bot makes)."""
        async with self._changed:
            return await asyncio.wait_for(self._changed.wait_for(predicate), timeout)

    # ------------------------------------------------------------ HTTP

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        params = await _params(request)
        call = Call(method, params, time.monotonic())
        token = request.headers.get("Authorization", "").removeprefix("Bearer ") or params.get(
            "token", ""
        )
        try:
            wanted = self.app_token if method == "apps.connections.open" else self.bot_token
            if token != wanted:
                raise SlackError("invalid_auth")
            if failures := self.failures.get(method):
                raise failures.pop(0)
            handler = getattr(self, "api_" + method.replace(".", "_"), None)
            if handler is None:
                raise SlackError("unknown_method", 404)
            result = await handler(params)
            response = web.json_response({"ok": True, **result})
        except SlackError as error:
            call.status, call.error = error.status, error.error
            headers = {"Retry-After": str(error.retry_after)} if error.retry_after else None
            response = web.json_response(
                {"ok": False, "error": error.error}, status=error.status, headers=headers
            )
        await self._record(call)
        return response

    async def _record(self, call: Call) -> None:
        async with self._changed:
            self.calls.append(call)
            self._changed.notify_all()

    async def _upload(self, request: web.Request) -> web.Response:
        file = self.files.get(request.match_info["file_id"])
        data = await request.read()
        call = Call("upload", {"file_id": request.match_info["file_id"]}, time.monotonic())
        if file is None or len(data) != file.length:
            call.status, call.error = 400, "bad upload"
            await self._record(call)
            return web.Response(status=400, text="bad upload")
        file.data = data
        await self._record(call)
        return web.Response(text=f"OK - {len(data)}")

    async def _private_file(self, request: web.Request) -> web.Response:
        """url_private: only with the bot token in the Authorization header, as Slack serves it."""
        file = self.files.get(request.match_info["file_id"])
        call = Call("file_download", {"file_id": request.match_info["file_id"]}, time.monotonic())
        if request.headers.get("Authorization") != f"Bearer {self.bot_token}":
            call.status, call.error = 403, "not_authed"  # Slack shows a login page instead
        elif file is None or file.data is None:
            call.status, call.error = 404, "file_not_found"
        await self._record(call)
        if call.error:
            return web.Response(status=call.status, text=call.error)
        assert file is not None and file.data is not None
        return web.Response(body=file.data, content_type=file.mimetype)

    async def _respond(self, request: web.Request) -> web.Response:
        body = await request.json()
        user, original = self._response_urls[request.match_info["key"]]
        call = Call("response_url", body, time.monotonic())
        problems = validate_blocks(body.get("blocks") or [], MAX_MESSAGE_BLOCKS)
        if problems:
            call.status, call.error = 400, "invalid_blocks: " + "; ".join(problems)
            await self._record(call)
            return web.Response(status=400, text="invalid_blocks")
        blocks = body.get("blocks") or []
        if body.get("replace_original") and original is not None:
            original.text, original.blocks = body.get("text", ""), blocks
            original.replaced += 1
        elif body.get("delete_original") and original is not None:
            self.ephemerals.remove(original)
        else:
            ts = f"{int(time.time())}.{next(self._ids):06d}"
            self.ephemerals.append(
                Ephemeral("ephemeral", ts, body.get("text", ""), blocks, user=user)
            )
        await self._record(call)
        return web.Response(text="ok")

    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        """Socket Mode: say hello, then relay envelopes from send_envelope and record acks."""
        socket = web.WebSocketResponse()
        await socket.prepare(request)
        await socket.send_json({"type": "hello", "num_connections": 1})
        async with self._changed:
            self.sockets.append(socket)
            self._changed.notify_all()
        async for frame in socket:
            if frame.type != web.WSMsgType.TEXT:
                continue
            ack = json.loads(frame.data)
            async with self._changed:
                self.socket_acks[ack.get("envelope_id", "")] = ack
                self._changed.notify_all()
        return socket

    async def send_envelope(self, kind: str, payload: dict[str, Any]) -> str:
        """Deliver a request over the open Socket Mode connection; returns its envelope id."""
        await self.wait_for(lambda: self.sockets)
        envelope_id = f"env-{next(self._ids)}"
        await self.sockets[-1].send_json(
            {
                "envelope_id": envelope_id,
                "type": kind,
                "payload": payload,
                "accepts_response_payload": kind != "events_api",
            }
        )
        return envelope_id

    # ------------------------------------------------------------ Web API methods

    async def api_apps_connections_open(self, params: dict[str, Any]) -> dict[str, Any]:
        return {"url": self.url.replace("http://", "ws://") + "/socket"}

    async def api_auth_test(self, params: dict[str, Any]) -> dict[str, Any]:
        return {"user_id": BOT_USER, "user": "drillbot", "team_id": "T0001", "bot_id": "B0001"}

    async def api_users_info(self, params: dict[str, Any]) -> dict[str, Any]:
        user = self.users.get(params.get("user", ""))
        if user is None:
            raise SlackError("user_not_found")
        if str(params.get("include_locale")).lower() not in ("true", "1"):
            user = {k: v for k, v in user.items() if k != "locale"}
        return {"user": user}

    async def api_conversations_open(self, params: dict[str, Any]) -> dict[str, Any]:
        user = self.users.get(str(params.get("users", "")))
        if user is None or user["deleted"]:
            raise SlackError("user_not_found")
        return {"channel": {"id": dm_of(user["id"])}}

    async def api_conversations_info(self, params: dict[str, Any]) -> dict[str, Any]:
        channel = self.channels.get(params.get("channel", ""))
        if channel is None:
            raise SlackError("channel_not_found")
        return {"channel": {"id": channel.id, "name": channel.name, "is_channel": True}}

    async def api_chat_postMessage(self, params: dict[str, Any]) -> dict[str, Any]:
        channel = self._channel(params.get("channel", ""))
        blocks = _json(params.get("blocks")) or []
        self._check_message(params, blocks)
        if (team := self.channels.get(channel)) is not None:
            now = time.monotonic()
            if now - team.last_post < CHANNEL_MIN_GAP:
                team.over_limit += 1
                raise SlackError("ratelimited", 429, retry_after=1)
            team.last_post = now
        message = Message(
            channel, f"{int(time.time())}.{next(self._ids):06d}", params.get("text", ""), blocks
        )
        self.messages.append(message)
        return {"channel": channel, "ts": message.ts, "message": {"ts": message.ts}}

    async def api_chat_postEphemeral(self, params: dict[str, Any]) -> dict[str, Any]:
        channel = self._channel(params.get("channel", ""))
        if params.get("user") not in self.users:
            raise SlackError("user_not_in_channel")
        blocks = _json(params.get("blocks")) or []
        self._check_message(params, blocks)
        ts = f"{int(time.time())}.{next(self._ids):06d}"
        self.ephemerals.append(
            Ephemeral(channel, ts, params.get("text", ""), blocks, user=params["user"])
        )
        return {"message_ts": ts}

    async def api_chat_update(self, params: dict[str, Any]) -> dict[str, Any]:
        channel = self._channel(params.get("channel", ""))
        blocks = _json(params.get("blocks")) or []
        self._check_message(params, blocks)
        for message in self.messages:
            if message.channel == channel and message.ts == params.get("ts"):
                message.text, message.blocks = params.get("text", message.text), blocks
                message.edits += 1
                return {"channel": channel, "ts": message.ts}
        raise SlackError("message_not_found")

    async def api_views_publish(self, params: dict[str, Any]) -> dict[str, Any]:
        view = _json(params.get("view")) or {}
        if params.get("user_id") not in self.users:
            raise SlackError("user_not_found")
        problems = validate_blocks(view.get("blocks") or [], MAX_VIEW_BLOCKS)
        if view.get("type") != "home":
            problems.append("view type must be home")
        if len(view.get("private_metadata") or "") > METADATA_LIMIT:
            problems.append("private_metadata too long")
        for block in view.get("blocks") or []:
            file_id = (block.get("slack_file") or {}).get("id")
            if block.get("type") == "image" and file_id:
                file = self.files.get(file_id)
                if file is None or file.channel != dm_of(params["user_id"]):
                    problems.append(f"image file {file_id} not visible to the user")
        if problems:
            raise SlackError("invalid_blocks: " + "; ".join(problems))
        self.home[params["user_id"]] = view
        return {"view": {**view, "id": f"V{next(self._ids)}"}}

    async def api_files_info(self, params: dict[str, Any]) -> dict[str, Any]:
        file = self.files.get(str(params.get("file", "")))
        if file is None:
            raise SlackError("file_not_found")
        url = self.private_url(file)
        return {
            "file": {
                "id": file.id,
                "name": file.filename,
                "mimetype": file.mimetype,
                "size": file.length,
                "url_private": url,
                "url_private_download": url + "?download=1",
            }
        }

    async def api_files_getUploadURLExternal(self, params: dict[str, Any]) -> dict[str, Any]:
        if not params.get("filename") or not str(params.get("length", "")).isdigit():
            raise SlackError("invalid_arguments")
        file = File(f"F{next(self._ids):06d}", params["filename"], int(params["length"]))
        self.files[file.id] = file
        return {"upload_url": f"{self.url}/upload/{file.id}", "file_id": file.id}

    async def api_files_completeUploadExternal(self, params: dict[str, Any]) -> dict[str, Any]:
        listed = _json(params.get("files")) or []
        channel = params.get("channel_id")
        done = []
        for item in listed:
            file = self.files.get(item.get("id", ""))
            if file is None or file.data is None:
                raise SlackError("file_not_found")
            file.title = item.get("title") or file.filename
            if channel:
                file.channel = self._channel(channel)
            done.append(
                {
                    "id": file.id,
                    "name": file.filename,
                    "title": file.title,
                    "permalink": file.permalink,
                }
            )
        return {"files": done}

    # ------------------------------------------------------------ checks

    def _channel(self, channel: str) -> str:
        if channel in self.channels:
            if not self.channels[channel].bot_in:
                raise SlackError("not_in_channel")
            return channel
        if channel not in {dm_of(u) for u, data in self.users.items() if not data["deleted"]}:
            raise SlackError("channel_not_found")
        return channel

    def _check_message(self, params: dict[str, Any], blocks: list[dict[str, Any]]) -> None:
        if not blocks and not params.get("text"):
            raise SlackError("no_text")
        problems = validate_blocks(blocks, MAX_MESSAGE_BLOCKS)
        if problems:
            raise SlackError("invalid_blocks: " + "; ".join(problems))


def dm_of(user_id: str) -> str:
    return "D" + user_id


def validate_blocks(blocks: list[dict[str, Any]], max_blocks: int) -> list[str]:
    """What Slack would refuse in these blocks (the limits drillbot can run into)."""
    problems = []
    if len(blocks) > max_blocks:
        problems.append(f"{len(blocks)} blocks, more than {max_blocks}")
    action_ids: set[str] = set()
    for number, block in enumerate(blocks):
        kind = block.get("type")
        if kind == "section":
            text = (block.get("text") or {}).get("text", "")
            if not text or len(text) > SECTION_TEXT_LIMIT:
                problems.append(f"block {number}: section text of {len(text)} characters")
        elif kind == "actions":
            elements = block.get("elements") or []
            if not elements or len(elements) > ACTION_ELEMENTS_LIMIT:
                problems.append(f"block {number}: {len(elements)} action elements")
            for element in elements:
                label = element.get("text", {}).get("text", "")
                if not label or len(label) > BUTTON_TEXT_LIMIT:
                    problems.append(f"block {number}: button text {label!r}")
                if len(element.get("value", "")) > VALUE_LIMIT:
                    problems.append(f"block {number}: button value too long")
                action_id = element.get("action_id", "")
                if not action_id or action_id in action_ids:
                    problems.append(f"block {number}: duplicate or missing action_id {action_id!r}")
                action_ids.add(action_id)
        elif kind == "context":
            elements = block.get("elements") or []
            if not elements or len(elements) > 10:
                problems.append(f"block {number}: {len(elements)} context elements")
        elif kind == "image":
            if not block.get("alt_text") or not (block.get("image_url") or block.get("slack_file")):
                problems.append(f"block {number}: image without alt_text or source")
        elif kind == "markdown":
            text = block.get("text")
            if not isinstance(text, str) or not text or len(text) > MARKDOWN_TEXT_LIMIT:
                problems.append(f"block {number}: markdown block text must be 1-12,000 chars")
        elif kind == "header":
            if len((block.get("text") or {}).get("text", "")) > 150:
                problems.append(f"block {number}: header over 150 characters")
        elif kind != "divider":
            problems.append(f"block {number}: unknown block type {kind!r}")
    return problems


def block_texts(blocks: list[dict[str, Any]]) -> list[str]:
    texts = []
    for block in blocks:
        if isinstance(block.get("text"), str):  # a markdown block
            texts.append(block["text"])
        elif block.get("text"):
            texts.append(block["text"].get("text", ""))
        for element in block.get("elements") or []:
            if element.get("type") in ("mrkdwn", "plain_text"):
                texts.append(element.get("text", ""))
    return texts


async def _params(request: web.Request) -> dict[str, Any]:
    params: dict[str, Any] = dict(request.query)
    if request.can_read_body:
        if request.content_type == "application/json":
            params.update(await request.json())
        else:
            params.update({k: v for k, v in (await request.post()).items() if isinstance(v, str)})
    return params


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value

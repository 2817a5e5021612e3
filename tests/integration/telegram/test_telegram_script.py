"""The scripted conversation of tests/support/conversation.py, on Telegram."""

from __future__ import annotations

from tests.integration.telegram.conftest import RunningBot, assert_no_api_errors
from tests.support.conversation import scripted_conversation
from tests.support.fake_telegram import FakeTelegram, FakeUser, SentMessage


class TelegramChat:
    prefix = "/"
    begin = "start"
    pushes = True

    def __init__(self, bot: RunningBot, fake: FakeTelegram) -> None:
        self.bot, self.fake = bot, fake
        self.ada: FakeUser = fake.user(1001)
        self.asked: SentMessage | None = None
        self.answer: SentMessage | None = None

    async def command(self, name: str, args: str = "") -> str:
        reply = await self.ada.ask(f"/{name} {args}".strip())
        if any(b["text"] == "Show answer" for b in reply.buttons):
            self.asked = reply
        return reply.plain

    async def reveal(self) -> str:
        assert self.asked is not None
        await self.ada.callback_answer(await self.ada.press(self.asked, "Show answer"))
        _, self.answer = await self.ada.next_message_with_buttons()
        return self.answer.plain

    async def rate_good(self) -> str:
        assert self.answer is not None
        toast = await self.ada.callback_answer(await self.ada.press(self.answer, "Good"))
        assert toast["text"] == "Good"
        return (await self.ada.next_message()).plain

    async def drop_topic(self, topic_id: str, label: str) -> None:
        menu = await self.ada.ask("/topics")
        await self.ada.callback_answer(await self.ada.press(menu, label))
        await self.fake.wait_for(lambda: any(b["text"].startswith("⬜") for b in menu.buttons))

    async def stats(self) -> tuple[str, bytes]:
        figures = await self.ada.ask("/stats")
        chart = await self.ada.next_message()
        return figures.plain, chart.photo or b""

    async def forget(self) -> str:
        confirm = await self.ada.ask("/forget")
        await self.ada.callback_answer(await self.ada.press(confirm, "Yes, delete everything"))
        await self.fake.wait_for(lambda: "deleted" in confirm.plain)
        assert confirm.buttons == []
        return confirm.plain

    async def user(self):
        return await self.bot.user(1001)


async def test_the_scripted_conversation_on_telegram(bot: RunningBot, fake: FakeTelegram):
    await scripted_conversation(TelegramChat(bot, fake), bot.service.corpus.ordered())
    assert_no_api_errors(fake)

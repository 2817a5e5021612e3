"""The scripted conversation of tests/support/conversation.py, on Slack."""

from __future__ import annotations

from tests.integration.slack.conftest import Workspace, assert_no_api_errors
from tests.support.conversation import scripted_conversation
from tests.support.fake_slack import FakeSlack, Message, dm_of
from tests.support.slack_mrkdwn import mrkdwn_styled_spans

USER = "U1"
# mrkdwn has no escapes: literal markers Slack would read as styling are shown as look-alikes.
AS_READ = str.maketrans({"ˍ": "_", "∗": "*", "∼": "~"})


class SlackChat:
    prefix = "/drill "
    begin = "next"
    pushes = True

    def __init__(self, slack: Workspace, fake: FakeSlack) -> None:
        self.slack, self.fake = slack, fake
        self.dm = fake.add_user(USER, tz="Asia/Shanghai")
        self.asked: Message | None = None
        self.answer: Message | None = None

    async def command(self, name: str, args: str = "") -> str:
        """Every reply, in the DM or ephemeral, up to the first one, as the user reads it."""
        replies = await self._replies(f"{name} {args}".strip())
        return "\n".join(m.mrkdwn for m in replies).translate(AS_READ)

    async def _replies(self, text: str) -> list[Message]:
        dms, ephemerals = self._counts()
        assert await self.slack.command(USER, text) == 200
        await self.fake.wait_for(lambda: self._counts() != (dms, ephemerals))
        new = [*self.fake.in_channel(self.dm)[dms:], *self.fake.ephemerals_for(USER)[ephemerals:]]
        self.asked = next((m for m in new if _has(m, "Show answer")), self.asked)
        return new

    def _counts(self) -> tuple[int, int]:
        return len(self.fake.in_channel(self.dm)), len(self.fake.ephemerals_for(USER))

    async def reveal(self) -> str:
        assert self.asked is not None
        after = len(self.fake.in_channel(self.dm))
        assert await self.slack.press(USER, self.asked, "Show answer") == 200
        self.answer = await self.slack.next_dm(USER, after)
        return self.answer.mrkdwn

    async def rate_good(self) -> str:
        answer = self.answer
        assert answer is not None
        assert await self.slack.press(USER, answer, "Good") == 200
        await self.fake.wait_for(lambda: answer.edits == 1)
        assert answer.buttons == []
        return answer.mrkdwn

    async def drop_topic(self, topic_id: str, label: str) -> None:
        [menu] = await self._replies("topics")
        assert await self.slack.press(USER, menu, label) == 200
        await self.fake.wait_for(lambda: menu.replaced == 1)

    async def stats(self) -> tuple[str, bytes]:
        figures = await self.command("stats")
        await self.fake.wait_for(lambda: self.fake.files and USER in self.fake.home)
        [chart] = self.fake.files.values()
        return figures, chart.data or b""

    async def forget(self) -> str:
        [confirm] = await self._replies("forget")
        assert await self.slack.press(USER, confirm, "Yes, delete everything") == 200
        await self.fake.wait_for(lambda: confirm.replaced == 1)
        return confirm.mrkdwn

    async def user(self):
        return await self.slack.db_user(USER)


def _has(message: Message, label: str) -> bool:
    return any(label in b["text"]["text"] for b in message.buttons)


async def test_the_scripted_conversation_on_slack(slack: Workspace, fake: FakeSlack):
    await scripted_conversation(SlackChat(slack, fake), slack.service.corpus.ordered())
    assert_no_api_errors(fake)
    assert all(m.channel == dm_of(USER) for m in fake.messages)


async def test_typed_markers_echoed_back_are_not_styled(slack: Workspace, fake: FakeSlack):
    fake.add_user(USER)
    for typed in ("__init__.py", "*a* _b_ ~c~"):
        before = len(fake.ephemerals_for(USER))
        assert await slack.command(USER, f"tz {typed}") == 200
        [refusal] = await fake.wait_for(
            lambda before=before: [
                e for e in fake.ephemerals_for(USER)[before:] if "timezone" in e.mrkdwn
            ]
        )
        assert f"Unknown timezone '{typed}'" in refusal.mrkdwn.translate(AS_READ)
        assert mrkdwn_styled_spans(refusal.mrkdwn) == []
    assert_no_api_errors(fake)

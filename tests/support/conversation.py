"""One scripted conversation, run on every channel (Telegram, Slack, the console).

Each channel's test supplies a `Chat` that speaks that channel's way (commands, buttons, typed
lines); the script asserts the same outcomes everywhere, and that every reply names the
command the way this channel's users type it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from bot.domain.models import Question, User

PNG = b"\x89PNG"


class Chat(Protocol):
    prefix: str  # what comes before a command name on this channel
    begin: str  # the command that begins again after forget
    pushes: bool  # the channel sends the daily question (the console does not)

    async def command(self, name: str, args: str = "") -> str:
        """Send the command; the text of the replies the user sees."""

    async def reveal(self) -> str:
        """Ask for the answer of the question just asked, the channel's usual way."""

    async def rate_good(self) -> str:
        """Rate the revealed answer Good, the channel's usual way."""

    async def drop_topic(self, topic_id: str, label: str) -> None:
        """Stop practising one topic."""

    async def stats(self) -> tuple[str, bytes]:
        """The figures, and the chart the channel produced."""

    async def forget(self) -> str:
        """Delete everything, confirming the question; the final reply."""

    async def user(self) -> User | None: ...


async def scripted_conversation(chat: Chat, questions: Sequence[Question]) -> None:
    def cmd(name: str) -> str:
        return chat.prefix + name

    welcome = await chat.command("start")
    assert "Welcome to drillbot" in welcome and "Asia/Shanghai" in welcome
    assert f"{cmd('next')} — A question now" in welcome
    assert f"{cmd('skip')} — Move past the open question without rating it" in welcome
    if chat.pushes:
        assert "09:00" in welcome
        assert f"{cmd('time')} HH:MM — Daily question time, e.g. {cmd('time')} 08:30" in welcome
    else:  # no push settings as if it pushed: where the daily question comes instead
        assert "The terminal sends no daily questions: they come on Telegram or Slack" in welcome
        assert "HH:MM" not in welcome and "09:00" not in welcome

    asked_text = await chat.command("next")
    [asked] = [q for q in questions if q.question in asked_text]
    assert "New" in asked_text or "Still open" in asked_text

    # An open question is asked again, not replaced, until it is rated or skipped.
    again = await chat.command("next")
    assert asked.question in again and "Still open" in again
    assert f"or send {cmd('skip')} to move on" in again

    answer = await chat.reveal()
    assert asked.question in answer and "Reference answer" in answer
    assert "1 Again · 2 Hard · 3 Good · 4 Easy" in answer
    rated = await chat.rate_good()
    assert "Good — back " in rated and "Streak: 1 day." in rated

    # Skipping is deliberate: the question is done for today without a rating.
    upcoming = await chat.command("next")
    [skipped] = [q for q in questions if q.question in upcoming and q != asked]
    assert f"Skipped: “{skipped.question}”" in await chat.command("skip")

    if chat.pushes:
        assert "Daily question at 07:30 (Asia/Shanghai)" in await chat.command("time", "07:30")
        assert "Send the time as HH:MM" in await chat.command("time", "25:99")
    else:
        assert "The terminal sends no daily questions" in await chat.command("time", "07:30")
    assert "Timezone set to Europe/Berlin" in await chat.command("tz", "europe/BERLIN")
    assert "Unknown timezone 'Mars/Olympus'" in await chat.command("tz", "Mars/Olympus")
    # What the user typed comes back literally: no live link, no markup eaten.
    link = "[click me](https://evil.example/phish)"
    assert f"Unknown timezone '{link}'" in await chat.command("tz", link)
    assert "Unknown timezone '__init__.py'" in await chat.command("tz", "__init__.py")
    if chat.pushes:
        assert "Daily questions paused" in await chat.command("pause")
        assert (await chat.user()).paused
        assert "Daily questions resumed" in await chat.command("resume")
    user = await chat.user()
    assert not user.paused and user.timezone == "Europe/Berlin"
    assert user.push_time == ("07:30" if chat.pushes else "09:00")

    # A long unknown command is quoted back short.
    unknown = await chat.command("x" * 3000)
    assert f"Unknown command '{cmd('x' * 40)}" in unknown and "x" * 100 not in unknown
    assert "…'" in unknown

    assert "Open questions (no reference in your notes) are off" in await chat.command(
        "open", "off"
    )
    assert not (await chat.user()).open_questions
    assert f"Send {cmd('open')} on or {cmd('open')} off." in await chat.command("open", "maybe")
    assert "are on" in await chat.command("open", "on")
    assert (await chat.user()).open_questions

    await chat.drop_topic("rl", "RL & alignment")
    assert (await chat.user()).topics == ("dist",)

    results = await chat.command("search", "grpo")
    assert "Questions matching “grpo”" in results
    assert "What does GRPO drop compared with PPO?" in results
    assert f"e.g. {cmd('search')} GRPO" in await chat.command("search")

    figures, chart = await chat.stats()
    assert "Your progress" in figures and "Reviewed today: 1" in figures
    assert " day (best 1)" in figures and "day(s)" not in figures  # the number may be bold
    assert f"{asked.question} — recall " in figures and "(100%)" not in figures
    assert chart.startswith(PNG)

    gone = await chat.forget()
    assert f"All your data is deleted. Send {cmd(chat.begin)} to begin again." in gone
    assert await chat.user() is None

"""Terminal practice: the same engine and database, driven by typed (or piped) lines."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TextIO

from bot.domain.errors import PracticeError
from bot.domain.models import NothingDue, QuestionCard, User
from bot.domain.practice import PracticeService
from bot.render import terminal_text
from bot.render.cards import answer_card_md, question_card_md
from bot.render.messages import (
    error_md,
    nothing_due_md,
    rating_md,
    settings_md,
    stats_md,
    t,
    when_text,
)

CHANNEL = "console"
HELP = """\
**Commands**

- *Enter*: show the answer · *1*–*4*: rate (Again, Hard, Good, Easy)
- *next* (n): next question · *more* (m): one more after today's are done
- *answer* (a): show the answer · *stats* (s): progress, with a chart saved as PNG
- *time HH:MM* · *tz Area/City* · *pause* · *resume*: daily schedule
- *topics [id ... | all]*: choose topics · *search WORDS* · *practise ID*
- *forget*: delete all your data · *help* (?) · *quit* (q)"""


class Console:
    """One user's terminal session. Reads lines until `quit` or end of input."""

    def __init__(
        self,
        service: PracticeService,
        user: User,
        stdin: TextIO,
        stdout: TextIO,
        *,
        color: bool = False,
        chart_dir: Path | None = None,
        width: int = 80,
    ) -> None:
        self.service = service
        self.user = user
        self.stdin = stdin
        self.stdout = stdout
        self.color = color
        self.chart_dir = chart_dir
        self.width = width
        self.lang = user.language
        self.state = "idle"  # idle | asked | revealed
        self.commands: dict[str, Callable[[str], Awaitable[bool]]] = {
            "next": self.ask, "n": self.ask, "more": self.more, "m": self.more,
            "answer": self.reveal, "a": self.reveal, "stats": self.stats, "s": self.stats,
            "time": self.time, "tz": self.tz, "pause": self.pause, "resume": self.resume,
            "topics": self.topics, "search": self.search, "practise": self.practise,
            "practice": self.practise, "forget": self.forget, "help": self.help, "?": self.help,
            "quit": self.quit, "q": self.quit, "exit": self.quit,
        }  # fmt: skip

    async def run(self) -> int:
        self.show(settings_md(self.user, self.lang) + "\n\nType *help* for commands.")
        await self.ask("")
        while True:
            line = await self.read()
            if line is None:
                self.say("")
                return 0
            try:
                if not await self.handle(line.strip()):
                    return 0
            except PracticeError as exc:
                self.show(error_md(exc, self.lang))

    async def handle(self, line: str) -> bool:
        """Act on one line; False ends the session."""
        if line in ("1", "2", "3", "4"):
            return await self.rate(line)
        if line == "":
            return await (self.reveal("") if self.state == "asked" else self.ask(""))
        word, _, rest = line.partition(" ")
        action = self.commands.get(word.lower())
        if action is None:
            self.show(f"Unknown command '{word}'.\n\n{HELP}")
            return True
        return await action(rest.strip())

    async def read(self) -> str | None:
        prompt = {"asked": "[Enter] answer · 1-4 rate › ", "revealed": "Rate 1-4 › "}
        self.stdout.write(prompt.get(self.state, "› "))
        self.stdout.flush()
        line = await asyncio.to_thread(self.stdin.readline)
        return line.rstrip("\r\n") if line else None

    # ------------------------------------------------------------ practice

    async def ask(self, _: str, *, more: bool = False) -> bool:
        self.present(await self.service.next_question(self.user.id, more=more))
        return True

    async def more(self, _: str) -> bool:
        return await self.ask("", more=True)

    def present(self, result: QuestionCard | NothingDue) -> None:
        if isinstance(result, NothingDue):
            self.state = "idle"
            hint = "\n\nType *more* for one more, *stats* for progress." if result.can_practise_more else ""
            self.show(nothing_due_md(result, self.user, self.service.clock.now(), self.lang) + hint)
            return
        self.state = "asked"
        self.show(question_card_md(result, self.lang))

    async def reveal(self, _: str) -> bool:
        card = await self.service.reveal(self.user.id)
        self.state = "revealed" if card.already_rated is None else "idle"
        self.show(answer_card_md(card, self.lang))
        return True

    async def rate(self, value: str) -> bool:
        result = await self.service.rate(self.user.id, value)
        self.show(rating_md(result, self.user, self.service.clock.now(), self.lang))
        return await self.ask("")

    async def practise(self, question_id: str) -> bool:
        self.present(await self.service.practise(self.user.id, question_id))
        return True

    async def search(self, words: str) -> bool:
        if not words:
            self.show(t("search_usage", self.lang))
            return True
        hits = self.service.search(words)
        if not hits:
            self.show(t("search_none", self.lang, words=words))
            return True
        lines = [t("search_results", self.lang, words=words), ""]
        lines += [f"- `{h.question.id}` {h.question.question}" for h in hits]
        self.show("\n".join(lines) + "\n\nType *practise ID* to practise one.")
        return True

    async def stats(self, _: str) -> bool:
        stats = await self.service.stats(self.user.id)
        self.show(stats_md(stats, self.lang))
        if self.chart_dir is not None and not stats.is_empty:
            from bot.render.chart import render_stats_chart_async

            png = await render_stats_chart_async(stats, self.lang)
            if png:
                self.chart_dir.mkdir(parents=True, exist_ok=True)
                path = self.chart_dir / f"drillbot-stats-{stats.today.isoformat()}.png"
                path.write_bytes(png)
                self.say(f"Chart saved to {path}")
        return True

    # ------------------------------------------------------------ settings

    async def time(self, value: str) -> bool:
        if value:
            self.user = await self.service.set_push_time(self.user.id, value)
            self.show(self._scheduled("time_set"))
        else:
            self.show(t("time_show", self.lang, time=self.user.push_time, tz=self.user.timezone))
        return True

    async def tz(self, value: str) -> bool:
        if value:
            self.user = await self.service.set_timezone(self.user.id, value)
            self.show(self._scheduled("tz_set"))
        else:
            self.show(t("tz_show", self.lang, tz=self.user.timezone))
        return True

    async def pause(self, _: str) -> bool:
        self.user = await self.service.set_paused(self.user.id, True)
        self.show(t("paused", self.lang))
        return True

    async def resume(self, _: str) -> bool:
        self.user = await self.service.set_paused(self.user.id, False)
        self.show(self._scheduled("resumed"))
        return True

    async def topics(self, value: str) -> bool:
        if value:
            chosen = None if value.lower() == "all" else value.replace(",", " ").split()
            self.user = await self.service.set_topics(self.user.id, chosen)
        counts = self.service.topic_counts()
        mine = set(self.user.topics or [topic.id for topic, _ in counts])
        lines = [
            f"- [{'x' if topic.id in mine else ' '}] `{topic.id}` {topic.label(self.lang)} ({n})"
            for topic, n in counts
        ]
        self.show("\n".join(lines) + "\n\nType *topics ID ...* to choose, *topics all* for every topic.")
        return True

    async def forget(self, _: str) -> bool:
        self.show(t("forget_confirm", self.lang) + " Type *yes* to confirm.")
        answer = await self.read()
        if answer is None or answer.strip().lower() not in ("yes", "y", "是"):
            self.show(t("forget_cancelled", self.lang))
            return True
        await self.service.forget(self.user.id)
        self.show(t("forgotten", self.lang))
        return False

    async def help(self, _: str) -> bool:
        self.show(HELP)
        return True

    async def quit(self, _: str) -> bool:
        return False

    # ------------------------------------------------------------ output

    def _scheduled(self, key: str) -> str:
        when = when_text(self.user.next_push_at, self.user, self.service.clock.now(), self.lang)
        return t(key, self.lang, time=self.user.push_time, tz=self.user.timezone, when=when)

    def show(self, markdown: str) -> None:
        self.say(terminal_text(markdown, width=self.width, color=self.color))

    def say(self, text: str) -> None:
        self.stdout.write(text.rstrip() + "\n\n" if text else "\n")
        self.stdout.flush()


async def run_console(
    service: PracticeService,
    external_id: str,
    stdin: TextIO,
    stdout: TextIO,
    *,
    color: bool = False,
    chart_dir: Path | None = None,
) -> int:
    """Register the terminal user and practise until quit or end of input."""
    registration = await service.register(CHANNEL, external_id, display_name=external_id)
    console = Console(service, registration.user, stdin, stdout, color=color, chart_dir=chart_dir)
    return await console.run()

"""Terminal practice: the same dialogue and database, driven by typed (or piped) lines."""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

from bot.channels.console_input import read_line
from bot.dialogue import CONSOLE, Command, Dialogue, Input, Sender, Text
from bot.dialogue.replies import ANSWER, DONE, QUESTION, Chart, Edit, Message, Refusal, Reply
from bot.domain.models import Registration
from bot.domain.practice import PracticeService
from bot.render import terminal_text
from bot.render.messages import t
from bot.render.terminal_size import terminal_width

CHANNEL = CONSOLE.name
RATINGS = ("1", "2", "3", "4")
STATES = {QUESTION: "asked", ANSWER: "revealed", DONE: "idle"}
PROMPTS = {"asked": "prompt_asked", "revealed": "prompt_revealed", "idle": "prompt"}


class Console:
    """One user's terminal session. Reads lines until `quit` or end of input."""

    def __init__(
        self,
        service: PracticeService,
        external_id: str,
        stdin: TextIO,
        stdout: TextIO,
        *,
        color: bool = False,
        chart_dir: Path | None = None,
        width: int = 80,
    ) -> None:
        self.dialogue = Dialogue(service, CONSOLE)
        self.external_id = external_id
        self.service = service
        self.stdin = stdin
        self.stdout = stdout
        self.color = color
        self.chart_dir = chart_dir
        self.width = width
        self.state = "idle"  # idle | asked | revealed: what Enter does and the prompt says

    async def run(self) -> int:
        for opening in (Command("start"), Command("next")):
            await self.send(opening)
        while True:
            line = await self.read()
            if line is None:
                self.say("")
                return 0
            given = self.decode(line.strip())
            if given is None:
                return 0
            await self.send(given)

    def decode(self, line: str) -> Input | None:
        """The line as dialogue input; None to quit."""
        if line in RATINGS:
            return Text(line)
        if line == "":  # Enter: the answer, the next question, or (at the rating) a reminder
            if self.state == "revealed":
                return Text("")
            return Command("answer" if self.state == "asked" else "next")
        word, _, rest = line.partition(" ")
        spec = self.dialogue.command(word)
        if spec is not None and spec.name == "quit":
            return None
        return Command(word, rest.strip())

    async def send(self, given: Input) -> None:
        for reply in await self.dialogue.handle(self.sender(), given):
            await self.render(reply)

    def sender(self) -> Sender:
        return Sender(CHANNEL, self.external_id, self._register)

    async def _register(self) -> Registration:
        return await self.service.register(CHANNEL, self.external_id, display_name=self.external_id)

    async def read(self) -> str | None:
        self.stdout.write(t(PROMPTS[self.state], None))  # the terminal user has no language
        self.stdout.flush()
        line = await read_line(self.stdin)
        return line.rstrip("\r\n") if line else None

    # ------------------------------------------------------------ output

    async def render(self, reply: Reply) -> None:
        match reply:
            case Message():
                self.state = STATES.get(reply.kind, self.state)
                self.show(reply.markdown)
            case Refusal() | Edit():
                self.show(reply.markdown)
            case Chart():
                await self.save_chart(reply)

    async def save_chart(self, chart: Chart) -> None:
        stats = chart.stats
        if self.chart_dir is None or stats.is_empty:
            return
        from bot.render.chart import render_stats_chart_async

        png = await render_stats_chart_async(stats, chart.lang)
        if png:
            self.chart_dir.mkdir(parents=True, exist_ok=True)
            path = self.chart_dir / f"drillbot-stats-{stats.today.isoformat()}.png"
            path.write_bytes(png)
            self.say(t("chart_saved", chart.lang, path=path))

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
    """Practise as `external_id` in the terminal until quit or end of input."""
    console = Console(
        service, external_id, stdin, stdout, width=terminal_width(), color=color, chart_dir=chart_dir
    )
    return await console.run()

"""The scripted conversation of tests/support/conversation.py, in the terminal."""

from __future__ import annotations

import asyncio
import io
import os
import queue
import subprocess
import sys
from pathlib import Path

from bot.channels.console import run_console
from bot.corpus.loader import load_corpus
from bot.domain.practice import PracticeService
from tests.support.conversation import scripted_conversation

CORPUS_DIR = Path(__file__).parents[1] / "fixtures" / "corpus"

PROMPT_END = "› "
WAIT = 10.0


class TypedLines:
    """stdin whose lines the test types one at a time (readline blocks until then)."""

    def __init__(self) -> None:
        self.lines: queue.Queue[str] = queue.Queue()

    def readline(self) -> str:
        return self.lines.get()


class ConsoleChat:
    prefix = ""
    begin = "next"
    pushes = False

    def __init__(self, service: PracticeService, chart_dir: Path) -> None:
        self.service, self.chart_dir = service, chart_dir
        self.stdin, self.stdout = TypedLines(), io.StringIO()
        self.session: asyncio.Task[int] | None = None

    async def type(self, line: str) -> str:
        """Type `line`; the output up to the next prompt."""
        mark = len(self.stdout.getvalue())
        self.stdin.lines.put(line + "\n")
        return await self._output_since(mark)

    async def _output_since(self, mark: int) -> str:
        deadline = asyncio.get_running_loop().time() + WAIT
        while not (out := self.stdout.getvalue()[mark:]).endswith(PROMPT_END):
            assert asyncio.get_running_loop().time() < deadline, out
            assert self.session is None or not self.session.done(), out
            await asyncio.sleep(0.01)
        return " ".join(out.split())  # as read, lines wrapped at 80 columns joined again

    async def command(self, name: str, args: str = "") -> str:
        if name == "start":  # the session opens with the welcome (and a first question)
            self.session = asyncio.create_task(
                run_console(
                    self.service, "alice", self.stdin, self.stdout, chart_dir=self.chart_dir
                )
            )
            return await self._output_since(0)
        return await self.type(f"{name} {args}".strip())

    async def reveal(self) -> str:
        return await self.type("")  # Enter

    async def rate_good(self) -> str:
        return await self.type("3")

    async def drop_topic(self, topic_id: str, label: str) -> None:
        counts = self.service.topic_counts()
        kept = [topic.id for topic, _n in counts if topic.id != topic_id]
        listing = await self.type("topics " + " ".join(kept))
        assert f"[ ] {topic_id} {label}" in listing

    async def stats(self) -> tuple[str, bytes]:
        figures = await self.type("stats")
        [chart] = self.chart_dir.glob("drillbot-stats-*.png")
        assert f"Chart saved to {chart}" in figures
        return figures, chart.read_bytes()

    async def forget(self) -> str:
        assert "Type yes to confirm." in await self.type("forget")
        return await self.type("yes")

    async def user(self):
        return await self.service.find_user("console", "alice")

    async def close(self) -> int:
        self.stdin.lines.put("")  # end of input
        assert self.session is not None
        return await asyncio.wait_for(self.session, WAIT)


async def test_the_scripted_conversation_in_the_terminal(service: PracticeService, tmp_path: Path):
    chat = ConsoleChat(service, tmp_path)
    try:
        await scripted_conversation(chat, service.corpus.ordered())
    finally:
        assert await chat.close() == 0


def test_the_drillbot_console_command_as_a_process(tmp_path: Path):
    """The real `drillbot console`, piped, with its own database and the fixture decks: a
    second start resumes the question the first left open."""
    env = {
        **os.environ,
        "DRILLBOT_DB": str(tmp_path / "drillbot.sqlite3"),
        "DRILLBOT_CONTENT": str(CORPUS_DIR),
    }

    def console(script: str) -> str:
        done = subprocess.run(
            [str(Path(sys.executable).with_name("drillbot")), "console", "--user", "zoe"],
            input=script,
            capture_output=True,
            text=True,
            env=env,
            cwd=tmp_path,
            timeout=60,
        )
        assert done.returncode == 0, done.stderr
        return " ".join(done.stdout.split())

    left = console("quit\n")
    [asked] = [q for q in load_corpus(CORPUS_DIR).ordered() if q.question in left]
    out = console("\n3\ntime 07:30\ntz Nowhere/City\nsearch grpo\nstats\nforget\nyes\n")
    assert "Welcome back" in out and f"{asked.question}" in out and "Still open" in out
    assert out.index(asked.question) < out.index("Reference answer") < out.index("Good — back")
    assert "The terminal sends no daily questions" in out and "Daily question at" not in out
    assert "Unknown timezone 'Nowhere/City'" in out
    assert "What does GRPO drop compared with PPO?" in out and "Type practise ID" in out
    assert "Reviewed today: 1" in out
    assert "All your data is deleted. Send next to begin again." in out and "/start" not in out

"""The answer checker as the process wires it: built with the service, ready at once, the
corpus segmented in the background, closed at shutdown."""

from __future__ import annotations

from pathlib import Path

from bot.bootstrap import open_checker, open_service
from bot.config import Settings

CORPUS_DIR = Path(__file__).parents[1] / "fixtures" / "corpus"


async def test_channels_need_not_wait_for_the_grader_to_prepare(tmp_path: Path):
    settings = Settings(database=tmp_path / "drillbot.sqlite3", content=CORPUS_DIR)
    async with open_service(settings) as service, open_checker(settings, service) as checker:
        assert not checker.grader.prepared  # handed out before the corpus is segmented
        question = service.corpus.questions["rl-1"]
        grade, notice = await checker.try_grade(question, "There is no value network.")
        assert checker.grader.prepared and notice is None
        assert grade is not None and "no value network" in grade.covered

"""`drillbot console` as a process: setting an interview date shows the plan, stats count down."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

CORPUS_DIR = Path(__file__).parents[1] / "fixtures" / "corpus"
ZONE = ZoneInfo("Asia/Shanghai")  # the default timezone of new users


def test_the_interview_plan_in_the_drillbot_console_process(tmp_path: Path):
    before = datetime.now(ZONE).date()
    day = before + timedelta(days=20)  # the date is read in the user's calendar
    script = f"interview 2026-13-45\ninterview {day}\n\n3\nstats\ninterview off\ninterview\n"
    done = subprocess.run(
        [str(Path(sys.executable).with_name("drillbot")), "console", "--user", "zoe"],
        input=script,
        capture_output=True,
        text=True,
        env={
            **os.environ,
            "DRILLBOT_DB": str(tmp_path / "drillbot.sqlite3"),
            "DRILLBOT_CONTENT": str(CORPUS_DIR),
            "DRILLBOT_MAX_NEW_PER_DAY": "1",
        },
        cwd=tmp_path,
        timeout=60,
    )
    after = datetime.now(ZONE).date()
    assert done.returncode == 0, done.stderr
    out = " ".join(done.stdout.split())
    assert "'2026-13-45' is not a date: send it as YYYY-MM-DD" in out
    days = {(day - before).days, (day - after).days}  # a run across local midnight
    assert any(f"Interview on {day}: in {n} days" in out for n in days), out
    assert "New questions a day: 1 (5 of 5 not seen yet)" in out
    assert "Planned today: " in out and "if you keep to the plan" in out
    assert "Schedule: default FSRS parameters" in out
    assert "Good — back" in out
    assert any(f"Interview on {day}: in {n} days · planned today: " in out for n in days)
    assert "Interview date cleared: normal scheduling goes on." in out
    assert out.rstrip(" ›").endswith("I plan your practice toward it.")

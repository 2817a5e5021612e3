"""kill -9 1.5 s into a burst of 100 rating taps, then a restart: reviews lost and doubled.

    .venv/bin/python bench/kill_burst_bench.py [--users 100] [--kill-after 1.5]

Runs the real `drillbot run` twice against the fake Bot API (tests/support). Target: 0 lost,
0 doubled, every press answered.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.conftest import CORPUS_DIR  # noqa: E402
from tests.support.fake_telegram import FakeTelegram  # noqa: E402
from tests.support.kill_burst import kill_burst  # noqa: E402


async def main(users: int, kill_after: float) -> int:
    async def after_a_while(_fake: FakeTelegram) -> None:
        await asyncio.sleep(kill_after)

    with tempfile.TemporaryDirectory() as workdir:
        figures = await kill_burst(Path(workdir), CORPUS_DIR, users, after_a_while)
    print(f"SIGKILL {kill_after} s after the taps")
    print("\n".join(figures.lines()))
    return 0 if (figures.lost, figures.doubled, figures.unanswered) == (0, 0, 0) else 1


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--kill-after", type=float, default=1.5)
    args = parser.parse_args()
    sys.exit(asyncio.run(main(args.users, args.kill_after)))

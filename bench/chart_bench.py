"""Stats chart render time for a user with 5,000 reviews over 16 weeks.

    /work/venv/bin/python bench/chart_bench.py

Prints p50/p95/max render time of 20 renders (after one warm-up render that
loads the CJK font), the PNG size, and how long the event loop stalls at most
while a chart renders in the worker thread.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.render.chart import render_stats_chart, render_stats_chart_async  # noqa: E402
from bot.render.chart_sample import sample_stats  # noqa: E402

RUNS = 20
TARGET_MS = 500.0
REVIEWS = 5000


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


async def loop_stall_ms(stats, language: str | None) -> float:
    """Longest gap between event-loop ticks while one chart renders off the loop."""
    render = asyncio.ensure_future(render_stats_chart_async(stats, language))
    longest = 0.0
    last = time.perf_counter()
    while not render.done():
        await asyncio.sleep(0.001)
        now = time.perf_counter()
        longest = max(longest, now - last)
        last = now
    await render
    return longest * 1000


def main() -> int:
    stats = sample_stats(reviews=REVIEWS)
    assert stats.total_reviews == sum(day.total for day in stats.activity)

    started = time.perf_counter()
    png = render_stats_chart(stats)
    cold_ms = (time.perf_counter() - started) * 1000
    assert png is not None

    timings = []
    for _ in range(RUNS):
        started = time.perf_counter()
        png = render_stats_chart(stats, "zh" if len(timings) % 2 else None)
        timings.append((time.perf_counter() - started) * 1000)

    stall = asyncio.run(loop_stall_ms(stats, "zh"))
    p50, p95, worst = statistics.median(timings), percentile(timings, 0.95), max(timings)
    verdict = "PASS" if worst < TARGET_MS else "FAIL"
    print(f"stats chart, {stats.total_reviews:,} reviews, {len(stats.activity)} days, "
          f"{len(stats.topics)} topics, {RUNS} renders (en/zh alternating)")
    print(f"first render (loads font): {cold_ms:.0f} ms")
    print(f"p50 {p50:.0f} ms  p95 {p95:.0f} ms  max {worst:.0f} ms  PNG {len(png) / 1024:.0f} KiB")
    print(f"longest event-loop stall during an async render: {stall:.1f} ms")
    print(f"target: every render < {TARGET_MS:.0f} ms: {verdict}")
    return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    sys.exit(main())

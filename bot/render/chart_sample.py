"""Realistic made-up Stats for previewing and benchmarking the stats chart.

    python -m bot.render.chart_sample /tmp/chart.png [zh]
"""

from __future__ import annotations

import random
import sys
from datetime import date, timedelta
from pathlib import Path

from bot.domain.models import DayActivity, Stats, Topic, TopicStats
from bot.render.chart_data import HEATMAP_DAYS

SAMPLE_TOPICS = (
    Topic("algorithms", "Algorithms", "算法"),
    Topic("system-design", "System Design", "系统设计"),
    Topic("databases", "Databases", "数据库"),
    Topic("networking", "Computer Networking", "计算机网络"),
    Topic("os", "Operating Systems", "操作系统"),
    Topic("python", "Python Internals", "Python 内部机制"),
    Topic("distributed", "Distributed Systems & Consensus", "分布式系统与一致性"),
    Topic("behavioural", "Behavioural", "行为面试"),
)


def sample_stats(reviews: int = 5000, today: date = date(2026, 3, 18), seed: int = 7) -> Stats:
    """Stats for a user with about `reviews` reviews over the last 16 weeks."""
    rng = random.Random(seed)
    days = [today - timedelta(days=offset) for offset in range(HEATMAP_DAYS - 1, -1, -1)]
    weights = [0.0 if rng.random() < 0.12 else rng.uniform(0.3, 1.6) for _ in days]
    scale = reviews / sum(weights)
    activity = []
    for index, (day, weight) in enumerate(zip(days, weights, strict=True)):
        total = round(weight * scale)
        # Ratings drift from Again/Hard towards Good/Easy as the user learns.
        progress = index / len(days)
        again = round(total * (0.22 - 0.14 * progress))
        hard = round(total * (0.25 - 0.10 * progress))
        easy = round(total * (0.08 + 0.17 * progress))
        activity.append(DayActivity(day, again, hard, total - again - hard - easy, easy))
    total_reviews = sum(entry.total for entry in activity)

    topics = []
    for topic in SAMPLE_TOPICS:
        questions = rng.randint(12, 60)
        seen = rng.randint(questions // 3, questions)
        mastered = rng.randint(seen // 3, seen)
        topics.append(TopicStats(topic, questions, seen, questions - seen, mastered,
                                 reviews=rng.randint(seen, seen * 12),
                                 average_rating=round(rng.uniform(2.2, 3.6), 2)))

    streak = 0
    for entry in reversed(activity):
        if not entry.total:
            break
        streak += 1
    forecast = tuple((today + timedelta(days=offset), rng.randint(2, 45) if offset else 61)
                     for offset in range(14))
    return Stats(
        today=today,
        timezone="Asia/Shanghai",
        total_questions=sum(topic.questions for topic in topics),
        seen_questions=sum(topic.seen for topic in topics),
        total_reviews=total_reviews,
        reviewed_today=activity[-1].total,
        reviewed_this_week=sum(entry.total for entry in activity[-7:]),
        current_streak=streak,
        best_streak=max(streak, 23),
        retention_30d=sum(entry.total - entry.again for entry in activity[-30:])
        / max(1, sum(entry.total for entry in activity[-30:])),
        due_today=forecast[0][1],
        due_tomorrow=forecast[1][1],
        forecast=forecast,
        topics=tuple(topics),
        weakest=(),
        activity=tuple(activity),
    )


def main(argv: list[str]) -> None:
    from bot.render.chart import render_stats_chart

    out = Path(argv[1] if len(argv) > 1 else "chart.png")
    language = argv[2] if len(argv) > 2 else None
    png = render_stats_chart(sample_stats(), language)
    assert png is not None
    out.write_bytes(png)
    print(f"{out}: {len(png):,} bytes")


if __name__ == "__main__":
    main(sys.argv)

"""Words printed on the stats chart, in English and Chinese."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class ChartLabels:
    title: str
    streak: str  # formatted with {days}
    no_streak: str
    best: str  # formatted with {days}
    seen: str  # formatted with {seen} and {total}
    reviews: str
    this_week: str
    retention: str
    due_today: str
    heatmap: str
    less: str
    more: str
    weekdays: tuple[str, str, str, str, str, str, str]
    months: tuple[str, ...]
    mastery: str
    mastery_hint: str
    seen_hint: str
    new_count: str  # formatted with {count}
    more_topics: str  # formatted with {count}
    rating_mix: str
    ratings: tuple[str, str, str, str]  # Again, Hard, Good, Easy
    forecast: str
    today: str
    footer: str  # formatted with {today} and {timezone}
    days_to_interview: str
    ready_on_the_day: str
    planned_today: str
    personal_fsrs: str
    default_fsrs: str
    short_date_format: str  # formatted with {month} and {day}

    def short_date(self, day: date) -> str:
        return self.short_date_format.format(month=day.month, day=day.day)


ENGLISH = ChartLabels(
    title="Interview prep",
    streak="{days}-day streak",
    no_streak="Start a streak today",
    best="best {days}",
    seen="{seen} of {total} questions seen",
    reviews="reviews",
    this_week="this week",
    retention="retention 30d",
    due_today="due today",
    heatmap="Reviews · last 16 weeks",
    less="Less",
    more="More",
    weekdays=("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
    months=("Jan", "Feb", "Mar", "Apr", "May", "Jun",
            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
    mastery="Mastery by topic",
    mastery_hint="recall ≥ 90%",
    seen_hint="seen",
    new_count="{count} new",
    more_topics="+{count} more",
    rating_mix="Ratings per week",
    ratings=("Again", "Hard", "Good", "Easy"),
    forecast="Due · next 14 days",
    today="Today",
    footer="{today} · {timezone}",
    days_to_interview="days left",
    ready_on_the_day="ready: kept / stopped",
    planned_today="planned today",
    personal_fsrs="personal FSRS parameters",
    default_fsrs="default FSRS parameters",
    short_date_format="{month}/{day}",
)

CHINESE = ChartLabels(
    title="面试刷题",
    streak="连续 {days} 天",
    no_streak="今天开始新的连续记录",
    best="最长 {days} 天",
    seen="已学 {seen} / {total} 题",
    reviews="次复习",
    this_week="本周",
    retention="30天记住率",
    due_today="今日待复习",
    heatmap="复习记录 · 最近16周",
    less="少",
    more="多",
    weekdays=("周一", "周二", "周三", "周四", "周五", "周六", "周日"),
    months=tuple(f"{month}月" for month in range(1, 13)),
    mastery="各主题掌握度",
    mastery_hint="记忆概率 ≥ 90%",
    seen_hint="学过",
    new_count="{count} 道新题",
    more_topics="另有 {count} 个主题",
    rating_mix="每周自评分布",
    ratings=("重来", "困难", "良好", "简单"),
    forecast="未来14天待复习",
    today="今天",
    footer="{today} · {timezone}",
    days_to_interview="距面试天数",
    ready_on_the_day="达标：坚持 / 停练",
    planned_today="今日计划",
    personal_fsrs="个人 FSRS 参数",
    default_fsrs="默认 FSRS 参数",
    short_date_format="{month}/{day}",
)


def labels_for(language: str | None) -> ChartLabels:
    return CHINESE if language and language.lower().startswith("zh") else ENGLISH

from __future__ import annotations

import asyncio
import io
import threading
import warnings
from dataclasses import replace
from datetime import date, timedelta

import pytest
from PIL import Image

from bot.domain.models import DayActivity, Stats, Topic, TopicStats
from bot.render import chart, chart_theme
from bot.render.chart import CHART_SIZE_PX, render_stats_chart, render_stats_chart_async
from bot.render.chart_data import MAX_TOPICS, chart_data

TODAY = date(2026, 3, 18)  # a Wednesday

TOPICS = (
    TopicStats(Topic("algo", "Algorithms", "算法"), questions=40, seen=30, new=10,
               mastered=18, reviews=260, average_rating=3.1),
    TopicStats(Topic("sd", "System Design", "系统设计"), questions=25, seen=12, new=13,
               mastered=4, reviews=90, average_rating=2.6),
    TopicStats(Topic("net", "Computer Networking", "计算机网络"), questions=18, seen=18,
               new=0, mastered=15, reviews=150, average_rating=3.4),
    TopicStats(Topic("dist", "Distributed Systems", "分布式系统与一致性"), questions=0,
               seen=0, new=0, mastered=0, reviews=0, average_rating=None),
)


def make_activity(days: int = 112) -> tuple[DayActivity, ...]:
    activity = []
    for offset in range(days - 1, -1, -1):
        day = TODAY - timedelta(days=offset)
        if offset % 9 == 4:  # a few rest days
            activity.append(DayActivity(day))
            continue
        activity.append(DayActivity(day, again=offset % 3, hard=offset % 4,
                                    good=5 + offset % 6, easy=offset % 5))
    return tuple(activity)


def make_stats(activity: tuple[DayActivity, ...] | None = None,
               topics: tuple[TopicStats, ...] = TOPICS) -> Stats:
    activity = make_activity() if activity is None else activity
    forecast = tuple((TODAY + timedelta(days=i), (i * 7) % 23 + (12 if i == 0 else 0))
                     for i in range(14))
    return Stats(
        today=TODAY,
        timezone="Asia/Shanghai",
        total_questions=83,
        seen_questions=60,
        total_reviews=sum(day.total for day in activity),
        reviewed_today=activity[-1].total if activity else 0,
        reviewed_this_week=sum(day.total for day in activity[-7:]),
        current_streak=6,
        best_streak=21,
        retention_30d=0.87,
        due_today=forecast[0][1],
        due_tomorrow=forecast[1][1],
        forecast=forecast,
        topics=topics,
        weakest=(),
        activity=activity,
    )


def empty_stats() -> Stats:
    return replace(make_stats(activity=()), total_reviews=0, current_streak=0,
                   reviewed_this_week=0, retention_30d=None)


def decode(png: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(png))
    image.load()
    return image


# ---------------------------------------------------------------- the picture


@pytest.mark.parametrize("language", [None, "en", "zh-CN"])
def test_chart_is_a_phone_sized_png_small_enough_to_send(language: str | None) -> None:
    png = render_stats_chart(make_stats(), language)

    assert png is not None
    image = decode(png)
    assert image.format == "PNG"
    assert image.size == CHART_SIZE_PX == (1080, 1350)
    assert len(png) < 300_000


def test_chart_has_an_opaque_background_readable_in_light_and_dark_chats() -> None:
    image = decode(render_stats_chart(make_stats())).convert("RGBA")

    corner = image.getpixel((2, 2))
    expected = tuple(int(chart_theme.BACKGROUND[i:i + 2], 16) for i in (1, 3, 5))
    assert corner == (*expected, 255)


def _contrast(foreground: str, background: str) -> float:
    def luminance(colour: str) -> float:
        channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("colour", [
    chart_theme.TEXT, chart_theme.MUTED, chart_theme.ACCENT, chart_theme.FORECAST_BAR,
    *chart_theme.RATING_COLOURS,
])
def test_text_and_data_colours_stand_out_from_the_background(colour: str) -> None:
    assert _contrast(colour, chart_theme.BACKGROUND) >= 4.5


def test_rating_colours_are_red_orange_green_blue() -> None:
    def hue(colour: str) -> float:
        import colorsys

        r, g, b = (int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5))
        return colorsys.rgb_to_hsv(r, g, b)[0] * 360

    again, hard, good, easy = (hue(colour) for colour in chart_theme.RATING_COLOURS)
    assert again >= 340 or again <= 10
    assert 20 <= hard <= 45
    assert 90 <= good <= 160
    assert 190 <= easy <= 230


def test_chinese_topic_names_render_without_missing_glyphs() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # matplotlib warns "Glyph ... missing from font(s)"
        png = render_stats_chart(make_stats(), "zh")

    assert png is not None


def test_chinese_and_english_charts_differ() -> None:
    assert render_stats_chart(make_stats(), "zh") != render_stats_chart(make_stats(), "en")


# ---------------------------------------------------------------- no reviews yet


def test_user_without_reviews_gets_no_chart() -> None:
    assert render_stats_chart(empty_stats()) is None
    assert render_stats_chart(empty_stats(), "zh") is None


async def test_user_without_reviews_gets_no_chart_async() -> None:
    assert await render_stats_chart_async(empty_stats()) is None


# ---------------------------------------------------------------- off the event loop


async def test_async_render_leaves_the_event_loop_free(monkeypatch) -> None:
    # The render waits until another coroutine has run: it can only finish if
    # the event loop keeps turning while the chart is drawn.
    loop_ran = threading.Event()
    render = chart.render_stats_chart

    def render_after_loop_ran(stats: Stats, language: str | None = None) -> bytes | None:
        assert loop_ran.wait(timeout=10), "event loop was blocked during rendering"
        return render(stats, language)

    monkeypatch.setattr(chart, "render_stats_chart", render_after_loop_ran)

    async def other_user() -> None:
        loop_ran.set()

    png, _ = await asyncio.gather(render_stats_chart_async(make_stats(), "zh"), other_user())

    assert png == render(make_stats(), "zh")


# ---------------------------------------------------------------- the chart's numbers


def test_heatmap_shows_every_reviewed_day_once() -> None:
    stats = make_stats()
    data = chart_data(stats)

    assert data.heatmap.total == sum(day.total for day in stats.activity)
    for entry in stats.activity:
        week = (entry.day - data.heatmap.week_starts[0]).days // 7
        assert data.heatmap.cells[entry.day.weekday()][week] == entry.total


def test_heatmap_covers_sixteen_weeks_up_to_today_monday_first() -> None:
    data = chart_data(make_stats(activity=make_activity(days=10)))

    heatmap = data.heatmap
    assert all(monday.weekday() == 0 for monday in heatmap.week_starts)
    assert heatmap.week_starts[-1] <= TODAY < heatmap.week_starts[-1] + timedelta(days=7)
    shown_days = sum(count is not None for row in heatmap.cells for count in row)
    assert shown_days == 112
    tomorrow = TODAY + timedelta(days=1)
    assert heatmap.cells[tomorrow.weekday()][-1] is None


def test_rating_mix_adds_up_to_the_ratings_given() -> None:
    stats = make_stats()
    mix = chart_data(stats).rating_mix

    assert sum(week.again for week in mix) == sum(day.again for day in stats.activity)
    assert sum(week.hard for week in mix) == sum(day.hard for day in stats.activity)
    assert sum(week.good for week in mix) == sum(day.good for day in stats.activity)
    assert sum(week.easy for week in mix) == sum(day.easy for day in stats.activity)
    this_week = [day for day in stats.activity if day.day >= mix[-1].week_start]
    assert mix[-1].total == sum(day.total for day in this_week)


def test_forecast_and_headline_are_the_engine_numbers() -> None:
    stats = make_stats()
    data = chart_data(stats)

    assert data.forecast == stats.forecast
    assert data.headline.current_streak == stats.current_streak == 6
    assert data.headline.best_streak == stats.best_streak
    assert data.headline.total_reviews == stats.total_reviews
    assert data.headline.retention_30d == stats.retention_30d
    assert data.headline.due_today == stats.due_today


@pytest.mark.parametrize("language, labels", [
    (None, ["Algorithms", "System Design", "Computer Networking", "Distributed Systems"]),
    ("zh-TW", ["算法", "系统设计", "计算机网络", "分布式系统与一致性"]),
])
def test_mastery_per_topic_is_the_engine_mastery(language, labels) -> None:
    stats = make_stats()
    bars = chart_data(stats, language).topics

    assert [bar.label for bar in bars] == labels
    assert [bar.mastery for bar in bars] == [topic.mastery for topic in stats.topics]
    assert [bar.mastery for bar in bars] == [18 / 40, 4 / 25, 15 / 18, 0.0]
    assert [bar.new for bar in bars] == [10, 13, 0, 0]


def test_many_topics_keep_the_biggest_and_say_how_many_are_left_out() -> None:
    topics = tuple(
        TopicStats(Topic(f"t{i}", f"Topic {i}"), questions=10 + i, seen=5, new=5 + i,
                   mastered=2, reviews=20, average_rating=3.0)
        for i in range(MAX_TOPICS + 3)
    )
    data = chart_data(make_stats(topics=topics))

    assert data.hidden_topics == 3
    assert [bar.label for bar in data.topics] == [f"Topic {i}" for i in range(3, MAX_TOPICS + 3)]
    assert render_stats_chart(make_stats(topics=topics)) is not None

"""Draws ChartData onto a matplotlib Figure laid out in pixels for a phone.

Panels are placed at fixed pixel positions rather than with tight_layout: the
layout is then identical for every user and costs nothing to compute.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from datetime import timedelta

from matplotlib.axes import Axes
from matplotlib.collections import PatchCollection
from matplotlib.figure import Figure
from matplotlib.patches import FancyBboxPatch

from bot.render import chart_theme as theme
from bot.render.chart_data import ChartData, Heatmap
from bot.render.chart_labels import ChartLabels

WIDTH, HEIGHT = theme.CHART_SIZE_PX
MARGIN = 56

# Vertical layout, in pixels from the top.
KPI_TOP, KPI_HEIGHT = 146, 96
HEATMAP_TITLE_Y = 300
HEATMAP_TOP = 340
HEATMAP_PITCH_MAX = 40
MASTERY_TITLE_Y = 680
MASTERY_TOP = 700
MASTERY_HEIGHT = 330  # rows share this band, so more topics means tighter rows
BOTTOM_TITLE_Y = 1092
BOTTOM_TOP, BOTTOM_HEIGHT = 1118, 120
LEGEND_Y = 1266
FOOTER_Y = 1326


class Canvas:
    """Pixel-coordinate helpers over one Figure, with the chart's font applied."""

    def __init__(self, figure: Figure, families: Sequence[str]) -> None:
        self.figure = figure
        self.families = list(families)

    def text(self, x: float, y: float, text: str, *, size: float = theme.BODY_PT,
             color: str = theme.TEXT, ha: str = "left", va: str = "baseline") -> None:
        self.figure.text(x / WIDTH, 1 - y / HEIGHT, text, fontsize=size, color=color,
                         ha=ha, va=va, fontfamily=self.families)

    def axes(self, x: float, top: float, width: float, height: float) -> Axes:
        rect = (x / WIDTH, 1 - (top + height) / HEIGHT, width / WIDTH, height / HEIGHT)
        ax = self.figure.add_axes(rect)
        ax.set_facecolor("none")
        for spine in ax.spines.values():
            spine.set_visible(False)
        ax.tick_params(colors=theme.MUTED, labelsize=theme.SMALL_PT, length=0,
                       labelfontfamily=self.families)
        return ax

    def box(self, x: float, top: float, width: float, height: float, color: str,
            radius: float = 14) -> None:
        self.figure.patches.append(FancyBboxPatch(
            (x / WIDTH, 1 - (top + height) / HEIGHT), width / WIDTH, height / HEIGHT,
            boxstyle=f"round,pad=0,rounding_size={radius / WIDTH}",
            mutation_aspect=WIDTH / HEIGHT, transform=self.figure.transFigure,
            facecolor=color, edgecolor="none",
        ))


def draw_chart(figure: Figure, data: ChartData, labels: ChartLabels,
               families: Sequence[str]) -> None:
    canvas = Canvas(figure, families)
    _header(canvas, data, labels)
    _heatmap(canvas, data.heatmap, labels)
    _mastery(canvas, data, labels)
    half = (WIDTH - 2 * MARGIN - 48) / 2
    _rating_mix(canvas, data, labels, x=MARGIN, width=half)
    _forecast(canvas, data, labels, x=WIDTH - MARGIN - half, width=half)
    footer = labels.footer.format(today=data.today.isoformat(), timezone=data.timezone)
    fsrs = labels.personal_fsrs if data.personal_parameters else labels.default_fsrs
    canvas.text(WIDTH / 2, FOOTER_Y, f"{footer} · {fsrs}",
                size=theme.SMALL_PT, color=theme.MUTED, ha="center")


def _header(canvas: Canvas, data: ChartData, labels: ChartLabels) -> None:
    head = data.headline
    canvas.text(MARGIN, 78, labels.title, size=theme.TITLE_PT)
    canvas.text(MARGIN, 118, labels.seen.format(seen=head.seen_questions,
                                                total=head.total_questions),
                size=theme.BODY_PT, color=theme.MUTED)
    streak = (labels.streak.format(days=head.current_streak) if head.current_streak
              else labels.no_streak)
    canvas.text(WIDTH - MARGIN, 76, streak, size=theme.STREAK_PT, color=theme.ACCENT, ha="right")
    canvas.text(WIDTH - MARGIN, 118, labels.best.format(days=head.best_streak),
                size=theme.BODY_PT, color=theme.MUTED, ha="right")

    retention = "–" if head.retention_30d is None else f"{head.retention_30d:.0%}"
    tiles = (
        (f"{head.total_reviews:,}", labels.reviews),
        (f"{head.reviewed_this_week:,}", labels.this_week),
        (retention, labels.retention),
        (f"{head.due_today:,}", labels.due_today),
    )
    if (plan := data.interview) is not None:  # counting down to an interview
        tiles = (
            (f"{head.total_reviews:,}", labels.reviews),
            (f"{plan.days_left}", labels.days_to_interview),
            (f"{plan.ready_if_kept:.0%} / {plan.ready_if_stopped:.0%}", labels.ready_on_the_day),
            (f"{plan.planned_today:,}", labels.planned_today),
        )
    gap = 16
    tile_width = (WIDTH - 2 * MARGIN - gap * (len(tiles) - 1)) / len(tiles)
    for index, (value, caption) in enumerate(tiles):
        x = MARGIN + index * (tile_width + gap)
        canvas.box(x, KPI_TOP, tile_width, KPI_HEIGHT, theme.PANEL)
        canvas.text(x + tile_width / 2, KPI_TOP + 50, value, size=theme.KPI_PT, ha="center")
        canvas.text(x + tile_width / 2, KPI_TOP + 80, caption, size=theme.SMALL_PT,
                    color=theme.MUTED, ha="center")


def _heat_colour(count: int, busiest: int) -> str:
    if count <= 0 or busiest <= 0:
        return theme.EMPTY_CELL
    level = min(len(theme.HEAT_LEVELS), -(-count * len(theme.HEAT_LEVELS) // busiest))
    return theme.HEAT_LEVELS[level - 1]


def _heatmap(canvas: Canvas, heatmap: Heatmap, labels: ChartLabels) -> None:
    canvas.text(MARGIN, HEATMAP_TITLE_Y, labels.heatmap, size=theme.SECTION_PT)
    weekday_column = 84
    weeks = len(heatmap.week_starts)
    pitch = min(HEATMAP_PITCH_MAX, (WIDTH - 2 * MARGIN - weekday_column) / weeks)
    grid_width = pitch * weeks
    left = (WIDTH - weekday_column - grid_width) / 2 + weekday_column  # centre the block
    cell = pitch * 0.84

    ax = canvas.axes(left, HEATMAP_TOP, grid_width, pitch * 7)
    ax.set_xlim(0, weeks)
    ax.set_ylim(7, 0)  # Monday on top
    ax.set_axis_off()
    busiest = heatmap.busiest_day
    patches, colours = [], []
    for weekday, row in enumerate(heatmap.cells):
        for week, count in enumerate(row):
            if count is None:
                continue
            inset = (1 - cell / pitch) / 2
            patches.append(FancyBboxPatch(
                (week + inset, weekday + inset), 1 - 2 * inset, 1 - 2 * inset,
                boxstyle="round,pad=0,rounding_size=0.18"))
            colours.append(_heat_colour(count, busiest))
    ax.add_collection(PatchCollection(patches, facecolors=colours, edgecolors="none"))

    for weekday in (0, 2, 4):
        canvas.text(left - 14, HEATMAP_TOP + pitch * (weekday + 0.5),
                    labels.weekdays[weekday], size=theme.SMALL_PT, color=theme.MUTED,
                    ha="right", va="center_baseline")
    for week, monday in enumerate(heatmap.week_starts[1:], start=1):
        # Label the column in which a month begins, as calendar heatmaps usually do.
        sunday = monday + timedelta(days=6)
        if sunday.day <= 7:
            canvas.text(left + week * pitch, HEATMAP_TOP - 10, labels.months[sunday.month - 1],
                        size=theme.SMALL_PT, color=theme.MUTED)

    # Colour key on the title row, where it costs no height.
    swatch = 20
    swatches = (theme.EMPTY_CELL, *theme.HEAT_LEVELS)
    x = WIDTH - MARGIN - len(swatches) * (swatch + 6) - 50
    canvas.text(x - 10, HEATMAP_TITLE_Y, labels.less, size=theme.SMALL_PT, color=theme.MUTED,
                ha="right")
    for colour in swatches:
        canvas.box(x, HEATMAP_TITLE_Y - swatch + 2, swatch, swatch, colour, radius=5)
        x += swatch + 6
    canvas.text(x + 4, HEATMAP_TITLE_Y, labels.more, size=theme.SMALL_PT, color=theme.MUTED)


def _display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _fit(text: str, width: int) -> str:
    if _display_width(text) <= width:
        return text
    while text and _display_width(text) > width - 1:
        text = text[:-1]
    return text.rstrip() + "…"


def _mastery(canvas: Canvas, data: ChartData, labels: ChartLabels) -> None:
    canvas.text(MARGIN, MASTERY_TITLE_Y, labels.mastery, size=theme.SECTION_PT)
    # Key for the two bar shades, on the title row.
    for x, colour, text in ((WIDTH - MARGIN - 330, theme.ACCENT, labels.mastery_hint),
                            (WIDTH - MARGIN - 110, theme.ACCENT_DIM, labels.seen_hint)):
        canvas.box(x, MASTERY_TITLE_Y - 15, 16, 16, colour, radius=8)
        canvas.text(x + 24, MASTERY_TITLE_Y, text, size=theme.SMALL_PT, color=theme.MUTED)
    name_width = 300
    right_column = 230
    bar_left = MARGIN + name_width
    bar_width = WIDTH - 2 * MARGIN - name_width - right_column
    bar_height = 16
    rows = len(data.topics) + (1 if data.hidden_topics else 0)
    row_height = min(48, MASTERY_HEIGHT / max(rows, 1))
    for row, topic in enumerate(data.topics):
        middle = MASTERY_TOP + row * row_height + row_height / 2
        canvas.text(MARGIN, middle, _fit(topic.label, 20), va="center_baseline")
        top = middle - bar_height / 2
        canvas.box(bar_left, top, bar_width, bar_height, theme.PANEL, radius=8)
        seen_share = topic.seen / topic.questions if topic.questions else 0.0
        for share, colour in ((seen_share, theme.ACCENT_DIM), (topic.mastery, theme.ACCENT)):
            if share > 0:
                canvas.box(bar_left, top, max(bar_width * share, bar_height), bar_height,
                           colour, radius=8)
        canvas.text(bar_left + bar_width + 16, middle, f"{topic.mastery:.0%}",
                    va="center_baseline")
        if topic.new:
            canvas.text(WIDTH - MARGIN, middle, labels.new_count.format(count=topic.new),
                        size=theme.SMALL_PT, color=theme.MUTED, ha="right",
                        va="center_baseline")
    if data.hidden_topics:
        canvas.text(MARGIN, MASTERY_TOP + len(data.topics) * row_height + row_height / 2,
                    labels.more_topics.format(count=data.hidden_topics),
                    size=theme.SMALL_PT, color=theme.MUTED, va="center_baseline")


def _rating_mix(canvas: Canvas, data: ChartData, labels: ChartLabels, *, x: float,
                width: float) -> None:
    canvas.text(x, BOTTOM_TITLE_Y, labels.rating_mix, size=theme.SECTION_PT)
    ax = canvas.axes(x, BOTTOM_TOP, width, BOTTOM_HEIGHT)
    weeks = range(len(data.rating_mix))
    ax.bar(weeks, [1.0] * len(data.rating_mix), width=0.72, color=theme.PANEL)
    bottoms = [0.0] * len(data.rating_mix)
    for index, colour in enumerate(theme.RATING_COLOURS):
        shares = [
            (week.again, week.hard, week.good, week.easy)[index] / week.total
            if week.total else 0.0
            for week in data.rating_mix
        ]
        ax.bar(weeks, shares, bottom=bottoms, width=0.72, color=colour)
        bottoms = [bottom + share for bottom, share in zip(bottoms, shares, strict=True)]
    ax.set_ylim(0, 1)
    ax.set_xlim(-0.6, len(data.rating_mix) - 0.4)
    ax.set_yticks([])
    ax.set_xticks([])

    # Legend under the bars: a coloured dot and its name, spread over the width.
    slot = width / 4
    for index, (name, colour) in enumerate(zip(labels.ratings, theme.RATING_COLOURS,
                                               strict=True)):
        left = x + index * slot
        canvas.box(left, LEGEND_Y - 8, 16, 16, colour, radius=8)
        canvas.text(left + 24, LEGEND_Y, name, size=theme.SMALL_PT,
                    color=theme.MUTED, va="center_baseline")


def _forecast(canvas: Canvas, data: ChartData, labels: ChartLabels, *, x: float,
              width: float) -> None:
    canvas.text(x, BOTTOM_TITLE_Y, labels.forecast, size=theme.SECTION_PT)
    ax = canvas.axes(x, BOTTOM_TOP, width, BOTTOM_HEIGHT)
    counts = [count for _, count in data.forecast]
    days = range(len(counts))
    colours = [theme.ACCENT if day == 0 else theme.FORECAST_BAR for day in days]
    ax.bar(days, counts, width=0.68, color=colours)
    tallest = max(counts, default=0) or 1
    ax.set_ylim(0, tallest * 1.3)  # headroom for the value labels
    ax.set_xlim(-0.6, len(counts) - 0.4)
    ax.set_yticks([])
    ax.set_xticks([])
    for day, count in zip(days, counts, strict=True):
        ax.text(day, count + tallest * 0.04, str(count), ha="center", va="bottom",
                fontsize=theme.SMALL_PT * 0.9, color=theme.TEXT if day == 0 else theme.MUTED,
                fontfamily=canvas.families)
    ax.axhline(0, color=theme.GRID, linewidth=1)

    step = width / max(len(counts), 1)
    for day in (0, 7, 13):
        if day < len(data.forecast):
            text = labels.today if day == 0 else labels.short_date(data.forecast[day][0])
            canvas.text(x + step * (day + 0.5), LEGEND_Y, text, size=theme.SMALL_PT,
                        color=theme.MUTED, ha="center", va="center_baseline")

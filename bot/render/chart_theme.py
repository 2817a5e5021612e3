"""Size and colours of the stats chart.

A mid-dark card reads well inside both light and dark chat themes. Text, rating
colours and the accent keep at least 4.5:1 contrast against the background
(WCAG AA); only tracks, empty cells and the quietest heat levels sit lower.
"""

from __future__ import annotations

# Portrait 4:5 fills a phone screen in Telegram and Slack without cropping.
CHART_SIZE_PX: tuple[int, int] = (1080, 1350)  # width, height
DPI = 200  # so point sizes below map to sizes that stay legible once the phone scales down

BACKGROUND = "#232834"
PANEL = "#2E3442"  # tiles and empty tracks
EMPTY_CELL = "#394051"
TEXT = "#F3F5F9"
MUTED = "#A7B0C2"
GRID = "#444C5E"

ACCENT = "#A78BFA"  # activity and mastery; distinct from the four rating colours
ACCENT_DIM = "#6656A8"  # seen but not yet mastered
HEAT_LEVELS = ("#4B4380", "#6E5DC2", "#957EEE", "#C9B8FF")  # busier days are brighter
FORECAST_BAR = "#8894AB"

# Again, Hard, Good, Easy: the same order and colours wherever ratings appear.
RATING_COLOURS = ("#F25C6E", "#F59E3B", "#3DCB7E", "#4EA8FF")

TITLE_PT = 17.0
STREAK_PT = 13.0
SECTION_PT = 11.0
BODY_PT = 9.0
KPI_PT = 14.0
SMALL_PT = 7.5

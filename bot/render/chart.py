"""The /stats picture: a phone-sized PNG drawn from the engine's Stats.

Only matplotlib's object-oriented API is used (a Figure on its own Agg canvas,
never pyplot), so rendering touches no global figure registry or backend
setting and cannot disturb anything else in the process.
"""

from __future__ import annotations

import asyncio
import io
import threading
from concurrent.futures import ThreadPoolExecutor

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from bot.domain.models import Stats
from bot.render import chart_theme as theme
from bot.render.chart_data import chart_data
from bot.render.chart_draw import draw_chart
from bot.render.chart_fonts import ensure_fonts
from bot.render.chart_labels import labels_for

CHART_SIZE_PX = theme.CHART_SIZE_PX  # (width, height) of every chart PNG

# One dedicated worker thread renders every chart, off the event loop:
# - matplotlib guarantees little about concurrent use, and serialising renders
#   in one thread sidesteps that (its font cache is also kept per thread, so the
#   CJK font is parsed once rather than once per pooled thread);
# - a chart takes a fraction of a second, and the GIL is handed back to the
#   event loop every few milliseconds, so other users' messages keep flowing;
# - a process pool would add a cold matplotlib import, pickling and a
#   fork-with-threads hazard for no gain on a small host.
_executor: ThreadPoolExecutor | None = None
_executor_lock = threading.Lock()


def render_stats_chart(stats: Stats, language: str | None = None) -> bytes | None:
    """PNG bytes of the stats chart, or None when the user has no reviews yet."""
    if stats.is_empty:
        return None
    families = ensure_fonts()
    width, height = CHART_SIZE_PX
    figure = Figure(figsize=(width / theme.DPI, height / theme.DPI), dpi=theme.DPI,
                    facecolor=theme.BACKGROUND)
    FigureCanvasAgg(figure)
    draw_chart(figure, chart_data(stats, language), labels_for(language), families)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=theme.DPI, facecolor=theme.BACKGROUND,
                   metadata={"Software": None})
    return buffer.getvalue()


async def render_stats_chart_async(stats: Stats, language: str | None = None) -> bytes | None:
    """render_stats_chart in the chart worker thread, leaving the event loop free."""
    if stats.is_empty:
        return None
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(_chart_executor(), render_stats_chart, stats, language)


def _chart_executor() -> ThreadPoolExecutor:
    global _executor
    with _executor_lock:
        if _executor is None:
            _executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="stats-chart")
        return _executor

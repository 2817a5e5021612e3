"""The stats chart with an interview date: the figures come from Stats unchanged."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from bot.domain.models import InterviewOutlook
from bot.render.chart import render_stats_chart
from bot.render.chart_data import chart_data
from tests.unit.test_chart import make_stats

PLAN = InterviewOutlook(date(2026, 3, 30), 12, 8, 0.9, 0.93, 0.41)


def test_the_chart_carries_the_countdown_plan_and_parameters():
    stats = replace(make_stats(), interview=PLAN, personal_parameters=True)
    data = chart_data(stats)
    assert data.interview == PLAN and data.personal_parameters
    assert chart_data(make_stats()).interview is None
    for language in ("en", "zh"):
        assert render_stats_chart(stats, language).startswith(b"\x89PNG")

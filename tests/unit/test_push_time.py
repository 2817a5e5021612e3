"""Local push time to UTC instants, across DST changes."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot.domain.push_time import (
    canonical_timezone,
    next_push_at,
    normalize_hhmm,
    push_instant,
    valid_timezone,
)


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def test_plain_day_in_shanghai():
    assert push_instant(date(2026, 3, 2), "09:00", "Asia/Shanghai") == utc(2026, 3, 2, 1, 0)


def test_spring_forward_gap_moves_to_next_valid_minute():
    # Berlin skips 02:00-03:00 on 2026-03-29: 02:30 does not exist, 03:00 is the next minute.
    assert push_instant(date(2026, 3, 29), "02:30", "Europe/Berlin") == utc(2026, 3, 29, 1, 0)


def test_autumn_repeat_is_sent_once_at_first_occurrence():
    # Berlin repeats 02:00-03:00 on 2026-10-25; 02:30 first happens at 00:30 UTC (CEST).
    assert push_instant(date(2026, 10, 25), "02:30", "Europe/Berlin") == utc(2026, 10, 25, 0, 30)
    after_first = next_push_at("02:30", "Europe/Berlin", utc(2026, 10, 25, 0, 31))
    assert after_first == utc(2026, 10, 26, 1, 30)  # not again at the second 02:30


def test_next_push_skips_delivered_days_and_past_times():
    now = utc(2026, 3, 2, 0, 0)  # 08:00 in Shanghai
    assert next_push_at("09:00", "Asia/Shanghai", now) == utc(2026, 3, 2, 1, 0)
    assert next_push_at("07:00", "Asia/Shanghai", now) == utc(2026, 3, 2, 23, 0)
    delivered = date(2026, 3, 2)
    assert next_push_at("09:00", "Asia/Shanghai", now, delivered) == utc(2026, 3, 3, 1, 0)


def test_normalize_hhmm():
    assert normalize_hhmm("7:05") == "07:05" and normalize_hhmm("23:59") == "23:59"
    assert normalize_hhmm("08：30") == "08:30"  # full-width colon from Chinese keyboards
    for bad in ("24:00", "12:60", "noon", "", "1230"):
        assert normalize_hhmm(bad) is None


@pytest.mark.parametrize(
    "name",
    [
        "A" * 5000,  # zoneinfo raised OSError: File name too long
        "Europe/" + "x" * 300,
        "Europe/Berlin\x00",
        "Europe/Berlin/../../etc/passwd",
        "Europe\\Berlin",
        "[click me](https://evil.example/phish)",
        "__init__.py",
        "Europe/Berlin ",
        "",
        "/etc/localtime",
    ],
)
def test_any_invalid_timezone_text_is_just_invalid(name):
    assert valid_timezone(name) is False


@pytest.mark.parametrize("name", ["Europe/Berlin", "America/Argentina/ComodRivadavia", "UTC",
                                  "Etc/GMT+5", "America/Port-au-Prince"])  # fmt: skip
def test_real_timezones_stay_valid(name):
    assert valid_timezone(name) is True


def test_timezone_names_match_in_any_letter_case():
    assert canonical_timezone("europe/berlin") == "Europe/Berlin"
    assert canonical_timezone(" ASIA/SHANGHAI ") == "Asia/Shanghai"
    assert canonical_timezone("utc") == "UTC"
    assert canonical_timezone("Europe/Berlin") == "Europe/Berlin"
    assert canonical_timezone("europe/atlantis") is None
    assert canonical_timezone("") is None
    assert canonical_timezone("A" * 5000) is None

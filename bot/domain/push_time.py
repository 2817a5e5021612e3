"""Local push time -> UTC instant, correct across DST changes."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones


def local_today(now: datetime, timezone: str) -> date:
    return now.astimezone(ZoneInfo(timezone)).date()


def day_start(day: date, timezone: str) -> datetime:
    """UTC instant at which local `day` begins (midnight, or the first valid minute)."""
    return push_instant(day, "00:00", timezone)


def push_instant(day: date, push_time: str, timezone: str) -> datetime:
    """UTC instant of `push_time` on local `day`.

    A wall time skipped by a spring-forward change maps to the next valid minute; a wall time
    that occurs twice in autumn maps to its first occurrence, so it is sent once.
    """
    zone = ZoneInfo(timezone)
    hour, minute = (int(part) for part in push_time.split(":"))
    wall = datetime.combine(day, time(hour, minute), tzinfo=zone)  # fold=0: first occurrence
    for _ in range(24 * 60):
        instant = wall.astimezone(UTC)
        back = instant.astimezone(zone)
        if back.replace(tzinfo=None) == wall.replace(tzinfo=None):
            return instant
        wall += timedelta(minutes=1)  # wall time does not exist: try the next minute
    raise ValueError(f"no valid local time after {push_time} on {day} in {timezone}")


def next_push_at(
    push_time: str, timezone: str, now: datetime, delivered_through: date | None = None
) -> datetime:
    """The next daily push strictly after `now`, on a local day later than `delivered_through`."""
    day = local_today(now, timezone)
    if delivered_through is not None and day <= delivered_through:
        day = delivered_through + timedelta(days=1)
    while True:
        instant = push_instant(day, push_time, timezone)
        if instant > now:
            return instant
        day += timedelta(days=1)


def normalize_hhmm(text: str) -> str | None:
    """'7:05' / '07:05' -> '07:05'; None if not a 24-hour time."""
    match = re.match(r"^\s*(\d{1,2})[:：](\d{2})\s*$", text)
    if not match:
        return None
    hour, minute = int(match.group(1)), int(match.group(2))
    if hour > 23 or minute > 59:
        return None
    return f"{hour:02d}:{minute:02d}"


# IANA names: "Area/City" parts of letters, digits, "_", "-", "+"; the longest is 32 characters.
TIMEZONE_NAME = re.compile(r"[A-Za-z0-9_+\-]+(/[A-Za-z0-9_+\-]+)*")
MAX_TIMEZONE_CHARS = 64


def valid_timezone(name: str) -> bool:
    """Whether `name` is a timezone zoneinfo knows; False (never an error) for any other text.

    The shape is checked first: zoneinfo looks the name up as a file, so a long or odd name
    raises OSError ("File name too long") or worse instead of ZoneInfoNotFoundError.
    """
    if not isinstance(name, str) or len(name) > MAX_TIMEZONE_CHARS:
        return False
    if not TIMEZONE_NAME.fullmatch(name):
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True


def canonical_timezone(name: str) -> str | None:
    """The IANA name as spelled in the tz database ('europe/berlin' -> 'Europe/Berlin'), or None
    when no zone has that name in any letter case."""
    name = (name or "").strip()
    if valid_timezone(name):
        return name
    return _zones_by_folded_name().get(name.casefold())


@cache
def _zones_by_folded_name() -> dict[str, str]:
    return {zone.casefold(): zone for zone in available_timezones()}

"""A daily delivery as the delivery service sees it: one user's push for one local day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from bot.domain.models import User

# A row is claimed first, then closed once: sent, failed (gave up) or skipped (on purpose).
CLAIMED, SENT, FAILED, SKIPPED = "claimed", "sent", "failed", "skipped"


@dataclass(frozen=True, slots=True)
class DeliveryRow:
    """One user's delivery for one local day, with the user it goes to."""

    id: int
    user: User
    local_date: date
    status: str
    question_id: str | None  # None: not picked yet, or nothing was due
    attempts: int  # sends started; > 0 while still claimed means "possibly sent"
    claimed_at: datetime


@dataclass(frozen=True, slots=True)
class DeliveryGroup:
    """Delivery rows counted per channel, timezone, local day and status."""

    channel: str
    timezone: str
    local_date: date
    status: str
    rows: int
    started: int  # rows with a send started

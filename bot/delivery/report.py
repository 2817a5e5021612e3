"""What one send-out did, and the log lines that make it observable."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field

log = logging.getLogger("bot.delivery")


@dataclass
class SendOutReport:
    channel: str
    users: int = 0  # deliveries handed to the queue (new claims and resumed rows)
    resumed: int = 0  # of which left claimed by an earlier run
    sent: int = 0
    paid: int = 0  # messages sent as paid broadcasts (Telegram), part of `sent`
    failed: int = 0
    skipped: int = 0
    deactivated: int = 0  # users the platform reported gone (403)
    rate_limited: int = 0  # 429 answers (each honoured, then the same message resent)
    retried: int = 0  # network / 5xx failures retried with backoff
    pending: tuple[int, int] = (0, 0)  # at the start: (rows left claimed, users due)
    started: float = field(default_factory=time.monotonic)
    finished: float | None = None

    @property
    def duration(self) -> float:
        return (self.finished or time.monotonic()) - self.started

    @property
    def rate(self) -> float:
        return self.sent / self.duration if self.duration > 0 else 0.0

    def log_start(self) -> None:
        log.info(
            "daily send-out started: channel=%s unfinished=%d due=%d",
            self.channel,
            *self.pending,
        )

    def log_end(self) -> None:
        self.finished = time.monotonic()
        log.info(
            "daily send-out finished: channel=%s users=%d sent=%d paid=%d failed=%d skipped=%d"
            " deactivated=%d 429s=%d retries=%d duration=%.1fs rate=%.1f/s",
            self.channel,
            self.users,
            self.sent,
            self.paid,
            self.failed,
            self.skipped,
            self.deactivated,
            self.rate_limited,
            self.retried,
            self.duration,
            self.rate,
        )

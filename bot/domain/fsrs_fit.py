"""FSRS parameters fitted to one user's review history with the Rust optimizer (fsrs-rs).

The optimizer decides itself whether the history is enough: below its own minimum it hands
back the default parameters unchanged, and we then keep the defaults. Fitted parameters are
used only when they predict the user's own history better (lower log loss) than the defaults.
CPU-bound: callers run `fit_parameters` off the event loop.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from itertools import groupby

import fsrs_rs_python as fsrs_rs

from bot.domain.fsrs_scheduler import DEFAULT_PARAMETERS

# Re-fit a user's parameters at most this often.
REFIT_DAYS = 7


@dataclass(frozen=True, slots=True)
class FitResult:
    """One optimizer run on a user's history. `parameters` is None when the history was below
    the optimizer's minimum (then the losses are None too)."""

    fitted_at: datetime
    reviews_used: int
    parameters: tuple[float, ...] | None = None
    default_log_loss: float | None = None
    fitted_log_loss: float | None = None
    default_rmse: float | None = None
    fitted_rmse: float | None = None
    in_use: bool = False  # the fitted parameters predict the history better than the defaults

    @property
    def personal(self) -> tuple[float, ...] | None:
        """The parameters to schedule with, or None for the defaults."""
        return self.parameters if self.in_use else None

    @property
    def error(self) -> float:
        """RMSE of the parameters in use on the user's history (0 when not measured)."""
        return (self.fitted_rmse if self.in_use else self.default_rmse) or 0.0


def history_items(history: Iterable[tuple[str, int, date]]) -> list[fsrs_rs.FSRSItem]:
    """Training items from (question id, rating, local day) rows ordered per question: one
    item per review after a question's first, holding the reviews before it (days apart)."""
    items = []
    for _qid, rows in groupby(history, key=lambda r: r[0]):
        reviews: list[fsrs_rs.FSRSReview] = []
        previous: date | None = None
        for _q, rating, day in rows:
            reviews.append(
                fsrs_rs.FSRSReview(int(rating), (day - previous).days if previous else 0)
            )
            previous = day
            if len(reviews) > 1:
                items.append(fsrs_rs.FSRSItem(list(reviews)))
    return items


def fit_parameters(history: list[tuple[str, int, date]], now: datetime) -> FitResult:
    items = history_items(history)
    defaults = fsrs_rs.FSRS(list(DEFAULT_PARAMETERS))
    fitted = defaults.compute_parameters(items) if items else list(fsrs_rs.DEFAULT_PARAMETERS)
    if list(fitted) == list(fsrs_rs.DEFAULT_PARAMETERS):
        return FitResult(now, len(history))  # below the optimizer's own minimum
    before = defaults.evaluate(items)
    after = fsrs_rs.FSRS(fitted).evaluate(items)
    return FitResult(
        fitted_at=now,
        reviews_used=len(history),
        parameters=tuple(float(w) for w in fitted),
        default_log_loss=before.log_loss,
        fitted_log_loss=after.log_loss,
        default_rmse=before.rmse_bins,
        fitted_rmse=after.rmse_bins,
        in_use=after.log_loss < before.log_loss,
    )

"""How wide the user's terminal is, so console text fills it instead of a fixed 80 columns."""

from __future__ import annotations

import shutil

NARROWEST = 20  # below this, wrapping would break words apart


def terminal_width(fallback: int = 80) -> int:
    """Columns of the terminal on stdout ($COLUMNS first), or `fallback` when there is none."""
    return max(NARROWEST, shutil.get_terminal_size((fallback, 24)).columns)

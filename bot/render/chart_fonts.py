"""A font with CJK glyphs for the stats chart, registered with matplotlib once.

Topic names can be Chinese, and matplotlib's bundled DejaVu Sans has no CJK
glyphs (they would render as empty boxes). Noto Sans SC (SIL OFL 1.1) comes from
the ``pylopdf-fonts-zh-cn`` wheel so a fresh ``pip install`` gets it; it also
covers Latin, so one face keeps English and Chinese labels consistent.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from matplotlib import font_manager

log = logging.getLogger(__name__)

CJK_FAMILY = "Noto Sans SC"
# DejaVu Sans backs up the odd symbol Noto Sans SC lacks; matplotlib falls back per glyph.
FONT_FAMILIES: tuple[str, ...] = (CJK_FAMILY, "DejaVu Sans")

_lock = threading.Lock()
_families: tuple[str, ...] | None = None


def cjk_font_path() -> Path | None:
    try:
        import pylopdf_fonts_zh_cn
    except ImportError:
        return None
    path = pylopdf_fonts_zh_cn.sans_path()
    return path if path.is_file() else None


def ensure_fonts() -> tuple[str, ...]:
    """Register the CJK font on first use and return the families to draw with."""
    global _families
    with _lock:
        if _families is None:
            path = cjk_font_path()
            if path is None:
                log.warning("CJK font package missing: Chinese text in charts will not render")
                _families = FONT_FAMILIES[1:]
            else:
                font_manager.fontManager.addfont(str(path))
                _families = FONT_FAMILIES
        return _families

"""The report's chart as a PNG: targets and targets visited per division, drawn with matplotlib's
Agg canvas (no display, no pyplot state shared between requests).

Division names are Chinese, so the labels need a CJK font. Debian's fonts-noto-cjk is the one we
look for first; any other installed CJK font will do. Without one the chart is still drawn, with
the default font (the names then show as boxes), and a warning is logged: a missing font never
stops a report.
"""

from __future__ import annotations

import io
import logging
import warnings
from functools import lru_cache
from pathlib import Path

from qinshang.reports.summary import ChartSeries

logger = logging.getLogger(__name__)

NOTO_CJK = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
# Families that cover Simplified Chinese, best first.
CJK_FAMILIES = ("Noto Sans CJK SC", "Source Han Sans SC", "Noto Sans SC", "WenQuanYi Micro Hei",
                "WenQuanYi Zen Hei", "Microsoft YaHei", "SimHei", "PingFang SC",
                "Droid Sans Fallback", "Noto Serif CJK SC", "AR PL UMing CN")
FIND_FONT = object()  # bar_chart_png's default: look for an installed CJK font

TARGET_COLOUR, VISITED_COLOUR = "#9bb4d3", "#c0392b"
WIDTH_INCHES, DPI = 7.0, 150


@lru_cache(maxsize=1)
def cjk_font_family() -> str | None:
    """The family name of an installed CJK font that matplotlib can draw with, or None."""
    from matplotlib import font_manager

    installed = {entry.name for entry in font_manager.fontManager.ttflist}
    if "Noto Sans CJK SC" not in installed and NOTO_CJK.exists():
        # Installed after matplotlib built its font cache: register it now.
        font_manager.fontManager.addfont(str(NOTO_CJK))
        installed = {entry.name for entry in font_manager.fontManager.ttflist}
    for family in CJK_FAMILIES:
        if family in installed:
            return family
    return next((name for name in sorted(installed) if "CJK" in name), None)


def bar_chart_png(series: ChartSeries, *, font: object = FIND_FONT) -> bytes:
    """Grouped bars per division; ``font`` is a family name, or None for matplotlib's default."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties

    family = cjk_font_family() if font is FIND_FONT else font
    if family is None:
        logger.warning("No CJK font found: the report's chart is drawn with the default font, "
                       "its Chinese labels will not show. Install fonts-noto-cjk.")
    text = FontProperties(family=[family, "DejaVu Sans"] if family else "DejaVu Sans")
    small = text.copy()
    small.set_size(7)
    count = max(len(series.names), 1)
    figure = Figure(figsize=(WIDTH_INCHES, 3.4 if count <= 8 else 3.9), dpi=DPI,
                    layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    positions = range(len(series.names))
    width = 0.38
    targets = axes.bar([p - width / 2 for p in positions], series.targets, width,
                       color=TARGET_COLOUR, label=series.target_label)
    visited = axes.bar([p + width / 2 for p in positions], series.visited, width,
                       color=VISITED_COLOUR, label=series.visited_label)
    for bars, values in ((targets, series.targets), (visited, series.visited)):
        # Zeros are left unlabelled: a row of "0 0" under every empty division is noise.
        axes.bar_label(bars, labels=[str(value) if value else "" for value in values],
                       padding=1, fontproperties=small)
    axes.set_xticks(list(positions))
    axes.set_xticklabels(series.names, fontproperties=text, fontsize=8,
                         rotation=45 if count > 8 else 0, ha="right" if count > 8 else "center")
    axes.set_title(series.title, fontproperties=text, fontsize=11)
    axes.legend(prop=small, frameon=False, loc="upper right")
    axes.yaxis.get_major_locator().set_params(integer=True)
    axes.spines[["top", "right"]].set_visible(False)
    axes.set_ylim(0, max((*series.targets, *series.visited, 1)) * 1.18)
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        # Without a CJK font every Chinese character warns "Glyph missing"; logged once above.
        warnings.simplefilter("ignore", UserWarning)
        figure.savefig(buffer, format="png")
    return buffer.getvalue()

"""Chart of results side by side: advantage and SCORE with their 95 % intervals.

Takes :func:`jost_engine.analysis.compare.figures_table` and returns a
:class:`matplotlib.figure.Figure` drawn on the Agg canvas, without pyplot.
"""

from __future__ import annotations

import math
import textwrap

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from .compare import FIGURES

Z95 = 1.959964
PANELS = ("advantage", "score")


def _label(key: str) -> str:
    return next(label for k, label, _ in FIGURES if k == key)


def advantage_and_score(table, title: str = "Advantage and SCORE, with 95 % intervals"
                        ) -> Figure:
    """One row per result, two panels: advantage [%] and SCORE, each with its 95 % interval.

    Parameters
    ----------
    table : pandas.DataFrame
        :func:`jost_engine.analysis.compare.figures_table`.

    Notes
    -----
    A result without a SCORE (not a positive EV) has no point in that panel.
    """
    names = list(dict.fromkeys(name for name, _ in table.columns))
    height = 1.6 + 0.45 * len(names)
    fig = Figure(figsize=(7.0, height), layout="constrained")
    FigureCanvasAgg(fig)
    axes = fig.subplots(1, 2, sharey=True)
    rows = list(range(len(names)))[::-1]  # the first result on top
    for ax, key in zip(axes, PANELS):
        label = _label(key)
        for y, name in zip(rows, names):
            value = table.at[label, (name, "value")] if label in table.index else math.nan
            se = table.at[label, (name, "SE")] if label in table.index else math.nan
            if math.isnan(value):
                continue
            ax.errorbar(value, y, xerr=None if math.isnan(se) else Z95 * se, fmt="o",
                        capsize=4, color=f"C{names.index(name) % 10}")
        ax.axvline(0.0, color="black", linewidth=0.6)
        ax.set_xlabel(label)
        ax.grid(axis="x", alpha=0.3)
    axes[0].set_yticks(rows, ["\n".join(textwrap.wrap(n, 28)) for n in names], fontsize=8)
    axes[0].set_ylim(-0.6, len(names) - 0.4)
    fig.suptitle(title)
    return fig

"""Chart of results side by side: advantage and SCORE, error bars ± 1 SE.

Takes :func:`jost_engine.analysis.compare.job_figures` and returns a
:class:`matplotlib.figure.Figure` drawn on the Agg canvas, without pyplot.
"""

from __future__ import annotations

import textwrap

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from . import labels

PANELS = ("advantage", "score")
#: What each panel's values are multiplied by to be shown (the advantage in %).
SCALE = {"advantage": 100.0}


def advantage_and_score(figures: dict, title: str = "Advantage and SCORE (bars: ± 1 SE)"
                        ) -> Figure:
    """One row per result, two panels: advantage [%] and SCORE, each ± 1 SE.

    Parameters
    ----------
    figures : dict
        ``{name: {key: Estimate}}`` (:func:`jost_engine.analysis.compare.job_figures`).
    title : str
        The chart's title; it names no winner (the Compare tab's verdicts do).

    Notes
    -----
    A result without a SCORE (not a positive EV) has no point in that panel.
    """
    names = list(figures)
    height = 1.6 + 0.45 * len(names)
    fig = Figure(figsize=(7.0, height), layout="constrained")
    FigureCanvasAgg(fig)
    axes = fig.subplots(1, 2, sharey=True)
    rows = list(range(len(names)))[::-1]  # the first result on top
    for ax, key in zip(axes, PANELS):
        scale = SCALE.get(key, 1.0)
        for y, name in zip(rows, names):
            e = figures[name].get(key)
            if e is None or e.value is None:
                continue
            ax.errorbar(scale * e.value, y, xerr=None if e.se is None else scale * e.se,
                        fmt="o", capsize=4, color=f"C{names.index(name) % 10}")
        ax.axvline(0.0, color="black", linewidth=0.6)
        ax.set_xlabel("advantage [% of the initial bet]" if key == "advantage"
                      else labels.short_label(key))
        ax.grid(axis="x", alpha=0.3)
    axes[0].set_yticks(rows, ["\n".join(textwrap.wrap(n, 34)) for n in names], fontsize=8)
    axes[0].set_ylim(-0.6, len(names) - 0.4)
    fig.suptitle(title)
    return fig

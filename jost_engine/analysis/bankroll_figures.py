"""The bankroll over a trip: normal-model bands beside the quantiles of simulated paths.

Drawn on a :class:`matplotlib.figure.Figure` without pyplot (the Agg canvas),
like :mod:`jost_engine.analysis.figures`; save one with ``fig.savefig(path)``.
"""

from __future__ import annotations

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

SIZE = (7.0, 3.8)
#: Pairs of quantile keys shaded as bands, outermost first, and their opacity.
_BANDS = (("p5", "p95", 0.18), ("p25", "p75", 0.35))
#: Simulated quantiles drawn as lines: key, line style, legend label (None: unlabelled).
_LINES = (("p5", ":", "simulated 5 and 95 %"), ("p25", "--", "simulated 25 and 75 %"),
          ("p50", "-", "simulated median"), ("p75", "--", None), ("p95", ":", None))


def bankroll_paths(normal: dict, simulated: dict | None = None,
                   title: str = "Bankroll over the trip") -> Figure:
    """Bankroll quantiles by hour: the normal model shaded, simulated trips as lines.

    Parameters
    ----------
    normal : dict
        :func:`jost_engine.betting.risk.bankroll_bands`: ``hours`` and the
        keys ``p5``, ``p25``, ``p50``, ``p75``, ``p95`` [units].
    simulated : dict, optional
        :func:`jost_engine.betting.risk.simulated_bankroll_bands` (same
        keys, and ``paths``, the trips recorded); left out when None.
    title : str
        The figure's title.
    """
    fig = Figure(figsize=SIZE, layout="constrained")
    FigureCanvasAgg(fig)
    ax = fig.subplots()
    hours = normal["hours"]
    for low, high, alpha in _BANDS:
        ax.fill_between(hours, normal[low], normal[high], color="tab:blue", alpha=alpha,
                        linewidth=0, label=f"normal model {low[1:]}-{high[1:]} %")
    ax.plot(hours, normal["p50"], color="tab:blue", linewidth=1.0, label="normal model median")
    if simulated is not None:
        for key, style, label in _LINES:
            if key == "p50":
                label = f"{label} ({simulated['paths']:,} trips)"
            ax.plot(simulated["hours"], simulated[key], color="tab:red", linestyle=style,
                    linewidth=1.2, label=label)
    ax.axhline(0.0, color="black", linewidth=0.6)
    ax.set_xlabel("time [hours]")
    ax.set_ylabel("bankroll [units]")
    ax.set_title(title)
    ax.legend(fontsize="small", loc="upper left")
    return fig

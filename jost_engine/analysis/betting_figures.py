"""Charts of optimal betting: two ramps side by side, win rate against risk, bankroll bands.

Each function takes the plain data of :mod:`jost_engine.betting` (ramp pairs,
the rows of :func:`~jost_engine.betting.frontier`, the dict of
:func:`~jost_engine.betting.risk.bankroll_bands`) and returns a
:class:`matplotlib.figure.Figure` drawn on the Agg canvas, without pyplot,
for the workbench's Betting view and the reports alike.
"""

from __future__ import annotations

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import StrMethodFormatter

SIZE = (6.4, 3.6)
#: Colours of the optimal ramp and the user's, in every chart.
OPTIMAL, YOURS = "tab:green", "tab:blue"


def _money_axis(ax, unit: float, label: str) -> None:
    """A right-hand axis showing the left one's units in money, with thousands separators."""
    money = ax.secondary_yaxis("right", functions=(lambda u: u * unit, lambda m: m / unit))
    money.yaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))
    money.set_ylabel(label)


def _figure(size=SIZE):
    fig = Figure(figsize=size, layout="constrained")
    FigureCanvasAgg(fig)
    return fig, fig.subplots()


def _steps(pairs, low: float, high: float) -> tuple[np.ndarray, np.ndarray]:
    """Whole true counts ``low..high`` and the units a ramp's pairs bet there."""
    counts = np.arange(int(low), int(high) + 1)
    units = np.full(counts.shape, float(pairs[0][1]))
    for at, size in pairs:
        units[counts >= at] = size
    return counts, units


def ramps(optimal, yours, count_range=(-4, 10), unit: float | None = None,
          count_name: str = "true count", title: str = "Bet ramps: optimal and yours") -> Figure:
    """The optimal ramp and the user's as bars side by side, by count.

    Parameters
    ----------
    optimal, yours : list of [float, float]
        ``[[count at or above, units], ...]`` pairs (a ramp's ``pairs()``).
    count_range : (int, int)
        Lowest and highest count drawn.
    unit : float, optional
        Money per unit [currency]: a second axis shows the bets in money.
    count_name : str
        The x axis: "true count", or "running count" for an unbalanced count.
    """
    fig, ax = _figure()
    counts, best = _steps(optimal, *count_range)
    _, own = _steps(yours, *count_range)
    width = 0.4
    ax.bar(counts - width / 2, best, width, color=OPTIMAL, label="optimal")
    ax.bar(counts + width / 2, own, width, color=YOURS, label="yours")
    ax.set_xticks(counts)
    ax.set_xlabel(f"{count_name} (bets at or above)")
    ax.set_ylabel("bet [units]")
    if unit:
        _money_axis(ax, unit, "bet [$]")
    ax.legend(loc="upper left")
    ax.set_title(title)
    return fig


def frontier(rows, marks: dict | None = None, unit: float | None = None,
             title: str = "Win rate against risk of ruin") -> Figure:
    """Win rate per hour against the lifetime risk of ruin along the Kelly fractions.

    Parameters
    ----------
    rows : list of dict
        :func:`jost_engine.betting.frontier` (``kelly_fraction``,
        ``win_rate_per_hour`` [units/h], ``ror``).
    marks : dict, optional
        Points to mark, by name: ``{"optimal": figures, "yours": figures}``,
        each with ``win_rate_per_hour`` and ``ror``.
    unit : float, optional
        Money per unit [currency]: a second axis shows $ per hour.
    """
    fig, ax = _figure()
    usable = [r for r in rows if r.get("ror") is not None]
    ax.plot([100 * r["ror"] for r in usable], [r["win_rate_per_hour"] for r in usable],
            color="gray", marker=".", label="optimal ramps (Kelly x0.05 to x4)")
    colors = {"optimal": OPTIMAL, "yours": YOURS}
    for name, figures in (marks or {}).items():
        if figures and figures.get("ror") is not None:
            ax.plot(100 * figures["ror"], figures["win_rate_per_hour"], marker="o",
                    markersize=9, linestyle="none", color=colors.get(name, "black"), label=name)
    for row in _labelled(usable):
        ax.annotate(f"x{row['kelly_fraction']:.2g}", (100 * row["ror"], row["win_rate_per_hour"]),
                    textcoords="offset points", xytext=(4, -10), fontsize=7, color="gray")
    ax.set_xlabel("lifetime risk of ruin [%]")
    ax.set_ylabel("win rate [units/hour]")
    risks = [100 * f["ror"] for f in (marks or {}).values() if f and f.get("ror") is not None]
    risks += [100 * r["ror"] for r in usable if r["win_rate_per_hour"] > 0]
    ax.set_xlim(0, min(100.0, 1.15 * max(risks, default=100.0)))
    ax.axhline(0.0, color="black", linewidth=0.6)
    if unit:
        _money_axis(ax, unit, "win rate [$/hour]")
    ax.legend(loc="lower right", fontsize=8)
    ax.set_title(title)
    return fig


def _labelled(rows, fractions=(0.25, 0.5, 1.0, 2.0)) -> list[dict]:
    """The frontier's rows nearest to some round Kelly fractions, to label on the curve."""
    if not rows:
        return []
    picked = {min(range(len(rows)), key=lambda i: abs(np.log(rows[i]["kelly_fraction"] / f)))
              for f in fractions}
    return [rows[i] for i in sorted(picked)]


#: Simulated quantiles drawn as lines: key, line style, legend label (None: unlabelled).
_SIMULATED_LINES = (("p5", ":", "simulated 5 and 95 %"), ("p25", "--", "simulated 25 and 75 %"),
                    ("p50", "-", "simulated median"), ("p75", "--", None), ("p95", ":", None))


def bankroll_bands(bands: dict, unit: float | None = None,
                   title: str = "Bankroll after h hours (normal model)",
                   simulated: dict | None = None) -> Figure:
    """The 5/25/50/75/95 % bands of the bankroll over time, with the ruin line at 0.

    Parameters
    ----------
    bands : dict
        :func:`jost_engine.betting.risk.bankroll_bands`: ``hours`` and
        ``p5`` ... ``p95`` [units].
    unit : float, optional
        Money per unit [currency]: a second axis shows the bankroll in money.
    title : str
        The figure's title.
    simulated : dict, optional
        :func:`jost_engine.betting.risk.simulated_bankroll_bands` (the same
        keys, and ``paths``, the trips recorded): its quantiles are drawn as
        red lines over the shaded normal-model bands.
    """
    fig, ax = _figure()
    hours = bands["hours"]
    ax.fill_between(hours, bands["p5"], bands["p95"], color=OPTIMAL, alpha=0.18,
                    label="5 to 95 %")
    ax.fill_between(hours, bands["p25"], bands["p75"], color=OPTIMAL, alpha=0.35,
                    label="25 to 75 %")
    ax.plot(hours, bands["p50"], color=OPTIMAL, label="median")
    if simulated is not None:
        for key, style, label in _SIMULATED_LINES:
            if key == "p50":
                label = f"{label} ({simulated['paths']:,} trips)"
            ax.plot(simulated["hours"], simulated[key], color="tab:red", linestyle=style,
                    linewidth=1.2, label=label)
    ax.axhline(0.0, color="#b00020", linewidth=0.8, label="ruin")
    ax.set_xlabel("hours played [h]")
    ax.set_ylabel("bankroll [units]")
    ax.set_xlim(hours[0], hours[-1])
    if unit:
        _money_axis(ax, unit, "bankroll [$]")
    ax.legend(loc="upper left", fontsize=8)
    ax.set_title(title)
    return fig

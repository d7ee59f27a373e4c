"""Charts of results, each a :class:`matplotlib.figure.Figure` drawn without pyplot.

Figures are made with :class:`~matplotlib.figure.Figure` directly (the Agg
canvas), so they need no display, hold no global state, and never have to
be closed. Save one with ``fig.savefig(path)``. Every figure function is
:func:`styled`: it draws in the package's style sheet ``jost.mplstyle``,
and every Axes has a title and labelled axes with units.
"""

from __future__ import annotations

import functools
import textwrap
from pathlib import Path

import matplotlib.style
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator
from matplotlib.transforms import blended_transform_factory

from . import labels

#: The style sheet of every JOST figure (package data).
STYLE = Path(__file__).resolve().with_name("jost.mplstyle")
Z95 = 1.959964


def styled(draw):
    """Draw a figure function's figure in the JOST style (:data:`STYLE`)."""
    @functools.wraps(draw)
    def in_style(*args, **kwargs):
        with matplotlib.style.context(STYLE):
            return draw(*args, **kwargs)
    return in_style


def _figure(ncols: int = 1, size=None, nrows: int = 1, **kwargs):
    fig = Figure(figsize=size, layout="constrained")
    FigureCanvasAgg(fig)
    axes = fig.subplots(nrows, ncols, **kwargs)
    return fig, axes


@styled
def ev_by_true_count(table, title: str = "Advantage and frequency by true count",
                     min_frequency: float = 0.001) -> Figure:
    """Advantage ± 1 SE (top) and share of rounds (bottom) by true count.

    Parameters
    ----------
    table : pandas.DataFrame
        :func:`jost_engine.analysis.tables.by_true_count`.
    min_frequency : float
        True counts dealt in fewer than this fraction of rounds are left out
        (their advantage is mostly noise); 0 draws every count.
    """
    common = table[table["frequency"] >= min_frequency]
    table = common if len(common) else table
    fig, (top, bottom) = _figure(nrows=2, size=(8.0, 5.6), sharex=True,
                                 gridspec_kw={"height_ratios": [3, 2]})
    advantage = 100 * table["advantage"].fillna(0.0)
    error = 100 * table["se_advantage"].fillna(0.0)
    colors = ["tab:green" if a >= 0 else "tab:red" for a in advantage]
    top.bar(table["true_count"], advantage, color=colors, alpha=0.75, yerr=error,
            error_kw={"elinewidth": 1, "ecolor": "black"}, label="advantage, error bars ± 1 SE")
    top.axhline(0.0, color="black", linewidth=0.6)
    top.set_xlabel("true count")
    top.set_ylabel("advantage [% of initial bet]")
    top.set_title(f"{title} (error bars ± 1 SE)")
    top.xaxis.set_tick_params(labelbottom=True)
    top.xaxis.set_major_locator(MaxNLocator(integer=True))
    bottom.bar(table["true_count"], 100 * table["frequency"], color="tab:blue", alpha=0.75)
    bottom.set_xlabel("true count")
    bottom.set_ylabel("rounds [%]")
    bottom.set_title("Share of rounds dealt at each true count")
    return fig


@styled
def outcome_distribution(table, title: str = "Net result per round") -> Figure:
    """The distribution of the net result per round, in initial bets (log scale).

    Parameters
    ----------
    table : pandas.DataFrame
        :func:`jost_engine.analysis.tables.outcome_distribution`.
    """
    fig, ax = _figure()
    ax.bar(table["net_bets"], 100 * table["probability"], width=0.4, color="tab:green")
    ax.set_yscale("log")
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
    ax.set_xlabel("net result of the round [initial bets]")
    ax.set_ylabel("share of rounds [%, log scale]")
    ax.set_title(title)
    return fig


@styled
def risk_of_ruin(table, title: str = "Lifetime risk of ruin by bankroll (closed form)",
                 unit: float | None = None) -> Figure:
    """Lifetime risk of ruin (closed form) against bankroll, with its band at EV ± 1 SE.

    Parameters
    ----------
    table : pandas.DataFrame
        :func:`jost_engine.analysis.tables.risk_of_ruin` (``ror_low`` and
        ``ror_high`` drawn as a band when present).
    unit : float, optional
        Money per unit, named in the axis label.
    """
    fig, ax = _figure()
    x = table["bankroll_units"]
    if {"ror_low", "ror_high"} <= set(table.columns):
        ax.fill_between(x, 100 * table["ror_low"], 100 * table["ror_high"], alpha=0.25,
                        label="range at EV ± 1 SE")
    ax.plot(x, 100 * table["ror"], marker="o", label="lifetime risk of ruin, closed form")
    money = f"; 1 unit = {labels.money(unit)}" if unit else ""
    ax.set_xlabel(_plain_text(f"bankroll [units{money}]"))
    ax.set_ylabel("lifetime risk of ruin [%]")
    ax.set_ylim(0, 100)
    ax.legend(loc="upper right")
    ax.set_title(title)
    return fig


@styled
def bankroll_trips(table, summary: dict, title: str = "Bankroll trips",
                   config: dict | None = None) -> Figure:
    """How simulated trips ended, and the simulated risk of ruin per trip ± 1 SE.

    The lifetime risk of ruin (closed form) answers another question (ruin
    ever, playing forever) and is not drawn here: see :func:`risk_of_ruin`.

    Parameters
    ----------
    table : pandas.DataFrame
        :func:`jost_engine.analysis.tables.trips`.
    summary : dict
        The result's summary (``trips``, ``trips_ruined``).
    config : dict, optional
        The hydrated config, for the trip's length in the titles.
    """
    from .estimates import figures as estimate_figures

    trip = estimate_figures(summary, config).get("ror_trip")
    fig, (left, right) = _figure(2, size=(9.0, 3.8))
    left.bar(table["outcome"], 100 * table["fraction"],
             color=["tab:red", "tab:green", "tab:blue", "tab:gray"][:len(table)])
    left.set_xlabel("how the trip ended")
    left.set_ylabel("share of trips [%]")
    left.set_title(f"{title}: {int(table['trips'].sum()):,} trips")
    if trip is not None and trip.value is not None:
        value = 100 * trip.value
        error = [[value - 100 * trip.low], [100 * trip.high - value]]
        right.bar(["ruined per trip"], [value], yerr=error, capsize=4, color="tab:red")
    right.set_xlabel(_plain_text(textwrap.fill(trip.name if trip else "trips", 48)),
                     fontsize=8)
    right.set_ylabel("trips ruined [%]")
    right.set_ylim(bottom=0)
    right.set_title("Risk of ruin per trip, simulated\n(error bar ± 1 SE, Wilson)")
    return fig


@styled
def rule_effects(table, title: str = "Effect of each rule change on the player's advantage"
                 ) -> Figure:
    """Exact effect of each rule change (bars, signed labels), simulated ones beside them.

    Parameters
    ----------
    table : pandas.DataFrame
        :func:`jost_engine.analysis.effects.rule_effects`: a bar per change
        of its exact effect off the top [% of the initial bet]; where
        ``simulated_shown``, the simulated effect as a point with its ± 1 SE
        error bar (``se_simulated``).
    title : str
    """
    fig, ax = _figure(size=(7.5, 0.45 * len(table) + 2.0))
    y = list(range(len(table)))
    exact = 100 * table["exact_effect"]
    colors = ["tab:green" if e >= 0 else "tab:red" for e in exact]
    ax.barh(y, exact, color=colors, alpha=0.6, label="exact, off the top")
    values = blended_transform_factory(ax.transAxes, ax.transData)
    for i, e in zip(y, exact):  # the exact values in a column right of the bars
        ax.text(1.02, i, f"{e:+.3f} %", transform=values, va="center", fontsize=9)
    shown = table["simulated_shown"].to_numpy(dtype=bool)
    if shown.any():
        sim = table[shown]
        ax.errorbar(100 * sim["simulated_effect"], [i for i in y if shown[i]],
                    xerr=100 * sim["se_simulated"], fmt="o", color="black",
                    markersize=4, capsize=3, label="simulated, error bars ± 1 SE")
    ax.set_yticks(y, table["change"])
    ax.axvline(0.0, color="black", linewidth=0.6)
    ax.invert_yaxis()
    ax.set_xlabel("change in the player's advantage [% of the initial bet]")
    ax.set_ylabel("rule changed alone")
    fig.legend(loc="outside lower center", ncols=2, fontsize=8)
    ax.set_title(title)
    return fig


def _count(value: float) -> str:
    """A tick's round count for people: ``250k``, ``1.5M``, ``2B``."""
    for size, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
        if abs(value) >= size:
            return f"{value / size:g}{suffix}"
    return f"{value:g}"


def _plain_text(text: str) -> str:
    """Text drawn as it is: a ``$`` would otherwise start matplotlib's math mode."""
    return str(text).replace("$", r"\$")


@styled
def comparison(table, fields=("advantage", "score"), title: str = "Comparison") -> Figure:
    """One panel per figure, one point per compared result with its ± 1 SE error bar.

    Parameters
    ----------
    table : pandas.DataFrame
        One row per result, indexed by its name; for each field a column
        of values and, when known, ``se_<field>`` of their standard errors
        (e.g. :func:`jost_engine.analysis.tables.compare`).
    fields : sequence of str
        Columns to draw (percentages are drawn in %).
    """
    names = [textwrap.fill(str(i), 32) for i in table.index]
    height = 1.3 + len(fields) * (0.9 + 0.45 * len(names))
    fig, axes = _figure(nrows=len(fields), size=(8.0, height))
    axes = axes if len(fields) > 1 else [axes]
    for ax, name in zip(axes, fields):
        scale = 100.0 if labels.FIELDS.get(name, labels.Field("")).kind.endswith("percent") else 1
        values = scale * table[name].astype(float)
        se_column = f"se_{name}"
        error = (scale * table[se_column].astype(float).fillna(0.0)
                 if se_column in table else None)
        y = list(range(len(values)))
        ax.errorbar(values, y, xerr=error, fmt="o", color="tab:blue", capsize=4)
        for i, v in zip(y, values):
            if v != v:  # NaN: not defined for this result (SCORE without an edge)
                ax.text(0, i, "  not defined (no edge)", va="center", color="gray")
        ax.set_yticks(y, names)
        ax.set_ylim(len(y) - 0.5, -0.5)
        ax.axvline(0.0, color="black", linewidth=0.6)
        ax.grid(axis="x")
        ax.set_xlabel(_plain_text(labels.label(name)))
        ax.set_ylabel("configuration")
        ax.set_title(_plain_text(f"{labels.short_label(name)}, error bars ± 1 SE"))
    fig.suptitle(title, fontweight="bold")
    return fig


@styled
def convergence(table, title: str = "Advantage as rounds accumulate") -> Figure:
    """The running advantage with its band of ± 1 SE (the table's ``attrs["z"]`` SEs).

    Parameters
    ----------
    table : pandas.DataFrame
        :func:`jost_engine.analysis.tables.convergence` (its ``low`` and
        ``high``: ± 1 SE by default).
    """
    fig, ax = _figure()
    method = table["method"].iloc[-1] if len(table) and "method" in table else "batch means"
    z = table.attrs.get("z", 1.0)
    ax.fill_between(table["rounds"], 100 * table["low"], 100 * table["high"], alpha=0.3,
                    label=f"± {z:g} SE ({method})")
    ax.plot(table["rounds"], 100 * table["advantage"], marker=".", markersize=3,
            label="advantage")
    ax.axhline(0.0, color="black", linewidth=0.6)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: _count(v)))
    ax.set_xlabel("rounds bet on")
    ax.set_ylabel("advantage [% of initial bet]")
    ax.legend()
    ax.set_title(title)
    return fig

"""Charts of results, each a :class:`matplotlib.figure.Figure` drawn without pyplot.

Figures are made with :class:`~matplotlib.figure.Figure` directly (the Agg
canvas), so they need no display, hold no global state, and never have to
be closed. Save one with ``fig.savefig(path)``.
"""

from __future__ import annotations

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.transforms import blended_transform_factory

SIZE = (7.0, 3.8)


def _figure(ncols: int = 1, size=SIZE):
    fig = Figure(figsize=size, layout="constrained")
    FigureCanvasAgg(fig)
    axes = fig.subplots(1, ncols)
    return fig, axes


def ev_by_true_count(table, title: str = "EV and frequency by true count",
                     min_frequency: float = 0.001) -> Figure:
    """Advantage (bars) and frequency (line) by true count.

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
    fig, ax = _figure()
    ax.bar(table["true_count"], 100 * table["advantage"].fillna(0.0), color="tab:blue",
           label="advantage")
    ax.axhline(0.0, color="black", linewidth=0.6)
    ax.set_xlabel("true count")
    ax.set_ylabel("advantage [% of initial bet]")
    freq = ax.twinx()
    freq.plot(table["true_count"], 100 * table["frequency"], color="tab:orange", marker=".",
              label="frequency")
    freq.set_ylabel("frequency [% of rounds]")
    ax.set_title(title)
    return fig


def outcome_distribution(table, title: str = "Net result per round") -> Figure:
    """The distribution of the net result per round, in initial bets (log scale).

    Parameters
    ----------
    table : pandas.DataFrame
        :func:`jost_engine.analysis.tables.outcome_distribution`.
    """
    fig, ax = _figure()
    ax.bar(table["net_bets"], table["probability"], width=0.4, color="tab:green")
    ax.set_yscale("log")
    ax.set_xlabel("net result [initial bets]")
    ax.set_ylabel("probability")
    ax.set_title(title)
    return fig


def risk_of_ruin(table, title: str = "Risk of ruin by bankroll") -> Figure:
    """Risk of ruin against bankroll.

    Parameters
    ----------
    table : pandas.DataFrame
        :func:`jost_engine.analysis.tables.risk_of_ruin`.
    """
    fig, ax = _figure()
    ax.plot(table["bankroll_units"], 100 * table["ror"], marker="o")
    ax.set_xlabel("bankroll [units]")
    ax.set_ylabel("risk of ruin [%]")
    ax.set_ylim(bottom=0)
    ax.set_title(title)
    return fig


def bankroll_trips(table, summary: dict, title: str = "Bankroll trips") -> Figure:
    """How simulated trips ended, and the simulated risk of ruin beside the model's.

    Parameters
    ----------
    table : pandas.DataFrame
        :func:`jost_engine.analysis.tables.trips`.
    summary : dict
        The result's summary: ``ror_simulated`` with its 95 % interval
        (``ror_simulated_low``, ``ror_simulated_high``) and the closed-form
        ``ror``, all probabilities.
    """
    fig, (left, right) = _figure(2, size=(9.0, 3.8))
    left.bar(table["outcome"], 100 * table["fraction"],
             color=["tab:red", "tab:green", "tab:blue", "tab:gray"][:len(table)])
    left.set_ylabel("share of trips [%]")
    left.set_title(f"{title}: {int(table['trips'].sum()):,} trips")
    simulated = 100 * (summary.get("ror_simulated") or 0.0)
    error = [[simulated - 100 * (summary.get("ror_simulated_low") or 0.0)],
             [100 * (summary.get("ror_simulated_high") or 0.0) - simulated]]
    right.bar(["simulated"], [simulated], yerr=error, capsize=4, color="tab:red")
    if summary.get("ror") is not None:
        right.bar(["closed form"], [100 * summary["ror"]], color="tab:orange")
    right.set_ylabel("risk of ruin [%]")
    right.set_ylim(bottom=0)
    right.set_title("Risk of ruin (95 % interval)")
    return fig


def rule_effects(table, title: str = "Effect of each rule change on the player's advantage"
                 ) -> Figure:
    """Exact effect of each rule change (bars, signed labels), simulated ones beside them.

    Parameters
    ----------
    table : pandas.DataFrame
        :func:`jost_engine.analysis.effects.rule_effects`: a bar per change
        of its exact effect off the top [% of the initial bet]; where
        ``simulated_shown``, the simulated effect as a point with its 95 %
        interval.
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
                    xerr=100 * sim["ci_half_width"], fmt="o", color="black", markersize=4,
                    capsize=3, label="simulated, 95 % interval")
    ax.set_yticks(y, table["change"])
    ax.axvline(0.0, color="black", linewidth=0.6)
    ax.invert_yaxis()
    ax.set_xlabel("change in the player's advantage [% of the initial bet]")
    ax.set_ylabel("rule changed alone")
    fig.legend(loc="outside lower center", ncols=2, fontsize=8)
    ax.set_title(title)
    return fig


def comparison(table, fields=("advantage", "sd_per_round"), title: str = "Comparison") -> Figure:
    """One bar chart per summary field, one bar per compared result.

    Parameters
    ----------
    table : pandas.DataFrame
        :func:`jost_engine.analysis.tables.compare`.
    fields : sequence of str
        Columns to draw.
    """
    fig, axes = _figure(len(fields), size=(3.5 * len(fields), 3.8))
    axes = axes if len(fields) > 1 else [axes]
    for ax, name in zip(axes, fields):
        values = table[name].astype(float).fillna(0.0)
        ax.bar(range(len(values)), values, color="tab:blue")
        ax.set_xticks(range(len(values)), [str(i) for i in table.index], rotation=30,
                      ha="right", fontsize=8)
        ax.axhline(0.0, color="black", linewidth=0.6)
        ax.set_title(name)
    fig.suptitle(title)
    return fig


def convergence(table, title: str = "Advantage as rounds accumulate") -> Figure:
    """The running advantage with its confidence band.

    Parameters
    ----------
    table : pandas.DataFrame
        :func:`jost_engine.analysis.tables.convergence`.
    """
    fig, ax = _figure()
    ax.fill_between(table["rounds"], 100 * table["low"], 100 * table["high"], alpha=0.3,
                    label="95 % interval")
    ax.plot(table["rounds"], 100 * table["advantage"], marker=".", label="advantage")
    ax.axhline(0.0, color="black", linewidth=0.6)
    ax.set_xlabel("rounds")
    ax.set_ylabel("advantage [% of initial bet]")
    ax.legend()
    ax.set_title(title)
    return fig

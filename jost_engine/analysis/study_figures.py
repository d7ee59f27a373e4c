"""Charts of a study's table (:meth:`jost_engine.studies.Study.results`), without pyplot.

- :func:`figure_by_field`: a figure against one varied field with error bars,
  one line per value of a second field;
- :func:`figure_heatmap`: a figure over two fields, each cell annotated ± 1 SE, the
  colours of signed figures centred on zero;
- :func:`ranked_variants`: the variants ranked, bars ± 1 SE;
- :func:`race_rounds`: a racing study's rounds per variant and how each left the race.

Each takes the tidy DataFrame (one row per variant, the varied fields under
their dotted paths) and returns a :class:`matplotlib.figure.Figure`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import TwoSlopeNorm
from matplotlib.figure import Figure

Z95 = 1.959964  # two-sided 95 % normal quantile


@dataclass(frozen=True)
class Measure:
    """How a figure of the table is shown: name, unit, scale and the column of its SE."""

    name: str
    unit: str
    scale: float
    se: str | None


MEASURES = {
    "advantage": Measure("Advantage", "% of initial bets", 100.0, "se_advantage"),
    "ev_per_round": Measure("EV per round", "units", 1.0, "se_ev_per_round"),
    "paired_diff_advantage": Measure("Advantage minus the base's", "percentage points", 100.0,
                                     "paired_se_diff_advantage"),
    "paired_diff_ev_per_round": Measure("EV per round minus the base's", "units", 1.0,
                                        "paired_se_diff_ev_per_round"),
    "win_rate_per_hour": Measure("Win rate", "units per hour", 1.0, None),
    "score": Measure("SCORE", "1e6 EV² / variance, units² per round", 1.0, None),
    "exact_ev_td": Measure("Exact EV off the top", "% of initial bets", 100.0, None),
    "di": Measure("DI", "", 1.0, None),
    "sd_per_round": Measure("SD per round", "units", 1.0, None),
    "avg_bet": Measure("Average initial bet", "units", 1.0, None),
    "n0": Measure("N0", "rounds", 1.0, None),
    "ror": Measure("Risk of ruin", "% of trips", 100.0, None),
    # each count at its own optimal ramps under common limits (jost_engine.betting.counts)
    "own_optimum_score": Measure("SCORE at its own optimal ramp",
                                 "$ per 100 rounds, $10,000 bankroll", 1.0,
                                 "se_own_optimum_score"),
    "own_optimum_win_rate_per_hour": Measure("Win rate at its own Kelly ramp",
                                             "units per hour", 1.0,
                                             "se_own_optimum_win_rate_per_hour"),
    "own_optimum_ce_per_hour": Measure("Certainty equivalent at its own Kelly ramp",
                                       "units per hour", 1.0, "se_own_optimum_ce_per_hour"),
}


def measure(figure: str) -> Measure:
    """How ``figure`` is shown (a plain label for a column not listed)."""
    return MEASURES.get(figure, Measure(figure.replace("_", " "), "", 1.0, None))


def _axes(size=(7.0, 4.0)):
    fig = Figure(figsize=size, layout="constrained")
    FigureCanvasAgg(fig)
    return fig, fig.subplots()


def _values(frame: pd.DataFrame, figure: str) -> tuple[np.ndarray, np.ndarray]:
    m = measure(figure)
    value = frame[figure].astype(float).to_numpy() * m.scale
    se = (frame[m.se].astype(float).to_numpy() * m.scale if m.se and m.se in frame
          else np.full(len(frame), np.nan))
    return value, se


def _label(figure: str) -> str:
    m = measure(figure)
    return f"{m.name} [{m.unit}]" if m.unit else m.name


def _axis_values(series: pd.Series) -> tuple[np.ndarray, list | None]:
    """Positions for a field's values: the numbers themselves, or 0, 1, ... for names."""
    numeric = pd.to_numeric(series, errors="coerce")
    if numeric.notna().all():
        return numeric.to_numpy(dtype=float), None
    order = list(dict.fromkeys(series))
    return np.array([order.index(v) for v in series], dtype=float), order


def figure_by_field(frame: pd.DataFrame, field: str, figure: str = "advantage",
                    by: str | None = None, title: str | None = None) -> Figure:
    """A figure against one varied field, ±1 SE bars, one line per value of ``by``.

    Parameters
    ----------
    frame : pandas.DataFrame
        A study's results.
    field : str
        The varied field on the x axis (a dotted path, e.g. ``rules.penetration``).
    figure : str
        The column shown (``advantage``, ``paired_diff_advantage``, ...).
    by : str, optional
        A second varied field: one line per value.
    """
    rows = frame[frame[field].notna()]
    if "kind" in rows:
        rows = rows[rows["kind"] != "base"] if (rows["kind"] == "grid").any() else rows
    fig, ax = _axes()
    groups = rows.groupby(by, sort=False) if by else [(None, rows)]
    for key, group in groups:
        x, names = _axis_values(group[field])
        value, se = _values(group, figure)
        order = np.argsort(x, kind="stable")
        ax.errorbar(x[order], value[order], yerr=se[order], marker="o", capsize=3,
                    label=f"{by} = {key}" if by else None)
        if names:
            ax.set_xticks(range(len(names)), names)
    ax.set_xlabel(field)
    ax.set_ylabel(_label(figure))
    ax.axhline(0.0, color="0.6", linewidth=0.8)
    ax.set_title(title or f"{measure(figure).name} by {field} (bars: ±1 SE)")
    if by:
        ax.legend(fontsize="small")
    return fig


#: Figures that may be either side of zero: their heatmaps are centred on zero.
CENTRED = frozenset({"advantage", "ev_per_round", "win_rate_per_hour", "paired_diff_advantage",
                     "paired_diff_ev_per_round", "exact_ev_td"})


def cell_text(value: float, se: float) -> str:
    """A heatmap cell: ``+0.17`` over ``± 0.05``, the digits following the SE (2 significant)."""
    if np.isnan(value):
        return "n/a"
    if np.isnan(se) or se <= 0:
        return f"{value:+.3g}"
    places = int(min(6, max(0, 1 - np.floor(np.log10(se)))))
    return f"{value:+.{places}f}\n± {se:.{places}f}"


def figure_heatmap(frame: pd.DataFrame, x: str, y: str, figure: str = "advantage",
                   title: str | None = None) -> Figure:
    """A figure over two varied fields: colour and the value ± 1 SE in each cell.

    A figure that may be either side of zero (:data:`CENTRED`) is drawn on a
    diverging map centred on zero (red below, blue above, white at zero, the
    same depth of colour for the same distance either side); others on a
    sequential map.
    """
    rows = frame[frame[x].notna() & frame[y].notna()]
    if "kind" in rows and (rows["kind"] == "grid").any():
        rows = rows[rows["kind"] == "grid"]
    xs, ys = list(dict.fromkeys(rows[x])), list(dict.fromkeys(rows[y]))
    value, se = _values(rows, figure)
    grid = np.full((len(ys), len(xs)), np.nan)
    errors = np.full_like(grid, np.nan)
    for v, s, a, b in zip(value, se, rows[x], rows[y], strict=True):
        grid[ys.index(b), xs.index(a)] = v
        errors[ys.index(b), xs.index(a)] = s
    fig, ax = _axes((max(5.0, 1.3 * len(xs) + 3.0), max(3.0, 0.75 * len(ys) + 2.2)))
    if figure in CENTRED:
        reach = float(np.nanmax(np.abs(grid))) if np.isfinite(grid).any() else 1.0
        norm = TwoSlopeNorm(vcenter=0.0, vmin=-(reach or 1.0), vmax=reach or 1.0)
        image = ax.imshow(grid, cmap="RdBu", norm=norm, aspect="auto", origin="lower")
    else:
        image = ax.imshow(grid, cmap="viridis", aspect="auto", origin="lower")
    for i in range(len(ys)):
        for j in range(len(xs)):
            shade = image.cmap(image.norm(grid[i, j])) if np.isfinite(grid[i, j]) else (1, 1, 1)
            dark = 0.299 * shade[0] + 0.587 * shade[1] + 0.114 * shade[2] < 0.5
            ax.text(j, i, cell_text(grid[i, j], errors[i, j]), ha="center", va="center",
                    fontsize=9, color="white" if dark else "black")
    ax.set_xticks(range(len(xs)), [str(v) for v in xs])
    ax.set_yticks(range(len(ys)), [str(v) for v in ys])
    ax.set_xlabel(x)
    ax.set_ylabel(y)
    fig.colorbar(image, ax=ax, label=_label(figure))
    ax.set_title(title or f"{measure(figure).name} by {x} and {y}\n(± is one standard error)",
                 fontsize="medium")
    return fig


def ranked_variants(frame: pd.DataFrame, figure: str = "advantage",
                    title: str | None = None) -> Figure:
    """Variants ranked by ``figure``, error bars ± 1 SE (the ranking itself names no winner)."""
    value, se = _values(frame, figure)
    order = np.argsort(np.nan_to_num(value, nan=-np.inf))
    names = [str(v) for v in frame["variant"]]
    fig, ax = _axes((7.0, 0.35 * len(frame) + 1.6))
    ax.barh(range(len(order)), value[order], xerr=se[order], capsize=3,
            color=["C1" if names[i] == "base" else "C0" for i in order])
    ax.set_yticks(range(len(order)), [names[i] for i in order], fontsize="small")
    ax.axvline(0.0, color="0.4", linewidth=0.8)
    ax.set_xlabel(_label(figure))
    what = "bars: ± 1 SE" if np.isfinite(se).any() else "no SE for this figure"
    ax.set_title(title or f"Variants ranked by {measure(figure).name.lower()} ({what})")
    return fig


RACE_COLOURS = {"eliminated": "0.65", "resolved": "C2", "unresolved": "C1", "racing": "C0"}


def race_rounds(frame: pd.DataFrame, title: str | None = None) -> Figure:
    """Where a racing study spent its rounds: rounds run per variant, coloured by how it
    left the race (eliminated, resolved in the top, unresolved when the plan or budget ran
    out, still racing)."""
    states = [s if isinstance(s, str) else "racing" for s in frame.get("race", [None] * len(frame))]
    rounds = np.asarray(frame["rounds"], dtype=float)
    names = [str(v) for v in frame["variant"]]
    order = np.argsort(rounds, kind="stable")
    fig, ax = _axes((7.0, 0.35 * len(frame) + 1.6))
    ax.barh(range(len(order)), rounds[order],
            color=[RACE_COLOURS.get(states[i], "C0") for i in order])
    ax.set_yticks(range(len(order)), [f"{names[i]} ({states[i]})" for i in order],
                  fontsize="small")
    ax.set_xlabel("rounds run [rounds]")
    total = int(rounds.sum())
    ax.set_title(title or f"Rounds run by each variant of the race ({total:,} in all)")
    return fig

"""A study's table for people: tables of tables, the variants with their paired differences.

Pure functions over the tidy table of :meth:`jost_engine.studies.Study.results`
(one row per variant, the base first, the varied fields under their dotted
paths). Every estimate is one text cell with its standard error, as
``+0.52 ± 0.03 %``, with the digits the SE supports; the caption says what
the ``±`` is.
"""

from __future__ import annotations

import math

import pandas as pd

from ..cover import describe_cover
from ..others import describe_others
from ..spots import describe_spots
from . import labels
from .config_labels import CONFIG_LABELS
from .study_figures import Z95, measure

#: Columns of the study table that are not varied fields.
NOT_FIELDS = frozenset({"variant", "kind", "label", "state", "rounds", "rounds_total", "job",
                        "item", "exact_ev_td", "exact_ev_cd"})


#: Figures written with their sign (they may be either side of zero).
SIGNED = frozenset({"advantage", "ev_per_round", "win_rate_per_hour", "paired_diff_advantage",
                    "paired_diff_ev_per_round", "exact_ev_td"})


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def field_label(path: str) -> str:
    """A varied field's readable name: ``rules.penetration`` -> ``penetration``."""
    return CONFIG_LABELS.get(path, path.split(".")[-1].replace("_", " "))


def field_value(path: str, value) -> str:
    """A varied field's value as text: a penetration in %, yes/no, spots, cover and other
    players in words (``2 spots from +3``, ``parlay -1..+1``), names and ramps as they are."""
    if _missing(value):
        return "-"
    if path == "rules.dealer_hits_soft_17" and isinstance(value, bool):
        return "H17" if value else "S17"
    if path == "rules.penetration" and isinstance(value, int | float):
        return f"{100 * value:g} %"
    if path == "betting.spots" and isinstance(value, list | tuple):
        return describe_spots(value) or "1 spot"
    if path == "betting.cover" and isinstance(value, dict):
        return describe_cover(value) or "no cover"
    if path == "table.others" and isinstance(value, dict):
        return describe_others(value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _bare(label: str) -> str:
    """A label without its unit: ``bet ramp [units]`` -> ``bet ramp``."""
    return label.split(" [")[0]


def readable_names(frame: pd.DataFrame) -> pd.DataFrame:
    """The table with each grid point's ``variant`` written for people
    (``penetration 80 %, bet ramp 1-12``); base and named variants keep theirs."""
    grid = frame[frame["kind"] == "grid"]
    fields = [f for f in varied_fields(frame) if grid[f].nunique(dropna=False) > 1]

    def name(row) -> str:
        if row["kind"] != "grid":
            return str(row["variant"])
        return ", ".join(f"{_bare(field_label(f))} {field_value(f, row[f])}" for f in fields)

    return frame.assign(variant=[name(r) for r in frame.to_dict("records")])


def varied_fields(frame: pd.DataFrame) -> list[str]:
    """The varied fields of a study table: its dotted-path columns, in order."""
    from ..studies.results import FIGURES

    skip = NOT_FIELDS | set(FIGURES)
    return [c for c in frame.columns
            if c not in skip and not c.startswith(("paired_", "unpaired_", "own_optimum_",
                                                   "se_own_optimum_"))]


def cell(value, se=None, figure: str = "advantage", sign: bool | None = None) -> str:
    """An estimate and its SE in one cell: ``+0.52 ± 0.03 %`` (no SE: ``0.520 %``).

    Parameters
    ----------
    value, se : float or None
        In the table's own scale (a fraction for the advantage).
    figure : str
        The column, for its scale and unit (:func:`jost_engine.analysis.study_figures.measure`).
    sign : bool, optional
        Write ``+`` before positive values; default for the figures of :data:`SIGNED`.
    """
    sign = figure in SIGNED if sign is None else sign
    if _missing(value):
        return labels.NA
    m = measure(figure)
    suffix = " %" if m.unit.startswith("%") else ""
    v = value * m.scale
    plus = "+" if sign else ""
    if _missing(se):
        return labels.number(v) + suffix if not sign else f"{v:+.3g}{suffix}"
    places = labels.decimals(se * m.scale)
    return f"{v:{plus}.{places}f} ± {se * m.scale:.{places}f}{suffix}"


def _paired_key(figure: str) -> str:
    return f"paired_diff_{figure}"


def heading(figure: str, what: str = "± SE") -> str:
    """A column heading: the figure's name, its unit and what the ± is."""
    m = measure(figure)
    unit = "%" if m.unit.startswith("%") else m.unit
    return f"{m.name} [{unit}], {what}" if unit else f"{m.name}, {what}"


def race_words(row) -> str:
    """Where a variant of a racing study stands, in words ("" outside a race).

    E.g. ``eliminated at 20,000 rounds (below 2:1 H17)``, ``resolved (in the
    top) at 20,000 rounds``, ``unresolved at 60,000 rounds (budget or plan
    spent)``, ``racing``.
    """
    state = row.get("race")
    if _missing(state):
        return ""
    rounds = f"{int(row['rounds']):,} rounds"
    if state == "eliminated":
        against = row.get("race_against")
        return f"eliminated at {rounds}" + ("" if _missing(against) else f" (below {against})")
    if state == "resolved":
        return f"resolved (in the top) at {rounds}"
    if state == "unresolved":
        return f"unresolved at {rounds} (budget or plan spent)"
    return "racing"


def versus(text: str, se, note) -> str:
    """A paired-difference cell, with the words saying why it has no SE where it has none."""
    if not _missing(se) or not isinstance(note, str) or not note:
        return text
    return note if text == labels.NA else f"{text} ({note})"


def variants_view(frame: pd.DataFrame, figure: str = "advantage") -> pd.DataFrame:
    """One row per variant: its varied fields, the figure ± SE, the paired difference from
    the base ± its paired SE (and the SE the difference would have without common shoes),
    the exact EV off the top, and the rounds done.

    Returns
    -------
    pandas.DataFrame
        Indexed by the variant's name; text cells. ``vs the base`` is the
        paired difference, ``unpaired SE`` the SE it would have without
        common shoes, ``exact EV`` the exact EV off the top (basic strategy).
    """
    fields = varied_fields(frame)
    frame = readable_names(frame)
    m = measure(figure)
    paired = _paired_key(figure)
    out = pd.DataFrame(index=pd.Index([str(v) for v in frame["variant"]]))
    for path in fields:
        out[field_label(path)] = [field_value(path, v) for v in frame[path]]
    se = frame[m.se] if m.se and m.se in frame else [None] * len(frame)
    out[heading(figure)] = [cell(v, s, figure) for v, s in zip(frame[figure], se)]
    if paired in frame:
        diff = measure(paired)
        unit = "pp" if diff.unit.startswith("percentage") else diff.unit
        notes = frame["paired_note"] if "paired_note" in frame else [None] * len(frame)
        out[f"vs the base [{unit}], ± paired SE"] = [
            "base" if k == 0 else versus(cell(v, s, paired), s, note) for k, (v, s, note) in
            enumerate(zip(frame[paired], frame[f"paired_se_diff_{figure}"], notes))]
        unpaired = frame[f"unpaired_se_diff_{figure}"] * diff.scale
        out[f"unpaired SE [{unit}]"] = [
            "" if _missing(s) else f"{s:.{labels.decimals(s)}f}" for s in unpaired]
    if "exact_ev_td" in frame and frame["exact_ev_td"].notna().any():
        out["exact EV [%]"] = [
            labels.NA if _missing(v) else f"{100 * v:+.3f}" for v in frame["exact_ev_td"]]
    out["rounds"] = [f"{int(r):,}" for r in frame["rounds"]]
    if "race" in frame and frame["race"].notna().any():
        out["race"] = [race_words(row) for row in frame.to_dict("records")]
    if (frame["state"] != "COMPLETE").any():
        out["state"] = list(frame["state"])
    return out


def table_of_tables(frame: pd.DataFrame, figure: str, rows: str, columns: str | None = None
                    ) -> list[tuple[str, pd.DataFrame]]:
    """The figure (± SE) by one or two varied fields; one table per value of the others.

    Parameters
    ----------
    frame : pandas.DataFrame
        A study's results. The grid's rows are used when it has a grid
        (the base and named variants are in :func:`variants_view`).
    figure : str
        The column shown (``advantage``, ``paired_diff_advantage``, ...).
    rows, columns : str
        Varied fields (dotted paths) down and across; no ``columns``: one column.

    Returns
    -------
    list of (str, pandas.DataFrame)
        A caption (naming the other fields' values) and a table of text cells.
    """
    data = frame[frame["kind"] == "grid"] if (frame.get("kind") == "grid").any() else frame
    others = [f for f in varied_fields(frame) if f not in (rows, columns)
              and data[f].nunique(dropna=False) > 1]
    m = measure(figure)
    groups = data.groupby(others, sort=False, dropna=False) if others else [((), data)]
    out = []
    for key, group in groups:
        key = key if isinstance(key, tuple) else (key,)
        down = list(dict.fromkeys(group[rows]))
        across = list(dict.fromkeys(group[columns])) if columns else [None]
        table = pd.DataFrame(labels.NA, index=[field_value(rows, v) for v in down],
                             columns=[field_value(columns, v) for v in across] if columns
                             else [heading(figure)])
        for values in group.to_dict("records"):
            i = down.index(values[rows])
            j = across.index(values[columns]) if columns else 0
            se = values.get(m.se) if m.se else None
            table.iat[i, j] = cell(values[figure], se, figure)
        table.index.name = field_label(rows)
        if columns:
            table.columns.name = field_label(columns)
        where = ", ".join(f"{field_label(f)} {field_value(f, v)}" for f, v in zip(others, key))
        out.append((where, table))
    return out


def study_sentence(label: str, frame: pd.DataFrame, figure: str = "advantage") -> str:
    """The study's answer in words that follow the data: a best variant is named only when
    its lead is resolved at 95 %, else the lead is "not resolved at N rounds (need about M)".

    The variant with the highest figure is set against the next (their SEs taken
    as independent: an upper bound when they shared their shoes) and against the
    base (paired on common shoes where the study has the paired SE). Every ± is
    one standard error; a lead is resolved when it exceeds 1.96 of its SEs
    (:func:`jost_engine.analysis.estimates.verdict`).

    Parameters
    ----------
    label : str
        What the study asks.
    frame : pandas.DataFrame
        Its results.
    figure : str
        The figure that ranks them (higher is better).
    """
    from .estimates import Estimate, difference, resolved, verdict

    m = measure(figure)
    frame = readable_names(frame)
    done = frame[frame[figure].notna()]
    if done.empty:
        return f"{label}: no variant has results yet."
    ranked = done.sort_values(figure, ascending=False, kind="stable")
    best = ranked.iloc[0]
    rounds = int(frame["rounds"].astype(int).min())
    name = m.name.lower() if m.name[1:].islower() else m.name
    pp = " pp" if m.unit.startswith("%") else ""

    def estimate(row) -> Estimate:
        se = row.get(m.se) if m.se else None
        return Estimate(figure, float(row[figure]), None if _missing(se) else float(se))

    def shown(row) -> str:
        return cell(row[figure], estimate(row).se, figure)

    def called(row) -> str:
        return "the base" if row["variant"] == "base" else str(row["variant"])

    if len(ranked) == 1:
        text = f"{label}: {called(best)} has {name} {shown(best)}"
    else:
        second = ranked.iloc[1]
        lead = difference(estimate(best), estimate(second))
        gap = (f"{cell(lead.value, lead.se, _paired_key(figure), sign=True)}{pp} (their SEs "
               f"taken as independent)")
        if resolved(lead):
            text = (f"{label}: of {len(frame)} variants, {called(best)} is best by {name}, "
                    f"{shown(best)}, ahead of the next, {called(second)} ({shown(second)}), "
                    f"by {gap}, resolved at 95 % confidence")
        else:
            text = (f"{label}: of {len(frame)} variants, none is resolved as best by {name}: "
                    f"the highest measured, {called(best)} ({shown(best)}), leads the next, "
                    f"{called(second)} ({shown(second)}), by {gap}, "
                    f"{verdict(lead, rounds)}")
    paired = _paired_key(figure)
    base = frame.iloc[0]
    if (best["variant"] != "base" and paired in frame and not _missing(best.get(paired))
            and not _missing(best.get(f"paired_se_diff_{figure}"))):
        diff = Estimate(figure, float(best[paired]), float(best[f"paired_se_diff_{figure}"]))
        words = "beyond the noise at 95 %" if resolved(diff) else verdict(diff, rounds)
        text += (f". Against the base ({shown(base)}), it is "
                 f"{cell(diff.value, diff.se, paired)}{pp}, paired on common shoes: {words}")
    each = (f"{rounds:,} rounds per variant" if frame["rounds"].nunique() == 1
            else f"{rounds:,} to {int(frame['rounds'].max()):,} rounds per variant")
    return f"{text}. From {each}; ± is one standard error."


def headline(frame: pd.DataFrame, figure: str = "advantage") -> str:
    """The one figure the reports index lists: the best variant's, ± SE."""
    frame = readable_names(frame)
    done = frame[frame[figure].notna()]
    if done.empty:
        return "no results yet"
    best = done.loc[done[figure].astype(float).idxmax()]
    m = measure(figure)
    se = best.get(m.se) if m.se else None
    return f"best: {best['variant']}, {cell(best[figure], se, figure)}"


TABLE_FIGURES = ("advantage", "ev_per_round", "win_rate_per_hour", "score", "di",
                 "sd_per_round", "avg_bet", "n0", "ror", "own_optimum_score",
                 "own_optimum_win_rate_per_hour", "own_optimum_ce_per_hour")
"""The figures a study report can tabulate (those a study's table has)."""


def check_choice(frame: pd.DataFrame, figure: str, rows: str, columns: str) -> None:
    """Check a study report's choice of figure and fields against a study's table.

    Raises
    ------
    ReportError
        Naming the parameter and the values it allows.
    """
    check_names([c for c in TABLE_FIGURES if c in frame], varied_fields(frame), figure, rows,
                columns)


def check_names(figures: list[str], fields: list[str], figure: str, rows: str, columns: str
                ) -> None:
    """Check a study report's figure, ``rows`` and ``columns`` against the names allowed.

    Raises
    ------
    ReportError
        Naming the parameter and the values it allows.
    """
    from ..errors import ReportError

    if figure not in figures:
        raise ReportError(f"parameter figure: must be one of {', '.join(figures)}, "
                          f"got {figure!r}")
    for name, value in (("rows", rows), ("columns", columns)):
        if value and value not in fields:
            allowed = ", ".join(fields) or "none: the study varies no field"
            raise ReportError(f"parameter {name}: must be a varied field of the study "
                              f"({allowed}), got {value!r}")


def paired_view(frame: pd.DataFrame, names: dict) -> pd.DataFrame:
    """Each variant of a compare study minus the first config, paired on common shoes.

    Parameters
    ----------
    frame : pandas.DataFrame
        The study's results with an ``item`` column (base first).
    names : dict
        Item -> the name to show.

    Returns
    -------
    pandas.DataFrame
        One row per variant after the base: the advantage and the EV per round
        minus the base's, ± their paired SEs, and the advantage's SE without
        common shoes.
    """
    rest = frame.iloc[1:]
    return pd.DataFrame({
        "advantage minus the first's [pp], ± paired SE": [
            cell(v, s, "paired_diff_advantage") for v, s in
            zip(rest["paired_diff_advantage"], rest["paired_se_diff_advantage"])],
        "SE without common shoes [pp]": [
            labels.NA if _missing(s) else f"{100 * s:.{labels.decimals(100 * s)}f}"
            for s in rest["unpaired_se_diff_advantage"]],
        "EV per round minus the first's [units], ± paired SE": [
            cell(v, s, "paired_diff_ev_per_round") for v, s in
            zip(rest["paired_diff_ev_per_round"], rest["paired_se_diff_ev_per_round"])],
    }, index=pd.Index([names[i] for i in rest["item"]], name="configuration"))


def paired_sentence(frame: pd.DataFrame, names: dict) -> str:
    """Each config's advantage against the first's, paired on common shoes, in one sentence."""
    base = names[frame["item"].iloc[0]]
    parts = []
    for row in frame.iloc[1:].to_dict("records"):
        se = row["paired_se_diff_advantage"]
        if _missing(row["paired_diff_advantage"]) or _missing(se):
            continue
        gap = cell(row["paired_diff_advantage"], Z95 * se, "paired_diff_advantage")
        alone = 100 * Z95 * row["unpaired_se_diff_advantage"]
        places = labels.decimals(alone)
        parts.append(f"the advantage of {names[row['item']]} minus that of {base} is {gap} pp "
                     f"(95 %, paired; ± {alone:.{places}f} pp were the runs independent)")
    if not parts:
        return ""
    return "Dealt from common shoes, " + "; ".join(parts) + "."

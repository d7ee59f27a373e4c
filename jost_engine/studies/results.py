"""A study's tidy table: one row per variant, the base first.

Columns: the varied fields under their dotted paths (readable values),
``variant``, ``label``, ``state``, ``rounds``, the summary figures of the
rounds done so far (a half-done study already has a full table, with wider
errors), the paired differences from the base with their paired and
unpaired standard errors (:func:`jost_engine.analysis.paired.paired_difference`
on the per-chunk tallies; common shoes) and the exact off-the-top EVs of
each variant's rules (:func:`jost_engine.exact.exact_ev`, computed here once
per distinct rule set and chart, and remembered).
"""

from __future__ import annotations

import json
import math

import pandas as pd

from .. import registry
from ..errors import JostError
from ..side_bets import flat_figures as side_bet_columns

FIGURES = ("advantage", "se_advantage", "house_edge", "ev_per_round", "se_ev_per_round",
           "sd_per_round", "avg_bet", "win_rate_per_hour", "sd_per_hour", "di", "score", "n0",
           "ror", "hands", "total_wagered_units", "spots_per_round", "ev_per_spot",
           "se_ev_per_spot", "var_spot", "se_var_spot", "cov_spots", "se_cov_spots",
           "var_round", "se_var_round")
"""Summary figures copied into the table, when the result has them (the spot figures only
with several spots, ``betting.spots``)."""

PAIRED = ("advantage", "ev_per_round")
"""Figures whose difference from the base is given with its paired SE."""

_EXACT: dict[str, dict | None] = {}


def exact_of(config: dict) -> dict | None:
    """``ev_td`` and ``ev_cd`` of a config's rules and chart (remembered), or None.

    Exact analysis values one round off the top of a full shoe, playing the
    config's chart (the generated basic chart for ``"basic"``). Another
    simulation type's handler answers through its optional ``exact_ev(config)``
    (None without one).
    """
    name = registry.simulation_type(config)
    if name != registry.DEFAULT_TYPE:
        own = registry.hook(name, "exact_ev")
        return None if own is None else own(config)
    from ..exact import ExactRules, exact_ev

    chart = config.get("strategy", {}).get("chart", "basic")
    chart = None if chart == "basic" else chart
    try:
        key = json.dumps([ExactRules.from_rules(config["rules"]).to_dict(), chart],
                         sort_keys=True)
        if key not in _EXACT:
            _EXACT[key] = exact_ev(config["rules"], chart)
    except (JostError, ValueError, KeyError):
        return None
    return _EXACT[key]


def _paired(base: dict, row: dict, base_chunks: list, chunks: list) -> dict:
    """The paired differences of a row from the base (None where they cannot be had).

    ``paired_note`` says in words why a variant has no paired SE (None when
    it has one, and for the base).
    """
    out = {}
    for figure in PAIRED:
        out[f"paired_diff_{figure}"] = None
        out[f"paired_se_diff_{figure}"] = None
        out[f"unpaired_se_diff_{figure}"] = None
    out["paired_note"] = None
    if row is base:
        return out
    kind = row.get("simulation_type", registry.DEFAULT_TYPE)
    if kind != registry.DEFAULT_TYPE:  # paired batches are read from blackjack tallies
        out["paired_note"] = f"no paired SE: not offered for {kind}"
        return out
    same_shoes = all(base["config"]["run"].get(k) == row["config"]["run"].get(k)
                     for k in ("seed", "chunk_rounds"))
    if not same_shoes:
        out["paired_note"] = "no paired SE: run.seed or run.chunk_rounds not the base's"
        return out
    if not (chunks and base_chunks):
        out["paired_note"] = "no paired SE: no chunk finished in both yet"
        return out
    from ..analysis.paired import paired_difference

    for figure in PAIRED:
        try:
            diff, se_paired, se_unpaired, batches = paired_difference(chunks, base_chunks,
                                                                      figure)
        except ValueError as exc:
            out["paired_note"] = out["paired_note"] or f"no paired SE: {exc}"
            continue
        out[f"paired_diff_{figure}"] = _number(diff)
        out[f"paired_se_diff_{figure}"] = _number(se_paired)
        out[f"unpaired_se_diff_{figure}"] = _number(se_unpaired)
        if se_paired is None or math.isnan(se_paired):
            out["paired_note"] = out["paired_note"] or _too_few(batches)
    return out


def race_columns(meta: dict, summary: dict, rounds_done: int) -> dict:
    """How a variant of a racing study stands (``race``, ``race_against``), and its rounds.

    ``race`` is None outside a race, ``"racing"`` while it runs, else
    ``"eliminated"``, ``"resolved"`` or ``"unresolved"`` (see
    :mod:`jost_engine.analysis.race`); ``answer_rounds`` is the rounds of its
    answer (chunks finished after it stopped are left out), ``rounds_done``
    for a variant that did not stop early.
    """
    stop = meta.get("stop") or {}
    out = {"race": None, "race_against": None, "answer_rounds": rounds_done}
    if meta.get("race"):
        out["race"] = stop.get("reason") or "racing"
        out["race_against"] = stop.get("against")
    if stop.get("last_chunk") is not None and summary.get("rounds_dealt") is not None:
        out["answer_rounds"] = int(summary["rounds_dealt"])
    return out


def _too_few(batches: int) -> str:
    """Why a paired difference of ``batches`` batch pairs has no SE, in words."""
    from ..analysis import paired

    need = getattr(paired, "MIN_BATCHES", None)
    noun = f"{batches} paired batch{'es' if batches != 1 else ''}"
    return f"no paired SE: {noun}, needs {need}" if need else f"no paired SE: only {noun}"


def _number(x) -> float | None:
    return None if x is None or (isinstance(x, float) and math.isnan(x)) else float(x)


def study_rows(ledger, study_id: str, exact: bool = True) -> list[dict]:
    """The table's rows as plain JSON-ready dicts (``jost study result --json``).

    Parameters
    ----------
    ledger : Ledger
    study_id : str
        The full id.
    exact : bool
        Add ``exact_ev_td`` / ``exact_ev_cd`` (each distinct rule set costs
        seconds the first time; None when False).
    """
    jobs = [ledger.get(r["id"]) for r in ledger.study_jobs(study_id)]
    return table_rows(jobs, {job["id"]: ledger.answer_partials(job["id"]) for job in jobs},
                      exact)


def table_rows(jobs: list[dict], chunks: dict, exact: bool = True) -> list[dict]:
    """The table's rows of a study's jobs and their per-chunk tallies, wherever they ran.

    Parameters
    ----------
    jobs : list of dict
        The variants, base first, as the ledger's job records hold them
        (``id``, ``label``, ``state``, ``rounds_done``, ``rounds_total``,
        ``simulation_type``, ``config``, ``meta`` with ``variant``, ``kind``
        and ``fields``).
    chunks : dict
        Job id -> its saved per-chunk tallies (dicts, chunk order).
    exact : bool
        As for :func:`study_rows`.
    """
    base = jobs[0]
    rows = []
    for job in jobs:
        meta = job["meta"]
        row = dict(meta.get("fields", {}))
        row.update({"variant": meta.get("variant", job["label"]), "kind": meta.get("kind"),
                    "label": job["label"],
                    "state": job["state"], "rounds": job["rounds_done"],
                    "rounds_total": job["rounds_total"], "job": job["id"]})
        summary = {}
        if chunks[job["id"]]:
            handler = registry.get(job["simulation_type"])
            summary = handler.merge(job["config"], chunks[job["id"]]).summary
        row.update({f: _number(summary.get(f)) for f in FIGURES})
        row.update(side_bet_columns(summary))
        row.update(race_columns(meta, summary, row["rounds"]))
        row["rounds"] = row.pop("answer_rounds")
        row.update(_paired(base, job, chunks[base["id"]], chunks[job["id"]]))
        ev = exact_of(job["config"]) if exact else None
        row["exact_ev_td"] = ev and ev["ev_td"]
        row["exact_ev_cd"] = ev and ev["ev_cd"]
        rows.append(row)
    return rows


def rows_frame(rows: list[dict]) -> pd.DataFrame:
    """The rows as a DataFrame (the index is the variant's position, 0 the base)."""
    return pd.DataFrame.from_records(rows)


def frame_to_json(frame: pd.DataFrame) -> str:
    """A results table as JSON records (``null`` for missing values) that reads back exactly."""
    records = [{k: None if _missing(v) else v for k, v in row.items()}
               for row in frame.to_dict("records")]
    return json.dumps(records, indent=1, default=_plain)


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _plain(value):
    """numpy scalars as Python numbers (json writes floats so they read back exactly)."""
    return value.item() if hasattr(value, "item") else str(value)


def frame_from_json(text: str) -> pd.DataFrame:
    """A results table read back from :func:`frame_to_json`."""
    return pd.DataFrame.from_records(json.loads(text))

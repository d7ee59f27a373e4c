"""Results side by side: each job's key figures, and each job's differences from a chosen
reference job with their standard errors and a verdict.

Pure functions over summaries, configs and per-chunk tallies, for the
workbench's Compare tab and any report that sets jobs side by side. Every
figure is an :class:`~jost_engine.analysis.estimates.Estimate` (the views
write it with :mod:`jost_engine.analysis.format`).

A difference's standard error is *paired* when the two jobs dealt the same
shoes (the same ``run.seed`` and ``run.chunk_rounds``, so chunk ``i`` of one is
dealt from the same cards as chunk ``i`` of the other; docs/studies.md, Common
shoes): it then comes from the per-chunk differences by batch means
(:func:`jost_engine.analysis.paired.paired_difference`). Otherwise it is
*unpaired*: the two SEs added in quadrature, the runs taken as independent.
The config differences are written with the names of
:mod:`jost_engine.analysis.config_labels` (those of the Build tab) by
:func:`jost_engine.analysis.present.config_diff`.
"""

from __future__ import annotations

import math

from . import estimates
from .estimates import Estimate

#: The figures shown for each job, in order.
COMPARED = ("advantage", "win_rate_per_hour", "sd_per_round", "score", "di", "n0", "ror",
            "rounds")
#: The figures differenced against the reference, with a verdict each. N0 and the risk
#: of ruin follow from the win rate and the SD; the SD is left out, as its SE (a normal
#: approximation) is a lower bound for blackjack's heavy tails and would call noise resolved.
DIFFERENCED = ("advantage", "win_rate_per_hour", "score", "di")
#: Figures whose paired SE the per-chunk tallies give (:data:`analysis.paired.FIGURES`).
PAIRED = ("advantage", "win_rate_per_hour", "score")


def job_figures(summaries: dict, configs: dict) -> dict[str, dict[str, Estimate]]:
    """Each job's figures of :data:`COMPARED`: ``{name: {key: Estimate}}``.

    Parameters
    ----------
    summaries, configs : dict
        ``{name: result summary}`` and ``{name: hydrated config}``, in the order to show.
    """
    out = {}
    for name, summary in summaries.items():
        every = estimates.figures(summary, configs.get(name))
        out[name] = {key: every[key] for key in COMPARED if key in every}
    return out


def common_shoes(config_a: dict, config_b: dict) -> tuple[bool, str]:
    """Whether two jobs dealt the same shoes, and why in words.

    Returns
    -------
    (bool, str)
        True with ``same seed 1 and chunk rounds 250,000`` when ``run.seed``
        and ``run.chunk_rounds`` agree; else False with what differs
        (``seeds differ: 1 and 5``).
    """
    a, b = config_a.get("run") or {}, config_b.get("run") or {}
    if a.get("seed") != b.get("seed"):
        return False, f"seeds differ: {a.get('seed')} and {b.get('seed')}"
    if a.get("chunk_rounds") != b.get("chunk_rounds"):
        return False, (f"chunk rounds differ: {a.get('chunk_rounds'):,} and "
                       f"{b.get('chunk_rounds'):,}")
    return True, f"same seed {a.get('seed')} and chunk rounds {a.get('chunk_rounds'):,}"


def paired_ses(chunks_a: list, chunks_b: list, rounds_per_hour: float | None) -> dict:
    """Paired SEs of the differences of :data:`PAIRED` between two common-shoe runs.

    Parameters
    ----------
    chunks_a, chunks_b : list of dict or Tally
        The two jobs' per-chunk tallies (the ledger's partials).
    rounds_per_hour : float
        Rounds dealt per hour [1/h], for the win rate per hour.

    Returns
    -------
    dict
        ``{figure: SE}`` on the figures' own scales, for the figures whose
        paired SE could be estimated; empty when the runs do not hold the
        same chunks (a stopped job: its difference would be over fewer
        rounds than the figures shown), or hold fewer chunks than batch
        means need (:data:`jost_engine.analysis.paired.MIN_BATCHES`).
    """
    from .paired import paired_difference

    if _chunk_indices(chunks_a) != _chunk_indices(chunks_b):
        return {}
    out = {}
    for figure in PAIRED:
        try:
            diff = paired_difference(chunks_a, chunks_b, figure, rounds_per_hour)
        except ValueError:
            return {}
        if math.isfinite(diff.se_paired):
            out[figure] = diff.se_paired
    return out


def _chunk_indices(chunks: list) -> list[int]:
    """The chunk indices of per-chunk tallies (ledger dicts or :class:`Tally`), sorted."""
    return sorted(c["chunks"][0] if isinstance(c, dict) else c.chunks[0] for c in chunks)


def differences(figures: dict, reference: str, paired: dict | None = None
                ) -> dict[str, dict[str, Estimate]]:
    """Each job's figures of :data:`DIFFERENCED` minus the reference's, with their SEs.

    Parameters
    ----------
    figures : dict
        :func:`job_figures`.
    reference : str
        The name of the reference job (a key of ``figures``).
    paired : dict, optional
        ``{name: paired_ses(...)}`` for the jobs dealt from the reference's
        shoes; the others (and figures without a paired SE) get the unpaired SE.

    Returns
    -------
    dict
        ``{name: {key: Estimate}}`` for every job but the reference; each
        estimate's ``method`` says ``paired (common shoes)`` or ``unpaired
        (independent runs)``.
    """
    base = figures[reference]
    out = {}
    for name, own in figures.items():
        if name == reference:
            continue
        ses = (paired or {}).get(name) or {}
        out[name] = {key: estimates.difference(own[key], base[key], ses.get(key))
                     for key in DIFFERENCED if key in own and key in base}
    return out


def verdict_rounds(figures: dict, name: str, reference: str) -> int:
    """The rounds a verdict of ``name`` against ``reference`` is stated at: the fewer of
    the two jobs' rounds (the SE shrinks as both jobs grow)."""
    rounds = [figures[n]["rounds"].value for n in (name, reference)]
    return int(min(r or 0 for r in rounds))


def verdict(diff: Estimate, rounds: int) -> str:
    """A difference against the reference in words (:func:`estimates.verdict`): resolved at
    95 % (and which is higher) or ``not resolved at N rounds (need about M)``."""
    return estimates.verdict(diff, rounds, names=("this job", "the reference"))

"""Paired differences between two runs that share their shoes (common shoes).

Two runs of the same ``run.seed`` and ``run.chunk_rounds`` deal the same
shoes chunk by chunk (docs/studies.md, Common shoes), so their per-chunk
results move together and the noise of their difference is much smaller
than the two runs' errors added in quadrature. The standard error of the
difference is estimated from the chunks themselves, as batch means: each
chunk is one batch, and the delete-one-batch jackknife gives the SE of any
figure of the pooled tallies (for a mean over equal batches it is exactly
the batch-means SE ``sd(batch differences) / sqrt(batches)``; it extends it
to ratios such as the advantage, and to SCORE). Batch means need enough
batches: below :data:`MIN_BATCHES` paired chunks both SEs are NaN (the
difference itself is still given).
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np

from ..statistics import BET_SCALE, NET_SCALE, total_moments
from ..tally import Tally

#: Fewest paired chunks (batches) for which standard errors are estimated.
MIN_BATCHES = 20

#: The figures :func:`paired_difference` compares, with their units.
FIGURES = {
    "advantage": "fraction of the initial bet",
    "ev_per_round": "units per round bet on",
    "win_rate_per_hour": "units per hour",
    "score": "SCORE (1e6 EV**2 / variance), defined where EV > 0",
}

# columns of the per-chunk sums
_ROUNDS, _DEALT, _BET, _NET, _NET2 = range(5)


class PairedDifference(NamedTuple):
    """A difference of one figure between two runs, with its standard errors.

    Attributes
    ----------
    diff : float
        Figure of run A minus figure of run B, over the chunks both ran.
    se_paired : float
        Its standard error from the per-chunk paired differences (batch
        means); NaN below :data:`MIN_BATCHES` batches or where the figure is
        undefined.
    se_unpaired : float
        The two runs' own batch-means SEs added in quadrature: what the
        difference's SE would be if the runs were independent.
    n_batches : int
        Chunks paired (present in both runs).
    """

    diff: float
    se_paired: float
    se_unpaired: float
    n_batches: int


def chunk_sums(chunks) -> dict[int, np.ndarray]:
    """Per-chunk sums of a run, keyed by chunk index.

    Parameters
    ----------
    chunks : iterable of Tally or dict
        One tally per chunk (:func:`jost_engine.simulation.run_chunk`), or
        its :meth:`~jost_engine.tally.Tally.to_dict` form (the ledger's
        partials).

    Returns
    -------
    dict of int to numpy.ndarray
        Rounds bet on, rounds dealt, initial bets [units], net [units] and
        the sum of squared nets [units**2] of each chunk.

    Raises
    ------
    ValueError
        If a tally holds more or fewer than one chunk, or a chunk comes twice.
    """
    sums = {}
    for tally in chunks:
        if isinstance(tally, dict):
            tally = Tally.from_dict(tally)
        if len(tally.chunks) != 1:
            raise ValueError(f"a per-chunk tally holds one chunk, got chunks {tally.chunks}")
        index = tally.chunks[0]
        if index in sums:
            raise ValueError(f"chunk {index} is given twice")
        m = total_moments(tally)
        sums[index] = np.array([m["rounds"], tally["all_rounds"], m["bet"] / BET_SCALE,
                                m["net"] / NET_SCALE, m["net2"] / NET_SCALE**2])
    return sums


def figure_of(sums: np.ndarray, figure: str, rounds_per_hour: float | None = None
              ) -> np.ndarray:
    """A figure from pooled sums (last axis: the columns of :func:`chunk_sums`).

    Undefined values (no rounds; SCORE where EV <= 0) are NaN.
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        n = sums[..., _ROUNDS]
        net = sums[..., _NET]
        if figure == "advantage":
            return net / sums[..., _BET]
        if figure == "ev_per_round":
            return net / n
        if figure == "win_rate_per_hour":
            return net / sums[..., _DEALT] * rounds_per_hour
        ev = net / n
        var = (sums[..., _NET2] / n - ev**2) * n / (n - 1)
        return np.where((ev > 0) & (var > 0), 1e6 * ev**2 / var, np.nan)


def _jackknife_se(leave_one_out: np.ndarray) -> float:
    """Delete-one-batch jackknife SE from the figures with each batch left out."""
    m = leave_one_out.shape[0]
    spread = leave_one_out - leave_one_out.mean()
    return math.sqrt((m - 1) / m * float(np.sum(spread**2)))


def paired_difference(chunks_a, chunks_b, figure: str = "advantage",
                      rounds_per_hour: float | None = None) -> PairedDifference:
    """Difference of a figure between two runs with common shoes, and its SEs.

    Parameters
    ----------
    chunks_a, chunks_b : iterable of Tally or dict
        Per-chunk tallies of two runs with the same ``run.seed`` and
        ``run.chunk_rounds`` (see :func:`chunk_sums`). Chunks are paired by
        index; only the chunks both runs have count (a study half done).
    figure : str
        One of :data:`FIGURES`.
    rounds_per_hour : float, optional
        Rounds dealt per hour [1/h]; required for ``"win_rate_per_hour"``.

    Returns
    -------
    PairedDifference
        ``(diff, se_paired, se_unpaired, n_batches)``; the SEs are NaN with
        fewer than :data:`MIN_BATCHES` paired chunks.

    Raises
    ------
    ValueError
        For an unknown figure, a missing ``rounds_per_hour``, or runs that
        have no chunk in common.
    """
    if figure not in FIGURES:
        raise ValueError(f"figure: must be one of {', '.join(FIGURES)}, got {figure!r}")
    if figure == "win_rate_per_hour" and not rounds_per_hour:
        raise ValueError("rounds_per_hour: required for the win rate per hour")
    return paired_from_sums(chunk_sums(chunks_a), chunk_sums(chunks_b), figure, rounds_per_hour)


def paired_from_sums(a: dict, b: dict, figure: str = "advantage",
                     rounds_per_hour: float | None = None) -> PairedDifference:
    """:func:`paired_difference` from per-chunk sums already made (:func:`chunk_sums`).

    For callers that compare the same runs many times (a racing study,
    :mod:`jost_engine.analysis.race`): the sums of a chunk are made once.
    """
    common = sorted(a.keys() & b.keys())
    if not common:
        raise ValueError("the two runs have no chunk in common")
    sums_a = np.array([a[i] for i in common])
    sums_b = np.array([b[i] for i in common])
    total_a, total_b = sums_a.sum(axis=0), sums_b.sum(axis=0)
    diff = float(figure_of(total_a, figure, rounds_per_hour)
                 - figure_of(total_b, figure, rounds_per_hour))
    m = len(common)
    if m < MIN_BATCHES:
        return PairedDifference(diff, math.nan, math.nan, m)
    out_a = figure_of(total_a - sums_a, figure, rounds_per_hour)
    out_b = figure_of(total_b - sums_b, figure, rounds_per_hour)
    se_paired = _jackknife_se(out_a - out_b)
    se_unpaired = math.hypot(_jackknife_se(out_a), _jackknife_se(out_b))
    return PairedDifference(diff, se_paired, se_unpaired, m)

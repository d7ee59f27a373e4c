"""Paired differences between two runs that share their shoes (common shoes).

Two runs of the same ``run.seed`` and ``run.chunk_rounds`` deal the same
shoes chunk by chunk (docs/studies.md, Common shoes), so their results move
together and the noise of their difference is much smaller than the two
runs' errors added in quadrature. The standard error of the difference is
estimated by batch means: the kernel sums every chunk's rounds in
``layout.N_BATCHES`` (64) sub-batches by shoe, shoe ``k`` of a chunk is the
same in both runs and falls in batch ``k % 64`` of both, so batch ``k`` of
one run pairs with batch ``k`` of the other however many chunks there are
(:mod:`jost_engine.batches`). The delete-one-batch jackknife then gives the
SE of any figure of the pooled tallies (for a mean over equal batches it is
exactly the batch-means SE ``sd(batch differences) / sqrt(batches)``; it
extends it to ratios such as the advantage, and to SCORE).

Tallies saved before the kernel recorded batches have none; for them each
chunk is one batch, as before. Below :data:`MIN_BATCHES` paired batches both
SEs are NaN (the difference itself is still given).
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np

from ..batches import DEALT, FIGURES, MIN_BATCHES, batch_sums, figure_of, jackknife_se
from ..statistics import BET_SCALE, NET_SCALE, total_moments
from ..tally import Tally

__all__ = ["FIGURES", "MIN_BATCHES", "PairedDifference", "chunk_sums", "paired_difference",
           "paired_tallies"]


class PairedDifference(NamedTuple):
    """A difference of one figure between two runs, with its standard errors.

    Attributes
    ----------
    diff : float
        Figure of run A minus figure of run B, over the chunks both ran.
    se_paired : float
        Its standard error from the paired batch differences (batch means);
        NaN below :data:`MIN_BATCHES` batches or where the figure is
        undefined.
    se_unpaired : float
        The two runs' own batch-means SEs added in quadrature: what the
        difference's SE would be if the runs were independent.
    n_batches : int
        Batches paired: the kernel's sub-batches in which either run dealt a
        round (up to 64), or, for tallies saved without them, the chunks
        both runs have.
    """

    diff: float
    se_paired: float
    se_unpaired: float
    n_batches: int


def _per_chunk(chunks) -> dict[int, Tally]:
    """Per-chunk tallies keyed by chunk index (ledger dicts read as tallies)."""
    tallies = {}
    for tally in chunks:
        if isinstance(tally, dict):
            tally = Tally.from_dict(tally)
        if len(tally.chunks) != 1:
            raise ValueError(f"a per-chunk tally holds one chunk, got chunks {tally.chunks}")
        index = tally.chunks[0]
        if index in tallies:
            raise ValueError(f"chunk {index} is given twice")
        tallies[index] = tally
    return tallies


def _chunk_row(tally: Tally) -> np.ndarray:
    """One chunk's sums as one batch (columns of :data:`jost_engine.batches.COLUMNS`)."""
    m = total_moments(tally)
    return np.array([m["rounds"], tally["all_rounds"], m["bet"] / BET_SCALE,
                     m["net"] / NET_SCALE, m["net2"] / NET_SCALE**2])


def chunk_sums(chunks) -> dict[int, np.ndarray]:
    """Per-chunk sums of a run, keyed by chunk index (each chunk as one batch).

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
    return {index: _chunk_row(tally) for index, tally in _per_chunk(chunks).items()}


def _check_figure(figure: str, rounds_per_hour: float | None) -> None:
    if figure not in FIGURES:
        raise ValueError(f"figure: must be one of {', '.join(FIGURES)}, got {figure!r}")
    if figure == "win_rate_per_hour" and not rounds_per_hour:
        raise ValueError("rounds_per_hour: required for the win rate per hour")


def paired_difference(chunks_a, chunks_b, figure: str = "advantage",
                      rounds_per_hour: float | None = None) -> PairedDifference:
    """Difference of a figure between two runs with common shoes, and its SEs.

    Parameters
    ----------
    chunks_a, chunks_b : iterable of Tally or dict
        Per-chunk tallies of two runs with the same ``run.seed`` and
        ``run.chunk_rounds`` (see :func:`chunk_sums`). Only the chunks both
        runs have count (a study half done); their sub-batches are added
        batch by batch and paired by batch (:func:`paired_tallies`), or,
        when a chunk was saved without batches, each chunk is one batch.
    figure : str
        One of :data:`FIGURES`.
    rounds_per_hour : float, optional
        Rounds dealt per hour [1/h]; required for ``"win_rate_per_hour"``.

    Returns
    -------
    PairedDifference
        ``(diff, se_paired, se_unpaired, n_batches)``; the SEs are NaN with
        fewer than :data:`MIN_BATCHES` paired batches.

    Raises
    ------
    ValueError
        For an unknown figure, a missing ``rounds_per_hour``, or runs that
        have no chunk in common.
    """
    _check_figure(figure, rounds_per_hour)
    a, b = _per_chunk(chunks_a), _per_chunk(chunks_b)
    common = sorted(a.keys() & b.keys())
    if not common:
        raise ValueError("the two runs have no chunk in common")
    if all(a[i].batches and b[i].batches for i in common):
        sums_a = sum(batch_sums(a[i]) for i in common)
        sums_b = sum(batch_sums(b[i]) for i in common)
        return _paired_batches(sums_a, sums_b, figure, rounds_per_hour)
    return _paired_sums(np.array([_chunk_row(a[i]) for i in common]),
                        np.array([_chunk_row(b[i]) for i in common]), figure, rounds_per_hour)


def paired_from_sums(a: dict, b: dict, figure: str = "advantage",
                     rounds_per_hour: float | None = None) -> PairedDifference:
    """:func:`paired_difference` from per-chunk sums already made (:func:`chunk_sums`),
    each chunk one batch.

    For callers that compare the same runs many times (a racing study,
    :mod:`jost_engine.analysis.race`): the sums of a chunk are made once.
    """
    _check_figure(figure, rounds_per_hour)
    common = sorted(a.keys() & b.keys())
    if not common:
        raise ValueError("the two runs have no chunk in common")
    return _paired_sums(np.array([a[i] for i in common]), np.array([b[i] for i in common]),
                        figure, rounds_per_hour)


def paired_tallies(tally_a: Tally, tally_b: Tally, figure: str = "advantage",
                   rounds_per_hour: float | None = None) -> PairedDifference:
    """:func:`paired_difference` of two merged tallies of the same chunks, by their batches.

    Raises
    ------
    ValueError
        As :func:`paired_difference`; also when the tallies hold different
        chunks or one has no batches (saved before they were recorded: pair
        its per-chunk tallies instead).
    """
    _check_figure(figure, rounds_per_hour)
    if tally_a.chunks != tally_b.chunks:
        raise ValueError("the two tallies hold different chunks: pair their common chunks "
                         "with paired_difference")
    sums_a, sums_b = batch_sums(tally_a), batch_sums(tally_b)
    if sums_a is None or sums_b is None:
        raise ValueError("a tally has no batches (saved before JOST recorded them): pair "
                         "its per-chunk tallies with paired_difference")
    return _paired_batches(sums_a, sums_b, figure, rounds_per_hour)


def _paired_batches(sums_a: np.ndarray, sums_b: np.ndarray, figure: str,
                    rounds_per_hour: float | None) -> PairedDifference:
    """Pair batch ``k`` with batch ``k``, over the batches where either run dealt a round."""
    keep = (sums_a[:, DEALT] > 0) | (sums_b[:, DEALT] > 0)
    return _paired_sums(sums_a[keep], sums_b[keep], figure, rounds_per_hour)


def _paired_sums(sums_a: np.ndarray, sums_b: np.ndarray, figure: str,
                 rounds_per_hour: float | None) -> PairedDifference:
    """The paired difference of two runs' batch sums (rows paired), by the jackknife."""
    total_a, total_b = sums_a.sum(axis=0), sums_b.sum(axis=0)
    diff = float(figure_of(total_a, figure, rounds_per_hour)
                 - figure_of(total_b, figure, rounds_per_hour))
    m = sums_a.shape[0]
    if m < MIN_BATCHES:
        return PairedDifference(diff, math.nan, math.nan, m)
    out_a = figure_of(total_a - sums_a, figure, rounds_per_hour)
    out_b = figure_of(total_b - sums_b, figure, rounds_per_hour)
    se_paired = jackknife_se(out_a - out_b)
    se_unpaired = math.hypot(jackknife_se(out_a), jackknife_se(out_b))
    return PairedDifference(diff, se_paired, se_unpaired, m)

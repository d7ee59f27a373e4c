"""A ramp's per-round result distribution from a tally, and random walks drawn from it.

The kernel's histogram holds, per true count, the rounds bet on by their result
in tenths of the initial bet and the rounds watched. A ramp betting b_t at
count t turns it into the distribution of one round dealt: ``b_t x`` with
probability ``f_t q_t h_t(x)``, and 0 (a round watched) with the rest. Walks
of independent draws from it check the diffusion formulas of :mod:`.risk` and
:mod:`.goals` against the game's own, skewed and discrete, results.
"""

from __future__ import annotations

import numpy as np

from ..kernel import layout as L
from ..statistics import OUTCOME_SCALE
from .ramp import Ramp
from .table import from_tally


def round_distribution(tally, ramp: Ramp, rounds_per_hour: float = 100.0,
                       wong_in=None, wong_out=None) -> tuple[np.ndarray, np.ndarray]:
    """``(values [units], probabilities)`` of the result of one round dealt with ``ramp``.

    Parameters
    ----------
    tally : jost_engine.tally.Tally
        A run with a count.
    ramp : Ramp
    rounds_per_hour, wong_in, wong_out
        The run's, as :func:`.table.from_tally` takes them.
    """
    table = from_tally(tally, rounds_per_hour, wong_in, wong_out)
    hist = np.asarray(tally.hist, dtype=np.float64)[:, :L.N_OUTCOMES]
    share = ramp.play_fraction(table)
    played = hist.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        within = np.where(played[:, None] > 0, hist / played[:, None], 0.0)
    weight = table.frequency * share
    outcome = (np.arange(L.N_OUTCOMES) - L.OUTCOME_SPAN) / OUTCOME_SCALE
    values = (ramp.units(table.true_count)[:, None] * outcome[None, :]).ravel()
    probs = (weight[:, None] * within).ravel()
    values, inverse = np.unique(np.round(values, 6), return_inverse=True)
    merged = np.bincount(inverse, weights=probs, minlength=values.size)
    zero = np.searchsorted(values, 0.0)
    merged[zero] += max(1.0 - merged.sum(), 0.0)  # watched rounds win 0
    return values, merged / merged.sum()


def walks(values: np.ndarray, probs: np.ndarray, paths: int, steps: int,
          seed: int = 0) -> np.ndarray:
    """Cumulative results [units] of ``paths`` independent walks of ``steps`` rounds,
    shape ``(paths, steps)``."""
    rng = np.random.default_rng(seed)
    cdf = np.cumsum(probs)
    cdf[-1] = 1.0
    draws = values[np.searchsorted(cdf, rng.random((paths, steps)), side="right")]
    return np.cumsum(draws, axis=1)


def first_passage(values: np.ndarray, probs: np.ndarray, paths: int, bankroll: float,
                  goal: float | None, max_steps: int, seed: int = 0,
                  block: int = 5_000) -> tuple[np.ndarray, np.ndarray]:
    """Which walks lose ``bankroll`` before winning ``goal`` (or within ``max_steps``).

    Returns
    -------
    (ruined, ended) : numpy.ndarray of bool
        Per path: ruined first; ended at a barrier within ``max_steps``.
    """
    rng = np.random.default_rng(seed)
    cdf = np.cumsum(probs)
    cdf[-1] = 1.0
    level = np.zeros(paths)
    ruined = np.zeros(paths, bool)
    ended = np.zeros(paths, bool)
    done = 0
    while done < max_steps and not ended.all():
        n = min(block, max_steps - done)
        live = np.flatnonzero(~ended)
        draws = values[np.searchsorted(cdf, rng.random((live.size, n)), side="right")]
        path = level[live, None] + np.cumsum(draws, axis=1)
        low = path <= -bankroll
        high = path >= goal if goal is not None else np.zeros_like(low)
        first_low = np.where(low.any(axis=1), low.argmax(axis=1), n)
        first_high = np.where(high.any(axis=1), high.argmax(axis=1), n)
        ruined[live] = first_low < first_high
        ended[live] = np.minimum(first_low, first_high) < n
        level[live] = path[:, -1]
        done += n
    return ruined, ended

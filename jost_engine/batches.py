"""Batch means: standard errors from the kernel's sub-batches of rounds.

Every chunk sums its rounds in ``layout.N_BATCHES`` batches by shoe (see
:mod:`jost_engine.kernel.layout`), and merged tallies add batch ``k`` of
every chunk into batch ``k``. Shoes are dealt from independent streams, so
the batches are independent samples of the game however the run was cut
into chunks: a job of one chunk has its 64 batches as a job of 40 chunks
does.

The standard error of a figure of the pooled sums (a ratio such as the
advantage, or SCORE) is the delete-one-batch jackknife: the figure is
computed with each batch left out, and
``SE = sqrt((m - 1) / m * sum((f_k - mean(f))**2))`` over the ``m``
non-empty batches. For a mean over equal batches this is exactly the
batch-means SE ``sd(batch means) / sqrt(m)``. Unlike the iid SE of
:func:`jost_engine.statistics.summarize` it needs no assumption that rounds
are independent (rounds of one shoe share its count), which is why it is
given beside it.

All functions are pure.
"""

from __future__ import annotations

import math

import numpy as np

from .kernel import layout as L

#: Fewest non-empty batches for which a standard error is estimated.
MIN_BATCHES = 20

#: Figures of pooled sums, with their units.
FIGURES = {
    "advantage": "fraction of the initial bet",
    "ev_per_round": "units per round bet on",
    "win_rate_per_hour": "units per hour",
    "score": "SCORE (1e6 EV**2 / variance), defined where EV > 0",
    "di": "desirability index (1000 EV / SD), defined where SD > 0",
}

#: Columns of a sums array: the kernel's ``B_*`` in units.
COLUMNS = ("rounds", "dealt", "bet", "net", "net2")
ROUNDS, DEALT, BET, NET, NET2 = range(len(COLUMNS))
_SCALE = np.array([1.0, 1.0, 10.0, 100.0, 100.0**2])  # kernel integers per unit
assert (L.B_ROUNDS, L.B_DEALT, L.B_BET, L.B_NET, L.B_NET2) == (ROUNDS, DEALT, BET, NET, NET2)


def batch_sums(tally) -> np.ndarray | None:
    """The sums of a tally's batches in units, or None when it has none.

    Returns
    -------
    numpy.ndarray or None
        Shape ``(N_BATCHES, 5)``, columns :data:`COLUMNS`: rounds bet on,
        rounds dealt (watched included), initial bets [units], net [units]
        and squared nets [units**2]; None for a tally saved before batches
        were recorded (or merged with one).
    """
    if not tally.batches:
        return None
    return np.array(tally.batches, dtype=np.float64) / _SCALE


def figure_of(sums: np.ndarray, figure: str, rounds_per_hour: float | None = None
              ) -> np.ndarray:
    """A figure of pooled sums (last axis: :data:`COLUMNS`).

    Undefined values (no rounds; SCORE where EV <= 0; DI where SD = 0) are NaN.
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        n = sums[..., ROUNDS]
        net = sums[..., NET]
        if figure == "advantage":
            return net / sums[..., BET]
        if figure == "ev_per_round":
            return net / n
        if figure == "win_rate_per_hour":
            return net / sums[..., DEALT] * rounds_per_hour
        ev = net / n
        var = (sums[..., NET2] / n - ev**2) * n / (n - 1)
        if figure == "di":
            return np.where(var > 0, 1000 * ev / np.sqrt(np.abs(var)), np.nan)
        return np.where((ev > 0) & (var > 0), 1e6 * ev**2 / var, np.nan)


def jackknife_se(leave_one_out: np.ndarray) -> float:
    """Delete-one-batch jackknife SE from the figures with each batch left out."""
    m = leave_one_out.shape[0]
    spread = leave_one_out - leave_one_out.mean()
    return math.sqrt((m - 1) / m * float(np.sum(spread**2)))


def leave_one_out(sums: np.ndarray, figure: str, rounds_per_hour: float | None = None
                  ) -> np.ndarray:
    """The figure of the pooled sums with each batch (row) left out in turn."""
    return figure_of(sums.sum(axis=0) - sums, figure, rounds_per_hour)


def nonempty(sums: np.ndarray) -> np.ndarray:
    """The batches (rows) in which a round was dealt."""
    return sums[sums[:, DEALT] > 0]


def batch_se(sums: np.ndarray, figure: str, rounds_per_hour: float | None = None) -> float:
    """Batch-means (jackknife) SE of a figure over the non-empty rows of ``sums``.

    NaN with fewer than :data:`MIN_BATCHES` non-empty batches, or where the
    figure is undefined in some leave-one-out sum.
    """
    rows = nonempty(sums)
    if rows.shape[0] < MIN_BATCHES:
        return math.nan
    return jackknife_se(leave_one_out(rows, figure, rounds_per_hour))


def batch_errors(tally, rounds_per_hour: float) -> dict:
    """Batch-means SEs of the summary's figures, for :func:`jost_engine.statistics.summarize`.

    Returns
    -------
    dict
        ``batches`` (non-empty batches; 0 when the tally has none) and
        ``se_<figure>_batches`` for each of :data:`FIGURES` (None when the
        tally has no batches, fewer than :data:`MIN_BATCHES`, or the figure
        is undefined).
    """
    sums = batch_sums(tally)
    count = 0 if sums is None else int(nonempty(sums).shape[0])
    out = {"batches": count}
    for figure in FIGURES:
        se = math.nan if sums is None else batch_se(sums, figure, rounds_per_hour)
        out[f"se_{figure}_batches"] = None if math.isnan(se) else se
    return out


def step_sums(tallies) -> tuple[np.ndarray, np.ndarray] | None:
    """The batches of per-chunk tallies as one sequence: chunk order, then batch order.

    Parameters
    ----------
    tallies : list of Tally
        Per-chunk tallies in the order to take them.

    Returns
    -------
    tuple of numpy.ndarray, or None
        The non-empty batches' sums (rows, :data:`COLUMNS`) and, for each
        row, how many of the tallies it comes after or from (1 for the
        first tally's batches); None when a tally has no batches.
    """
    rows, chunk = [], []
    for i, tally in enumerate(tallies, start=1):
        sums = batch_sums(tally)
        if sums is None:
            return None
        sums = nonempty(sums)
        rows.append(sums)
        chunk.append(np.full(sums.shape[0], i))
    if not rows:
        return np.zeros((0, len(COLUMNS))), np.zeros(0, dtype=int)
    return np.concatenate(rows), np.concatenate(chunk)


def running_advantage(steps: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The advantage after each step of a sequence of batches, and its batch-means SE.

    The SE after ``m`` batches is the linearized (delta-method) batch-means
    SE of the ratio ``R = sum(net) / sum(bet)``:
    ``sqrt(m / (m - 1) * sum((net_k - R bet_k)**2)) / sum(bet)``, which the
    jackknife of :func:`batch_se` equals to first order; running sums make
    every step cost O(1). NaN before :data:`MIN_BATCHES` batches.

    Returns
    -------
    tuple of numpy.ndarray
        Advantage [fraction of the initial bet] and its SE, one per step.
    """
    net, bet = steps[:, NET], steps[:, BET]
    s_net, s_bet = np.cumsum(net), np.cumsum(bet)
    s_nn, s_nb, s_bb = np.cumsum(net * net), np.cumsum(net * bet), np.cumsum(bet * bet)
    m = np.arange(1, steps.shape[0] + 1)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = s_net / s_bet
        resid = np.maximum(s_nn - 2 * ratio * s_nb + ratio**2 * s_bb, 0.0)
        se = np.sqrt(m / (m - 1) * resid) / s_bet
    return ratio, np.where(m >= MIN_BATCHES, se, np.nan)

"""The true-count table: per true count, the rounds dealt and played and the
moments of the result of a 1-unit bet, read from a simulation's tally.

The kernel records each round it bets on by true count and by its result in
tenths of the initial bet (:mod:`jost_engine.kernel.layout`), so the result of
a 1-unit bet at each count is known whatever ramp the run used: index plays
and insurance depend on the count, never on the bet. Rounds watched without
a bet (wonging) are counted by true count too, without a result.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..errors import BettingError
from ..kernel import layout as L
from ..statistics import OUTCOME_SCALE

#: Powers of the 1-unit result kept per true count (mean, second, third, fourth moment).
POWERS = (1, 2, 3, 4)


@dataclass(frozen=True)
class CountTable:
    """Rounds and 1-unit-bet moments for every true count of the kernel.

    Attributes
    ----------
    true_count : numpy.ndarray of int
        Every true count the kernel bins, ``TC_MIN`` to ``TC_MAX``.
    dealt : numpy.ndarray of int
        Rounds dealt at each count, watched ones included.
    played : numpy.ndarray of int
        Rounds bet on at each count.
    moments : numpy.ndarray of float, shape (4, n)
        ``moments[k - 1]`` is E[X**k] of the result X of a 1-unit bet among
        the rounds played [units**k]; NaN where none was played.
    rounds_per_hour : float
        Rounds dealt per hour [1/h], watched ones included.
    wong_in, wong_out : int or None
        The run's wonging points as the kernel applied them (entered at or
        above ``wong_in``, left at or below ``wong_out``); None when unset.
    seed : int or None
        The run's seed, for the record.
    """

    true_count: np.ndarray
    dealt: np.ndarray
    played: np.ndarray
    moments: np.ndarray
    rounds_per_hour: float = 100.0
    wong_in: int | None = None
    wong_out: int | None = None
    seed: int | None = None

    @property
    def ev(self) -> np.ndarray:
        """E[X] of a 1-unit bet at each count [units]."""
        return self.moments[0]

    @property
    def second_moment(self) -> np.ndarray:
        """E[X**2] of a 1-unit bet at each count [units**2] (not the variance)."""
        return self.moments[1]

    @property
    def rounds(self) -> int:
        """Rounds dealt in all, watched ones included."""
        return int(self.dealt.sum())

    @property
    def frequency(self) -> np.ndarray:
        """Share of the rounds dealt at each count."""
        return self.dealt / max(self.rounds, 1)

    @property
    def wonging(self) -> bool:
        """Whether the run sat out some rounds."""
        return self.wong_in is not None or self.wong_out is not None

    def columns(self) -> dict:
        """The table as plain columns (lists), for a DataFrame or JSON.

        Only the counts with a round dealt; ``ev`` [units] and
        ``second_moment`` [units**2] are None where no round was played.
        """
        seen = self.dealt > 0
        clean = [[None if math.isnan(v) else float(v) for v in row[seen]]
                 for row in self.moments[:2]]
        return {"true_count": self.true_count[seen].tolist(),
                "dealt": self.dealt[seen].tolist(), "played": self.played[seen].tolist(),
                "ev": clean[0], "second_moment": clean[1]}


def _kernel_points(betting: dict) -> tuple[int | None, int | None]:
    """The wonging points as :mod:`jost_engine.prepare` hands them to the kernel."""
    wong_in, wong_out = betting.get("wong_in"), betting.get("wong_out")
    return (None if wong_in is None else math.ceil(wong_in),
            None if wong_out is None else math.floor(wong_out))


def from_tally(tally, rounds_per_hour: float = 100.0, wong_in: int | None = None,
               wong_out: int | None = None, seed: int | None = None) -> CountTable:
    """The true-count table of a merged tally.

    Parameters
    ----------
    tally : jost_engine.tally.Tally
        The tally of a run with a count (any ramp).
    rounds_per_hour : float
        Rounds dealt per hour [1/h].
    wong_in, wong_out : int, optional
        The run's wonging points, as the kernel applied them.
    seed : int, optional
        The run's seed.
    """
    hist = np.asarray(tally.hist, dtype=np.float64)
    counts = hist[:, :L.N_OUTCOMES]
    watched = hist[:, L.HIST_WATCHED]
    played = counts.sum(axis=1)
    result = (np.arange(L.N_OUTCOMES) - L.OUTCOME_SPAN) / OUTCOME_SCALE
    with np.errstate(invalid="ignore", divide="ignore"):
        moments = np.stack([counts @ result**k / played for k in POWERS])
    return CountTable(np.arange(L.TC_MIN, L.TC_MAX + 1), (played + watched).astype(np.int64),
                      played.astype(np.int64), moments, float(rounds_per_hour),
                      wong_in, wong_out, seed)


def from_result(result) -> CountTable:
    """The true-count table of a :class:`~jost_engine.result.SimulationResult`.

    The rounds per hour, the wonging points and the seed are read from the
    result's config.
    """
    config = result.config
    betting = config.get("betting") or {}
    wong_in, wong_out = _kernel_points(betting)
    run = config.get("run") or {}
    return from_tally(result.tally, run.get("rounds_per_hour", 100.0), wong_in, wong_out,
                      run.get("seed"))


def flat_config(config: dict) -> dict:
    """The config of the flat-bet run whose table evaluates ``config``'s ramps.

    One unit at every count (the table minimum 1, no maximum), the count,
    rules, strategy, run and the wonging rule kept: a wonging rule with memory
    is evaluated exactly only from a run with that rule (see
    :mod:`jost_engine.betting.ramp`).

    Raises
    ------
    BettingError
        When the (hydrated) config has no count (field ``strategy.count``).
    """
    strategy = config.get("strategy")
    if not isinstance(strategy, dict) or not strategy.get("count"):
        raise BettingError("strategy.count: optimal betting needs a count; name a strategy "
                           "with one (e.g. hi-lo-i18-fab4)", "strategy.count")
    betting = dict(config.get("betting") or {})
    betting.update({"ramp": [[-99, 1]], "min_units": 1, "max_units": None})
    return {**config, "betting": betting}

"""Racing a study's variants: successive elimination on paired differences.

Method: successive elimination (E. Even-Dar, S. Mannor, Y. Mansour, "Action
elimination and stopping conditions for the multi-armed bandit and
reinforcement learning problems", JMLR 7, 2006, section 3): every variant
still in the race gets the same rounds; at each look the variants that are
worse than the current leader beyond the confidence bound stop, and the
race ends when one is left. Here the bound is on the *paired* difference
(common shoes: :mod:`jost_engine.analysis.paired`), whose SE is far smaller
than the variants' own, and for the top ``k`` a variant stops once it is
resolved below the variant now in place ``k``.

Rounds go in stages by chunk index: stage ``s`` is complete when every
variant still racing has its chunks ``0..s``. At a look (stage ``s`` with at
least :data:`~jost_engine.analysis.paired.MIN_BATCHES` chunks, then every
``look_every`` chunks) the figure of each racing variant is pooled over
chunks ``0..s``; with ``kth`` the racing variant in place ``k``, a variant
``v`` outside the top ``k`` is eliminated when

    (figure(v) - figure(kth)) + z * SE_paired(v - kth) < 0,

``z`` the two-sided normal quantile of the stated confidence with a
Bonferroni correction over every comparison the race may make (``variants
- 1`` at each of the planned looks): ``z = Phi^-1(1 - (1 - confidence) /
(2 (variants - 1) looks))``. The race ends when ``k`` variants are left
(the top ``k`` is resolved), when the plan's last chunk is in, or when the
next stage would spend more than ``budget_rounds`` over all variants (the
rest unresolved). Every decision reads completed chunks in chunk order only,
so it does not depend on timing, workers or resumes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from statistics import NormalDist

import numpy as np

from .paired import MIN_BATCHES, chunk_sums, figure_of, paired_from_sums

METRICS = ("advantage", "ev_per_round", "win_rate_per_hour")
"""Figures a race may rank by (higher is better)."""


def race_z(confidence: float, variants: int, looks: int) -> float:
    """The normal quantile of a race's bound, Bonferroni-corrected.

    Parameters
    ----------
    confidence : float
        Stated two-sided confidence of the whole race (0 to 1).
    variants : int
        Variants racing at the start.
    looks : int
        Looks the plan allows.
    """
    comparisons = max(1, (variants - 1) * max(1, looks))
    return NormalDist().inv_cdf(1 - (1 - confidence) / (2 * comparisons))


def planned_looks(plan_chunks: int, look_every: int) -> int:
    """Looks at stages ``MIN_BATCHES - 1``, then every ``look_every`` chunks, up to the plan."""
    if plan_chunks < MIN_BATCHES:
        return 0
    return 1 + (plan_chunks - MIN_BATCHES) // look_every


@dataclass
class Outcome:
    """How a variant left the race.

    Attributes
    ----------
    state : str
        ``"eliminated"``, ``"resolved"`` (in the top ``k`` when the race
        ended) or ``"unresolved"`` (the plan or the budget ran out first).
    last_chunk : int
        The last chunk of its answer (it ran chunks ``0..last_chunk``).
    against : str or None
        For an eliminated variant, the variant it was resolved below.
    diff, se : float or None
        That paired difference [the figure's unit] and its SE.
    """

    state: str
    last_chunk: int
    against: str | None = None
    diff: float | None = None
    se: float | None = None


@dataclass
class Race:
    """Successive elimination over a study's variants, fed per-chunk tallies.

    Parameters
    ----------
    names : list of str
        The variants (job ids), in the study's order.
    plan_chunks : int
        Chunks of each variant's plan (they share ``run.chunk_rounds``).
    chunk_rounds : int
        Rounds of a chunk.
    metric : str
        One of :data:`METRICS`.
    confidence : float
        Two-sided confidence of the whole race.
    top_k : int
        How many best variants to resolve.
    budget_rounds : int or None
        Rounds of all variants together the race may spend.
    look_every : int
        Chunks between looks after the first.
    rounds_per_hour : float or None
        For ``win_rate_per_hour``.
    """

    names: list
    plan_chunks: int
    chunk_rounds: int
    metric: str = "advantage"
    confidence: float = 0.95
    top_k: int = 1
    budget_rounds: int | None = None
    look_every: int = 5
    rounds_per_hour: float | None = None
    outcomes: dict = field(default_factory=dict)
    stage: int = 0
    _sums: dict = field(default_factory=dict)

    def __post_init__(self):
        self._sums = {name: {} for name in self.names}
        self.z = race_z(self.confidence, len(self.names),
                        planned_looks(self.plan_chunks, self.look_every))

    @property
    def racing(self) -> list:
        """The variants still in the race, in study order."""
        return [n for n in self.names if n not in self.outcomes]

    @property
    def over(self) -> bool:
        """Whether every variant has left the race."""
        return not self.racing

    def add(self, name: str, index: int, partial) -> None:
        """Add chunk ``index`` of a variant (a Tally or its dict); close the stages it completes."""
        if name in self.outcomes or index < self.stage or index in self._sums[name]:
            return
        self._sums[name].update(chunk_sums([partial]))
        while self.racing and all(self.stage in self._sums[n] for n in self.racing):
            self._close(self.stage)
            self.stage += 1

    def spent_rounds(self, through: int) -> int:
        """Rounds of all variants if the racing ones run chunks ``0..through`` [rounds]."""
        gone = sum(o.last_chunk + 1 for o in self.outcomes.values())
        return (gone + len(self.racing) * (through + 1)) * self.chunk_rounds

    def _close(self, stage: int) -> None:
        """Stage ``stage`` is complete for every racing variant: look, and end what is settled."""
        chunks = stage + 1
        if chunks >= MIN_BATCHES and (chunks - MIN_BATCHES) % self.look_every == 0:
            self._eliminate(stage)
        racing = self.racing
        if len(racing) <= self.top_k:
            self._end(racing, "resolved", stage)
        elif chunks >= self.plan_chunks or (
                self.budget_rounds is not None
                and self.spent_rounds(stage + 1) > self.budget_rounds):
            self._end(racing, "unresolved", stage)

    def _end(self, names: list, state: str, stage: int) -> None:
        for name in names:
            self.outcomes[name] = Outcome(state, stage)

    def _pooled(self, name: str, stage: int) -> dict:
        return {i: s for i, s in self._sums[name].items() if i <= stage}

    def _eliminate(self, stage: int) -> None:
        racing = self.racing
        pooled = {n: self._pooled(n, stage) for n in racing}
        value = {n: float(figure_of(np.sum(list(pooled[n].values()), axis=0), self.metric,
                                    self.rounds_per_hour)) for n in racing}
        ranked = sorted(racing, key=lambda n: (-_finite(value[n]), racing.index(n)))
        if len(ranked) <= self.top_k:
            return
        kth = ranked[self.top_k - 1]
        for name in ranked[self.top_k:]:
            diff, se, _, _ = paired_from_sums(pooled[name], pooled[kth], self.metric,
                                              self.rounds_per_hour)
            if math.isfinite(se) and math.isfinite(diff) and diff + self.z * se < 0:
                self.outcomes[name] = Outcome("eliminated", stage, kth, diff, se)

    def ranking(self) -> list:
        """The variants by their figure over their own chunks, best first."""
        value = {}
        for name in self.names:
            sums = list(self._pooled(name, self.outcomes[name].last_chunk).values()
                        if name in self.outcomes else self._sums[name].values())
            value[name] = (float(figure_of(np.sum(sums, axis=0), self.metric,
                                           self.rounds_per_hour)) if sums else -math.inf)
        return sorted(self.names, key=lambda n: (-_finite(value[n]), self.names.index(n)))


def _finite(x: float) -> float:
    return x if math.isfinite(x) else -math.inf

"""The result of a simulation: summary, merged tally, and a plain-JSON form.

The tables of design.md (by true count, outcomes, decisions) are computed
from the tally: as numpy columns by :mod:`jost_engine.statistics`
(``true_count_columns``, ``outcome_columns``, ``decision_columns``) and as
pandas DataFrames by :mod:`jost_engine.analysis.tables` (``by_true_count``,
``outcome_distribution``, ``decisions``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import statistics
from .tally import Tally

TIMING_FIELDS = ("rounds_per_s", "elapsed_s", "kernel_rounds_per_s", "kernel_s", "workers",
                 "startup_s")
"""Summary fields that say how long a run took, not what it found (see :class:`Timing`)."""


@dataclass(frozen=True)
class Timing:
    """Where the time of a run went.

    Attributes
    ----------
    wall_s : float or None
        Wall time from the start of the run to its last chunk [s]: cluster
        start, kernel compile and scheduling included (for a job, added
        over its runs).
    kernel_s : float
        Time inside the compiled kernel, added over the chunks [s of one
        worker core]; its compile is not in it.
    kernel_rounds : int
        Rounds of the chunks whose kernel time is known (chunks saved by an
        older JOST have none).
    workers : int or None
        Processes that ran chunks (1 in process; None when unknown).
    startup_s : float or None
        Wall time from the start of the (last) run to the first chunk
        entering the kernel [s]: cluster start, imports, the kernel's
        compile or cache load, scheduling.
    """

    wall_s: float | None = None
    kernel_s: float = 0.0
    kernel_rounds: int = 0
    workers: int | None = 1
    startup_s: float | None = None

    def fields(self, rounds: int) -> dict:
        """The timing fields of a summary of ``rounds`` rounds (:data:`TIMING_FIELDS`).

        ``rounds_per_s`` is the wall-clock rate (rounds / ``elapsed_s``);
        ``kernel_rounds_per_s`` the simulation rate of one worker core
        (rounds / ``kernel_s``).
        """
        return {"elapsed_s": self.wall_s,
                "rounds_per_s": rounds / self.wall_s if self.wall_s else None,
                "kernel_s": self.kernel_s or None,
                "kernel_rounds_per_s": (self.kernel_rounds / self.kernel_s
                                        if self.kernel_s > 0 else None),
                "workers": self.workers, "startup_s": self.startup_s}


@dataclass
class SimulationResult:
    """What :func:`~jost_engine.run_simulation_from_config` returns.

    Attributes
    ----------
    config : dict
        The hydrated config that ran.
    tally : Tally
        The merged tallies, from which every figure is computed.
    summary : dict
        The figures of design.md (see :func:`statistics.summarize`); the
        timing fields (:data:`TIMING_FIELDS`: ``rounds_per_s`` and
        ``elapsed_s`` of the wall clock, ``kernel_rounds_per_s`` and
        ``kernel_s`` inside the kernel, ``workers``, ``startup_s``) are the
        only ones that differ between two runs of the same config.
    """

    config: dict
    tally: Tally
    summary: dict = field(default_factory=dict)

    @classmethod
    def from_tally(cls, config: dict, tally: Tally, elapsed_s: float | None = None,
                   timing: Timing | None = None) -> SimulationResult:
        """Compute the summary of a merged tally.

        ``timing`` fills the timing fields; without it only the wall time
        ``elapsed_s`` [s] is known.
        """
        betting = config.get("betting", {})
        summary = statistics.summarize(
            tally, config["run"]["rounds_per_hour"], betting.get("bankroll_units"),
            betting.get("unit", 1.0), betting.get("trip_goal_units"))
        if config["rules"].get("switch"):  # Blackjack Switch: how often we switched
            summary.update(statistics.switch_figures(tally))
        if tally.side:
            from .side_bets import summary as side_bet_summary

            summary["side_bets"] = side_bet_summary(config, tally.side, summary["rounds"])
        timing = timing or Timing(wall_s=elapsed_s, workers=None)
        summary.update(timing.fields(tally["all_rounds"]))
        return cls(config, tally, summary)

    def figures(self) -> dict:
        """The summary without its timing fields: equal for equal configs."""
        return {k: v for k, v in self.summary.items() if k not in TIMING_FIELDS}

    def to_dict(self) -> dict:
        """Plain JSON data; :meth:`from_dict` reads it back."""
        return {"config": self.config, "summary": self.summary,
                "tally": self.tally.to_dict()}

    @classmethod
    def from_dict(cls, data: dict) -> SimulationResult:
        """Read a result written by :meth:`to_dict`."""
        return cls(data["config"], Tally.from_dict(data["tally"]), dict(data["summary"]))

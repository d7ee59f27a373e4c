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

TIMING_FIELDS = ("rounds_per_s", "elapsed_s")


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
        timing fields ``rounds_per_s`` and ``elapsed_s`` are the only ones
        that differ between two runs of the same config.
    """

    config: dict
    tally: Tally
    summary: dict = field(default_factory=dict)

    @classmethod
    def from_tally(cls, config: dict, tally: Tally, elapsed_s: float | None = None
                   ) -> SimulationResult:
        """Compute the summary of a merged tally."""
        betting = config.get("betting", {})
        summary = statistics.summarize(
            tally, config["run"]["rounds_per_hour"], betting.get("bankroll_units"),
            betting.get("unit", 1.0), betting.get("trip_goal_units"))
        summary["elapsed_s"] = elapsed_s
        summary["rounds_per_s"] = (tally["all_rounds"] / elapsed_s
                                   if elapsed_s else None)
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

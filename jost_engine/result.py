"""The result of a simulation: summary, tables, and a plain-JSON form."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

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

    @property
    def by_true_count(self) -> pd.DataFrame:
        """Frequency, average bet, EV and advantage by true count."""
        return statistics.by_true_count(self.tally)

    @property
    def outcomes(self) -> pd.DataFrame:
        """The distribution of the net result per round, in initial bets."""
        return statistics.outcome_distribution(self.tally)

    @property
    def decisions(self) -> pd.DataFrame:
        """Counts of doubles, splits, surrenders, insurance and blackjacks."""
        return statistics.decisions_table(self.tally)

    def to_dict(self) -> dict:
        """Plain JSON data; :meth:`from_dict` reads it back."""
        return {"config": self.config, "summary": self.summary,
                "tally": self.tally.to_dict()}

    @classmethod
    def from_dict(cls, data: dict) -> SimulationResult:
        """Read a result written by :meth:`to_dict`."""
        return cls(data["config"], Tally.from_dict(data["tally"]), dict(data["summary"]))

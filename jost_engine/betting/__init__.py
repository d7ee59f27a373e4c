"""Betting analysis: any ramp from a true-count table, optimal ramps, risk of ruin.

Pure functions over a simulation's tallies (no Dask, no widgets), in the
analysis layer:

- :mod:`.table`: :class:`CountTable`, rounds and 1-unit-bet moments by true count.
- :mod:`.ramp`: :class:`Ramp`, bets by count and wonging, and what a table can evaluate.
- :mod:`.evaluate`: :func:`evaluate` (win rate, SD, DI, SCORE, N0, RoR, ...),
  :func:`best_wong_out`.
- :mod:`.objectives`: :func:`optimize` (``objective="growth"|"score"|"winrate"``, one
  function per objective), :func:`min_bankroll`.
- :mod:`.feasibility`: whether an objective can be met, and the bankroll or wong-out
  that would meet it, in words.
- :mod:`.optimal`: :func:`kelly_ramp` (Kelly under limits), :func:`optimize_for_ror`,
  :func:`max_score`, :func:`frontier` (win rate against risk).
- :mod:`.risk`: risk of ruin by model behind :func:`risk_of_ruin`,
  :func:`bankroll_for_risk`, :func:`bankroll_bands`.
- :mod:`.goals`: goals and hours (goal first, ahead after H hours, hours to a goal or N0).
- :mod:`.constraints`: what each limit of a ramp costs.
- :mod:`.counts`: a count's figures at its own optimal ramps under common limits.
- :mod:`.walk`: a ramp's per-round results from a tally, random walks drawn from them.
- :mod:`.uncertainty`: a ramp's figures as estimates for the one formatter.
- :mod:`.compare`: :func:`optimal_vs_given`, the optimal ramp beside the user's.
- :mod:`.spots`: :func:`~.spots.spot_plan`, growth-optimal spots and bet per spot by count.

See docs/betting.md for the definitions, their sources and a worked example.
"""

from .compare import optimal_vs_given
from .evaluate import best_wong_out, evaluate
from .objectives import OBJECTIVES, Optimum, min_bankroll, optimize
from .optimal import frontier, kelly_ramp, max_score, optimize_for_ror
from .ramp import Ramp
from .risk import bankroll_bands, bankroll_for_risk, risk_of_ruin
from .table import CountTable, flat_config, from_result, from_tally

__all__ = ["OBJECTIVES", "CountTable", "Optimum", "Ramp", "bankroll_bands", "bankroll_for_risk",
           "best_wong_out", "evaluate", "flat_config", "frontier", "from_result", "from_tally",
           "kelly_ramp", "max_score", "min_bankroll", "optimal_vs_given", "optimize",
           "optimize_for_ror", "risk_of_ruin"]

"""What each limit of a ramp costs: the optimum with the limit, against the optimum without it.

A player who bets in whole chips, under a table maximum, with a spread that does not draw
attention, a ramp of few changes, or a cover rule (bets that at most double from one count
to the next) gives up some win rate and some of the objective. :func:`costs` measures each
limit alone, all others kept, from the same true-count table.
"""

from __future__ import annotations

from ..errors import BettingError
from .evaluate import evaluate
from .objectives import optimize

FINEST_STEP = 0.1  # the kernel's bet resolution [units]
WIDE_SPREAD = 1000.0  # "no spread limit" [times the minimum]


def _relaxed(limits: dict) -> list[tuple[str, str, dict]]:
    """``(name, words, limits without it)`` for every limit that binds a ramp."""
    out = []
    if (limits.get("round_to") or 1.0) > FINEST_STEP + 1e-9:
        out.append(("round_to", f"chips of {limits.get('round_to') or 1.0:g} units",
                    {**limits, "round_to": FINEST_STEP}))
    if limits.get("max_bet") is not None:
        out.append(("max_bet", f"a table maximum of {limits['max_bet']:g} units",
                    {**limits, "max_bet": None,
                     "spread": limits.get("spread") or WIDE_SPREAD}))
    if limits.get("spread") is not None:
        out.append(("spread", f"a spread of 1-{limits['spread']:g}",
                    {**limits, "spread": WIDE_SPREAD if limits.get("max_bet") is None
                     else None}))
    if limits.get("max_changes") is not None:
        out.append(("max_changes", f"at most {limits['max_changes']} changes of bet",
                    {**limits, "max_changes": None}))
    if limits.get("cover") is not None:
        out.append(("cover", f"cover: no bet above x{limits['cover']:g} the one below",
                    {**limits, "cover": None}))
    return out


def costs(table, objective: str, bankroll: float | None = None, kelly_fraction: float = 1.0,
          target_ror: float | None = None, **limits) -> list[dict]:
    """The cost of each limit in win rate and in the objective.

    Parameters
    ----------
    table : CountTable
    objective, bankroll, kelly_fraction, target_ror
        As for :func:`~.objectives.optimize`.
    **limits
        ``min_bet``, ``max_bet``, ``spread``, ``round_to``, ``wong_out``,
        ``max_changes``, ``cover``.

    Returns
    -------
    list of dict
        One per binding limit: ``limit`` (its argument), ``words``,
        ``win_rate_per_hour`` [units/h] and ``objective_value`` given up by it
        (the optimum without it minus the optimum with all limits; the win rate may
        be negative when the limit makes the optimum bet more; the objective's is at
        least 0), None when either optimum cannot be found.
    """
    def best(lim, given=None):
        try:
            opt = optimize(table, objective, bankroll, kelly_fraction, target_ror, given,
                           **lim)
        except BettingError:
            return None
        return opt.value, evaluate(table, opt.ramp, bankroll)["win_rate_per_hour"], opt.ramp

    full = best(limits)
    rows = []
    for name, words, lim in _relaxed(limits):
        # the constrained optimum keeps the relaxed limits too: a candidate, so that
        # lifting a limit never shows a negative cost on the objective
        free = best(lim, None if full is None else full[2])
        ok = full is not None and free is not None
        rows.append({"limit": name, "words": words,
                     "win_rate_per_hour": free[1] - full[1] if ok else None,
                     "objective_value": (free[0] - full[0]
                                         if ok and None not in (free[0], full[0]) else None)})
    return rows

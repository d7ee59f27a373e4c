"""Whether an objective can be met within the limits, and what would make it so, in words.

Growth is feasible when some ramp within the limits has a positive certainty
equivalent (the bankroll grows); the win-rate objective when some ramp keeps the
lifetime risk at the target; SCORE when some ramp has a positive expectation.
When not, :func:`feasibility` finds the least bankroll that would make it
feasible at the same limits (the certainty equivalent of the best ramp grows
with the bankroll, and so does the reach of the risk target), and whether
leaving the table at low counts (wonging by the count alone) would.
"""

from __future__ import annotations

import math

from ..errors import BettingError
from .objectives import growth, score, winrate

AUTO = "auto"
BANKROLL_MAX = 1e8  # the search for a feasible bankroll stops here [units]
_STEPS = 60  # bisection steps on the log of the bankroll


def _ok(table, objective: str, bankroll: float, target_ror, limits: dict) -> tuple[bool, object]:
    """Whether the objective is met at ``bankroll`` with ``limits``, and its optimum."""
    try:
        if objective == "growth":
            best = growth(table, bankroll, 1.0, **limits)
            return best.value > 0, best
        if objective == "score":
            best = score(table, **limits)
            return best.value is not None, best
        best = winrate(table, bankroll, target_ror, **limits)
        return True, best
    except BettingError:
        return False, None


def least_bankroll(table, objective: str, bankroll: float, target_ror=None,
                   **limits) -> float | None:
    """The least bankroll [units] above ``bankroll`` at which the objective is feasible
    (bisection on its logarithm to 1e-6 relative), None when none up to
    :data:`BANKROLL_MAX` is."""
    low, high = bankroll, bankroll
    while not _ok(table, objective, high, target_ror, limits)[0]:
        low, high = high, high * 4
        if high > BANKROLL_MAX:
            return None
    for _ in range(_STEPS):
        if high / low - 1 < 1e-6:
            break
        mid = math.sqrt(low * high)
        if _ok(table, objective, mid, target_ror, limits)[0]:
            high = mid
        else:
            low = mid
    return high


def feasibility(table, objective: str, bankroll: float | None, target_ror=None,
                **limits) -> dict:
    """Whether ``objective`` can be met within ``limits``, and if not what would meet it.

    Parameters
    ----------
    table : CountTable
    objective : str
        ``growth``, ``score`` or ``winrate``.
    bankroll : float or None
        Bankroll [units] (not used by ``score``).
    target_ror : float, optional
        Lifetime risk of ruin for ``winrate`` [fraction].
    **limits
        As for :func:`~.optimal.kelly_ramp`.

    Returns
    -------
    dict
        ``feasible`` (bool); when not: ``bankroll`` [units] that would make it feasible
        at the same limits (None for SCORE, or when none up to :data:`BANKROLL_MAX`
        does), ``wong_out`` (the true count at or below which a back-counter
        watches, when wonging at this bankroll makes it feasible, else None) and
        ``wong_value`` (the objective's figure with that wonging).
    """
    ok, _ = _ok(table, objective, bankroll, target_ror, limits)
    out = {"feasible": ok, "objective": objective, "bankroll_units": bankroll,
           "target_ror": target_ror, "bankroll": None, "wong_out": None, "wong_value": None}
    if ok:
        return out
    if objective != "score":
        out["bankroll"] = least_bankroll(table, objective, bankroll, target_ror, **limits)
    if limits.get("wong_out") != AUTO:
        wonged, best = _ok(table, objective, bankroll, target_ror, {**limits, "wong_out": AUTO})
        if wonged and best.ramp.wong_out is not None:
            out["wong_out"], out["wong_value"] = int(best.ramp.wong_out), best.value
    return out


def words(feas: dict, unit: float = 1.0, spread: float | None = None) -> str | None:
    """The feasibility in one or two sentences (None when the objective is feasible).

    Parameters
    ----------
    feas : dict
        From :func:`feasibility`.
    unit : float
        Money per unit [currency].
    spread : float, optional
        The spread limit, named in the words.
    """
    if feas["feasible"]:
        return None
    at = f" at 1-{spread:g}" if spread else ""
    bank = feas["bankroll_units"]
    money = _money(bank, unit) if bank else ""
    what = {"growth": f"No ramp{at} grows a bankroll of {bank:,.0f} units ({money}): every "
                      f"ramp within the limits has a negative certainty equivalent",
            "score": f"No ramp{at} has a positive expectation, so none has a SCORE",
            "winrate": f"No ramp{at} keeps the lifetime risk of a {bank:,.0f}-unit bankroll "
                       f"({money}) at {_percent(feas['target_ror'])}"}[feas["objective"]]
    fixes = []
    if feas["bankroll"] is not None:
        fixes.append(f"with a bankroll of at least {feas['bankroll']:,.0f} units "
                     f"({_money(feas['bankroll'], unit)}) at the same limits")
    if feas["wong_out"] is not None:
        w = feas["wong_out"]
        fixes.append(f"by leaving the table at true count {w:+d} or below" if w else
                     "by leaving the table at true count 0 or below")
        fixes[-1] += " (back-counting, the same bankroll)"
    if not fixes:
        return what + "; no bankroll or wong-out point within reach makes it feasible."
    return what + ". It would be feasible " + ", or ".join(fixes) + "."


def _money(units: float, unit: float) -> str:
    return f"${units * unit:,.0f}"


def _percent(fraction) -> str:
    return f"{100 * fraction:g} %" if fraction is not None else "the target"

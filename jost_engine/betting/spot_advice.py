"""The spot optimiser's answer for a view: what it maximises, whether anything is
feasible, the spots and bet per spot at each true count, and the plan's figures as
estimates for the one formatter.

``jost optimize --spots N`` and the workbench's Betting tab show this; the optimiser
itself, its formula and its references are in :mod:`jost_engine.betting.spots`
(docs/betting.md, "Multiple spots").
"""

from __future__ import annotations

import math

from ..analysis.estimates import NORMAL_SD, Estimate
from ..errors import BettingError
from ..spot_statistics import spot_columns
from ..spots import MAX_SPOTS
from .spots import as_config, plan_figures, spot_plan
from .table import flat_config
from .uncertainty import ranged

#: What the optimiser maximises, in words (the formula: :mod:`jost_engine.betting.spots`).
OBJECTIVE = "growth of the log bankroll per card dealt (Kelly)"
FORMULA = ("Kelly bet per spot b* = k B e / (m + (n - 1)(c + e^2)), the spots n chosen per "
           "true count")
REFERENCE = "jost_engine.betting.spots; docs/betting.md, \"Multiple spots\""
_MODEL = "from each count's spot EV (SE: rounds independent, spots of a round correlated)"
MIN_SHARE = 0.001  # rows shown: counts with at least this share of the rounds


def measuring_config(config: dict, max_spots: int) -> dict:
    """The flat-bet run that measures a spot's EV, variance and covariance at every count:
    one unit a spot, ``max_spots`` spots everywhere, the table widened to seat them.

    Raises
    ------
    BettingError
        ``spots`` outside 1..3, or more spots than the seats from ``table.seat`` to 7.
    """
    if not (isinstance(max_spots, int) and 1 <= max_spots <= MAX_SPOTS):
        raise BettingError(f"spots: must be a whole number 1..{MAX_SPOTS}, got {max_spots!r}",
                           "spots")
    flat = flat_config(config)
    table = dict(flat.get("table") or {})
    seat, players = int(table.get("seat", 1)), int(table.get("players", 1))
    if seat + max_spots - 1 > 7:
        raise BettingError(f"spots: {max_spots} spots from table.seat {seat} need seats "
                           f"{seat}..{seat + max_spots - 1}; allowed: at most {8 - seat} "
                           f"at a table of 7 seats", "spots")
    table["players"] = max(players, seat + max_spots - 1)
    return {**flat, "table": table, "betting": {**flat["betting"], "spots": [[-99, max_spots]]}}


def others_of(config: dict, max_spots: int) -> int:
    """Other players' seats of the measuring run, dealt every round [seats]."""
    table = config.get("table") or {}
    return max(int(table.get("players", 1)) - max_spots, 0)


def _measured_at(tally, plan) -> tuple[dict[int, int], dict[int, float]]:
    """Where the plan took each count's figures, and the SE of a spot's EV [its bets] there.

    A count with fewer than ``min_rounds`` rounds is planned with the figures of a nearby
    count (:func:`jost_engine.betting.spots.spot_plan`); its SE is that count's. The SE of a
    count's spot EV is ``sqrt((v + (n - 1) c) / (n rounds))`` (the spots of a round
    correlated).
    """
    cols = spot_columns(tally)
    own, measured = {}, {}
    for tc, n, r, e, v, c in zip(cols["true_count"], cols["spots"], cols["rounds"], cols["ev"],
                                 cols["var"], cols["cov"]):
        pair = c if n > 1 and math.isfinite(c) else 0.0
        own[tc] = math.sqrt(max(v + (n - 1) * pair, 0.0) / (n * r)) if r else math.inf
        measured[tc] = (e, v)
    source = {value: tc for tc, value in measured.items()}
    at = {p.true_count: p.true_count if measured.get(p.true_count) == (p.ev, p.var)
          else source.get((p.ev, p.var), p.true_count) for p in plan}
    return at, {tc: own[src] for tc, src in at.items()}


def advise(tally, bankroll: float, max_spots: int, kelly_fraction: float = 1.0,
           min_bet: float = 1.0, max_bet: float | None = None, others: int = 0) -> dict:
    """The growth-optimal spots and bets of a run with spots, with its figures and words.

    Parameters
    ----------
    tally : Tally
        A run with ``max_spots`` spots at every count (:func:`measuring_config`).
    bankroll : float
        B [units].
    max_spots : int
        Most spots a round (1..3).
    kelly_fraction, min_bet, max_bet
        k; the table limits per spot [units] (``max_bet`` None: no maximum).
    others : int
        Other players' seats dealt every round.

    Returns
    -------
    dict
        ``objective`` (name ``growth``, ``words``, ``kelly_fraction``, ``reference``),
        ``feasibility`` (``feasible``, ``words``: why nothing feasible exists, or
        None), ``rows`` (per true count with at least :data:`MIN_SHARE` of the rounds:
        ``true_count``, ``share``, ``spots``, ``bet`` per spot [units], ``ev`` Estimate
        of a spot [its bets], ``measured_at``: the count whose figures were used, itself
        unless it had under 10,000 rounds), ``config`` (``ramp`` and ``spots`` pairs to play),
        ``figures`` (Estimates per round of the plan: ``ev_per_round``,
        ``win_rate_per_100``, ``sd_per_round``, ``score``, ``ror``, ``growth``,
        ``spots_per_round``) and ``rounds`` (of the measuring run).

    Raises
    ------
    BettingError
        When the run never had two spots at one count (no covariance to plan with).
    """
    objective = {"name": "growth", "words": OBJECTIVE, "formula": FORMULA,
                 "reference": REFERENCE, "kelly_fraction": kelly_fraction,
                 "max_spots": max_spots, "min_bet": min_bet, "max_bet": max_bet}
    cols = spot_columns(tally)
    if not cols["rounds"]:
        raise BettingError("spots: the run kept no spot sums (a run of one spot); run it "
                           "with betting.spots [[-99, N]]", "spots")
    if max_spots > 1 and not any(n > 1 for n in cols["spots"]):
        raise BettingError("spots: the run has no round of two spots, so no covariance to "
                           "plan with; run it with betting.spots [[-99, N]]", "spots")
    rounds = int(sum(cols["rounds"]))
    if max_bet is not None and max_bet < min_bet:
        words = (f"the table maximum ({max_bet:g} units) is below the minimum bet "
                 f"({min_bet:g} unit{'' if min_bet == 1 else 's'}): no bet per spot is allowed")
        return {"objective": objective, "feasibility": {"feasible": False, "words": words},
                "rows": [], "config": None, "figures": {}, "rounds": rounds}
    plan = spot_plan(tally, bankroll, max_spots, kelly_fraction, min_bet, max_bet,
                     others=others)
    at, ses = _measured_at(tally, plan)
    rows = [{"true_count": p.true_count, "share": p.frequency, "spots": p.spots, "bet": p.bet,
             "ev": Estimate("advantage", p.ev, ses.get(p.true_count), method=_MODEL),
             "measured_at": at[p.true_count]}
            for p in plan if p.frequency >= MIN_SHARE]
    words = None
    if not any(p.ev > 0 and p.frequency > 0 for p in plan):
        words = ("no true count has an edge: nothing beats one spot at the table minimum "
                 "(or not playing)")
    return {"objective": objective, "feasibility": {"feasible": words is None, "words": words},
            "rows": rows, "config": as_config(plan),
            "figures": plan_estimates(plan, ses, bankroll, rounds), "rounds": rounds}


def borrowed(row: dict) -> str:
    """Words for a row planned with another count's figures (too few rounds); else ""."""
    if row["measured_at"] == row["true_count"]:
        return ""
    return f"figures of {row['measured_at']:+d} (under 10,000 rounds here)"


def plan_estimates(plan, ses: dict, bankroll: float, rounds: int) -> dict[str, Estimate]:
    """A plan's figures per round (:func:`jost_engine.betting.spots.plan_figures`) with their
    uncertainty.

    The SE of the EV per round is ``sqrt(sum (f n b SE(e))**2)`` over the counts (their
    spot EVs measured on different rounds); the growth per round takes the same SE; the
    SD per round the normal approximation ``SD / sqrt(2 rounds)``; SCORE its delta-method
    SE; the risk of ruin its range at the EV ± 1 SE.
    """
    f = plan_figures(plan, bankroll)
    se = math.sqrt(sum((p.frequency * p.spots * p.bet * ses.get(p.true_count, 0.0)) ** 2
                       for p in plan if math.isfinite(ses.get(p.true_count, 0.0))))
    ev, sd = f["ev_per_round"], f["sd_per_round"]
    score = f["score"]

    def ror_at(mean):
        return math.exp(-2 * mean * bankroll / sd ** 2) if mean > 0 and sd > 0 else 1.0
    return {
        "ev_per_round": Estimate("ev_per_round", ev, se, method=_MODEL),
        "win_rate_per_100": Estimate("win_rate_per_100", 100 * ev, 100 * se, method=_MODEL),
        "sd_per_round": Estimate("sd_per_round", sd, sd / math.sqrt(2 * max(rounds, 1)),
                                 method=NORMAL_SD),
        "score": Estimate("score", score, 2 * score * se / ev if score else None,
                          method=_MODEL, why=None if score else "needs a positive EV"),
        "ror": ranged("ror", f["ror"], [ror_at(ev - se), ror_at(ev + se)], None),
        "growth": Estimate("ce", f["growth_per_round"], se, method=_MODEL,
                           label="growth per round (certainty equivalent) [units]"),
        "spots_per_round": Estimate("spots_per_round", f["spots_per_round"], 0.0,
                                    method="counted from the plan"),
    }

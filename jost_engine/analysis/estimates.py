"""Every figure of a result, computed once as an estimate: value, SE or range, unit, method.

The views (CLI, tabs, reports, the reports index, JSON output) never compute a
figure or its uncertainty themselves: they take an :class:`Estimate` from here
and write it with :mod:`jost_engine.analysis.format`.

How each uncertainty is obtained (docs/estimates.md says the same for users):

- the advantage and the win per round: the summary's standard errors (batch
  means where the result records batches, otherwise independent rounds);
- win rates per 100 rounds and per hour: the win per round's SE scaled;
- DI and SCORE: the delta method (``se_di = 1000 se / sd``,
  ``se_score = 2 |DI| se_di``); the SD's own uncertainty is negligible beside
  the mean's and is left out;
- SD: ``sd / sqrt(2 n)`` (a normal approximation, a lower bound where the
  outcomes have heavy tails);
- N0, lifetime risk of ruin: not symmetric, so a range: the closed form at
  EV - 1 SE and EV + 1 SE;
- simulated trip risk: a binomial proportion of trips, its range the Wilson
  interval at one standard error (z = 1);
- several spots (``betting.spots``): the win per spot, a spot's variance,
  the covariance and correlation of two spots of a round and the round's
  variance, with the SEs of :mod:`jost_engine.spot_statistics` (independent
  rounds, delta method). Every other figure (win per round, SD, DI, SCORE,
  N0, risk of ruin) is per round of all the player's spots.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from statistics import NormalDist

from .. import statistics
from . import labels

IID = "independent rounds"
DELTA = "delta method"
CLOSED_FORM = "closed form at EV ± 1 SE"
WILSON = "binomial (Wilson interval at z = 1)"
EXACT = "counted, no sampling error"
BINOMIAL = "binomial, independent rounds"
EXACT_ANALYSIS = "exact analysis, no sampling error"
NORMAL_SD = "normal approximation, SD / √(2n)"


@dataclass(frozen=True)
class Estimate:
    """One figure with its uncertainty.

    Attributes
    ----------
    key : str
        A figure key of :data:`jost_engine.analysis.labels.FIELDS`.
    value : float or None
        None when it cannot be estimated (``why`` says why).
    se : float, optional
        One standard error, on the value's scale (a fraction for percentages).
    low, high : float, optional
        The figure at EV - 1 SE and EV + 1 SE (or its ± 1 SE interval) for
        figures that are not symmetric (risk of ruin, N0, trip risk); ``high``
        None with ``low`` set means no upper bound.
    unit : str
        The unit in words (``% of the initial bet``, ``units per 100 rounds``).
    method : str
        How the SE or range was obtained.
    why : str, optional
        Why the value or its SE is missing, in words.
    label : str
        What a reader calls it, with its conditions (``risk of ruin, lifetime,
        bankroll 400 units ($10,000)``); empty means :func:`labels.label`.
    """

    key: str
    value: float | None
    se: float | None = None
    low: float | None = None
    high: float | None = None
    unit: str = ""
    method: str = ""
    why: str | None = None
    label: str = ""

    @property
    def name(self) -> str:
        """The label, or the figure's label with its unit (:func:`labels.label`)."""
        return self.label or labels.label(self.key)

    @property
    def ranged(self) -> bool:
        """Whether the uncertainty is a range (``low``/``high``) rather than an SE."""
        return self.low is not None

    def to_dict(self) -> dict:
        """Plain JSON: ``{value, se, low, high, unit, method, why, label}``."""
        return {"value": self.value, "se": self.se, "low": self.low, "high": self.high,
                "unit": self.unit, "method": self.method, "why": self.why,
                "label": self.name}

    @classmethod
    def from_dict(cls, key: str, data: dict) -> Estimate:
        """Read back :meth:`to_dict` (extra keys such as ``text`` are ignored)."""
        label = data.get("label") or ""
        return cls(key, data.get("value"), data.get("se"), data.get("low"), data.get("high"),
                   data.get("unit") or "", data.get("method") or "", data.get("why"),
                   "" if label == labels.label(key) else label)


def _num(value) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        value = float(value)
    except (TypeError, ValueError):
        return None
    return value if math.isfinite(value) else None


def _unit(key: str) -> str:
    """The unit of a figure in words, from the bracket of its label."""
    text = labels.label(key)
    return text.split(" [", 1)[1].rstrip("]") if " [" in text else ""


def se_method(summary: dict) -> str:
    """How the summary's SE of the mean was obtained: batch means when it records batches."""
    if summary.get("se_method"):
        return str(summary["se_method"])
    batches = summary.get("batches") or summary.get("se_batches")
    return f"batch means ({int(batches)} batches)" if batches else IID


def bankroll_text(bankroll: float, unit: float) -> str:
    """``400 units ($10,000)``."""
    return f"{labels.number(bankroll)} units ({labels.money(bankroll * unit)})"


def _per_hour(summary: dict) -> float:
    """Played rounds per hour: rounds per hour dealt times the share played (wonging)."""
    dealt = summary.get("rounds_dealt") or summary.get("rounds") or 1
    return (summary.get("rounds_per_hour") or 0) * (summary.get("rounds") or dealt) / dealt


def _mean_figures(s: dict, method: str) -> dict:
    ev, se = _num(s.get("ev_per_round")), _num(s.get("se_ev_per_round"))
    per_hour = _per_hour(s)
    out = {
        "advantage": Estimate("advantage", _num(s.get("advantage")), _num(s.get("se_advantage")),
                              unit=_unit("advantage"), method=method),
        "ev_per_round": Estimate("ev_per_round", ev, se, unit="units per round", method=method),
        "win_rate_per_100": Estimate("win_rate_per_100", None if ev is None else 100 * ev,
                                     None if se is None else 100 * se,
                                     unit="units per 100 rounds", method=method),
        "win_rate_per_hour": Estimate("win_rate_per_hour", _num(s.get("win_rate_per_hour")),
                                      None if se is None else per_hour * se,
                                      unit="units per hour", method=method),
    }
    if not s.get("rounds"):
        out = {k: replace(e, value=None, se=None, why="no rounds played") for k, e in out.items()}
    return out


def _spread_figures(s: dict, rounds: int) -> dict:
    sd, sd_hour = _num(s.get("sd_per_round")), _num(s.get("sd_per_hour"))
    rel = 1 / math.sqrt(2 * rounds) if rounds > 1 else None
    def make(key, value, unit):
        if value is None or rel is None:
            return Estimate(key, value, unit=unit, why="needs at least two rounds")
        return Estimate(key, value, value * rel, unit=unit, method=NORMAL_SD)
    return {"sd_per_round": make("sd_per_round", sd, "units per round"),
            "sd_per_hour": make("sd_per_hour", sd_hour, "units per hour")}


def _avg_bet(s: dict, config: dict | None, bet_sd: float | None = None) -> Estimate:
    value = _num(s.get("avg_bet"))
    ramp = ((config or {}).get("betting") or {}).get("ramp") or [[-99, 1]]
    if len({units for _, units in ramp}) == 1:
        return Estimate("avg_bet", value, 0.0, unit="units", method="flat bet, exact")
    if bet_sd is None or value is None or not s.get("rounds"):
        return Estimate("avg_bet", value, unit="units",
                        why="its SE needs the result's tally")
    return Estimate("avg_bet", value, bet_sd / math.sqrt(s["rounds"]), unit="units",
                    method=IID)


def _edge_figures(s: dict, means: dict) -> dict:
    """DI, SCORE and N0 from the win per round and its SE (delta method, ± 1 SE range)."""
    ev, se, sd = (means["ev_per_round"].value, means["ev_per_round"].se,
                  _num(s.get("sd_per_round")))
    if ev is None or se is None or not sd:
        why = "needs a win per round with its SE and a positive SD"
        return {k: Estimate(k, _num(s.get(k)), why=why) for k in ("di", "score", "n0")}
    di = 1000 * ev / sd
    se_di = 1000 * se / sd
    out = {"di": Estimate("di", di, se_di, unit="1000 x EV / SD", method=DELTA)}
    if ev > 0:
        out["score"] = Estimate("score", di * di, 2 * abs(di) * se_di,
                                unit="$ per 100 rounds for a $10,000 bankroll", method=DELTA)
        high = (sd / (ev - se)) ** 2 if ev - se > 0 else None
        out["n0"] = Estimate("n0", (sd / ev) ** 2, low=(sd / (ev + se)) ** 2, high=high,
                             unit="rounds", method=CLOSED_FORM,
                             why=None if high else "no upper end: EV - 1 SE is not positive")
    else:
        why = "needs a positive EV"
        out["score"] = Estimate("score", None, unit="", why=why)
        out["n0"] = Estimate("n0", None, unit="rounds", why=why)
    return out


def _ror_lifetime(s: dict, config: dict | None, means: dict) -> Estimate:
    betting = (config or {}).get("betting") or {}
    bankroll = _num(s.get("bankroll_units") or betting.get("bankroll_units"))
    unit = _num(s.get("unit") or betting.get("unit")) or 1.0
    goal = _num(betting.get("trip_goal_units"))
    if not bankroll:
        return Estimate("ror", None, unit="%", why="no bankroll set")
    span = "lifetime" if not goal else f"before winning {labels.number(goal)} units"
    name = f"risk of ruin, {span}, bankroll {bankroll_text(bankroll, unit)}"
    ev, se, sd = (means["ev_per_round"].value, means["ev_per_round"].se,
                  _num(s.get("sd_per_round")))
    if ev is None or sd is None:
        return Estimate("ror", None, unit="%", why="no rounds played", label=name)
    value = statistics.risk_of_ruin(ev, sd, bankroll, goal)
    if se is None:
        return Estimate("ror", value, unit="%", method="closed form",
                        why="its range needs the SE of the win per round", label=name)
    return Estimate("ror", value, low=statistics.risk_of_ruin(ev + se, sd, bankroll, goal),
                    high=statistics.risk_of_ruin(ev - se, sd, bankroll, goal), unit="%",
                    method=CLOSED_FORM, label=name)


def trip_text(config: dict | None, summary: dict) -> str:
    """How a simulated trip ends, in words: ``25-hour trip`` or ``trip (to ruin, goal...)``."""
    betting = (config or {}).get("betting") or {}
    hours, goal = betting.get("trip_hours"), betting.get("trip_goal_units")
    parts = [f"{labels.number(hours)}-hour trip" if hours else "trip"]
    if goal:
        parts.append(f"goal {labels.number(goal)} units")
    return ", ".join(parts)


def _ror_trip(s: dict, config: dict | None) -> Estimate | None:
    """The simulated trip risk, when the config sets a trip (a length or a goal)."""
    trips = int(s.get("trips") or 0)
    betting = (config or {}).get("betting") or {}
    if "trips" not in s or not (betting.get("trip_hours") or betting.get("trip_goal_units")):
        return None
    bankroll = _num(s.get("bankroll_units") or betting.get("bankroll_units")) or 0
    unit = _num(s.get("unit") or betting.get("unit")) or 1.0
    count = f"{trips:,} trip{'s' if trips != 1 else ''}"
    name = (f"risk of ruin per {trip_text(config, s)}, simulated ({count}), "
            f"bankroll {bankroll_text(bankroll, unit)}")
    if not trips:
        return Estimate("ror_trip", None, unit="%", why="no trips finished", label=name)
    ruined = int(s.get("trips_ruined") or 0)
    low, high = statistics.wilson_interval(ruined, trips, z=1.0)
    return Estimate("ror_trip", ruined / trips, low=low, high=high, unit=f"% of {trips:,} trips",
                    method=WILSON, label=name)


def _certainty_equivalent(s: dict, config: dict | None, means: dict, spreads: dict):
    betting = (config or {}).get("betting") or {}
    bankroll = _num(s.get("bankroll_units") or betting.get("bankroll_units"))
    win, sd = means["win_rate_per_hour"], spreads["sd_per_hour"]
    if not bankroll:
        return Estimate("ce", None, unit="units per hour", why="no bankroll set")
    if win.value is None or sd.value is None:
        return Estimate("ce", None, unit="units per hour", why="no rounds played")
    value = win.value - sd.value**2 / (2 * bankroll)
    se = None
    if win.se is not None and sd.se is not None:
        se = math.hypot(win.se, sd.value / bankroll * sd.se)
    return Estimate("ce", value, se, unit="units per hour", method=DELTA,
                    label=f"certainty equivalent, bankroll {labels.number(bankroll)} units")


def of_result(result) -> dict:
    """:func:`figures` of a :class:`~jost_engine.result.SimulationResult`, with the spread of
    its bets from the tally (the SE of the average bet under a ramp)."""
    bet_sd = None
    try:
        sums = statistics.total_moments(result.tally)
        n = sums["rounds"]
        if n > 1:
            mean = sums["bet"] / statistics.BET_SCALE / n
            bet_sd = math.sqrt(max(sums["bet2"] / statistics.BET_SCALE**2 / n - mean**2, 0.0))
    except (AttributeError, KeyError, TypeError):
        bet_sd = None
    return figures(result.summary, result.config, bet_sd)


def figures(summary: dict, config: dict | None = None, bet_sd: float | None = None) -> dict:
    """Every key figure of a result, once, as an :class:`Estimate`.

    Parameters
    ----------
    summary : dict
        A result's summary (see :func:`jost_engine.statistics.summarize`).
    config : dict, optional
        The hydrated config (``betting.ramp``, ``unit``, ``bankroll_units``,
        ``trip_hours``, ``trip_goal_units``).
    bet_sd : float, optional
        The SD of the initial bet [units], for the SE of the average bet
        under a ramp (:func:`of_result` takes it from the tally).

    Returns
    -------
    dict
        Key -> Estimate: ``advantage``, ``ev_per_round``, ``sd_per_round``,
        ``win_rate_per_100``, ``win_rate_per_hour``, ``sd_per_hour``,
        ``avg_bet``, ``di``, ``score``, ``n0``, ``ce`` (certainty equivalent per
        hour), ``ror`` (closed form), ``ror_trip`` (simulated, only when the
        result has trips) and ``rounds``; with several spots also
        ``spots_per_round`` and :data:`SPOT_KEYS` (:func:`spot_figures`); with
        Blackjack Switch ``switch_rate`` (the share of rounds switched).
    """
    s = summary
    rounds = int(s.get("rounds") or 0)
    means = _mean_figures(s, se_method(s))
    spreads = _spread_figures(s, rounds)
    out = {**means, **spreads, "avg_bet": _avg_bet(s, config, bet_sd)}
    out.update(_edge_figures(s, means))
    out["ce"] = _certainty_equivalent(s, config, means, spreads)
    out["ror"] = _ror_lifetime(s, config, means)
    trip = _ror_trip(s, config)
    if trip is not None:
        out["ror_trip"] = trip
    out["rounds"] = Estimate("rounds", rounds, 0.0, unit="rounds", method=EXACT)
    if s.get("spot_hands"):
        out.update(spot_figures(s))
    if s.get("switch_rate") is not None:  # Blackjack Switch
        out["switch_rate"] = Estimate("switch_rate", s["switch_rate"], s.get("se_switch_rate"),
                                      unit=_unit("switch_rate"), method=BINOMIAL)
    return out


SPOT_KEYS = ("ev_per_spot", "var_spot", "cov_spots", "corr_spots", "var_round")
#: The rows of several spots in a result's table (present only with ``betting.spots``).
SPOT_ROWS = ("spots_per_round", *SPOT_KEYS)
SPOT_METHOD = "independent rounds, delta method"


def spot_figures(s: dict) -> dict:
    """The multiple-spot figures of a summary as estimates (empty without spots).

    ``spots_per_round`` is counted (no sampling error); the others carry the
    SEs of :func:`jost_engine.spot_statistics.spot_figures`. The covariance
    and correlation say why they are missing when no round had two spots.
    """
    if not s.get("spot_hands"):
        return {}
    out = {"spots_per_round": Estimate("spots_per_round", _num(s.get("spots_per_round")), 0.0,
                                       unit="spots", method=EXACT)}
    for key in SPOT_KEYS:
        value = _num(s.get(key))
        out[key] = Estimate(key, value, _num(s.get(labels.FIELDS[key].se)), unit=_unit(key),
                            method=SPOT_METHOD,
                            why=None if value is not None else "no round had two spots")
    return out


def plain(figs: dict) -> dict:
    """Estimates as the flat numbers of a summary: ``key``, its SE key (``se_advantage``) and
    its range keys (``ror_low``, ``ror_high``) as :data:`labels.FIELDS` names them."""
    out = {}
    for key, e in figs.items():
        out[key] = e.value
        field = labels.FIELDS.get(key)
        if field and field.se and e.se is not None:
            out[field.se] = e.se
        if e.ranged:
            low_key, high_key = (field.interval if field and field.interval
                                 else (f"{key}_low", f"{key}_high"))
            out[low_key], out[high_key] = e.low, e.high
    return out


def by_true_count(table) -> list[dict]:
    """The rows of a true-count table as estimates: key -> Estimate per row.

    Parameters
    ----------
    table : pandas.DataFrame
        :func:`jost_engine.analysis.tables.true_count_summary` (``true_count``,
        ``ev_per_round``, ``se_ev_per_round``, ``advantage``, ``se_advantage``).

    Returns
    -------
    list of dict
        Per row: ``true_count`` (its value), ``ev_per_round`` and ``advantage`` Estimates.
    """
    rows = []
    for row in table.itertuples(index=False):
        rows.append({
            "true_count": row.true_count,
            "ev_per_round": Estimate("ev_per_round", _num(row.ev_per_round),
                                     _num(row.se_ev_per_round), unit="units per round",
                                     method=IID),
            "advantage": Estimate("advantage", _num(row.advantage), _num(row.se_advantage),
                                  unit=_unit("advantage"), method=IID)})
    return rows


def difference(a: Estimate, b: Estimate, se_paired: float | None = None) -> Estimate:
    """``a - b`` with its SE: the paired SE when given, else ``sqrt(se_a**2 + se_b**2)``.

    The method says which; without SEs on both sides (and no paired SE) the
    difference has no SE and ``why`` says so.
    """
    if a.value is None or b.value is None:
        return Estimate(a.key, None, unit=a.unit, why="one side has no value",
                        label=f"difference in {a.name}")
    value = a.value - b.value
    if se_paired is not None and math.isfinite(se_paired):
        return Estimate(a.key, value, se_paired, unit=a.unit, method="paired (common shoes)",
                        label=f"difference in {a.name}")
    if a.se is None or b.se is None:
        return Estimate(a.key, value, unit=a.unit, why="one side has no SE",
                        label=f"difference in {a.name}")
    return Estimate(a.key, value, math.hypot(a.se, b.se), unit=a.unit,
                    method="unpaired (independent runs)", label=f"difference in {a.name}")


def rounds_needed(diff: Estimate, rounds: int, confidence: float = 0.95) -> int | None:
    """Rounds at which ``diff`` would be resolved: ``N (z SE / |diff|)**2``; None if diff ~ 0."""
    z = _z(confidence)
    if diff.value is None or diff.se is None or abs(diff.value) < 1e-12:
        return None
    return math.ceil(rounds * (z * diff.se / abs(diff.value)) ** 2)


def _z(confidence: float) -> float:
    return NormalDist().inv_cdf(0.5 + confidence / 2)


def resolved(diff: Estimate, confidence: float = 0.95) -> bool:
    """Whether ``|diff| > z SE`` at the two-sided ``confidence``."""
    return (diff.value is not None and diff.se is not None and diff.se > 0
            and abs(diff.value) > _z(confidence) * diff.se)


def verdict(diff: Estimate, rounds: int, confidence: float = 0.95,
            names: tuple[str, str] = ("A", "B")) -> str:
    """A difference in words that follow the data.

    Returns
    -------
    str
        ``resolved at 95 %: A is higher`` when ``|diff| > 1.96 SE``; else
        ``not resolved at N rounds (need about M)``, or ``no difference
        detectable at N rounds`` when the difference is about zero; the
        ``why`` of a difference without an SE.
    """
    level = f"{100 * confidence:g} %"
    if diff.value is None or diff.se is None:
        return f"not resolved: {diff.why or 'no standard error'}"
    if diff.se == 0:
        return "exact: no sampling error"
    if resolved(diff, confidence):
        higher = names[0] if diff.value > 0 else names[1]
        return f"resolved at {level} confidence: {higher} is higher"
    need = rounds_needed(diff, rounds, confidence)
    if need is None or need > 1e6 * max(rounds, 1):
        return f"no difference detectable at {rounds:,} rounds"
    return f"not resolved at {rounds:,} rounds (need about {_round_up(need):,})"


def _round_up(n: int) -> int:
    """``n`` to two significant digits, rounded up."""
    if n < 100:
        return int(n)
    step = 10 ** (len(str(int(n))) - 2)
    return int(math.ceil(n / step) * step)

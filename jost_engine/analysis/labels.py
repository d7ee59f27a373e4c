"""Readable names and number formats of result figures: one mapping for reports and views.

Every summary key a person may see has a :class:`Field` in :data:`FIELDS`:
a label with its unit, how the value is written (a percentage, units,
money, a count) and which key holds its standard error or 95 % interval.
:func:`label` never returns a variable name (unknown keys lose their
underscores). Figures are written by :mod:`jost_engine.analysis.format`,
the one formatter; :func:`format_value` and :func:`format_estimate` call it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

#: The currency of ``betting.unit``.
CURRENCY = "$"
NA = "n/a"

PERCENT, SIGNED_PERCENT, UNITS, SIGNED_UNITS, COUNT, NUMBER, MONEY = (
    "percent", "signed percent", "units", "signed units", "count", "number", "money")


@dataclass(frozen=True)
class Field:
    """How one figure is shown.

    Attributes
    ----------
    label : str
        Its name for people, with its unit in brackets.
    kind : str
        One of the format kinds of this module (``percent``, ``units``...).
    se : str, optional
        The key of its standard error (same scale as the value).
    interval : tuple of str, optional
        The keys of the low and high ends of its 95 % interval.
    money : bool
        Whether the value is in units, so worth showing in the currency too.
    """

    label: str
    kind: str = NUMBER
    se: str | None = None
    interval: tuple | None = None
    money: bool = False


FIELDS: dict[str, Field] = {
    "rounds": Field("rounds played", COUNT),
    "rounds_dealt": Field("rounds dealt", COUNT),
    "hands": Field("hands played", COUNT),
    "advantage": Field("player's advantage [% of the initial bet]", SIGNED_PERCENT,
                       se="se_advantage"),
    "se_advantage": Field("standard error of the advantage [% of the initial bet]", PERCENT),
    "house_edge": Field("house edge [% of the initial bet]", SIGNED_PERCENT, se="se"),
    "se": Field("standard error [% of the initial bet]", PERCENT),
    "ci_low": Field("95 % interval, low end [% of the initial bet]", SIGNED_PERCENT),
    "ci_high": Field("95 % interval, high end [% of the initial bet]", SIGNED_PERCENT),
    "exact_house_edge_off_the_top": Field("exact house edge off the top [% of the initial bet]",
                                          SIGNED_PERCENT),
    "side_bet_house_edge": Field("side bet house edge [% of the side bet]", PERCENT,
                                 se="se_side_bet_house_edge"),
    "se_side_bet_house_edge": Field("standard error of the side bet's house edge "
                                    "[% of the side bet]", PERCENT),
    "side_bet_advantage": Field("side bet advantage [% of the side bet]", SIGNED_PERCENT,
                                se="se_side_bet_advantage"),
    "side_bet_sd": Field("side bet standard deviation [side bets]", UNITS),
    "side_bet_hit_frequency": Field("side bet hit frequency [% of side bets]", PERCENT),
    "side_bet_win_rate": Field("side bet win per 100 rounds dealt [side bets]", SIGNED_UNITS),
    "exact_variance": Field("variance of one hand off the top [initial bets squared]"),
    "exact_sd": Field("standard deviation of one hand off the top [initial bets]"),
    "exact_covariance_two_spots": Field(
        "covariance of two hands against one dealer off the top [initial bets squared]"),
    "exact_correlation_two_spots": Field(
        "correlation of two hands against one dealer off the top"),
    "exact_variance_two_spots": Field(
        "variance of a round of two hands off the top [initial bets squared]"),
    "ev_per_round": Field("win per round [units]", SIGNED_UNITS, se="se_ev_per_round",
                          money=True),
    "se_ev_per_round": Field("standard error of the win per round [units]", UNITS, money=True),
    "sd_per_round": Field("standard deviation per round [units]", UNITS, se="se_sd_per_round",
                          money=True),
    "win_rate_per_100": Field("win rate [units per 100 rounds]", SIGNED_UNITS,
                              se="se_win_rate_per_100", money=True),
    "se_win_rate_per_100": Field("standard error of the win rate [units per 100 rounds]",
                                 UNITS, money=True),
    "win_rate_per_hour": Field("win rate [units per hour]", SIGNED_UNITS,
                               se="se_win_rate_per_hour", money=True),
    "se_win_rate_per_hour": Field("standard error of the win rate [units per hour]", UNITS,
                                  money=True),
    "win_rate_per_hour_money": Field(f"win rate [{CURRENCY} per hour]", MONEY),
    "sd_per_hour": Field("standard deviation per hour [units]", UNITS, se="se_sd_per_hour",
                         money=True),
    "avg_bet": Field("average initial bet [units]", UNITS, se="se_avg_bet", money=True),
    "total_wagered_units": Field("total wagered [units]", COUNT, money=True),
    "di": Field("desirability index, DI", NUMBER, se="se_di"),
    "se_di": Field("standard error of the DI", NUMBER),
    "score": Field(f"SCORE [{CURRENCY} per 100 rounds for a {CURRENCY}10,000 bankroll]", NUMBER,
                   se="se_score"),
    "se_score": Field("standard error of SCORE", NUMBER),
    "n0": Field("N0, rounds to overcome one SD [rounds]", COUNT, interval=("n0_low", "n0_high")),
    "n0_low": Field("N0 at EV + 1 SE [rounds]", COUNT),
    "n0_high": Field("N0 at EV - 1 SE [rounds]", COUNT),
    "ror": Field("risk of ruin [%]", PERCENT, interval=("ror_low", "ror_high")),
    "ror_low": Field("risk of ruin at EV + 1 SE [%]", PERCENT),
    "ror_high": Field("risk of ruin at EV - 1 SE [%]", PERCENT),
    "ror_schlesinger": Field("risk of ruin, Schlesinger's formula [%]", PERCENT),
    "ror_trip": Field("risk of ruin per trip, simulated [%]", PERCENT,
                      interval=("ror_trip_low", "ror_trip_high")),
    "ror_trip_low": Field("risk of ruin per trip, simulated, - 1 SE [%]", PERCENT),
    "ror_trip_high": Field("risk of ruin per trip, simulated, + 1 SE [%]", PERCENT),
    "ce": Field("certainty equivalent [units per hour]", SIGNED_UNITS, se="se_ce", money=True),
    "se_ce": Field("standard error of the certainty equivalent [units per hour]", UNITS,
                   money=True),
    "se_sd_per_round": Field("standard error of the SD per round [units]", UNITS, money=True),
    "se_sd_per_hour": Field("standard error of the SD per hour [units]", UNITS, money=True),
    "se_avg_bet": Field("standard error of the average bet [units]", UNITS, money=True),
    "ror_simulated": Field("simulated risk of ruin [%]", PERCENT,
                           interval=("ror_simulated_low", "ror_simulated_high")),
    "bankroll_units": Field("bankroll [units]", COUNT, money=True),
    "unit": Field(f"betting unit [{CURRENCY}]", MONEY),
    "rounds_per_hour": Field("rounds per hour", COUNT),
    "rounds_per_s": Field("speed, wall clock, start-up included [rounds/s]", COUNT),
    "kernel_rounds_per_s": Field("speed in the kernel, per worker core [rounds/s]", COUNT),
    "elapsed_s": Field("wall time, start-up included [s]", NUMBER),
    "kernel_s": Field("time in the kernel, added over workers [s]", NUMBER),
    "startup_s": Field("start-up: cluster, compile, scheduling [s]", NUMBER),
    "workers": Field("workers", COUNT),
    "true_count": Field("true count", NUMBER),
    "frequency": Field("share of rounds [%]", PERCENT),
    "probability": Field("probability [%]", PERCENT),
    "net_bets": Field("net result [initial bets]", NUMBER),
    "per_round": Field("per round [%]", PERCENT),
    # Blackjack Switch (rules.switch): the rounds bet on whose second cards were exchanged
    "switches": Field("rounds switched", COUNT),
    "switch_rate": Field("rounds switched [%]", PERCENT, se="se_switch_rate"),
    "se_switch_rate": Field("standard error of the share of rounds switched [%]", PERCENT),
    # multiple spots (jost_engine.spot_statistics): per spot, and per round of all spots
    "spots_per_round": Field("spots per round bet on", NUMBER),
    "spot_hands": Field("spots played", COUNT),
    "ev_per_spot": Field("win per spot [units]", SIGNED_UNITS, se="se_ev_per_spot", money=True),
    "se_ev_per_spot": Field("standard error of the win per spot [units]", UNITS, money=True),
    "var_spot": Field("variance of one spot [initial bets squared]", NUMBER, se="se_var_spot"),
    "se_var_spot": Field("standard error of the variance of one spot [initial bets squared]",
                         NUMBER),
    "cov_spots": Field("covariance of two spots of a round [initial bets squared]", NUMBER,
                       se="se_cov_spots"),
    "se_cov_spots": Field("standard error of the covariance of two spots "
                          "[initial bets squared]", NUMBER),
    "corr_spots": Field("correlation of two spots of a round", NUMBER, se="se_corr_spots"),
    "se_corr_spots": Field("standard error of the correlation of two spots", NUMBER),
    "var_round": Field("variance of a round, all spots [initial bets of one spot squared]",
                       NUMBER, se="se_var_round"),
    "se_var_round": Field("standard error of the variance of a round "
                          "[initial bets of one spot squared]", NUMBER),
}


def label(key: str) -> str:
    """The readable name of a figure (a key without a field loses its underscores)."""
    field = FIELDS.get(key)
    return field.label if field else str(key).replace("_", " ")


def short_label(key: str) -> str:
    """:func:`label` without the unit in brackets."""
    return label(key).split(" [")[0]


def decimals(se: float | None, default: int = 2) -> int:
    """Decimals that show a standard error to two significant digits (0 to 6)."""
    if se is None or not math.isfinite(se) or se <= 0:
        return default
    return int(min(6, max(0, 1 - math.floor(math.log10(se)))))


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and not math.isfinite(value))


def money(value, currency: str = CURRENCY, digits: int | None = None) -> str:
    """An amount of money: ``$1,250``, ``-$30.25``, ``$0.265``."""
    if _missing(value):
        return NA
    if digits is None:
        whole = abs(value - round(value)) < 1e-9
        digits = 0 if whole or abs(value) >= 100 else 2 if abs(value) >= 1 else 3
    sign = "-" if value < 0 else ""
    return f"{sign}{currency}{abs(value):,.{digits}f}"


def percent(fraction, digits: int = 2, signed: bool = False) -> str:
    """A fraction as a percentage: ``0.0064`` -> ``0.64 %`` (``+0.64 %`` signed)."""
    if _missing(fraction):
        return NA
    return f"{100 * fraction:{'+' if signed else ''}.{digits}f} %"


def number(value, digits: int = 3) -> str:
    """A number to ``digits`` significant digits, thousands separated."""
    if _missing(value):
        return NA
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int) or float(value).is_integer():
        return f"{int(value):,}"
    magnitude = math.floor(math.log10(abs(value))) if value else 0
    return f"{value:,.{max(0, digits - 1 - magnitude)}f}"


def format_value(key: str, value, se: float | None = None) -> str:
    """A figure written for people, with the digits its standard error supports.

    Kept for callers of this module: it is
    :func:`jost_engine.analysis.format.value`, the one formatter.
    """
    from . import format as fmt

    return fmt.value(key, value, None if _missing(se) else se)


def format_estimate(key: str, numbers: dict) -> str:
    """A figure of ``numbers`` formatted with the digits of its own standard error there
    (:func:`jost_engine.analysis.format.value`)."""
    field = FIELDS.get(key)
    se = numbers.get(field.se) if field and field.se else None
    return format_value(key, numbers.get(key), None if _missing(se) else se)


def shown_keys(numbers: dict) -> list[str]:
    """The keys of ``numbers`` that get a row: those that are not another's SE or interval."""
    inner = set()
    for key in numbers:
        field = FIELDS.get(key)
        if field:
            inner |= {field.se} | set(field.interval or ())
    return [k for k in numbers if k not in inner]

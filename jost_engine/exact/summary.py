"""The exact result of a rule set (or a config) as plain data.

:func:`exact_ev` gives the two overall EVs; :func:`analyse` adds the chart
that was valued and every two-card hand's EV for each action, the shape
``jost exact --json`` prints.
"""

from __future__ import annotations

import time

from ..cards import RANK_KEYS
from ..config import Config, validate_config
from ..errors import ConfigError
from .charts import chart_arrays
from .generate import generate_chart
from .overall import ACTIONS, describe_hand, game_for
from .rules import ExactRules
from .switch import switch_ev
from .variance import round_moments

NO_FREE_BET_MOMENTS = ("rules: the exact variance is not computed for Free Bet rules "
                       "(dealer_22_pushes, free_doubles, free_splits) or Spanish 21's "
                       "(player_21_wins, double_any_cards, bonus_21), only the EV "
                       "(docs/variants.md)")


NO_SWITCH_MOMENTS = ("rules.switch: the exact variance is not computed for Blackjack Switch, "
                     "only the EV (docs/variants.md)")


def _chart_for(rules: ExactRules, chart: dict | None) -> tuple[dict, str]:
    if chart is None:
        return generate_chart(rules), "generated"
    return chart, "given"


def exact_ev(rules, chart: dict | None = None) -> dict:
    """Exact EV of one round off the top of a full shoe.

    Parameters
    ----------
    rules : dict, Rules or ExactRules
        The rules (a config's ``rules`` section; simulation-only fields such
        as penetration are ignored).
    chart : dict, optional
        The total-dependent chart to value (JSON format of
        ``docs/charts.md``); the generated basic chart of the rules
        (:func:`~jost_engine.exact.generate.generate_chart`) when omitted.

    Returns
    -------
    dict
        ``ev_td``: EV playing the chart; ``ev_cd``: EV with
        composition-dependent play; both in initial bets per round
        (negative = house edge). With ``switch`` (Blackjack Switch),
        ``ev_td`` is the EV per hand with the best switch and the chart
        after it (:func:`jost_engine.exact.switch.switch_ev`), ``ev_cd`` is
        None (not computed) and ``switch`` holds :func:`switch_figures`.
    """
    rules = ExactRules.from_rules(rules)
    chart, _ = _chart_for(rules, chart)
    game = game_for(rules)
    arrays = chart_arrays(chart, rules.double_after_split, rules.surrender,
                          rules.double_rescue, rules.max_doubles > 1)
    if rules.switch:
        figures = switch_figures(rules, chart, game.ev_td(arrays))
        return {"ev_td": figures["ev"], "ev_cd": None, "switch": figures}
    return {"ev_td": game.ev_td(arrays), "ev_cd": game.ev_cd()}


def switch_figures(rules: ExactRules, chart: dict, ev_one_hand: float) -> dict:
    """The Blackjack Switch figures of :func:`exact_ev` and :func:`analyse`.

    Parameters
    ----------
    rules : ExactRules
        The rules, with ``switch``.
    chart : dict
        The chart played after the switch.
    ev_one_hand : float
        The chart's EV on one hand alone, never switching [initial bets].

    Returns
    -------
    dict
        ``ev`` [initial bets per hand], ``ev_keep`` (two hands, never
        switching), ``switch_rate`` and ``switch_rate_played``
        (:func:`jost_engine.exact.switch.switch_ev`), ``ev_one_hand`` and
        ``method`` (what the figures are, in words).
    """
    figures = switch_ev(rules, chart)
    rule = ("a switched ace and ten is a blackjack" if rules.switched_blackjack
            else "a switched ace and ten is a 21")
    return {**figures, "ev_one_hand": ev_one_hand,
            "method": "Blackjack Switch: EV per hand [initial bets] of two hands, the second "
                      "cards switched when that is worth more, each hand then played by the "
                      f"chart; {rule}; every hand valued with the five dealt cards gone "
                      "(docs/variants.md)"}


def moments(rules, chart: dict | None = None) -> dict:
    """Variance of one hand and covariance of two hands, one round off the top.

    The round is dealt from a full shoe, played by the chart (as
    :func:`exact_ev`), insurance not taken; method and approximations in
    :mod:`jost_engine.exact.variance` and ``docs/exact.md``.

    Parameters
    ----------
    rules : dict, Rules or ExactRules
        The rules (a config's ``rules`` section).
    chart : dict, optional
        The chart played; the generated basic chart of the rules when omitted.

    Returns
    -------
    dict
        ``ev`` [initial bets] (equal to ``exact_ev(rules, chart)["ev_td"]``),
        ``second_moment`` [initial bets^2], ``variance`` [initial bets^2] and
        ``sd`` [initial bets] of one hand's result (all of its split hands and
        doubles included); ``covariance_two_spots`` [initial bets^2] and
        ``correlation`` of the results of two hands played at once against the
        same dealer; ``variance_two_spots`` [initial bets^2], the variance of
        their total; ``distribution``: ``{result [initial bets]: chance}`` of
        one hand's result; ``distribution_mean``, ``distribution_variance``,
        ``fourth_central_moment`` [initial bets^4] and ``ev_model`` (checks, see
        :func:`jost_engine.exact.variance.round_moments`).
    """
    rules = ExactRules.from_rules(rules)
    if rules.switch:
        raise ConfigError(NO_SWITCH_MOMENTS)
    if rules.free_bets or rules.dealer_22_pushes or rules.spanish:
        raise ConfigError(NO_FREE_BET_MOMENTS)
    chart, _ = _chart_for(rules, chart)
    arrays = chart_arrays(chart, rules.double_after_split, rules.surrender,
                          rules.double_rescue, rules.max_doubles > 1)
    return round_moments(game_for(rules), arrays)


def moments_json(figures: dict) -> dict:
    """:func:`moments` as JSON-ready data: the distribution as ``[result, chance]`` pairs."""
    return {**figures, "distribution": [[r, q] for r, q in figures["distribution"].items()]}


def analyse(config: dict | Config, chart: dict | None = None) -> dict:
    """Exact analysis of a config's rules and chart, as plain JSON-ready data.

    Parameters
    ----------
    config : dict or Config
        A hydrated config (only ``rules`` and ``strategy.chart`` are read;
        ``"basic"`` means the generated basic chart), or just a ``rules``
        dict.
    chart : dict, optional
        A chart that overrides the config's.

    Returns
    -------
    dict
        ``rules``, ``ev_td``, ``ev_cd`` (initial bets per round), their
        percentages, ``chart_source`` (``generated`` or ``given``), ``chart``,
        ``moments`` (:func:`moments` of the same chart, the distribution as
        ``[result, chance]`` pairs; None under Free Bet, Spanish 21 and Switch
        rules), ``switch`` (:func:`switch_figures`, None without ``switch``:
        with it ``ev_td`` is the Switch EV per hand and ``ev_cd`` None),
        ``units``, ``seconds`` and ``hands``: for every two-card hand and up
        card, its chance, the chance of a dealer blackjack, the round's EV
        for each allowed action [initial bets], the best action and the
        chart's (one hand alone, never switched).
    """
    start = time.perf_counter()
    if isinstance(config, dict) and "rules" not in config:
        config = {"rules": config}
    if isinstance(config, dict):
        config = validate_config({"run": {"rounds": 1}, **config})
    rules = ExactRules.from_rules(config.rules)
    if chart is None and config.strategy.chart != "basic":
        chart = config.strategy.chart.model_dump(exclude_none=True)
    chart, source = _chart_for(rules, chart)
    game = game_for(rules)
    arrays = chart_arrays(chart, rules.double_after_split, rules.surrender,
                          rules.double_rescue, rules.max_doubles > 1)
    hands, ev_cd, ev_td = [], 0.0, 0.0
    for hand in game.hands():
        up, (c1, c2) = hand.up, hand.cards
        play, ev_chart = game.hand_td(up, c1, c2, arrays)
        ev_cd += hand.probability * hand.ev
        ev_td += hand.probability * ev_chart
        actions = {a: game.round_ev(hand, a) for a in ACTIONS if a in hand.values}
        hands.append({"up": RANK_KEYS[up], "hand": describe_hand(c1, c2),
                      "probability": hand.probability, "p_dealer_bj": hand.p_dealer_bj,
                      "ev": actions, "best": hand.best, "ev_best": hand.ev,
                      "chart": play, "ev_chart": ev_chart})
    figures = None
    if not (rules.free_bets or rules.dealer_22_pushes or rules.spanish or rules.switch):
        figures = moments_json(round_moments(game, arrays))
    units = ("initial bets per round (player's view; negative = house edge); "
             "hands[].ev: the round's EV when that hand is dealt against that up "
             "card and played that way")
    switch = None
    if rules.switch:
        switch = switch_figures(rules, chart, ev_td)
        ev_td, ev_cd = switch["ev"], None
        units = ("initial bets per hand (a Blackjack Switch round bets two hands; negative = "
                 "house edge); ev_td: with the best switch; hands[].ev: one hand alone, "
                 "never switched")
    return {"rules": rules.to_dict(), "ev_td": ev_td, "ev_cd": ev_cd,
            "ev_td_percent": 100 * ev_td, "ev_cd_percent": None if ev_cd is None else 100 * ev_cd,
            "chart_source": source, "chart": chart, "moments": figures, "switch": switch,
            "units": units, "seconds": time.perf_counter() - start, "hands": hands}


__all__ = ["analyse", "exact_ev", "moments", "moments_json", "switch_figures"]

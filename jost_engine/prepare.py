"""Turn a validated config into the kernel's plain arrays.

This is the pure-Python side of the kernel boundary: rules become integer
parameters, the chart and index plays become lookup tables, the count
becomes tags, the ramp becomes a bet for every true count. The chart
``"basic"`` is the exact basic strategy of the rules: taken from the chart
store the caller passes (a :class:`~jost_engine.chart_cache.ChartCache`),
else generated in memory (:func:`~jost_engine.exact.generate.generate_chart`,
under a second, remembered for the process). Nothing here reads the
environment or writes a file.
Rule-dependent checks that JSON Schema cannot express (an index play the
rules forbid) are made here and reported as
:class:`~jost_engine.errors.ConfigError`.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from .cards import card_value, shoe_cards
from .config import Config, Deviation
from .cover import cover_flags, cover_par, cover_tables
from .data import count_systems, deviation_sets
from .errors import ConfigError
from .exact.generate import generate_chart
from .exact.switch import switch_table as exact_switch_table
from .kernel import errors as E
from .kernel import layout as L
from .kernel.others import KIND_ROW_SHIFT
from .kernel.rounds import WONG_NONE
from .others import has_counter, other_seats, play_errors, seat_kinds
from .side_bets import kernel_tables
from .spots import most_spots, spots_by_tc
from .strategy import strategy_table

DOUBLE_LIMITS = {"any": (0, 21, 1), "9-11": (9, 11, 0), "10-11": (10, 11, 0)}
ACTIONS = {"hit": L.HIT, "stand": L.STAND, "double": L.DOUBLE, "split": L.SPLIT,
           "surrender": L.SURRENDER}


@dataclass(frozen=True)
class KernelInputs:
    """Everything :func:`~jost_engine.kernel.rounds.play_chunk` reads."""

    params: np.ndarray
    shoe: np.ndarray
    strategy: np.ndarray
    dev: np.ndarray
    tags2: np.ndarray
    bet_by_tc: np.ndarray
    spots_by_tc: np.ndarray
    err_play: np.ndarray
    err_steps: np.ndarray
    cover_par: np.ndarray
    cover_strategy: np.ndarray
    cover_dev: np.ndarray
    seat_kind: np.ndarray
    sb_spec: np.ndarray
    sb_types0: np.ndarray
    switch: np.ndarray


class ChartSource(Protocol):
    """Where basic charts come from: anything with this method (e.g. a ChartCache)."""

    def chart(self, rules) -> dict:
        """The basic chart of a rule set (JSON format of ``docs/charts.md``)."""


def basic_chart(rules, charts: ChartSource | None = None) -> dict:
    """The chart ``strategy.chart: "basic"`` plays for these rules.

    Parameters
    ----------
    rules : dict, Rules or ExactRules
        The rules.
    charts : ChartSource, optional
        A store of charts (:class:`~jost_engine.chart_cache.ChartCache`);
        without one the chart is generated in memory.
    """
    return generate_chart(rules) if charts is None else charts.chart(rules)


def prepare(config: Config, charts: ChartSource | None = None,
            switch: np.ndarray | None = None) -> KernelInputs:
    """Build the kernel inputs of a validated config.

    Parameters
    ----------
    config : Config
        The validated config.
    charts : ChartSource, optional
        Gives the chart of ``strategy.chart: "basic"`` (see :func:`basic_chart`).
    switch : numpy.ndarray, optional
        With ``rules.switch``: the switching decisions to play instead of the
        exact ones for the chart (:func:`switch_table`), int8 ``[a1, a2, b1,
        b2, up]`` by rank index (ace 0 .. ten 9), 1 to switch; e.g. all zeros,
        a player who never switches.

    Raises
    ------
    ConfigError
        If an index play names a hand that cannot occur or an action the
        rules forbid.
    """
    rules = config.rules
    chart = config.strategy.chart
    chart = basic_chart(rules, charts) if chart == "basic" else chart.model_dump()
    strategy = strategy_table(chart, rules.double_after_split, rules.surrender,
                              rules.double_rescue, rules.max_doubles > 1)
    params, shoe, dev, tags2, bet_by_tc, spots = _tables(config)
    err_play, err_steps = person_errors(config, params, bet_by_tc, spots)
    cover_strategy, cover_dev = cover_tables(strategy, dev, _cover_cells(config))
    kinds, err_play = erring_others(config, params, err_play)
    sb_spec, sb_types0 = kernel_tables(config, params, shoe)
    if not rules.switch:
        switch = NO_SWITCH
    elif switch is None:
        switch = switch_table(rules, chart, charts)
    else:
        switch = _checked_switch(switch)
    return KernelInputs(params, shoe, strategy, dev, tags2, bet_by_tc, spots, err_play,
                        err_steps, cover_par(config.betting.cover, bet_by_tc), cover_strategy,
                        cover_dev, kinds, sb_spec, sb_types0, switch)


def check(config: Config) -> None:
    """Make the rule-dependent checks of :func:`prepare` without needing a chart.

    A chart in the config was checked when it was validated, and a basic
    chart is right by construction, so no chart is generated here.

    Raises
    ------
    ConfigError
        As :func:`prepare`.
    """
    params, _, _, _, bet_by_tc, spots = _tables(config)
    person_errors(config, params, bet_by_tc, spots)
    _cover_cells(config)


def _cover_cells(config: Config) -> list[tuple[int, int, int, int]]:
    """The cover plays' cells as ``(kind, row, up card, action)`` (see :func:`cover_tables`)."""
    cover = config.betting.cover
    if cover is None or cover.plays is None:
        return []
    cells = []
    for i, cell in enumerate(cover.plays.hands):
        path = f"betting.cover.plays.hands.{i}"
        kind, row = _hand_cell(cell.hand, cell.action, path)
        try:
            up = card_value(cell.dealer)
        except ValueError:
            raise ConfigError(f"{path}.dealer: must be 2..9, T or A, got {cell.dealer!r}") from None
        cells.append((kind, row, up, ACTIONS[cell.action]))
    return cells


def _tables(config: Config) -> tuple[np.ndarray, ...]:
    """Every kernel input but the strategy table: params, shoe, dev, tags2, bet_by_tc,
    spots_by_tc."""
    rules = config.rules
    # Every shoe starts sorted by rank: the first card drawn, at position
    # floor(u * cards), is then the same rank for any number of decks (each
    # rank's share of the shoe does not depend on it), so games of different
    # decks share most of their first cards (common shoes, docs/studies.md).
    shoe = np.sort(shoe_cards(rules.decks, rules.spanish_deck))
    params = np.zeros(L.N_PARAMS, dtype=np.int64)
    low, high, soft = DOUBLE_LIMITS[rules.double]
    params[L.P_H17] = int(rules.dealer_hits_soft_17)
    params[L.P_BJ_PAY] = round(rules.blackjack_pays * 10)
    params[L.P_DOUBLE_MIN] = low
    params[L.P_DOUBLE_MAX] = high
    params[L.P_DOUBLE_SOFT] = soft
    params[L.P_DAS] = int(rules.double_after_split)
    params[L.P_MAX_HANDS] = rules.max_split_hands
    params[L.P_RSA] = int(rules.resplit_aces)
    params[L.P_HSA] = int(rules.hit_split_aces)
    params[L.P_SURRENDER] = {"none": L.SURRENDER_NONE, "late": L.SURRENDER_LATE,
                             "early": L.SURRENDER_EARLY}[rules.surrender]
    params[L.P_ENHC] = int(rules.hole_card == "enhc")
    params[L.P_PUSH22] = int(rules.dealer_22_pushes)
    params[L.P_FREE_DOUBLES] = int(rules.free_doubles)
    params[L.P_FREE_SPLITS] = int(rules.free_splits)
    params[L.P_PLAYER21] = int(rules.player_21_wins)
    params[L.P_DOUBLE_ANY] = int(rules.double_any_cards)
    params[L.P_BONUS21] = int(rules.bonus_21)
    params[L.P_RESCUE] = int(rules.double_rescue)
    params[L.P_MAX_DOUBLES] = rules.max_doubles
    params[L.P_CUT] = max(1, round(rules.penetration * len(shoe)))
    params[L.P_EVERY_ROUND] = int(rules.reshuffle == "every_round")
    params[L.P_PLAYERS] = config.table.players
    params[L.P_SEAT] = config.table.seat - 1
    _prepare_switch(config, params)

    tags2 = np.zeros(L.N_UP, dtype=np.int64)
    dev = np.zeros((L.N_KINDS, L.N_ROWS, L.N_UP, L.N_DEV), dtype=np.int64)
    count = config.strategy.count
    if count is not None:
        _prepare_count(config, params, tags2)
        insurance_at = config.strategy.insurance_at
        named = isinstance(config.strategy.deviations, str)
        for i, deviation in enumerate(deviations_of(config)):
            if deviation.play == "insurance":
                if insurance_at is None:
                    insurance_at = deviation.at_or_above
                continue
            if named and not applies(deviation, config):
                continue  # a named set skips plays the rules do not offer
            _add_deviation(dev, deviation, config, f"strategy.deviations.{i}")
        if insurance_at is not None:
            params[L.P_INSURANCE] = 1
            params[L.P_INS_AT] = math.ceil(insurance_at)
    params[L.P_HAS_DEV] = int(dev[..., L.DEV_DIRECTION].any())
    bet_by_tc = _bets(config)
    spots = spots_by_tc(config.betting.spots) * (2 if rules.switch else 1)  # switch: two hands
    params[L.P_SPOTS] = int(spots.max())
    params[L.P_COVER_BET], params[L.P_COVER_PLAY] = cover_flags(config.betting.cover)
    _prepare_wong(config, params)
    _prepare_trips(config, params)
    return params, shoe, dev, tags2, bet_by_tc, spots


NO_SWITCH = np.zeros((1, 1, 1, 1, 1), dtype=np.int8)
"""The kernel's ``switch`` table of a game without Blackjack Switch (never read)."""
SWITCH_SHAPE = (10, 10, 10, 10, 10)


def _prepare_switch(config: Config, params: np.ndarray) -> None:
    """Blackjack Switch's parameters; refuse, in one line, what the kernel does not play with it.

    Our spot is two hands dealt as two adjacent seats (``P_SPOTS`` 2, one seat
    more in ``P_PLAYERS``; see :mod:`jost_engine.kernel.switch`).

    Raises
    ------
    ConfigError
        Naming the first field that Blackjack Switch does not combine with.
    """
    rules = config.rules
    if not rules.switch:
        return
    refused = [
        ("rules.hole_card", rules.hole_card != "peek",
         f"'peek' only (the dealer peeks before the switch), got {rules.hole_card!r}"),
        ("rules.surrender", rules.surrender == "early",
         "'none' or 'late' (surrender comes after the switch), got 'early'"),
        ("betting.spots", most_spots(config.betting.spots) > 1,
         f"one spot only (a switch spot is two hands), got {config.betting.spots}"),
        ("table.others", config.table.others is not None,
         "null only (other players' profiles are not dealt beside a switch spot)"),
        ("betting.cover", config.betting.cover is not None,
         "null only (cover bets and plays are not played with switch)"),
        ("strategy.errors", config.strategy.errors is not None and config.strategy.errors.any(),
         "null only (a person's errors are not played with switch)"),
        ("side_bets", bool(config.side_bets),
         f"none (side bets are not played with switch), got {len(config.side_bets)}"),
    ]
    for field, bad, allowed in refused:
        if bad:
            raise ConfigError(f"{field}: with rules.switch, {allowed}")
    params[L.P_SWITCH] = 1
    params[L.P_SWITCHED_BJ] = int(rules.switched_blackjack)
    params[L.P_PLAYERS] = config.table.players + 1


def switch_table(rules, chart: dict, charts: ChartSource | None = None) -> np.ndarray:
    """The exact switching decisions of the rules for a player of ``chart``, off the top.

    From the store of charts when it keeps switch tables
    (:meth:`~jost_engine.chart_cache.ChartCache.switch_table`), else made by
    :func:`jost_engine.exact.switch.switch_table` (remembered in memory: about
    half a minute for a full shoe the first time in a process).
    """
    if charts is not None and hasattr(charts, "switch_table"):
        return _checked_switch(charts.switch_table(rules, chart))
    return _checked_switch(exact_switch_table(rules, chart))


def _checked_switch(table) -> np.ndarray:
    """A switch table as the kernel reads it (int8, 0 or 1, shape ``SWITCH_SHAPE``).

    Raises
    ------
    ValueError
        If its shape or values are not those of a switch table.
    """
    table = np.asarray(table)
    if table.shape != SWITCH_SHAPE or not np.isin(table, (0, 1)).all():
        raise ValueError(f"switch: a table of 0/1 shaped {SWITCH_SHAPE} by rank index, got "
                         f"shape {table.shape}")
    return np.ascontiguousarray(table, dtype=np.int8)


def deviations_of(config: Config) -> list[Deviation]:
    """The index plays of a config: a named set (``'illustrious18+fab4'``) or a list."""
    chosen = config.strategy.deviations
    if chosen is None or chosen == "none":
        return []
    if isinstance(chosen, list):
        return chosen
    sets = deviation_sets()
    return [Deviation.model_validate(d) for name in chosen.split("+")
            if name and name != "none" for d in sets[name]]


def applies(deviation: Deviation, config: Config) -> bool:
    """Whether the rules offer the action of an index play at all.

    A named set such as ``illustrious18+fab4`` is used in games without
    surrender or with doubling restricted; there its surrender plays, or its
    doubles on totals the rules do not allow, are left out. A play listed
    by the user is checked strictly instead (:func:`prepare` refuses it).
    """
    rules = config.rules
    if deviation.action == "surrender":
        return rules.surrender != "none"
    if deviation.action == "double":
        try:
            kind, row = _hand_cell(deviation.hand, "double", "")
        except ConfigError:
            return True  # let the strict check report it
        low, high, soft = DOUBLE_LIMITS[rules.double]
        return bool(soft) if kind == L.K_SOFT else low <= row <= high
    if deviation.action == "split":
        return rules.max_split_hands >= 2
    return True


def _prepare_count(config: Config, params: np.ndarray, tags2: np.ndarray) -> None:
    count = config.strategy.count
    if count.system == "custom":
        tags, balanced = count.tags, sum(count.tags.values()) * 4 + count.tags["T"] * 12 == 0
    else:
        system = count_systems()[count.system]
        tags, balanced = system["tags"], system["balanced"]
    if count.balanced is not None:
        balanced = count.balanced
    for key, value in tags.items():
        tags2[card_value(key)] = round(value * 2)
    irc = count.initial_running_count
    if irc is None:
        irc = 0 if balanced else -4 * (config.rules.decks - 1) if count.system == "ko" else 0
    params[L.P_COUNT] = 1
    params[L.P_BALANCED] = int(balanced)
    params[L.P_IRC] = round(irc * 2)
    params[L.P_DECK_RES] = round(count.deck_resolution * 4)
    params[L.P_TC_MODE] = {"floor": 0, "truncate": 1, "round": 2}[count.true_count]


def _hand_cell(hand: str, action: str, path: str) -> tuple[int, int]:
    """Kind and row of the table cell an index play overrides."""
    cards = [c.strip() for c in hand.replace("-", ",").split(",") if c.strip()]
    if len(cards) == 2 and cards[0] == cards[1] and cards[0] in ("A", "T", *map(str, range(2, 10))):
        pair = card_value(cards[0])
        if action == "split":
            return L.K_PAIR, pair
        if action == "surrender":
            return L.K_SURRENDER_PAIR, pair
        total = 2 * pair if pair != 1 else 12
        return (L.K_SOFT if pair == 1 else L.K_HARD), total
    if action == "split":
        raise ConfigError(f"{path}.hand: 'split' needs a pair such as 'T,T', got {hand!r}")
    compact = hand.replace(",", "").replace(" ", "")
    if re.fullmatch(r"[Aa][0-9]+", compact):
        total = 11 + int(compact[1:])
        if not 13 <= total <= 21:
            raise ConfigError(f"{path}.hand: a soft hand is A2..A9 or A10, got {hand!r}")
        if action == "surrender":
            raise ConfigError(f"{path}.action: soft hands never surrender")
        return L.K_SOFT, total
    if re.fullmatch(r"[0-9]+", compact):
        total = int(compact)
        if not 4 <= total <= 21:
            raise ConfigError(f"{path}.hand: a hard total must be between 4 and 21, got {hand!r}")
        if action == "surrender":
            if total > 20:
                raise ConfigError(f"{path}.hand: a two-card hand to surrender is 4..20, "
                                  f"got {hand!r}")
            return L.K_SURRENDER, total
        return L.K_HARD, total
    raise ConfigError(f"{path}.hand: must be a hard total ('16'), a soft hand ('A7') or a "
                      f"pair ('8,8'), got {hand!r}")


def _add_deviation(dev: np.ndarray, deviation: Deviation, config: Config, path: str) -> None:
    rules = config.rules
    action = deviation.action
    kind, row = _hand_cell(deviation.hand, action, path)
    if action == "surrender" and rules.surrender == "none":
        raise ConfigError(f"{path}.action: 'surrender' needs rules.surrender late or early")
    if action == "double":
        low, high, soft = DOUBLE_LIMITS[rules.double]
        if (kind == L.K_SOFT and not soft) or (kind == L.K_HARD and not low <= row <= high):
            raise ConfigError(f"{path}.action: rules.double is {rules.double!r}, so "
                              f"{deviation.hand} cannot be doubled")
    if action == "split" and rules.max_split_hands < 2:
        raise ConfigError(f"{path}.action: rules.max_split_hands is 1, so no split")
    up = card_value(deviation.dealer)
    if dev[kind, row, up, L.DEV_DIRECTION] != 0:
        raise ConfigError(f"{path}: a second index play for {deviation.hand} against "
                          f"{deviation.dealer} ({action})")
    threshold = deviation.at_or_above if deviation.at_or_above is not None else deviation.below
    dev[kind, row, up, L.DEV_DIRECTION] = 1 if deviation.at_or_above is not None else -1
    dev[kind, row, up, L.DEV_INDEX] = math.ceil(threshold)
    dev[kind, row, up, L.DEV_ACTION] = ACTIONS[action]


def _bets(config: Config) -> np.ndarray:
    """Initial bet [1/10 unit] for each true count from ``TC_MIN`` to ``TC_MAX``."""
    betting = config.betting
    bets = np.zeros(L.N_TC, dtype=np.int64)
    for i, tc in enumerate(range(L.TC_MIN, L.TC_MAX + 1)):
        units = betting.min_units
        for at, ramp_units in betting.ramp:
            if tc >= at:
                units = ramp_units
        units = max(units, betting.min_units)
        if betting.max_units is not None:
            units = min(units, betting.max_units)
        bets[i] = round(units * 10)
    return bets


def _prepare_trips(config: Config, params: np.ndarray) -> None:
    """Bankroll trips are followed whenever a bankroll is given."""
    betting = config.betting
    if betting.bankroll_units is None:
        return
    params[L.P_TRIP_BANK] = max(1, round(betting.bankroll_units * 100))
    if betting.trip_goal_units is not None:
        params[L.P_TRIP_GOAL] = max(1, round(betting.trip_goal_units * 100))
    if betting.trip_hours is not None:
        params[L.P_TRIP_ROUNDS] = max(1, round(betting.trip_hours * config.run.rounds_per_hour))
    rounds_per_hour = max(1, round(config.run.rounds_per_hour))
    params[L.P_ROUNDS_PER_HOUR] = rounds_per_hour
    hours = L.PATH_HOURS_MAX
    if params[L.P_TRIP_ROUNDS] > 0:
        hours = min(hours, int(params[L.P_TRIP_ROUNDS]) // rounds_per_hour)
    params[L.P_PATH_HOURS] = hours
    params[L.P_PATH_WIDTH] = max(1, int(params[L.P_TRIP_BANK]) // L.PATH_BINS_PER_BANK)


def _prepare_wong(config: Config, params: np.ndarray) -> None:
    betting = config.betting
    if betting.wong_in is None and betting.wong_out is None:
        return
    if config.strategy.count is None:
        raise ConfigError("betting.wong_in: wonging needs strategy.count")
    params[L.P_WONG] = 1
    params[L.P_WONG_IN] = WONG_NONE if betting.wong_in is None else math.ceil(betting.wong_in)
    params[L.P_WONG_OUT] = -WONG_NONE if betting.wong_out is None else math.floor(betting.wong_out)


def _chance(p: float) -> int:
    """A probability as the kernel's threshold [probability x 2**32]."""
    return round(p * E.CHANCE_ONE)


def erring_others(config: Config, params: np.ndarray,
                  err_play: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The kernel's ``seat_kind`` and ``err_play`` with a row for each other player who errs.

    Sets ``P_OTHERS`` when some other seat counts (with index plays to play)
    or errs, and ``P_ERRORS`` when some errs (the errors' stream is kept).

    Returns
    -------
    tuple of numpy.ndarray
        ``seat_kind`` by seat (bit ``KIND_COUNTER``; the seat's row of
        ``err_play`` shifted by ``KIND_ROW_SHIFT``) and ``err_play`` with rows
        ``N_WHO ..`` appended, see :mod:`jost_engine.kernel.others`.
    """
    others = config.table.others
    spots = int(params[L.P_SPOTS])
    counters = has_counter(others) and bool(params[L.P_HAS_DEV])
    kinds = seat_kinds(others if counters else None, config.table.players, spots)
    rows = [err_play]
    for seat, player in other_seats(others, spots):
        rates = play_errors(player)
        if rates is not None:
            kinds[seat] |= (len(rows) - 1 + E.N_WHO) << KIND_ROW_SHIFT
            rows.append(np.array([[_chance(p) for p in rates]], dtype=np.int64))
    if len(rows) > 1:
        params[L.P_ERRORS] = 1
    params[L.P_OTHERS] = int(counters or len(rows) > 1)
    return kinds, np.concatenate(rows)


def person_errors(config: Config, params: np.ndarray, bet_by_tc: np.ndarray,
                  spots: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Set the error slots of ``params`` (``P_ERR*``) and make the errors' tables.

    Returns
    -------
    tuple of numpy.ndarray
        ``err_play[who, X_*]`` (play error thresholds, row ``WHO_PLAYER`` ours)
        and ``err_steps[STEP_*, tc bin]`` (the bins of the ramp steps below
        and above each count), see :mod:`jost_engine.kernel.errors`.

    Raises
    ------
    ConfigError
        If deck-estimation errors are asked of a count without a true count.
    """
    err_play = np.zeros((E.N_WHO, E.N_X), dtype=np.int64)
    err_steps = np.tile(np.arange(L.N_TC, dtype=np.int64), (2, 1))
    errors = config.strategy.errors
    if errors is None or not errors.any():
        return err_play, err_steps
    if (errors.deck_sd or errors.deck_sd_per_deck) and not params[L.P_BALANCED]:
        raise ConfigError(f"strategy.errors.deck_sd: deck estimation needs a balanced count "
                          f"(a true count), got {config.strategy.count.system!r}")
    err_play[E.WHO_PLAYER] = [_chance(errors.slip), _chance(errors.missed_index),
                              _chance(errors.wrong_index)]
    params[L.P_ERRORS] = 1
    params[L.P_ERR_PLAY] = int(err_play[E.WHO_PLAYER].any())
    params[L.P_ERR_BET] = _chance(errors.bet)
    if errors.cards_per_miscount is not None:
        params[L.P_ERR_COUNT] = round(errors.cards_per_miscount * 1000)
    params[L.P_ERR_DECK_SD] = round(errors.deck_sd * 1000)
    params[L.P_ERR_DECK_GROW] = round(errors.deck_sd_per_deck * 1000)
    step = list(zip(bet_by_tc.tolist(), spots.tolist()))
    for b in range(L.N_TC):
        below = [i for i in range(b) if step[i] != step[b]]
        above = [i for i in range(b + 1, L.N_TC) if step[i] != step[b]]
        err_steps[E.STEP_DOWN, b] = below[-1] if below else b
        err_steps[E.STEP_UP, b] = above[0] if above else b
    return err_play, err_steps

"""Side bets in a simulation: the kernel's tables and the figures of the tallies.

A config's ``side_bets`` (docs/side-bets.md) become the kernel arrays of
:mod:`jost_engine.kernel.sidebets` (:func:`kernel_tables`); its tallies
(pay lines by the bet's own true count) become each bet's figures
(:func:`summary`): house edge with its standard error, SD, hit frequency
per pay line, the exact edge off the top beside them, the advantage by
true count, and, with an entry true count, the win rate of a player who
bets the side bet only at or above it. Rounds are taken as independent
(exact in a game reshuffled every round; in a shoe game rounds of one shoe
are weakly correlated through the cards, which the SE leaves out).

The side count of a bet tags each card value with its effect of removal
(:func:`~jost_engine.exact.sidebets.effects_of_removal`, off the top of
the config's shoe) scaled so the largest tag is ``TAG_LEVEL`` and rounded.
"""

from __future__ import annotations

import math
from functools import cache

import numpy as np

from .exact.sidebets import analyse, effects_of_removal, full_shoe, side_bet
from .kernel import layout as L
from .kernel import sidebets as K

TAG_LEVEL = 3  # the largest |tag| of a side count
KINDS = {"three_card_poker": K.KIND_POKER3, "pairs": K.KIND_PAIRS, "twenty": K.KIND_TWENTY,
         "dealer_bust": K.KIND_BUST}


def bets_of(config) -> list:
    """The config's side bets as :class:`~jost_engine.exact.sidebets.SideBet` (validated)."""
    return [side_bet(spec.name, spec.paytable, f"side_bets.{i}")
            for i, spec in enumerate(config.side_bets)]


@cache
def count_tags(name: str, pays: tuple, decks: int, h17: bool) -> tuple:
    """Tags of a side count by card value (ace .. ten), from the bet's effects of removal."""
    bet = side_bet(name)
    bet = type(bet)(bet.name, bet.category_set, bet.categories, pays, bet.paytable)
    eor = effects_of_removal(bet, full_shoe(decks), h17)
    top = np.abs(eor).max()
    if not top > 1e-12:
        return (0,) * 10
    return tuple(int(t) for t in np.rint(TAG_LEVEL * eor / top))


def kernel_tables(config, params: np.ndarray, shoe: np.ndarray) -> tuple:
    """Set the side-bet params and return ``(sb_spec, sb_types0)`` for the kernel.

    Parameters
    ----------
    config : Config
        The validated config.
    params : numpy.ndarray
        The kernel params, ``P_SIDE_BETS`` and ``P_SIDE_PLAYOUT`` set here.
    shoe : numpy.ndarray
        The shoe's card values (int8).
    """
    spec = np.zeros((K.MAX_SIDE, K.N_SB_SPEC), dtype=np.int64)
    rules = config.rules
    for b, bet in enumerate(bets_of(config)):
        spec[b, K.SB_KIND] = KINDS[bet.category_set]
        tags = count_tags(bet.name, bet.pays, rules.decks, rules.dealer_hits_soft_17)
        spec[b, K.SB_TAG:K.SB_TAG + 10] = tags
        if bet.category_set == "dealer_bust":
            params[L.P_SIDE_PLAYOUT] = 1
    params[L.P_SIDE_BETS] = len(config.side_bets)
    return spec, K.type_counts(shoe)


def _moments(counts: np.ndarray, pays: np.ndarray) -> tuple[float, float, float]:
    """Rounds, sum and sum of squares of the payouts of pay-line counts."""
    n = float(counts.sum())
    return n, float(counts @ pays), float(counts @ pays ** 2)


def _mean_se(n: float, s: float, s2: float) -> tuple:
    """Mean, its SE and the SD of n independent payouts with sum s and sum of squares s2."""
    if n < 1:
        return None, None, None
    mean = s / n
    sd = math.sqrt(max(s2 / n - mean * mean, 0.0))
    return mean, sd / math.sqrt(n), sd


def bet_summary(spec: dict, bet, lines: np.ndarray, dealt: int, rules: dict) -> dict:
    """The figures of one side bet from its tally ``lines[true count bin, pay line]``.

    Parameters
    ----------
    spec : dict
        The bet's entry of the config's ``side_bets``.
    bet : SideBet
        The bet with its pay table.
    lines : numpy.ndarray
        Rounds bet on, by the side count's true count bin and pay line.
    dealt : int
        Rounds we were in (bet on the main game).
    rules : dict
        The config's rules (for the exact edge off the top).
    """
    pays = np.array(bet.line_pays)
    n_lines = len(pays)
    lines = np.asarray(lines, dtype=np.float64)[:, :n_lines]
    total = lines.sum(axis=0)
    n, s, s2 = _moments(total, pays)
    mean, se, sd = _mean_se(n, s, s2)
    exact = analyse(bet.name, dict(zip(bet.categories, bet.pays, strict=True)),
                    rules["decks"], rules["dealer_hits_soft_17"])
    out = {"name": bet.name, "paytable": bet.paytable,
           "bet_units": spec["bet"], "rounds": int(n),
           "house_edge": None if mean is None else -mean, "se_house_edge": se, "sd": sd,
           "exact_house_edge": exact["house_edge"],
           "hit_frequency": None if n < 1 else float(total[1:].sum() / n),
           "lines": [{"line": name, "pays": float(pay), "count": int(c),
                      "frequency": None if n < 1 else float(c / n),
                      "se_frequency": None if n < 1 else math.sqrt(c / n * (1 - c / n) / n),
                      "exact_probability": p["probability"]}
                     for name, pay, c, p in zip(bet.lines, pays, total, exact["lines"],
                                                strict=True)],
           "count_tags": list(count_tags(bet.name, bet.pays, rules["decks"],
                                         rules["dealer_hits_soft_17"])),
           "by_true_count": []}
    for i, row in enumerate(lines):
        m, e, _ = _mean_se(*_moments(row, pays))
        if m is not None:
            out["by_true_count"].append({"true_count": L.TC_MIN + i, "rounds": int(row.sum()),
                                         "advantage": m, "se_advantage": e})
    if spec.get("entry") is not None:
        out["entry"] = entry_figures(lines, pays, spec["entry"], spec["bet"], dealt)
    return out


def entry_figures(lines: np.ndarray, pays: np.ndarray, entry: float, units: float,
                  dealt: int) -> dict:
    """A player betting the side bet only at or above the entry true count.

    Returns the share of rounds bet, the advantage on those bets and the
    win per 100 rounds [units], each with its SE (independent rounds: the
    win of a round is ``units * payout`` when the count is at or above the
    entry, else 0).
    """
    first = max(0, math.ceil(entry) - L.TC_MIN)
    n, s, s2 = _moments(lines[first:].sum(axis=0), pays)
    adv, se_adv, _ = _mean_se(n, s, s2)
    rounds = max(dealt, 1)
    win, se_win, _ = _mean_se(rounds, units * s, units * units * s2)
    return {"entry": entry, "rounds_bet": int(n), "share_bet": n / rounds,
            "advantage": adv, "se_advantage": se_adv,
            "win_per_100": 100 * win, "se_win_per_100": 100 * se_win}


def summary(config: dict, side: list, dealt: int) -> list[dict]:
    """Every side bet's figures (:func:`bet_summary`) from the merged tally ``side``."""
    from .config import validate_config

    cfg = validate_config(config)
    table = np.asarray(side, dtype=np.float64).reshape(K.MAX_SIDE, L.N_TC, K.N_SB_LINES)
    return [bet_summary(spec, bet, table[b], dealt, config["rules"])
            for b, (spec, bet) in enumerate(zip(config.get("side_bets", []), bets_of(cfg),
                                                strict=True))]


def flat_figures(summary: dict) -> dict:
    """A summary's side bet figures as flat columns (a study's table), e.g.
    ``side_bet.buster.house_edge`` and ``side_bet.buster.entry_win_per_100``."""
    out = {}
    for bet in summary.get("side_bets") or ():
        head = f"side_bet.{bet['name']}."
        for key in ("house_edge", "se_house_edge", "exact_house_edge", "sd", "hit_frequency"):
            out[head + key] = bet[key]
        entry = bet.get("entry")
        for key in ("share_bet", "advantage", "se_advantage", "win_per_100",
                    "se_win_per_100") if entry else ():
            out[f"{head}entry_{key}"] = entry[key]
    return out

"""Exact (combinatorial) analysis of blackjack off the top of the shoe.

Modules
-------
rules
    :class:`ExactRules` (the rules that change the EV) and shoe compositions.
dealer
    The dealer's final-total probabilities for an up card and any shoe.
states
    Every player hand composition and how hands connect by drawing.
player
    Stand, hit and double values of hands, composition- or total-dependent.
splits
    The value of splitting, resplits included (method and approximation in
    its docstring).
overall
    :class:`ExactGame`: every two-card hand and the round's EV.
charts, generate
    Charts as arrays; basic strategy for any rule set (:func:`generate_chart`).
indices
    True-count indices of a counting system (:func:`generate_indices`).
spread, variance
    Outcome probabilities of hands; the variance of a round and the
    covariance of two hands against one dealer (:func:`moments`).
switch
    Blackjack Switch: when to exchange the second cards (:func:`.switch.switch_table`)
    and the game's EV.
summary
    :func:`exact_ev`, :func:`moments` and :func:`analyse`: results as plain data.

All EVs are in units of the initial bet, from the player's side (negative =
house edge).
"""

from .generate import generate, generate_chart
from .indices import generate_indices, index_of
from .overall import ExactGame, game_for, shared_dealer
from .rules import ExactRules
from .summary import analyse, exact_ev, moments


def clear_caches() -> None:
    """Forget the remembered games, dealer tables, charts and Switch analyses (frees their
    memory)."""
    from .generate import _CHARTS
    from .switch import _ANALYSES, _VALUES

    game_for.cache_clear()
    shared_dealer.cache_clear()
    _CHARTS.clear()
    _ANALYSES.clear()
    _VALUES.clear()


__all__ = ["ExactGame", "ExactRules", "analyse", "clear_caches", "exact_ev", "game_for",
           "generate", "generate_chart", "generate_indices", "index_of", "moments"]

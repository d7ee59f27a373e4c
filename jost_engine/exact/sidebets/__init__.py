"""Exact analysis of side bets off the top of a shoe of any composition.

Modules
-------
catalog
    The bets, their category sets and pay tables (``data/side_bets.json``).
composition
    A shoe by rank and suit (13 x 4 counts).
lines
    Each pay line's probability, by enumerating ordered draws of card types
    (21+3, Perfect Pairs, Lucky Ladies) or the dealer's finishing
    multisets (Buster Blackjack).
figures
    House edge, hit frequencies, SD, element of risk and effects of removal.
"""

from .catalog import SideBet, bet_names, side_bet
from .composition import full_shoe
from .figures import analyse, effects_of_removal, figures_of, line_probabilities

__all__ = ["SideBet", "analyse", "bet_names", "effects_of_removal", "figures_of", "full_shoe",
           "line_probabilities", "side_bet"]

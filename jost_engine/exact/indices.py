"""True-count indices of a counting system, from exact values.

**Method.** At true count ``t`` the cards still unseen are a shoe of
``decks_remaining`` decks whose rank counts are moved away from a full
shoe's in proportion to the count's tags: ``n_r = d f_r (1 - t tag_r /
S2)`` with ``f_r`` the cards of rank ``r`` per deck and ``S2 = sum_r f_r
tag_r^2``. For a balanced count this shoe has exactly true count ``t``. The
player's two cards and the up card are then added to it, so ``t`` is the
true count the player sees when deciding (these cards included), and every
hand of the play's cell is valued exactly (later play composition-dependent
for that shoe). The play's *gain* is its EV minus the best other play's
(surrender left out unless it is the play), averaged over the cell's
two-card hands with their chances; the index is where the gain changes
sign, found by scanning whole counts from 0 outwards and refining the
crossing by regula falsi, then rounded to the nearest whole count. A play
that gains above the index is written ``at_or_above``, otherwise ``below``.

Insurance is worth taking when more than a third of the unseen cards are
tens; its index solves that for ``t``.
"""

from __future__ import annotations

import math

import numpy as np

from ..cards import RANK_KEYS, rank_of, shoe_counts
from ..data import count_systems, deviation_sets
from .overall import ExactGame
from .rules import ACE, PER_DECK, TEN, ExactRules

SCAN = 12  # whole counts scanned on each side of 0


def tags_of(system: str | dict) -> np.ndarray:
    """Tags of a named count (``'hi-lo'``) or a ``{'2': 1, ..., 'A': -1}`` dict, by rank."""
    tags = count_systems()[system]["tags"] if isinstance(system, str) else system
    out = np.array([float(tags[k]) for k in RANK_KEYS])
    if abs(out @ PER_DECK) > 1e-9:
        raise ValueError("index generation needs a balanced count (tags over a deck add to 0)")
    return out


def count_shoe(tags: np.ndarray, true_count: float, decks_remaining: float) -> np.ndarray:
    """The unseen cards at a true count: tag-proportional removal from a full shoe.

    Parameters
    ----------
    tags : numpy.ndarray
        Tags by rank index.
    true_count : float
        Running count per deck remaining [points/deck].
    decks_remaining : float
        Size of the unseen shoe [decks].

    Returns
    -------
    numpy.ndarray
        Card counts by rank [cards] (real numbers).
    """
    s2 = float(PER_DECK @ tags**2)
    shoe = shoe_counts(decks_remaining) * (1.0 - true_count * tags / s2)
    if np.any(shoe <= 0):
        raise ValueError(f"true count {true_count} empties a rank of a "
                         f"{decks_remaining}-deck shoe")
    return shoe


def cell_hands(hand: str) -> tuple[list[tuple[int, int]], bool]:
    """Two-card hands of a play's cell, and whether it names a pair.

    ``'16'`` is every two-card hard 16 but the pair 8,8 (a hard total with
    no other two-card hand, such as 4 or 20, is the pair); ``'A7'`` is
    ace-seven; ``'8,8'`` is the pair.
    """
    cards = [c for c in hand.replace("-", ",").split(",") if c.strip()]
    if len(cards) == 2:
        a, b = rank_of(cards[0]), rank_of(cards[1])
        return [(min(a, b), max(a, b))], a == b
    compact = hand.replace(" ", "").upper()
    if compact.startswith("A"):
        return [(ACE, rank_of(compact[1:]) if compact[1:] != "10" else TEN)], False
    total = int(compact)
    hands = [(a, total - a - 2) for a in range(1, 10) if a <= total - a - 2 <= 9]
    plain = [h for h in hands if h[0] != h[1]]
    return (plain or hands), False


def play_gain(rules: ExactRules, hand: str, dealer: str, action: str, tags: np.ndarray,
              true_count: float, decks_remaining: float) -> float:
    """EV gained by a play over the best other play at a true count [initial bets].

    Parameters
    ----------
    rules : ExactRules
        The rules.
    hand, dealer, action : str
        As in a deviation: ``'16'``, ``'T'``, ``'stand'``.
    tags : numpy.ndarray
        Count tags by rank.
    true_count : float
        True count [points/deck] at the decision.
    decks_remaining : float
        Unseen decks at the decision.
    """
    up = rank_of(dealer)
    hands, _ = cell_hands(hand)
    unseen = count_shoe(tags, true_count, decks_remaining)
    n = unseen.sum()
    totals: dict[str, float] = {}
    weight = 0.0
    for c1, c2 in hands:
        shoe = unseen.copy()
        for card in (c1, c2, up):
            shoe[card] += 1.0
        w = unseen[c1] * unseen[c2] / (n * n) * (1 if c1 == c2 else 2)
        game = ExactGame(rules, shoe=shoe, hands=[(c1, c2)])
        ev = game.hand_ev(up, c1, c2)
        for name in ev.values:
            totals[name] = totals.get(name, 0.0) + w * game.round_ev(ev, name)
        weight += w
    if action not in totals:
        raise ValueError(f"{action!r} is not a play of {hand} against {dealer} "
                         f"under these rules")
    others = [v for k, v in totals.items() if k != action and k != "surrender"]
    return (totals[action] - max(others)) / weight


def _crossing(gain, lo: float, hi: float, g_lo: float, g_hi: float) -> float:
    """Refine a sign change of ``gain`` in ``[lo, hi]`` (Illinois regula falsi)."""
    side = 0
    for _ in range(4):
        t = hi - g_hi * (hi - lo) / (g_hi - g_lo)
        g = gain(t)
        if g == 0:
            return t
        if (g > 0) == (g_hi > 0):
            hi, g_hi = t, g
            if side == -1:
                g_lo /= 2
            side = -1
        else:
            lo, g_lo = t, g
            if side == 1:
                g_hi /= 2
            side = 1
    return hi - g_hi * (hi - lo) / (g_hi - g_lo)


def index_of(rules, hand: str, dealer: str, action: str, system: str | dict = "hi-lo",
             decks_remaining: float | None = None) -> tuple[float, str] | None:
    """The true count at which a play becomes right.

    Parameters
    ----------
    rules : dict, Rules or ExactRules
        The game.
    hand, dealer, action : str
        The play, as in a deviation (``'16'``, ``'T'``, ``'stand'``).
    system : str or dict
        A named balanced count or its tags.
    decks_remaining : float, optional
        Unseen decks at the decision; half the shoe when omitted.

    Returns
    -------
    tuple or None
        ``(crossing, direction)``: the true count [points/deck] where the
        gain changes sign, and ``'at_or_above'`` or ``'below'`` (the side on
        which the play is right); None if it never changes within +-12.
    """
    rules = ExactRules.from_rules(rules)
    tags = tags_of(system)
    decks = rules.decks / 2 if decks_remaining is None else decks_remaining
    cache: dict[float, float] = {}

    def gain(t: float) -> float:
        if t not in cache:
            cache[t] = play_gain(rules, hand, dealer, action, tags, t, decks)
        return cache[t]

    for step in range(SCAN):
        for lo, hi in ((step, step + 1), (-step - 1, -step)):
            try:
                g_lo, g_hi = gain(lo), gain(hi)
            except ValueError as exc:
                if "empties" in str(exc):
                    continue
                raise
            if (g_lo > 0) != (g_hi > 0):
                t = _crossing(gain, lo, hi, g_lo, g_hi)
                return t, ("at_or_above" if g_hi > 0 else "below")
    return None


def insurance_index(system: str | dict = "hi-lo") -> float:
    """True count [points/deck] above which insurance gains (tens over a third)."""
    tags = tags_of(system)
    s2 = float(PER_DECK @ tags**2)

    def excess(t):
        shoe = PER_DECK * (1.0 - t * tags / s2)
        return shoe[TEN] / shoe.sum() - 1.0 / 3.0

    lo, hi = -20.0, 20.0
    for _ in range(60):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if excess(mid) < 0 else (lo, mid)
    return (lo + hi) / 2


def _offered(rules: ExactRules, play: dict) -> bool:
    """Whether the rules offer a play's action at all (surrender, the double, a split)."""
    action = play.get("action")
    if action == "surrender":
        return rules.surrender != "none"
    if action == "split":
        return rules.max_split_hands >= 2
    if action == "double":
        (c1, c2), *_ = cell_hands(play["hand"])[0]
        soft = ACE in (c1, c2)
        return rules.may_double(c1 + c2 + 2, soft)
    return True


def generate_indices(rules, system: str | dict = "hi-lo", plays=None,
                     decks_remaining: float | None = None) -> list[dict]:
    """Index plays of a counting system for a game, in the config's Deviation format.

    Parameters
    ----------
    rules : dict, Rules or ExactRules
        The game.
    system : str or dict
        A named balanced count (``'hi-lo'``) or its tags.
    plays : list of dict, optional
        The plays to index: ``{'hand', 'dealer', 'action'}`` or
        ``{'play': 'insurance'}`` (thresholds ignored); when omitted, the
        Illustrious 18 and Fab 4 plays the rules offer (no surrender plays
        without surrender, no doubles the rules forbid).
    decks_remaining : float, optional
        Unseen decks at the decision; half the shoe when omitted.

    Returns
    -------
    list of dict
        Deviations with a whole-count threshold, in the order of ``plays``;
        a play that never changes between -12 and +12 is left out.
    """
    rules = ExactRules.from_rules(rules)
    if plays is None:
        sets = deviation_sets()
        plays = [p for p in sets["illustrious18"] + sets["fab4"] if _offered(rules, p)]
    out = []
    for play in plays:
        if play.get("play") == "insurance":
            out.append({"play": "insurance",
                        "at_or_above": math.floor(insurance_index(system) + 0.5)})
            continue
        found = index_of(rules, play["hand"], play["dealer"], play["action"], system,
                         decks_remaining)
        if found is not None:
            crossing, direction = found
            out.append({"hand": play["hand"], "dealer": play["dealer"],
                        "action": play["action"], direction: math.floor(crossing + 0.5)})
    return out

"""Multiple spots by true count: the config's rule and the kernel's table of it.

``betting.spots`` is a list of ``[true count at or above, spots]`` pairs read
like the ramp: at a true count the last pair at or below it gives the spots
(1..``MAX_SPOTS``), below the first pair one spot. Each spot bets the ramp's
units at that count. The spots take consecutive seats from ``table.seat``
(``seat``, ``seat + 1``, ...); ``table.players`` counts every seat dealt,
ours included, so the most spots of the rule must fit in seats ``seat`` ..
``players``, and the other players sit in the remaining seats, keeping their
order. A seat we could take but do not take this round stays empty (see
:mod:`jost_engine.kernel.spots`).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .kernel import layout as L

MAX_SPOTS = L.MAX_SPOTS
ONE_SPOT = ((-99.0, 1),)


def spot_pairs(value: Any) -> list[tuple[float, int]]:
    """Check ``betting.spots`` and return it as ``(true count, spots)`` pairs.

    Raises
    ------
    ValueError
        One message naming the field and what it allows.
    """
    allowed = (f"a list of [true count at or above, spots] pairs, true counts increasing "
               f"between -1000 and 1000, spots a whole number 1..{MAX_SPOTS}")
    if not isinstance(value, (list, tuple)) or not value:
        raise ValueError(f"spots: must be {allowed}, got {value!r}")
    pairs = []
    for pair in value:
        ok = (isinstance(pair, (list, tuple)) and len(pair) == 2
              and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in pair))
        if not ok or not abs(pair[0]) <= 1000 or pair[1] != int(pair[1]) \
                or not 1 <= pair[1] <= MAX_SPOTS:
            raise ValueError(f"spots: must be {allowed}, got {pair!r}")
        pairs.append((float(pair[0]), int(pair[1])))
    counts = [tc for tc, _ in pairs]
    if counts != sorted(counts) or len(set(counts)) != len(counts):
        raise ValueError(f"spots: must be {allowed}; the true counts must increase, got {counts}")
    return pairs


def most_spots(pairs) -> int:
    """The largest number of spots the rule ever takes [spots]."""
    return max(int(n) for _, n in pairs)


def check_fit(pairs, seat: int, players: int) -> None:
    """Check that the rule's most spots fit in seats ``seat`` .. ``players`` (1-based).

    Raises
    ------
    ValueError
        Naming ``betting.spots`` and the spots allowed at this table.
    """
    most = most_spots(pairs)
    fits = players - seat + 1
    if seat + most - 1 > players:
        raise ValueError(
            f"betting.spots: {most} spots from table.seat {seat} need seats {seat}.."
            f"{seat + most - 1}, but table.players is {players}; allowed: at most "
            f"{fits} spot{'s' if fits > 1 else ''} here (table.players counts our spots, "
            f"up to 7)")


def spots_by_tc(pairs) -> np.ndarray:
    """Spots taken (int64) at each true count from ``TC_MIN`` to ``TC_MAX``."""
    spots = np.ones(L.N_TC, dtype=np.int64)
    for i, tc in enumerate(range(L.TC_MIN, L.TC_MAX + 1)):
        for at, n in pairs:
            if tc >= at:
                spots[i] = n
    return spots


def describe_spots(pairs) -> str | None:
    """A short label of the rule, e.g. ``2 spots from +3``; None for one spot everywhere."""
    if most_spots(pairs) == 1:
        return None
    parts = []
    for at, n in pairs:
        if n > 1 or parts:
            parts.append(f"{n} spot{'s' if n > 1 else ''} from {at:+g}"
                         if at > -99 else f"{n} spots")
    return ", ".join(parts)

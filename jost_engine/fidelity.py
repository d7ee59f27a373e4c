"""Fidelity check: simulated advantage against exact reference house edges.

The reference rows (``tests/data/house_edges.json``) give the exact EV of
one round off the top of a full shoe; the matching simulation deals every
round from a fresh shoe (``reshuffle: "every_round"``). A row agrees when
``|simulated - exact| <= 4 SE + 0.01`` percentage points.
"""

from __future__ import annotations

RULE_FIELDS = ("decks", "dealer_hits_soft_17", "double_after_split", "resplit_aces",
               "surrender", "blackjack_pays", "max_split_hands")
TOLERANCE_SE = 4.0
TOLERANCE_PP = 0.01


def reference_config(row: dict, rounds: int, seed: int = 1,
                     chunk_rounds: int = 5_000_000) -> dict:
    """The off-the-top config of one reference row.

    Parameters
    ----------
    row : dict
        A row of ``house_edges.json`` (rule fields and ``ev_percent``).
    rounds : int
        Rounds to simulate.
    """
    rules = {k: row[k] for k in RULE_FIELDS if k in row}
    rules.update({"double": "any", "hole_card": "peek", "hit_split_aces": False,
                  "reshuffle": "every_round"})
    return {"rules": rules,
            "run": {"rounds": rounds, "seed": seed, "chunk_rounds": chunk_rounds}}


def compare(row: dict, summary: dict) -> dict:
    """One line of the fidelity table: exact, simulated, difference, verdict.

    Percentages are of the initial bet, the player's view (negative = house
    edge).
    """
    exact = row["ev_percent"]
    simulated = 100 * summary["advantage"]
    se = 100 * summary["se_advantage"]
    diff = simulated - exact
    allowed = TOLERANCE_SE * se + TOLERANCE_PP
    return {"exact_pct": exact, "simulated_pct": simulated, "se_pct": se, "diff_pct": diff,
            "diff_se": diff / se if se else float("inf"), "allowed_pct": allowed,
            "ok": abs(diff) <= allowed, "rounds": summary["rounds"]}

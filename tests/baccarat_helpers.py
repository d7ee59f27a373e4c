"""Helpers of the baccarat tests: the plug-in's folder, its entry points, a small config."""

from __future__ import annotations

from pathlib import Path

PLUGIN = Path(__file__).resolve().parent.parent / "plugins" / "jost-baccarat"
ENTRY_POINTS = ("[jost.simulations]\nbaccarat = jost_baccarat.handler:handler\n\n"
                "[jost.reports]\nbaccarat = jost_baccarat.reports:BACCARAT\n")


def baccarat_config(rounds: int = 20_000, chunk_rounds: int = 10_000, decks: int = 8,
                    seed: int = 1, **sections) -> dict:
    """A small baccarat config (default counters: Dragon 7 at +4, Panda 8)."""
    return {"simulation_type": "baccarat", "rules": {"decks": decks},
            "run": {"rounds": rounds, "chunk_rounds": chunk_rounds, "seed": seed}, **sections}

"""A chunk's tallies as plain JSON data, and their sum (additive, in chunk order)."""

from __future__ import annotations

import time

import numpy as np

from jost_engine.kernel.rng import chunk_key

from .kernel import N_TC, play_chunk
from .rules import CARDS_PER_DECK, OUTCOMES, TAGS, shoe_counts, tags_by_value


def counter_arrays(counters: list[dict]) -> tuple[np.ndarray, np.ndarray]:
    """The counters' tags by value class (int64[k, 10]) and entries (float64[k])."""
    tags = np.zeros((len(counters), 10), dtype=np.int64)
    for i, counter in enumerate(counters):
        named = counter["tags"]
        tags[i] = tags_by_value(TAGS[named] if isinstance(named, str) else named)
    entries = np.array([float(c["entry"]) for c in counters], dtype=np.float64)
    return tags, entries


def full_shoe(decks: int) -> np.ndarray:
    """The card values of an unshuffled shoe, value by value (int64)."""
    return np.repeat(np.arange(10, dtype=np.int64), shoe_counts(decks))


def run_chunk(config: dict, index: int, rounds: int) -> dict:
    """Play chunk ``index`` of ``rounds`` coups; its tallies as plain JSON data."""
    return run_chunk_timed(config, index, rounds)[0]


def run_chunk_timed(config: dict, index: int, rounds: int) -> tuple[dict, float]:
    """Play chunk ``index`` of ``rounds`` coups: its tallies and the kernel's time [s].

    The kernel is called once with no rounds first, so its compile (or
    loading from numba's cache) is not in the time.

    Returns
    -------
    dict
        ``chunks`` ([index]), ``rounds``, ``shoes``, ``outcomes`` (coups by
        outcome class) and ``counters``: for each, ``bets`` (coups bet, by
        outcome class) and ``by_tc`` (coups by true count and outcome class).
    """
    rules = config["rules"]
    shoe = full_shoe(rules["decks"])
    cut = int(round(rules["penetration"] * len(shoe)))
    tags, entries = counter_arrays(config["counters"])
    outcomes = np.zeros(len(OUTCOMES), dtype=np.int64)
    bets = np.zeros((len(tags), len(OUTCOMES)), dtype=np.int64)
    by_tc = np.zeros((len(tags), N_TC, len(OUTCOMES)), dtype=np.int64)
    key = chunk_key(config["run"]["seed"], index)
    args = (key, shoe, cut, bool(rules["burn"]), tags, entries, outcomes, bets, by_tc)
    play_chunk(0, *args)  # compiled or loaded here, not in the time below
    start = time.perf_counter()
    shoes = play_chunk(int(rounds), *args)
    kernel_s = time.perf_counter() - start
    return {"chunks": [int(index)], "rounds": int(rounds), "shoes": int(shoes),
            "cards_per_deck": CARDS_PER_DECK, "outcomes": outcomes.tolist(),
            "counters": [{"bets": b.tolist(), "by_tc": t.tolist()} for b, t in zip(bets, by_tc)]
            }, kernel_s


def add(partials: list[dict]) -> dict:
    """The sum of chunk tallies (given in chunk order; integer sums, so order-free)."""
    if not partials:
        raise ValueError("no chunk to merge")
    first = partials[0]
    out = {"chunks": [], "rounds": 0, "shoes": 0, "outcomes": np.zeros(len(OUTCOMES), np.int64),
           "counters": [{"bets": np.zeros(len(OUTCOMES), np.int64),
                         "by_tc": np.zeros((N_TC, len(OUTCOMES)), np.int64)}
                        for _ in first["counters"]]}
    for p in partials:
        out["chunks"] += p["chunks"]
        out["rounds"] += p["rounds"]
        out["shoes"] += p["shoes"]
        out["outcomes"] += np.asarray(p["outcomes"], dtype=np.int64)
        for mine, theirs in zip(out["counters"], p["counters"], strict=True):
            mine["bets"] += np.asarray(theirs["bets"], dtype=np.int64)
            mine["by_tc"] += np.asarray(theirs["by_tc"], dtype=np.int64)
    out["outcomes"] = out["outcomes"].tolist()
    out["counters"] = [{"bets": c["bets"].tolist(), "by_tc": c["by_tc"].tolist()}
                       for c in out["counters"]]
    return out

"""Cards are defined once (jost_engine.cards); dead names and stale references are gone."""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path

import numpy as np
import pytest

from jost_engine import cards

PACKAGE = Path(__file__).parent.parent / "jost_engine"
KEY_ORDERS = {cards.RANK_KEYS, cards.CHART_KEYS}
# the modules of the core, the exact analysis and the analysis layer
CHECKED = [p for p in PACKAGE.rglob("*.py")
           if p.relative_to(PACKAGE).parts[0] not in ("jobs", "reports")
           and not p.name.startswith("cli")]


def test_card_key_orders_and_shoes_are_defined_only_in_cards():
    """No module but cards.py spells out a card-key order or defines a full shoe."""
    found = []
    for path in CHECKED:
        if path.name == "cards.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Tuple | ast.List) and all(
                    isinstance(e, ast.Constant) for e in node.elts) and tuple(
                    e.value for e in node.elts) in KEY_ORDERS:
                found.append(f"{path.name}:{node.lineno} card keys")
            if isinstance(node, ast.FunctionDef) and node.name in ("full_shoe", "card_value",
                                                                   "rank_of"):
                found.append(f"{path.name}:{node.lineno} def {node.name}")
    assert found == []


@pytest.mark.parametrize("key", [*cards.RANK_KEYS, "10", "J", "q", " K "])
def test_both_index_conventions_follow_the_card_value(key):
    """Rank (exact analysis) = value (kernel) - 1, for every way of naming a card."""
    value = cards.card_value(key)
    assert 1 <= value <= 10 and cards.rank_of(key) == value - 1
    assert cards.RANK_KEYS[value - 1] == (key.strip().upper() if value < 10 else "T")


def test_a_bad_card_key_is_refused():
    with pytest.raises(ValueError, match="not a card: 'X'"):
        cards.card_value("X")


def test_chart_columns_run_2_to_9_then_ten_then_ace():
    assert cards.CHART_VALUES == (2, 3, 4, 5, 6, 7, 8, 9, 10, 1)
    assert cards.CHART_RANKS == tuple(v - 1 for v in cards.CHART_VALUES)


@pytest.mark.parametrize("decks", [1, 2, 6, 8])
def test_the_two_shoes_have_the_same_composition(decks):
    """The kernel's card list and the exact analysis's counts describe one full shoe."""
    dealt = cards.shoe_cards(decks)
    assert dealt.dtype == np.int8 and len(dealt) == 52 * decks
    assert np.bincount(dealt, minlength=11)[1:].tolist() == cards.shoe_counts(decks).tolist()


def test_the_kernel_shoe_keeps_its_order():
    """Seeded results depend on the unshuffled order: 1..9 four times, then 16 tens."""
    assert cards.shoe_cards(1).tolist() == list(range(1, 10)) * 4 + [10] * 16


@pytest.mark.parametrize(("module", "name"), [
    ("jost_engine.exact.charts", "CODE_NAMES"), ("jost_engine.exact.charts", "chart_digest"),
    ("jost_engine.kernel.layout", "P_DECKS"), ("jost_engine.kernel.shoe", "full_shoe"),
    ("jost_engine.exact.rules", "full_shoe"), ("jost_engine.exact.generate", "UP_KEYS")])
def test_dead_or_duplicated_names_are_gone(module, name):
    assert not hasattr(importlib.import_module(module), name)


def test_dotted_references_in_the_source_exist():
    """Every ``jost_engine.x.y`` a docstring or comment names can be imported or looked up."""
    missing = []
    for path in CHECKED:
        for ref in set(re.findall(r"\bjost_engine(?:\.\w+)+", path.read_text(encoding="utf-8"))):
            parts = ref.split(".")
            for cut in range(len(parts), 0, -1):
                try:
                    obj = importlib.import_module(".".join(parts[:cut]))
                except ImportError:
                    continue
                break
            for attr in parts[cut:]:
                obj = getattr(obj, attr, None)
            if obj is None:
                missing.append(f"{path.relative_to(PACKAGE)}: {ref}")
    assert sorted(missing) == []

"""Baccarat's kernel through its handler: simulated figures against exact, and determinism."""

from __future__ import annotations

import json

import pytest
from baccarat_helpers import baccarat_config

from jost_engine import registry

pytest_plugins = ["baccarat_fixtures"]
Z = 4.0  # a bet's simulated house edge lies within 4 SE of the exact one


@pytest.fixture(scope="module")
def result(baccarat_plugin):
    """400,000 coups of 8 decks dealt to 90 % (four chunks), merged."""
    config = registry.validate(baccarat_config(400_000, 100_000))
    handler = registry.get("baccarat")
    return handler.merge(config, [handler.run_chunk(config, c) for c in handler.plan(config)])


def test_every_bet_simulated_house_edge_is_within_4_se_of_the_exact_value(result):
    """Off the top and dealt to 90 % differ far less than one SE at this size, so the
    exact off-the-top edge is the reference; the SE is each bet's SD / sqrt(coups)."""
    for bet, figures in result.summary["bets"].items():
        gap = abs(figures["house_edge"] - figures["exact_house_edge"])
        assert gap < Z * figures["se"], (bet, figures["house_edge"], figures["se"])
        assert abs(figures["win"] - figures["exact_win"]) < Z * (
            figures["exact_win"] * (1 - figures["exact_win"]) / result.summary["rounds"]) ** .5


def test_chunks_merge_in_any_order_to_the_same_result_and_partials_are_json(baccarat_plugin):
    config = registry.validate(baccarat_config(30_000, 10_000, seed=5))
    handler = registry.get("baccarat")
    partials = [json.loads(json.dumps(handler.run_chunk(config, c)))
                for c in reversed(handler.plan(config))]
    again = [handler.run_chunk(config, c) for c in handler.plan(config)]
    merged = handler.merge(config, partials[::-1])
    assert merged.summary == handler.merge(config, again).summary
    assert merged.summary["rounds"] == 30_000
    assert json.loads(json.dumps(merged.to_dict()))["summary"] == merged.summary


def test_the_counter_bets_only_at_or_above_its_entry(result):
    """The rounds it bet are exactly the rounds tallied at true counts from its entry up."""
    for counter, tally in zip(result.summary["counters"], result.tally["counters"],
                              strict=True):
        above = sum(r["rounds"] for r in counter["by_true_count"]
                    if r["true_count"] >= counter["entry"])
        assert counter["rounds_bet"] == sum(tally["bets"]) == above


def test_a_bad_field_is_refused_in_one_line_naming_it_and_its_allowed_values(baccarat_plugin):
    from jost_engine.errors import ConfigError

    bad = baccarat_config()
    bad["rules"]["variant"] = "mini"
    with pytest.raises(ConfigError, match=r"^rules.variant: must be one of 'punto_banco' or "
                                          r"'ez', got 'mini'$"):
        registry.validate(bad)
    bad = baccarat_config(counters=[{"bet": "dragon7", "tags": "hi-lo", "entry": 4}])
    with pytest.raises(ConfigError, match=r"^counters.0.tags: must be one of dragon7-jacobson"):
        registry.validate(bad)

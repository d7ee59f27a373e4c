"""``strategy.chart: "basic"`` plays the chart generated exactly for the config's rules.

The rule set here (3 decks, H17, no double after split, doubling on 9-11 only,
late surrender) has no published chart: the engine once played its 4-8 deck
H17 chart there, which surrenders differently.
"""

import numpy as np
import pytest

from jost_engine import run_simulation_from_config
from jost_engine.analysis import tables
from jost_engine.config import validate_config
from jost_engine.exact import exact_ev, generate_chart
from jost_engine.prepare import prepare
from jost_engine.simulation import validate

RULES = {"decks": 3, "dealer_hits_soft_17": True, "double_after_split": False,
         "double": "9-11", "surrender": "late"}
TALLY_FIELDS = ("rounds", "hands", "net_units", "total_wagered_units", "sd_per_round")


def config_of(rules: dict, chart="basic", rounds: int = 200_000) -> dict:
    return {"rules": rules, "strategy": {"chart": chart},
            "run": {"rounds": rounds, "seed": 11, "chunk_rounds": 100_000}}


def test_basic_plays_the_generated_chart_and_the_config_keeps_basic():
    chart = generate_chart(RULES)
    assert chart["late_surrender"]["16"] == "- - - - - - - - R R"  # the 4-8 deck chart: 9 too
    assert validate(config_of(RULES))["strategy"]["chart"] == "basic"
    assert np.array_equal(prepare(validate_config(config_of(RULES))).strategy,
                          prepare(validate_config(config_of(RULES, chart))).strategy)
    basic = run_simulation_from_config(config_of(RULES))
    given = run_simulation_from_config(config_of(RULES, chart))
    assert {k: basic.summary[k] for k in TALLY_FIELDS} == {
        k: given.summary[k] for k in TALLY_FIELDS}
    assert tables.decisions(basic).equals(tables.decisions(given))
    assert tables.outcome_distribution(basic).equals(tables.outcome_distribution(given))


def test_rules_that_change_no_play_share_the_basic_strategy_table():
    table = prepare(validate_config(config_of(RULES))).strategy
    for other in ({"blackjack_pays": 1.2}, {"penetration": 0.5}, {"reshuffle": "every_round"}):
        model = validate_config(config_of({**RULES, **other}))
        assert np.array_equal(prepare(model).strategy, table)
    with_das = validate_config(config_of({**RULES, "double_after_split": True}))
    assert not np.array_equal(prepare(with_das).strategy, table)


@pytest.mark.slow
def test_basic_off_the_top_is_within_4_se_of_the_exact_ev():
    rules = {**RULES, "reshuffle": "every_round"}
    exact = exact_ev(rules)["ev_td"]  # the generated chart's EV
    summary = run_simulation_from_config(config_of(rules, rounds=4_000_000)).summary
    diff = summary["advantage"] - exact
    assert abs(diff) <= 4 * summary["se_advantage"], (exact, summary["advantage"],
                                                       diff / summary["se_advantage"])

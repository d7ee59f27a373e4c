"""Tables and figures of jost_engine.analysis, on one small in-process result."""

from __future__ import annotations

import io

import pandas as pd
import pytest
from matplotlib.figure import Figure

from jost_engine import run_simulation_from_config
from jost_engine.analysis import figures, tables


@pytest.fixture(scope="module")
def results():
    from conftest import CHART_4D_S17

    def config(**rules):
        return {"rules": {"decks": 6, **rules},
                "strategy": {"chart": CHART_4D_S17, "count": {"system": "hi-lo"}},
                "betting": {"ramp": [[-99, 1], [2, 4]], "bankroll_units": 200},
                "run": {"rounds": 20_000, "seed": 5, "chunk_rounds": 10_000}}

    base, h17 = config(), config(dealer_hits_soft_17=True)
    return {"base": run_simulation_from_config(base), "h17": run_simulation_from_config(h17)}


def _png(fig: Figure) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return buffer.getvalue()


def test_house_edge_interval_is_centred_on_minus_the_advantage(results):
    edge = tables.house_edge(results["base"])
    s = results["base"].summary
    assert edge["house_edge"] == -s["advantage"]
    assert edge["ci_low"] < edge["house_edge"] < edge["ci_high"]
    assert edge["ci_high"] - edge["house_edge"] == pytest.approx(1.959964 * s["se_advantage"])


def test_rule_effects_is_the_difference_to_the_base(results):
    table = tables.rule_effects(results["base"], {"H17": results["h17"]})
    row = table.iloc[0]
    assert row["change"] == "H17"
    assert row["effect"] == pytest.approx(results["h17"].summary["advantage"]
                                          - results["base"].summary["advantage"])
    assert row["se_effect"] > 0


def test_risk_of_ruin_falls_with_the_bankroll():
    table = tables.risk_of_ruin(0.02, 3.0, [100, 200, 400])
    assert list(table["bankroll_units"]) == [100, 200, 400]
    assert table["ror"].is_monotonic_decreasing
    assert tables.risk_of_ruin(-0.01, 1.0, [100])["ror"].iloc[0] == 1.0


def test_bet_ramp_and_compare_tables(results):
    ramp = tables.bet_ramp(results["base"].config)
    assert ramp.to_dict("list") == {"true_count": [-99, 2], "units": [1, 4]}
    table = tables.compare(results)
    assert list(table.index) == ["base", "h17"]
    assert table.loc["h17", "advantage"] == results["h17"].summary["advantage"]
    assert set(tables.counter_figures(results["base"])) >= {"di", "score", "n0", "sd_per_round"}


def test_every_figure_is_an_agg_figure_that_renders(results):
    base = results["base"]
    made = [
        figures.ev_by_true_count(tables.by_true_count(base)),
        figures.outcome_distribution(tables.outcome_distribution(base)),
        figures.risk_of_ruin(tables.risk_of_ruin(0.02, 3.0, [100, 400])),
        figures.rule_effects(pd.DataFrame({"change": ["H17", "8 decks"],
                                           "exact_effect": [-0.0021, -0.0003],
                                           "simulated_effect": [-0.0019, float("nan")],
                                           "ci_half_width": [0.0005, float("nan")],
                                           "simulated_shown": [True, False]})),
        figures.comparison(tables.compare(results)),
        figures.comparison(tables.compare(results), fields=("advantage",)),
        figures.convergence(tables.convergence(base.config, [base.tally, base.tally])),
    ]
    for fig in made:
        assert isinstance(fig, Figure)
        assert _png(fig).startswith(b"\x89PNG")


def test_convergence_ends_at_the_merged_result(make_config):
    from jost_engine.simulation import plan, run_chunk, validate

    config = validate(make_config())
    chunks = [run_chunk(config, c) for c in plan(config)]
    table = tables.convergence(config, chunks)
    whole = run_simulation_from_config(config).summary
    assert list(table["chunks"]) == [1, 2, 3, 4]
    assert table["rounds"].iloc[-1] == 20_000
    assert table["advantage"].iloc[-1] == whole["advantage"]
    assert (table["low"] < table["advantage"]).all() and (table["advantage"] < table["high"]).all()
    thinned = tables.convergence(config, chunks, max_points=2)
    assert list(thinned["chunks"]) == [2, 4]
    assert thinned.iloc[-1].equals(table.iloc[-1])
    assert list(tables.convergence(config, chunks * 3, max_points=5)["chunks"]) == [
        3, 6, 9, 12]

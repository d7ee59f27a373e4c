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


def _all_figures(results) -> list:
    base = results["base"]
    s = base.summary
    return [
        figures.ev_by_true_count(tables.by_true_count(base)),
        figures.outcome_distribution(tables.outcome_distribution(base)),
        figures.risk_of_ruin(tables.risk_of_ruin(0.02, 3.0, [100, 400], se=0.01), unit=25),
        figures.bankroll_trips(tables.trips(s), s),
        figures.rule_effects(pd.DataFrame({"change": ["H17", "8 decks"],
                                           "exact_effect": [-0.0021, -0.0003],
                                           "simulated_effect": [-0.0019, float("nan")],
                                           "se_simulated": [0.00026, float("nan")],
                                           "ci_half_width": [0.0005, float("nan")],
                                           "simulated_shown": [True, False]})),
        figures.comparison(tables.compare(results)),
        figures.comparison(tables.compare(results), fields=("advantage",)),
        figures.convergence(tables.convergence(base.config, [base.tally, base.tally])),
    ]


def test_every_figure_is_an_agg_figure_that_renders(results):
    for fig in _all_figures(results):
        assert isinstance(fig, Figure)
        assert _png(fig).startswith(b"\x89PNG")


def test_every_axes_of_every_figure_has_a_title_and_labelled_axes(results):
    """Each Axes of each figure function has a title, an x label and a y label, none of them
    a variable name."""
    for fig in _all_figures(results):
        for ax in fig.axes:
            name = f"{fig.axes[0].get_title()!r}: {ax.get_title()!r}"
            assert ax.get_title(), name
            assert ax.get_xlabel() and ax.get_ylabel(), name
            assert "_" not in ax.get_xlabel() + ax.get_ylabel(), "no variable names"


def test_every_figure_is_drawn_in_the_package_style(results):
    """The style sheet ships beside figures.py, and each figure's titles have its bold,
    left-aligned look while the global rcParams stay untouched."""
    import matplotlib

    assert figures.STYLE.is_file() and figures.STYLE.name == "jost.mplstyle"
    before = matplotlib.rcParams["axes.titleweight"]
    for fig in _all_figures(results):
        ax = fig.axes[0]
        assert ax.title.get_fontweight() == "bold" or ax.title.get_text() == ""
        assert not ax.spines["top"].get_visible()
    assert matplotlib.rcParams["axes.titleweight"] == before


def test_convergence_ends_at_the_merged_result(make_config):
    """The convergence's steps are the chunks' sub-batches in chunk order, from the 20th
    batch on: it ends at the merged advantage after all 4 x 64 batches, with a band of +- 1 SE;
    thinned, it keeps its last point; tallies saved without batches step by chunk, iid SE."""
    from dataclasses import replace

    from jost_engine.batches import MIN_BATCHES
    from jost_engine.kernel.layout import N_BATCHES
    from jost_engine.simulation import plan, run_chunk, validate

    config = validate(make_config())
    chunks = [run_chunk(config, c) for c in plan(config)]
    table = tables.convergence(config, chunks)
    whole = run_simulation_from_config(config).summary
    assert table["batches"].iloc[0] == MIN_BATCHES and table["chunks"].iloc[0] == 1
    assert table["batches"].iloc[-1] == 4 * N_BATCHES and table["chunks"].iloc[-1] == 4
    assert table["rounds"].iloc[-1] == 20_000
    assert table["advantage"].iloc[-1] == pytest.approx(whole["advantage"], rel=1e-12)
    assert (table["method"] == "batch means").all() and table.attrs["z"] == 1.0
    assert list(table["high"] - table["advantage"]) == pytest.approx(list(table["se_advantage"]))
    assert (table["low"] < table["advantage"]).all() and (table["advantage"] < table["high"]).all()
    thinned = tables.convergence(config, chunks, max_points=2)
    assert len(thinned) == 2
    assert thinned.iloc[-1].equals(table.iloc[-1])
    one = tables.convergence(config, chunks[:1])
    assert len(one) == N_BATCHES - MIN_BATCHES + 1, "one chunk: a point per batch from the 20th"
    old = tables.convergence(config, [replace(t, batches=[]) for t in chunks])
    assert list(old["chunks"]) == [1, 2, 3, 4] and (old["method"] == "iid").all()
    assert old["advantage"].iloc[-1] == whole["advantage"]


def test_true_count_summary_pools_rare_counts_into_two_tail_rows(results):
    """Counts of at least 0.1 % of rounds keep their rows; rarer ones beyond them are pooled
    into ``<= tc`` and ``>= tc`` rows whose rounds, EV and SE are those of the pooled rounds
    (EV the rounds-weighted mean; SE the SD of all of them over the square root of their
    number); a kept row's SE is the table's own."""
    full = tables.by_true_count(results["base"])
    trimmed = tables.true_count_summary(full, min_frequency=0.001)
    labels_ = list(trimmed["true_count"])
    assert labels_[0].startswith("<= ") and labels_[-1].startswith(">= ")
    assert trimmed["rounds"].sum() == full["rounds"].sum()
    assert trimmed["frequency"].sum() == pytest.approx(1.0)
    assert (trimmed["frequency"].iloc[1:-1] >= 0.001).all()
    assert len(trimmed) < len(full)
    low = int(labels_[0].split()[1])
    tail = full[full["true_count"] <= low]
    n = tail["rounds"].sum()
    ev = (tail["ev_per_round"] * tail["rounds"]).sum() / n
    var = (tail["rounds"] * (tail["sd_per_round"] ** 2 + tail["ev_per_round"] ** 2)).sum() / n
    assert trimmed["ev_per_round"].iloc[0] == pytest.approx(ev)
    assert trimmed["se_ev_per_round"].iloc[0] == pytest.approx((var - ev**2) ** 0.5 / n**0.5)
    zero = full[full["true_count"] == 0].iloc[0]
    row = trimmed[trimmed["true_count"] == "0"].iloc[0]
    assert row["se_ev_per_round"] == pytest.approx(zero["sd_per_round"] / zero["rounds"] ** 0.5)
    assert row["se_advantage"] == pytest.approx(zero["se_advantage"], rel=1e-9)


# -- figures written for people: labels, key figures, sentences (pure functions) ------------

SUMMARY = {"rounds": 200_000, "rounds_dealt": 200_000, "ev_per_round": 0.0106325,
           "se_ev_per_round": 0.00707495, "sd_per_round": 3.16401, "advantage": 0.00640817,
           "se_advantage": 0.00426383, "win_rate_per_100": 1.06325, "win_rate_per_hour": 1.06325,
           "sd_per_hour": 31.6401, "avg_bet": 1.65921, "di": 3.36045, "score": 11.2926,
           "n0": 88553.6, "ror": 0.427557, "bankroll_units": 400.0, "rounds_per_hour": 100.0}
CONFIG = {"label": "Hi-Lo 1-12", "rules": {"decks": 6, "penetration": 0.75},
          "strategy": {"count": {"system": "hi-lo"}, "deviations": "illustrious18+fab4"},
          "betting": {"ramp": [[-99, 1], [2, 2], [3, 4], [4, 8], [5, 12]], "unit": 25,
                      "bankroll_units": 400},
          "run": {"rounds": 200_000, "seed": 1, "rounds_per_hour": 100}}


def test_labels_name_every_summary_key_without_underscores(results):
    """Every key of a result's summary and of the tables' columns has a readable label."""
    from jost_engine.analysis import labels

    keys = [*results["base"].summary, *tables.by_true_count(results["base"]).columns]
    for key in keys:
        assert "_" not in labels.label(key), key
    assert labels.label("win_rate_per_hour") == "win rate [units per hour]"
    assert labels.label("n0") == "N0, rounds to overcome one SD [rounds]"


def test_values_are_written_as_percent_money_and_with_the_digits_of_their_se():
    """Fractions as %, signed where a sign means something; money with its currency; the
    decimals of an estimate follow two significant digits of its SE."""
    from jost_engine.analysis import labels, present

    assert labels.format_value("advantage", 0.00640817, se=0.00426383) == "+0.64 %"
    assert labels.format_value("advantage", 0.00640817, se=0.0000426) == "+0.6408 %"
    assert labels.format_value("ror", 0.427557) == "42.8 %"
    assert labels.format_value("win_rate_per_100", 1.06325, se=0.7075) == "+1.06"
    assert labels.format_value("n0", 88553.6) == "88,554"
    assert labels.format_value("di", None) == "n/a"
    assert labels.money(26.58125) == "$26.58"
    assert labels.money(-791.0) == "-$791"
    assert labels.money(10_000) == "$10,000"
    numbers = {"ror": 0.43, "ror_low": 0.14, "ror_high": 1.0, "advantage": 0.0064,
               "se_advantage": 0.0043}
    assert labels.shown_keys(numbers) == ["ror", "advantage"]
    assert present.with_uncertainty("ror", numbers) == "43 % (from 14 % to 100 % at ± 1 SE)"
    assert present.with_uncertainty("advantage", numbers) == "+0.64 % ± 0.43 %"


def test_key_figures_carry_standard_errors_and_intervals():
    """The SE of the win rate per 100 rounds is 100 SE(EV); DI's is 1000 SE(EV) / SD; the
    risk of ruin and N0 ranges are their values at EV ± 1 SE."""
    from jost_engine import statistics
    from jost_engine.analysis import present

    k = present.key_figures(SUMMARY, CONFIG)
    assert k["se_win_rate_per_100"] == pytest.approx(100 * 0.00707495)
    assert k["se_di"] == pytest.approx(1000 * 0.00707495 / 3.16401)
    assert k["se_score"] == pytest.approx(2 * 3.36045 * k["se_di"])
    high_ev = 0.0106325 + 0.00707495
    assert k["ror_low"] == pytest.approx(statistics.risk_of_ruin(high_ev, 3.16401, 400))
    assert k["ror_low"] < SUMMARY["ror"] < k["ror_high"]
    assert k["n0_low"] < SUMMARY["n0"] < k["n0_high"]
    wide = present.key_figures({**SUMMARY, "se_ev_per_round": 0.02}, CONFIG)
    assert wide["n0_high"] is None, "EV - 1 SE is not positive: no upper end"


def test_the_result_sentence_says_win_rate_money_uncertainty_score_and_ruin():
    """The counter's first sentence, exactly: units and $ per 100 rounds ± 1 SE, $ per hour
    with the SD, the advantage, SCORE and the lifetime risk of ruin with its bankroll and its
    range at EV ± 1 SE, then what the ± is."""
    from jost_engine.analysis import summary_text

    text = summary_text.result_sentence("Hi-Lo 1-12", SUMMARY, CONFIG)
    assert text == (
        "Hi-Lo 1-12 wins 1.06 ± 0.71 units ($27 ± $18) per 100 rounds, +$27 ± $18 per hour "
        "with a standard deviation of $791 per hour; the player's advantage is +0.64 % ± "
        "0.43 % of the initial bet; SCORE 11 ± 15; risk of ruin, lifetime, bankroll 400 units "
        "($10,000): 43 % (from 24 % to 75 % at ± 1 SE). ± is one standard error. "
        "From 200,000 simulated rounds, seed 1.")
    losing = {**SUMMARY, "win_rate_per_100": -0.5, "ev_per_round": -0.005}
    assert "Hi-Lo 1-12 loses 0.50 ± 0.71 units ($12 ± $18) per 100 rounds" in (
        summary_text.result_sentence("Hi-Lo 1-12", losing, CONFIG))
    assert summary_text.headline(SUMMARY, CONFIG) == (
        "advantage +0.64 % ± 0.43 %, win rate +$27 ± $18 per 100 rounds")


def test_the_game_sentence_gives_the_edge_plus_minus_one_se_and_the_exact_edge():
    """The house edge ± 1 SE, what the ± is, and the exact edge off the top."""
    from jost_engine.analysis import summary_text

    edge = {"house_edge": 0.0052, "se": 0.00102, "rounds": 1_000_000}
    assert summary_text.game_sentence("6D S17", edge, 0.0041) == (
        "Under 6D S17, a basic-strategy player with flat bets gives the house 0.52 % ± 0.10 % "
        "of each initial bet (± is one standard error), from 1,000,000 simulated rounds; the "
        "exact house edge off the top is 0.410 %.")


def test_the_compare_sentence_names_a_winner_only_when_the_gap_is_resolved(results):
    """Two results 20,000 rounds each (H17 against S17: a gap far inside its noise): the
    sentence does not say either wins; it gives the gap ± SE and the rounds needed. With the
    SEs shrunk 100 times the same gap is resolved and the leader is named."""
    from types import SimpleNamespace

    from jost_engine.analysis import summary_text

    text = summary_text.compare_sentence(results)
    assert text.startswith("Of 2 configurations, ") and "wins" not in text
    assert "not resolved at 20,000 rounds (need about" in text
    assert text.endswith("± is one standard error.")
    sure = {name: SimpleNamespace(config=r.config, summary={
        **r.summary, "se_ev_per_round": r.summary["se_ev_per_round"] / 100})
        for name, r in results.items()}
    assert "beyond the noise at 95 %" in summary_text.compare_sentence(sure)


def test_config_rows_and_the_differences_between_configs():
    """A config reads as rules, count, ramp, penetration, money, rounds and seed; the diff of
    two configs lists only the settings that differ, by readable name."""
    from jost_engine.analysis import present

    rows = present.config_rows({**CONFIG, "rules": {"decks": 6, "penetration": 0.75}})
    assert rows["count and index plays"] == "Hi-Lo, index plays Illustrious 18 + Fab 4"
    assert rows["bet ramp [units]"] == (
        "1 below TC 2; 2 at 2; 4 at 3; 8 at 4; 12 at 5+ (spread 1-12)")
    assert rows["bankroll"] == "400 units ($10,000)"
    assert rows["penetration"] == "75 %" and rows["seed"] == "1" and rows["rounds"] == "200,000"
    flat = {**CONFIG, "label": "flat", "betting": {**CONFIG["betting"], "ramp": [[-99, 1]]}}
    diff = present.config_diff({"A": CONFIG, "B": flat})
    assert list(diff.index) == ["bet ramp [units]"]
    assert list(diff.loc["bet ramp [units]"]) == [
        "1 below TC 2; 2 at 2; 4 at 3; 8 at 4; 12 at 5+ (spread 1-12)", "flat, 1 unit"]

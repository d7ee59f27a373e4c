"""Racing studies (issue 22): successive elimination on paired differences.

The race (:mod:`jost_engine.analysis.race`) decides from completed chunks in
chunk order only, so the in-process race, its replay over a uniform run's
chunks and the study on Dask take the same decisions.
"""

from __future__ import annotations

import pytest
from jobs_helpers import blackjack_config

from jost_engine.analysis.race import Race, race_z
from jost_engine.analysis.study_figures import race_rounds
from jost_engine.analysis.study_tables import race_words, variants_view
from jost_engine.errors import StudyError
from jost_engine.simulation import result_of
from jost_engine.studies import Study
from jost_engine.studies.racing import race_in_process
from jost_engine.studies.spec import parse_spec

pytest_plugins = ["jobs_fixtures"]

PAYOUTS = {"2:1": {"rules.blackjack_pays": 2.0},
           "2:1 H17": {"rules": {"blackjack_pays": 2.0, "dealer_hits_soft_17": True}},
           "2:1 no DAS": {"rules": {"blackjack_pays": 2.0, "double_after_split": False}},
           "H17": {"rules.dealer_hits_soft_17": True},
           "no DAS": {"rules.double_after_split": False},
           "6:5": {"rules.blackjack_pays": 1.2},
           "6:5 H17": {"rules": {"blackjack_pays": 1.2, "dealer_hits_soft_17": True}},
           "1:1": {"rules.blackjack_pays": 1.0}}


def payout_race(top_k: int = 3, **race) -> dict:
    """Nine rule variants (6-deck S17 base) in 60 chunks of 1,000 rounds, raced for the top k."""
    return {"label": "payouts", "base": blackjack_config(60_000, 1_000, seed=5),
            "variants": PAYOUTS, "race": {"top_k": top_k, **race}}


@pytest.fixture(scope="module")
def uniform():
    """The race replayed over a uniform run (every variant all 60 chunks), and that run."""
    return race_in_process(payout_race(), uniform=True)


def test_the_race_finds_the_uniform_top_3_and_top_1_with_fewer_rounds(uniform):
    race, rows, tallies = uniform
    advantage = {r.name: result_of(r.config, tallies[r.name]).summary["advantage"]
                 for r in rows}
    best = sorted(advantage, key=advantage.get, reverse=True)
    raced, _, raced_tallies = race_in_process(payout_race())
    assert raced.outcomes == race.outcomes
    kept = [n for n, o in raced.outcomes.items() if o.state == "resolved"]
    assert set(kept) == set(best[:3])
    assert raced.ranking()[0] == best[0]
    used = sum(len(t) for t in raced_tallies.values()) * 1_000
    assert used < sum(len(t) for t in tallies.values()) * 1_000 == 9 * 60_000
    assert used == sum((o.last_chunk + 1) * 1_000 for o in raced.outcomes.values())


def test_every_eliminated_variant_was_below_place_k_by_more_than_z_paired_se(uniform):
    race, _, _ = uniform
    out = [o for o in race.outcomes.values() if o.state == "eliminated"]
    assert len(out) == 6
    for outcome in out:
        assert outcome.diff + race.z * outcome.se < 0
        assert race.outcomes[outcome.against].state == "resolved"


def test_the_bound_is_bonferroni_corrected_over_comparisons_and_looks():
    assert race_z(0.95, 2, 1) == pytest.approx(1.959964, abs=1e-6)
    assert race_z(0.95, 9, 9) == pytest.approx(3.3918, abs=1e-4)  # 1 - 0.05 / (2 * 8 * 9)
    assert Race(["a", "b"], plan_chunks=60, chunk_rounds=1_000).z == pytest.approx(
        race_z(0.95, 2, 9))


def test_a_budget_spent_leaves_the_rest_unresolved():
    race, _, tallies = race_in_process(payout_race(top_k=1, budget_rounds=200_000))
    assert {o.state for o in race.outcomes.values()} <= {"eliminated", "unresolved"}
    assert sum(len(t) for t in tallies.values()) * 1_000 <= 200_000


@pytest.mark.parametrize("race, message", [
    ({"top_k": 9}, "race.top_k: must be below the number of variants"),
    ({"confidence": 1.5}, "race.confidence: must be between 0.5 and 0.9999, got 1.5"),
    ({"metric": "luck"}, "race.metric: must be one of"),
])
def test_bad_race_sections_are_refused_naming_the_field(race, message):
    with pytest.raises(StudyError, match=message):
        race_in_process({**payout_race(), "race": race})


def test_a_race_needs_every_variant_on_the_same_plan_and_shoes():
    spec = payout_race()
    spec["variants"] = {**PAYOUTS, "longer": {"run.rounds": 80_000}}
    with pytest.raises(StudyError, match="race: every variant must share run.rounds"):
        race_in_process(spec)
    assert parse_spec(payout_race()).race.confidence == 0.95


def test_the_race_words_and_chart():
    assert race_words({"race": "eliminated", "rounds": 20_000, "race_against": "2:1"}) == (
        "eliminated at 20,000 rounds (below 2:1)")
    assert race_words({"race": None, "rounds": 1}) == ""
    import pandas as pd
    frame = pd.DataFrame({"variant": ["base", "x"], "rounds": [20_000, 60_000],
                          "race": ["eliminated", "resolved"]})
    assert "60,000" not in race_rounds(frame).axes[0].get_title()
    assert race_rounds(frame).axes[0].get_title().endswith("(80,000 in all)")


def test_a_racing_study_on_dask_takes_the_in_process_decisions(manager, uniform):
    race, rows, tallies = uniform
    study = Study.submit(payout_race(), manager)
    assert study.wait(240) == "COMPLETE"
    frame = study.results(exact=False)
    for _, row in frame.iterrows():
        outcome = race.outcomes[row["variant"]]
        assert row["race"] == outcome.state, row["variant"]
        assert row["rounds"] == (outcome.last_chunk + 1) * 1_000
        config = next(r.config for r in rows if r.name == row["variant"])
        expected = result_of(config, tallies[row["variant"]][:outcome.last_chunk + 1])
        assert row["advantage"] == expected.summary["advantage"]
    view = variants_view(frame)
    assert view.loc["6:5", "race"].startswith("eliminated at 20,000 rounds (below ")
    from jost_engine.cli.study import format_table

    assert "resolved (in the top) at 20,000 rounds" in format_table(study.rows(exact=False))


def test_a_difference_inside_the_corrected_bound_eliminates_nothing():
    """H17 against the base over 60,000 rounds: the paired difference is 2.65 paired SEs
    below zero at the end, past an uncorrected 1.96 but inside the race's z = 2.77
    (Bonferroni over 9 looks), so both stay unresolved to the end of the plan."""
    from jost_engine.analysis.paired import paired_difference

    spec = {"label": "H17", "base": blackjack_config(60_000, 1_000, seed=5),
            "variants": {"H17": PAYOUTS["H17"]}, "race": {"top_k": 1}}
    race, _, tallies = race_in_process(spec)
    diff, se, _, _ = paired_difference(tallies["H17"], tallies["base"])
    assert -race.z < diff / se < -1.96
    assert {o.state for o in race.outcomes.values()} == {"unresolved"}
    assert all(o.last_chunk == 59 for o in race.outcomes.values())

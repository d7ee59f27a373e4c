"""Side bets in the simulation: simulated figures agree with the exact ones, the main game
is untouched, bad side bets are refused in one line."""

import pytest

from jost_engine import run_simulation_from_config
from jost_engine.config import validate_config
from jost_engine.errors import ConfigError
from jost_engine.result import SimulationResult

ROUNDS = 300_000
GAME = {"decks": 6, "dealer_hits_soft_17": True, "reshuffle": "every_round"}
BETS = [{"name": "21+3", "paytable": "5-tier"}, {"name": "perfect-pairs"},
        {"name": "lucky-ladies"}, {"name": "buster"}]


@pytest.fixture(scope="module")
def result():
    """One run of the four side bets, reshuffled every round (independent rounds)."""
    return run_simulation_from_config({"rules": GAME, "side_bets": BETS,
                                       "run": {"rounds": ROUNDS, "seed": 11}})


@pytest.mark.parametrize("b", range(len(BETS)), ids=[b["name"] for b in BETS])
def test_simulated_edge_is_within_4_se_of_the_exact_edge(result, b):
    """Each bet's simulated house edge is within 4 SE of its exact edge off the top."""
    bet = result.summary["side_bets"][b]
    assert bet["rounds"] == ROUNDS
    assert abs(bet["house_edge"] - bet["exact_house_edge"]) < 4 * bet["se_house_edge"]


@pytest.mark.parametrize("b", range(len(BETS)), ids=[b["name"] for b in BETS])
def test_every_pay_line_frequency_is_within_4_se_of_its_exact_probability(result, b):
    """Each pay line's simulated frequency is within 4 binomial SEs (at the exact p) of it."""
    for line in result.summary["side_bets"][b]["lines"]:
        p = line["exact_probability"]
        se = (p * (1 - p) / ROUNDS) ** 0.5
        assert abs(line["frequency"] - p) < 4 * se + 1 / ROUNDS, line["line"]


def test_side_bets_without_a_dealer_bust_bet_leave_the_main_game_unchanged():
    """The same seed with and without 21+3 and Perfect Pairs: equal main-game figures
    (the suits are drawn from a stream of their own; the shoe's order does not change)."""
    base = {"rules": {"decks": 2, "penetration": 0.7}, "run": {"rounds": 20_000, "seed": 5}}
    plain = run_simulation_from_config(base).figures()
    side = run_simulation_from_config({**base, "side_bets": BETS[:2]}).figures()
    assert side.pop("side_bets")
    assert side == plain


def test_side_bet_tallies_survive_the_json_round_trip(result):
    """to_dict / from_dict keeps the side tallies; the summary is recomputed the same."""
    again = SimulationResult.from_dict(result.to_dict())
    assert again.tally.side == result.tally.side
    assert again.summary["side_bets"] == result.summary["side_bets"]


@pytest.mark.parametrize("spec,needle", [
    ({"name": "keno"}, "side_bets.0.name: must be one of 21+3"),
    ({"name": "buster", "paytable": "x"}, "side_bets.0.paytable: buster has pay tables"),
    ({"name": "21+3", "bet": 0}, "side_bets.0.bet"),
])
def test_a_bad_side_bet_is_refused_in_one_line(spec, needle):
    """A config with an unknown bet or table or a bad stake: one line naming the field."""
    with pytest.raises(ConfigError) as info:
        validate_config({"rules": {"decks": 6}, "run": {"rounds": 10}, "side_bets": [spec]})
    assert needle in str(info.value) and "\n" not in str(info.value)


def test_entry_figures_are_the_rounds_at_or_above_the_entry_true_count():
    """In a shoe game the entry player's rounds, advantage and win per 100 rounds are the sums
    of the by-true-count rows at or above the entry; a study's columns carry them."""
    from jost_engine.side_bets import flat_figures

    result = run_simulation_from_config({
        "rules": {"decks": 6, "dealer_hits_soft_17": True, "penetration": 0.8},
        "side_bets": [{"name": "buster", "entry": 2, "bet": 2}],
        "run": {"rounds": 30_000, "seed": 4}})
    bet = result.summary["side_bets"][0]
    rows = [r for r in bet["by_true_count"] if r["true_count"] >= 2]
    entry = bet["entry"]
    assert 0 < entry["rounds_bet"] == sum(r["rounds"] for r in rows) < bet["rounds"]
    won = sum(r["advantage"] * r["rounds"] for r in rows)
    assert entry["advantage"] == pytest.approx(won / entry["rounds_bet"], rel=1e-12)
    assert entry["win_per_100"] == pytest.approx(100 * 2 * won / bet["rounds"], rel=1e-12)
    columns = flat_figures(result.summary)
    assert columns["side_bet.buster.entry_win_per_100"] == entry["win_per_100"]
    assert columns["side_bet.buster.exact_house_edge"] == bet["exact_house_edge"]

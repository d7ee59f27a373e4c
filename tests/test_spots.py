"""Multiple spots by true count (betting.spots): the config rule, the kernel, the figures.

Statistical tests take their tolerance from the standard errors the summary
reports (four SEs: a false alarm about once in 16,000 runs).
"""

from __future__ import annotations

import functools
import math

import pytest

from jost_engine import run_simulation_from_config
from jost_engine.config import validate_config
from jost_engine.errors import ConfigError
from jost_engine.kernel import layout as L
from jost_engine.profiles import hydrate
from jost_engine.spots import spots_by_tc
from jost_engine.tally import Tally, merge

ROUNDS = 300_000
Z = 4.0
#: Wizard of Odds, "Variance in blackjack" (appendix 4): 6 decks H17 DAS, no surrender, no
#: resplit aces: variance 1.346, covariance 0.499; standing on soft 17 moves them by
#: -0.00838 and -0.00764. So for vegas-strip-6d-s17 (S17 DAS, no surrender, no resplit aces):
PUBLISHED_VAR = 1.346 - 0.00838
PUBLISHED_COV = 0.499 - 0.00764
#: the published figures' own rounding and small rule differences (split limits)
PUBLISHED_SLACK = 0.005


def config(spots, players, seed, rounds=ROUNDS, **betting):
    return hydrate({"rules": "vegas-strip-6d-s17", "strategy": "basic",
                    "betting": {"spots": spots, **betting},
                    "table": {"players": players, "seat": 1},
                    "run": {"rounds": rounds, "seed": seed, "chunk_rounds": rounds // 2}})


@functools.cache
def run(spots: tuple, players: int, seed: int):
    return run_simulation_from_config(config([list(p) for p in spots], players, seed))


TWO = ((-99, 2),)
THREE = ((-99, 3),)
ONE = ((-99, 1),)


# --- the config -------------------------------------------------------------------------

def test_one_spot_everywhere_is_the_default():
    """A config without betting.spots takes one spot at every true count."""
    model = validate_config(hydrate({"rules": "vegas-strip-6d-s17", "run": {"rounds": 1000}}))
    assert model.betting.spots == [(-99.0, 1)]
    assert list(spots_by_tc(model.betting.spots)) == [1] * L.N_TC


def test_spots_by_true_count_follow_the_pairs_like_the_ramp():
    """[[-99, 1], [3, 2]]: one spot below +3, two at +3 and above."""
    table = spots_by_tc([(-99.0, 1), (3.0, 2)])
    assert table[3 - L.TC_MIN - 1] == 1 and table[3 - L.TC_MIN] == 2
    assert table[0] == 1 and table[-1] == 2


@pytest.mark.parametrize("spots", [[[-99, 0]], [[-99, 4]], [[-99, 1.5]], [[-99, True]],
                                   [[3, 2], [1, 1]], [], "two", [[-99]]])
def test_bad_spots_give_one_message_naming_the_field_and_what_it_allows(spots):
    """Spots outside 1..3, not whole, not increasing or not pairs: one message on betting.spots."""
    with pytest.raises(ConfigError) as caught:
        validate_config(config(spots, 3, 1, rounds=2000))
    text = str(caught.value)
    assert text.startswith("betting.spots: must be") and "1..3" in text
    assert "\n" not in text


def test_spots_must_fit_in_the_seats_from_ours_to_the_last():
    """Two spots from seat 2 of a table of 2 do not fit; the message names the spots allowed."""
    data = config([[-99, 1], [3, 2]], 2, 1, rounds=2000)
    data["table"]["seat"] = 2
    with pytest.raises(ConfigError, match=r"betting\.spots: 2 spots from table\.seat 2 need "
                                          r"seats 2\.\.3, but table\.players is 2; allowed: "
                                          r"at most 1 spot "):
        validate_config(data)


# --- the kernel and the figures ---------------------------------------------------------

def test_the_first_spot_is_dealt_as_a_lone_seat_at_the_same_table():
    """On common shoes, spot 1 of two spots at a table of 2 is the one-spot run at a table of
    2 (seat 2 a basic-strategy player): same cards, same play, same net, exactly."""
    one, two = run(ONE, 2, 7), run(TWO, 2, 7)
    first = sum(row[L.SP_SUM] for row in two.tally.spots)
    assert first == one.summary["net_units"] * 10  # tenths of a one-unit bet
    assert one.summary["cards_per_round"] == two.summary["cards_per_round"]


def test_ev_per_round_is_every_spot_and_ev_per_spot_one():
    """With two spots every round the win per round is twice the win per spot (the mistake
    of reporting a spot's EV as the round's is caught), and the advantage is per initial bet."""
    s = run(TWO, 2, 7).summary
    assert s["spots_per_round"] == 2.0 and s["spot_hands"] == 2 * s["rounds"]
    assert s["ev_per_round"] == pytest.approx(2 * s["ev_per_spot"], rel=1e-12)
    assert s["avg_bet"] == pytest.approx(2.0)
    assert s["advantage"] == pytest.approx(s["advantage_per_spot"], rel=1e-12)
    n = s["rounds"]  # the SD has the n - 1 divisor, the variance of a round n
    assert s["sd_per_round"] ** 2 * (n - 1) / n == pytest.approx(s["var_round"], rel=1e-9)


def test_ev_per_spot_equals_one_spot_ev_within_the_standard_errors():
    """A spot of two wins what a lone spot wins (independent seeds, 4 SEs)."""
    lone, pair = run(ONE, 1, 3).summary, run(TWO, 2, 7).summary
    se = math.hypot(lone["se_ev_per_round"], pair["se_ev_per_spot"])
    assert abs(pair["ev_per_spot"] - lone["ev_per_round"]) < Z * se


def test_variance_of_a_spot_matches_the_lone_spot_and_the_published_figure():
    """A spot's variance at two spots is a lone hand's variance (4 SEs) and Wizard of Odds'."""
    lone, pair = run(ONE, 1, 3), run(TWO, 2, 7).summary
    var_lone = lone.summary["sd_per_round"] ** 2
    se_lone = var_lone * math.sqrt(2 / lone.summary["rounds"])  # normal approximation, low
    assert abs(pair["var_spot"] - var_lone) < Z * math.hypot(pair["se_var_spot"], 1.5 * se_lone)
    assert abs(pair["var_spot"] - PUBLISHED_VAR) < Z * pair["se_var_spot"] + PUBLISHED_SLACK


def test_two_spots_share_the_dealer_covariance_positive_and_as_published():
    """Two spots against one dealer hand covary by about 0.49 bets squared (Wizard of Odds,
    6D S17 DAS); spots with a dealer each would covary by about 0."""
    s = run(TWO, 2, 7).summary
    assert s["cov_spots"] > Z * s["se_cov_spots"]
    assert abs(s["cov_spots"] - PUBLISHED_COV) < Z * s["se_cov_spots"] + PUBLISHED_SLACK
    assert s["corr_spots"] == pytest.approx(s["cov_spots"] / s["var_spot"])


def test_round_variance_of_three_spots_is_n_v_plus_n_n_minus_1_c_of_two():
    """var_round at 3 spots = 3 v + 6 c with v and c measured at 2 spots (independent runs,
    4 SEs): the spots are exchangeable and only pairs covary."""
    three, two = run(THREE, 3, 11).summary, run(TWO, 2, 7).summary
    predicted = 3 * two["var_spot"] + 6 * two["cov_spots"]
    se = math.sqrt(three["se_var_round"] ** 2 + 9 * two["se_var_spot"] ** 2
                   + 36 * two["se_cov_spots"] ** 2)
    assert abs(three["var_round"] - predicted) < Z * se


def test_spots_by_count_take_more_spots_only_at_high_counts():
    """Two spots from +2 with a ramp: spots per round between 1 and 2, the nets add up."""
    cfg = hydrate({"rules": "vegas-strip-6d-s17", "strategy": "hi-lo-i18-fab4",
                   "betting": {"ramp": [[-99, 1], [2, 4]], "spots": [[-99, 1], [2, 2]]},
                   "table": {"players": 2, "seat": 1},
                   "run": {"rounds": 40_000, "seed": 2, "chunk_rounds": 20_000}})
    result = run_simulation_from_config(cfg)
    s = result.summary
    assert 1 < s["spots_per_round"] < 2
    assert s["ev_per_spot"] * s["spot_hands"] == pytest.approx(s["net_units"], rel=1e-9)
    assert s["ev_per_round"] * s["rounds"] == pytest.approx(s["net_units"], rel=1e-9)
    at = {tc: row for tc, row in enumerate(result.tally.spots, L.TC_MIN) if row[L.SP_ROUNDS]}
    assert all(row[L.SP_HANDS] == (2 if tc >= 2 else 1) * row[L.SP_ROUNDS]
               for tc, row in at.items())


def test_one_spot_records_no_spot_sums_and_no_spot_figures():
    """With one spot everywhere the tally has no spot sums and the summary no spot keys."""
    result = run(ONE, 1, 3)
    assert result.tally.spots == [] and "var_spot" not in result.summary


def test_spot_sums_merge_and_survive_json():
    """Spot sums add over chunks and read back from a tally's JSON."""
    tally = run(TWO, 2, 7).tally
    again = Tally.from_dict(tally.to_dict())
    assert again.spots == tally.spots
    half = Tally(spots=[[1] * L.N_SP for _ in range(L.N_TC)], chunks=[0])
    other = Tally(spots=[[2] * L.N_SP for _ in range(L.N_TC)], chunks=[1])
    assert merge([half, other]).spots[0] == [3] * L.N_SP


def test_spots_read_as_words_in_labels_studies_and_the_build_tab():
    """The default label, a study's variant name and the Build tab's box say the spots."""
    from jost_engine.analysis.study_tables import field_value
    from jost_engine.config import default_label
    from jost_widgets.fields import parse_spots

    assert field_value("betting.spots", [[-99, 1], [3, 2]]) == "2 spots from +3"
    assert field_value("betting.spots", [[-99, 1]]) == "1 spot"
    assert default_label(config([[-99, 1], [3, 2]], 2, 1, rounds=2000)).endswith(
        "2 spots from +3")
    assert parse_spots("-99:1, 3:2") == [[-99, 1], [3, 2]]
    assert parse_spots("  ") == [[-99, 1]]

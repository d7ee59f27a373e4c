"""The estimate layer (analysis.estimates) and the one formatter (analysis.format)."""

from __future__ import annotations

import math

import pytest

from jost_engine import statistics
from jost_engine.analysis import estimates
from jost_engine.analysis import format as fmt
from jost_engine.analysis.estimates import Estimate

SUMMARY = {"rounds": 200_000, "rounds_dealt": 250_000, "ev_per_round": 0.0106325,
           "se_ev_per_round": 0.00707495, "sd_per_round": 3.16401, "advantage": 0.00640817,
           "se_advantage": 0.00426383, "win_rate_per_100": 1.06325,
           "win_rate_per_hour": 0.8506, "sd_per_hour": 28.3, "avg_bet": 1.65921,
           "di": 3.36045, "score": 11.2926, "n0": 88553.6, "ror": 0.427557,
           "bankroll_units": 400.0, "unit": 25, "rounds_per_hour": 100.0,
           "trips": 1000, "trips_ruined": 31}
CONFIG = {"label": "Hi-Lo 1-12", "rules": {"decks": 6},
          "betting": {"ramp": [[-99, 1], [2, 2], [3, 4], [4, 8], [5, 12]], "unit": 25,
                      "bankroll_units": 400, "trip_hours": 25},
          "run": {"rounds": 200_000, "seed": 1, "rounds_per_hour": 100}}


def test_digits_follow_two_significant_digits_of_the_se():
    """SE to 2 significant digits, the value to the same decimal, percentages with ' %'."""
    assert fmt.estimate(Estimate("advantage", 0.007795, 0.001097)) == "+0.78 % ± 0.11 %"
    assert fmt.estimate(Estimate("advantage", 0.00640817, 0.0000426)) == "+0.6408 % ± 0.0043 %"
    assert fmt.estimate(Estimate("score", 52.95, 7.72)) == "53.0 ± 7.7"
    assert fmt.estimate(Estimate("sd_per_round", 1.15071, 0.00123)) == "1.1507 ± 0.0012"
    assert fmt.estimate(Estimate("n0", 35_123.0, 1_234.0)) == "35,100 ± 1,200"
    assert fmt.estimate(Estimate("win_rate_per_100", -1.06325, 0.7075)) == "-1.06 ± 0.71"
    assert fmt.estimate(Estimate("win_rate_per_hour", 0.7795, 0.1097),
                        unit_money=25) == "+$19.5 ± $2.7"
    assert fmt.value("advantage", 0.007795, 0.001097) == "+0.78 %"
    assert fmt.money(10_000) == "$10,000"


def test_ranges_are_the_figure_at_ev_plus_minus_one_se_to_their_first_digit():
    """Asymmetric figures give 'from A to B at ± 1 SE', digits of the range's half-width;
    an open upper end is said in words."""
    assert (fmt.estimate(Estimate("ror", 0.354, low=0.29, high=0.42))
            == "35 % (from 29 % to 42 % at ± 1 SE)")
    assert (fmt.estimate(Estimate("ror_trip", 0.031, low=0.026, high=0.037))
            == "3.1 % (from 2.6 % to 3.7 % at ± 1 SE)")
    assert (fmt.estimate(Estimate("n0", 88_553.6, low=60_000.0, high=None))
            == "89,000 (at least 60,000 at ± 1 SE, no upper end)")  # the end to 2 digits


def test_missing_figures_say_why_never_a_bare_dash():
    assert fmt.estimate(Estimate("score", None, why="needs a positive EV")) == (
        "n/a (needs a positive EV)")
    negative = estimates.figures({**SUMMARY, "ev_per_round": -0.01, "advantage": -0.006},
                                 CONFIG)
    assert fmt.estimate(negative["n0"]) == "n/a (needs a positive EV)"
    assert fmt.estimate(negative["score"]) == "n/a (needs a positive EV)"
    no_bankroll = estimates.figures({**SUMMARY, "bankroll_units": None},
                                    {**CONFIG, "betting": {"ramp": [[-99, 1]]}})
    assert fmt.estimate(no_bankroll["ror"]) == "n/a (no bankroll set)"
    assert fmt.estimate(no_bankroll["ce"]) == "n/a (no bankroll set)"
    for e in [*negative.values(), *no_bankroll.values()]:
        assert fmt.estimate(e) not in ("", "-"), e.key


def test_figures_scale_the_se_of_the_win_per_round():
    """Win rate per 100: 100 SE; per hour: SE x played rounds per hour (wonging skips
    rounds: 200,000 played of 250,000 dealt)."""
    f = estimates.figures(SUMMARY, CONFIG)
    se = SUMMARY["se_ev_per_round"]
    assert f["win_rate_per_100"].se == pytest.approx(100 * se)
    assert f["win_rate_per_hour"].se == pytest.approx(100 * 200_000 / 250_000 * se)
    assert f["advantage"].se == SUMMARY["se_advantage"]
    assert f["advantage"].method == estimates.IID
    batched = estimates.figures({**SUMMARY, "batches": 64}, CONFIG)
    assert batched["advantage"].method == "batch means (64 batches)"


def _numerical_se(function, ev, se, h=1e-7):
    """SE of function(ev) by a central numerical derivative times the SE of the EV."""
    return abs(function(ev + h) - function(ev - h)) / (2 * h) * se


def test_delta_method_ses_agree_with_a_numerical_derivative():
    """DI and SCORE SEs equal |d figure / d EV| x SE(EV) computed numerically, to 1e-5."""
    f = estimates.figures(SUMMARY, CONFIG)
    ev, se, sd = SUMMARY["ev_per_round"], SUMMARY["se_ev_per_round"], SUMMARY["sd_per_round"]
    assert f["di"].value == pytest.approx(1000 * ev / sd)
    assert f["di"].se == pytest.approx(_numerical_se(lambda x: 1000 * x / sd, ev, se), rel=1e-5)
    assert f["score"].value == pytest.approx(1e6 * ev**2 / sd**2)
    assert f["score"].se == pytest.approx(
        _numerical_se(lambda x: 1e6 * x**2 / sd**2, ev, se), rel=1e-5)
    assert f["di"].method == f["score"].method == estimates.DELTA


def test_certainty_equivalent_is_win_rate_less_variance_over_twice_the_bankroll():
    """CE = win/h - sd_h**2 / (2 B) (jost_engine.betting.evaluate's definition); its SE
    combines the win rate's and the SD's by the delta method."""
    f = estimates.figures(SUMMARY, CONFIG)
    win, sd = f["win_rate_per_hour"], f["sd_per_hour"]
    assert f["ce"].value == pytest.approx(win.value - sd.value**2 / (2 * 400))
    assert f["ce"].se == pytest.approx(math.hypot(win.se, sd.value / 400 * sd.se))
    assert f["ce"].se > win.se


def test_lifetime_risk_of_ruin_names_its_bankroll_and_range_at_ev_plus_minus_one_se():
    f = estimates.figures(SUMMARY, CONFIG)
    ror = f["ror"]
    ev, se, sd = SUMMARY["ev_per_round"], SUMMARY["se_ev_per_round"], SUMMARY["sd_per_round"]
    assert ror.value == pytest.approx(statistics.risk_of_ruin(ev, sd, 400))
    assert ror.low == pytest.approx(statistics.risk_of_ruin(ev + se, sd, 400))
    assert ror.high == pytest.approx(statistics.risk_of_ruin(ev - se, sd, 400))
    assert ror.name == "risk of ruin, lifetime, bankroll 400 units ($10,000)"
    assert fmt.line(ror) == ("risk of ruin, lifetime, bankroll 400 units ($10,000): "
                             "43 % (from 24 % to 75 % at ± 1 SE)")


def test_simulated_trip_risk_is_a_separate_figure_with_its_trip_length():
    """The trip risk is its own key (ror_trip), named with its trip length and 'simulated',
    its range the Wilson interval at z = 1; it never takes the lifetime figure's name."""
    f = estimates.figures(SUMMARY, CONFIG)
    trip = f["ror_trip"]
    assert trip.value == pytest.approx(0.031)
    assert (trip.low, trip.high) == pytest.approx(statistics.wilson_interval(31, 1000, z=1.0))
    assert "25-hour trip" in trip.name and "simulated" in trip.name
    assert "lifetime" not in trip.name and "lifetime" in f["ror"].name
    assert "ror_trip" not in estimates.figures({k: v for k, v in SUMMARY.items()
                                                if not k.startswith("trips")}, CONFIG)
    no_trip = {**CONFIG, "betting": {**CONFIG["betting"], "trip_hours": None}}
    assert "ror_trip" not in estimates.figures(SUMMARY, no_trip), (
        "without a trip length or goal a 'trip' is a chunk: no trip risk is shown")


def test_n0_range_is_open_when_ev_minus_one_se_is_not_positive():
    f = estimates.figures({**SUMMARY, "se_ev_per_round": 0.02}, CONFIG)
    assert f["n0"].high is None and f["n0"].low == pytest.approx((3.16401 / 0.0306325) ** 2)
    assert "no upper end" in fmt.estimate(f["n0"])


def test_verdict_needs_196_se_and_says_how_many_rounds_would_resolve():
    """Resolved only beyond 1.96 SE; otherwise 'not resolved at N rounds (need about M)'
    with M = N (1.96 SE / |diff|)**2 rounded up to two digits."""
    a, b = Estimate("advantage", 0.0050, 0.0004), Estimate("advantage", 0.0030, 0.0004)
    diff = estimates.difference(a, b)
    assert diff.se == pytest.approx(math.hypot(0.0004, 0.0004))
    assert diff.method.startswith("unpaired")
    assert estimates.verdict(diff, 1_000_000) == (
        "resolved at 95 % confidence: A is higher")
    close = estimates.difference(a, b, se_paired=0.0017)
    assert close.method.startswith("paired")
    assert not estimates.resolved(close)
    need = 1_000_000 * (1.959964 * 0.0017 / 0.0020) ** 2
    assert estimates.verdict(close, 1_000_000) == (
        f"not resolved at 1,000,000 rounds (need about {math.ceil(need / 1e5) * 100_000:,})")
    just_below = estimates.difference(a, b, se_paired=0.0020 / 1.95)
    assert not estimates.resolved(just_below)
    assert estimates.resolved(estimates.difference(a, b, se_paired=0.0020 / 1.97))
    same = estimates.difference(a, a, se_paired=0.0001)
    assert estimates.verdict(same, 1000) == "no difference detectable at 1,000 rounds"


def test_json_form_has_value_se_range_unit_method_why_and_the_shown_text():
    data = fmt.to_json(estimates.figures(SUMMARY, CONFIG))
    assert set(data["advantage"]) >= {"value", "se", "low", "high", "unit", "method", "why",
                                      "text"}
    assert data["advantage"]["text"] == "+0.64 % ± 0.43 %"
    assert data["ror"]["low"] < data["ror"]["value"] < data["ror"]["high"]
    assert Estimate.from_dict("ror", data["ror"]) == estimates.figures(SUMMARY, CONFIG)["ror"]


def test_a_wide_range_shows_its_smaller_end_to_two_significant_digits():
    """N0 of a barely positive EV: the low end (158,000) is not rounded to 0 by the digits
    of the value (20,000,000)."""
    from jost_engine.analysis import format as fmt
    from jost_engine.analysis.estimates import Estimate

    text = fmt.estimate(Estimate("n0", 2.0e7, low=158_000.0, high=None))
    assert text == "20,000,000 (at least 160,000 at ± 1 SE, no upper end)"

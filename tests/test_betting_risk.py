"""Risk-of-ruin models of jost_engine.betting.risk: the literature's vectors, and how
the models relate (trip risk tends to the lifetime risk, the bankroll for a target
inverts the risk, the bands are normal quantiles)."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest

from jost_engine.betting import risk
from jost_engine.errors import BettingError, JostError

REFERENCES = json.loads((Path(__file__).parent / "data" / "betting_references.json")
                        .read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", REFERENCES["schlesinger"]["cases"],
                         ids=lambda c: f"{c['bankroll_units']}-units")
def test_schlesinger_reproduces_blackjack_attack(case):
    """Schlesinger's formula gives Blackjack Attack's 54.2 % (50 units) and 2.53 % (300 units)
    for EV 1.05, SD 13.11 per hour."""
    ref = REFERENCES["schlesinger"]
    ror = risk.risk_of_ruin(ref["ev"], ref["sd"], case["bankroll_units"], method="schlesinger")
    assert ror == pytest.approx(case["published"], abs=case["tolerance"])


def test_hall_coin_reproduces_the_papers_9_percent_from_its_rounded_ratio():
    """Hall's coin formula with the paper's rounded S = 1.0153 gives the printed 9.0 %."""
    ref = REFERENCES["hall"]
    stake = math.sqrt(ref["second_moment"])
    ror = risk.coin_ruin(ref["published_ratio"], ref["bankroll_units"] / stake,
                         ref["goal_units"] / stake)
    assert ror == pytest.approx(ref["published"], abs=ref["tolerance"])


def test_hall_coin_exact_and_diffusion_both_give_8_9_percent():
    """Unrounded, Hall's coin model and the two-barrier diffusion both give 8.86 % on
    Hall's example (EV 0.0151, E[X^2] 3.887, 300 units to lose or double)."""
    ref = REFERENCES["hall"]
    ev, m2 = ref["ev"], ref["second_moment"]
    bank, goal = ref["bankroll_units"], ref["goal_units"]
    hall = risk.hall(ev, m2, bank, goal)
    via_dispatch = risk.risk_of_ruin(ev, math.sqrt(m2 - ev**2), bank, "hall", goal=goal)
    diffusion = risk.risk_of_ruin(ev, math.sqrt(m2 - ev**2), bank, "diffusion", goal=goal)
    assert hall == pytest.approx(ref["coin_exact"], abs=ref["tolerance"])
    assert via_dispatch == pytest.approx(hall, rel=1e-12)
    assert diffusion == pytest.approx(ref["diffusion"], abs=ref["tolerance"])


def test_lifetime_models_agree_for_small_edges():
    """Without a goal, diffusion, Schlesinger and Hall agree to a few percent of each other
    when EV/SD is small (they share the exponent 2 EV / SD^2 to first order)."""
    values = [risk.risk_of_ruin(0.02, 3.0, 500, method) for method in
              ("diffusion", "schlesinger", "hall")]
    assert max(values) / min(values) < 1.02


def test_trip_risk_tends_to_the_lifetime_risk():
    """The finite-horizon risk grows with the trip's length and tends to exp(-2 EV B / SD^2)."""
    ev, sd, bank = 1.05, 13.11, 300
    trips = [risk.trip(ev, sd, bank, h) for h in (10, 100, 1000, 10_000, 1e7)]
    assert all(b >= a - 1e-12 for a, b in zip(trips, trips[1:]))
    assert trips[-1] == pytest.approx(risk.diffusion(ev, sd, bank), rel=1e-9)


@pytest.mark.statistical
def test_trip_risk_matches_a_simulated_gaussian_walk():
    """Over 100 hours the closed form is within 3 SE (+1 % for discreteness) of 4,000
    simulated normal walks of the same drift and SD in 25 steps an hour."""
    rng = np.random.default_rng(5)
    ev, sd, bank, hours, steps = 1.05, 13.11, 100.0, 100, 25
    walks = rng.normal(ev / steps, sd / math.sqrt(steps), size=(4000, hours * steps))
    ruined = (np.cumsum(walks, axis=1).min(axis=1) <= -bank).mean()
    predicted = risk.trip(ev, sd, bank, hours)
    se = math.sqrt(predicted * (1 - predicted) / 4000)
    assert abs(ruined - predicted) < 3 * se + 0.01  # + the walk's discreteness (~1 %)


@pytest.mark.parametrize("method", ["diffusion", "schlesinger", "hall"])
def test_bankroll_for_risk_inverts_the_risk(method):
    """The bankroll returned for a 5 % target has a 5 % risk by the same model."""
    bank = risk.bankroll_for_risk(0.02, 3.0, 0.05, method)
    assert risk.risk_of_ruin(0.02, 3.0, bank, method) == pytest.approx(0.05, rel=1e-6)


def test_bankroll_for_a_trip_risk_is_smaller_than_for_a_lifetime():
    """A 5 % risk over a 50-hour trip needs less bankroll than a 5 % lifetime risk."""
    trip = risk.bankroll_for_risk(1.05, 13.11, 0.05, "trip", hours=50)
    assert risk.trip(1.05, 13.11, trip, 50) == pytest.approx(0.05, rel=1e-6)
    assert trip < risk.bankroll_for_risk(1.05, 13.11, 0.05)


def test_bands_are_normal_quantiles():
    """The 5/25/50/75/95 % bands after h hours are B + EV h + z SD sqrt(h)."""
    bands = risk.bankroll_bands(400, 2.0, 30.0, [0, 25, 100])
    assert set(bands) == {"hours", "p5", "p25", "p50", "p75", "p95"}
    assert bands["p50"] == pytest.approx([400, 450, 600])
    assert bands["p95"][2] == pytest.approx(600 + 1.6448536 * 300)
    assert bands["p5"][1] == pytest.approx(450 - 1.6448536 * 150)


def test_unknown_method_and_bad_bankroll_name_their_field():
    """Bad input raises BettingError (a JostError, exit 2) naming the argument."""
    with pytest.raises(BettingError) as err:
        risk.risk_of_ruin(0.02, 3.0, 100, method="gamma")
    assert err.value.field == "method" and "diffusion" in str(err.value)
    with pytest.raises(JostError) as err:
        risk.risk_of_ruin(0.02, 3.0, 0)
    assert err.value.field == "bankroll"
    with pytest.raises(BettingError) as err:
        risk.risk_of_ruin(0.02, 3.0, 100, method="trip")
    assert err.value.field == "hours"
    with pytest.raises(BettingError) as err:
        risk.bankroll_for_risk(-0.01, 3.0, 0.05)
    assert err.value.field == "ror"

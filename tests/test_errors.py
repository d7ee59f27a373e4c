"""A person's errors (strategy.errors): each kind moves the result, the cards stay common.

Every kind has a test that fails when the kernel ignores it: either an exact
reference on common shoes (a play that an error makes certain equals a
strategy that plays it on purpose) or a paired difference from the error-free
run on common shoes beyond four of its standard errors (batch means,
:func:`jost_engine.analysis.paired.paired_difference`; a false alarm about
once in 16,000 runs).
"""

from __future__ import annotations

import functools
import json

import numpy as np
import pytest

from jost_engine.analysis.paired import paired_difference
from jost_engine.config import merge_config, validate_config
from jost_engine.data import deviation_sets
from jost_engine.errors import ConfigError
from jost_engine.kernel import layout as L
from jost_engine.prepare import prepare
from jost_engine.profiles import hydrate
from jost_engine.simulation import plan, run_chunk
from jost_engine.statistics import total_moments
from jost_engine.tally import merge

Z = 4.0
ROUNDS = 2_000_000
BASE = {"rules": "vegas-strip-6d-s17", "strategy": "hi-lo-i18", "betting": "spread-1-12",
        "run": {"rounds": ROUNDS, "seed": 11, "chunk_rounds": ROUNDS // 2}}


def config_with(errors=None, **overrides) -> dict:
    return merge_config(hydrate(BASE), {"strategy.errors": errors}, overrides)


@functools.cache
def _chunks(text: str) -> tuple:
    config = json.loads(text)
    inputs = prepare(validate_config(config))
    return tuple(run_chunk(config, chunk, inputs) for chunk in plan(config))


def chunks(config: dict) -> tuple:
    """Per-chunk tallies of a config (remembered: the error-free base runs once)."""
    return _chunks(json.dumps(config, sort_keys=True))


def same(a, b) -> bool:
    return all(x.to_dict() == y.to_dict() for x, y in zip(a, b, strict=True))


def paired(errors: dict, figure: str = "advantage"):
    """The paired difference (with errors minus without) of a figure, on common shoes."""
    return paired_difference(chunks(config_with(errors)), chunks(config_with()), figure)


def worse(errors: dict):
    """Assert that the errors cost advantage beyond Z paired SEs; return the difference."""
    diff = paired(errors)
    assert diff.se_paired > 0
    assert diff.diff < -Z * diff.se_paired, diff
    return diff


# --- off: nothing moves -------------------------------------------------------------------

@pytest.mark.parametrize("errors", [{}, {"slip": 0, "bet": 0.0, "cards_per_miscount": None}])
def test_errors_all_zero_are_bit_identical_to_no_errors(errors):
    """An errors object whose rates are all 0 (or null) gives the tallies of errors: null."""
    assert same(chunks(config_with(errors)), chunks(config_with()))


def test_errors_off_leave_the_kernel_inputs_of_today():
    """Off, every error slot of params is 0 and the play rates and steps are neutral."""
    inputs = prepare(validate_config(config_with()))
    assert not inputs.params[L.P_ERRORS:L.P_ERR_DECK_GROW + 1].any()
    assert not inputs.err_play.any()
    assert (inputs.err_steps == np.arange(L.N_TC)).all()


# --- determinism and common shoes -----------------------------------------------------------

ALL = {"slip": 0.02, "missed_index": 0.2, "wrong_index": 0.1, "bet": 0.05,
       "cards_per_miscount": 200, "deck_sd": 0.25, "deck_sd_per_deck": 0.1}


def test_errors_are_the_same_under_the_same_seed_and_change_with_it():
    """Two runs with every error on and one seed agree bit for bit; another seed differs."""
    config = config_with(ALL)
    first = _chunks.__wrapped__(json.dumps(config, sort_keys=True))
    assert same(first, chunks(config))
    other = merge_config(config, {"run.seed": 12})
    assert not same(chunks(other), first)


def test_bet_errors_leave_every_card_and_play_as_without_them():
    """Bet errors change no card and no play (common shoes): rounds, cards, shoes, hands and
    the outcomes summed over every true count are those of the error-free run."""
    for with_errors, without in zip(chunks(config_with({"bet": 0.5})), chunks(config_with()),
                                    strict=True):
        for name in ("all_rounds", "cards", "shoes", "hands", "doubles", "splits", "wins"):
            assert with_errors[name] == without[name], name
        assert (np.array(with_errors.hist).sum(axis=0)
                == np.array(without.hist).sum(axis=0)).all()


# --- each kind, one test that fails when it is ignored -------------------------------------

def test_a_slip_at_every_decision_costs_advantage():
    """slip 0.05 (a random other legal action at one decision in twenty) costs advantage."""
    worse({"slip": 0.05})


def test_every_index_missed_plays_the_chart_exactly():
    """missed_index 1.0 plays exactly as the same count without index plays (insurance
    kept), on common shoes; and not as the index player does."""
    missed = chunks(config_with({"missed_index": 1.0}))
    chart = chunks(config_with(None, **{"strategy.deviations": "none"}))
    assert same(missed, chart)
    assert not same(missed, chunks(config_with()))


def test_every_index_on_the_wrong_side_plays_every_index_always_exactly():
    """wrong_index 1.0 plays each index play where its index does not apply too: exactly as
    the same plays taken at every count (at or above -100), on common shoes."""
    always = [{**d, "at_or_above": -100, "below": None} if d.get("hand") else d
              for d in deviation_sets()["illustrious18"]]
    wrong = chunks(config_with({"wrong_index": 1.0}))
    assert same(wrong, chunks(config_with(None, **{"strategy.deviations": always})))
    assert not same(wrong, chunks(config_with()))


def test_a_bet_error_every_round_bets_off_the_ramp_and_costs_advantage():
    """bet 1.0: every round goes a ramp step up or down, filed at the nearest count of that
    step: below +1 nothing is filed (the bottom step's rounds go up to +2, only +2's go down,
    to +1), the average bet rises, and the advantage falls beyond four paired SEs."""
    tallies = chunks(config_with({"bet": 1.0}))
    hist = np.array(tallies[0].hist)[:, :L.HIST_WATCHED].sum(axis=1)
    assert hist[:1 - L.TC_MIN].sum() == 0
    assert hist[1 - L.TC_MIN] > 0 and hist[2 - L.TC_MIN] > 0
    bets = [total_moments(merge(list(c)))["bet"] for c in (tallies, chunks(config_with()))]
    assert bets[0] > bets[1]
    worse({"bet": 1.0})


def test_miscounting_every_card_costs_advantage():
    """cards_per_miscount 1 (each card off by a point) loses the count's edge."""
    worse({"cards_per_miscount": 1})


def test_a_deck_estimation_error_sends_more_rounds_to_the_high_counts():
    """deck_sd 1 deck (plus 0.25 a deck dealt): dividing by a wrong number of decks spreads
    the true counts (1 / decks is convex: an underestimate inflates the count more than an
    overestimate deflates it), so more rounds are bet at +4 and above, beyond four SEs of
    the difference of two proportions."""
    def high(tallies):
        hist = np.array(merge(list(tallies)).hist)[:, :L.HIST_WATCHED].sum(axis=1)
        return hist[4 - L.TC_MIN:].sum(), hist.sum()

    (k1, n1), (k0, n0) = (high(chunks(config_with(e))) for e in
                          ({"deck_sd": 1.0, "deck_sd_per_deck": 0.25}, None))
    p1, p0 = k1 / n1, k0 / n0
    se = (p1 * (1 - p1) / n1 + p0 * (1 - p0) / n0) ** 0.5
    assert p1 - p0 > Z * se, (p1, p0, se)


# --- refusals -----------------------------------------------------------------------------

@pytest.mark.parametrize("errors, message", [
    ({"slip": 1.5}, "strategy.errors.slip: "),
    ({"bet": -0.1}, "strategy.errors.bet: "),
    ({"slip": True}, "strategy.errors.slip: must be a number"),
    ({"cards_per_miscount": 0.5}, "strategy.errors.cards_per_miscount: "),
    ({"deck_sd": 9}, "strategy.errors.deck_sd: "),
    ({"typo": 0.1}, "strategy.errors.typo: "),
])
def test_bad_error_fields_are_refused_naming_the_field(errors, message):
    """A rate outside 0..1, a bool, a miscount below one card, an unknown field: one line."""
    with pytest.raises(ConfigError, match=message):
        validate_config(config_with(errors))


def test_count_and_index_errors_need_a_count_and_index_plays():
    """Miscounts and deck errors need a count, index errors index plays; a bet error a ramp."""
    basic = merge_config(hydrate(BASE), {"strategy": hydrate({"strategy": "basic"})["strategy"]})
    with pytest.raises(ConfigError, match="strategy.errors.cards_per_miscount: a count error "
                                          "needs strategy.count"):
        validate_config(merge_config(basic, {"strategy.errors": {"cards_per_miscount": 50}}))
    with pytest.raises(ConfigError, match="strategy.errors.missed_index: an index error needs "
                                          "index plays"):
        validate_config(config_with({"missed_index": 0.1}, **{"strategy.deviations": "none"}))
    with pytest.raises(ConfigError, match="strategy.errors.bet: a bet error needs a ramp of "
                                          "two or more bets"):
        validate_config(merge_config(basic, {"betting.ramp": [[-99, 1]],
                                             "strategy.errors": {"bet": 0.1}}))


def test_deck_errors_need_a_true_count():
    """KO (a running count, no decks to estimate) refuses deck-estimation errors."""
    ko = merge_config(hydrate({**BASE, "strategy": "ko"}), {"strategy.errors": {"deck_sd": 0.5}})
    with pytest.raises(ConfigError, match="strategy.errors.deck_sd: deck estimation needs a "
                                          "balanced count"):
        prepare(validate_config(ko))

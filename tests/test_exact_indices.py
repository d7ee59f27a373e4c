"""Index generation: Hi-Lo indices for a multi-deck S17 game reproduce the
Illustrious 18 and the Fab 4 (jost_engine/data/deviations) within one point."""

import pytest

from jost_engine.config import Deviation
from jost_engine.data import deviation_sets
from jost_engine.exact import generate_indices, index_of
from jost_engine.exact.indices import _offered, count_shoe, insurance_index, tags_of
from jost_engine.exact.rules import ExactRules
from jost_engine.prepare import deviations_of

GAME = {"decks": 6, "dealer_hits_soft_17": False, "surrender": "late"}


def threshold(deviation: dict) -> float:
    return deviation.get("at_or_above", deviation.get("below"))


@pytest.fixture(scope="module")
def generated():
    return generate_indices(GAME, "hi-lo")


@pytest.mark.parametrize("name", ["illustrious18", "fab4"])
def test_reproduces_the_published_indices_within_one_point(generated, name):
    for ref in deviation_sets()[name]:
        match = [g for g in generated if g.get("play") == ref.get("play")
                 and g.get("hand") == ref.get("hand") and g.get("dealer") == ref.get("dealer")
                 and g.get("action") == ref.get("action")]
        assert len(match) == 1, ref
        got = match[0]
        side = "at_or_above" if "at_or_above" in ref else "below"
        assert side in got, (ref, got)
        assert abs(threshold(got) - threshold(ref)) <= 1, (ref, got)


def test_output_is_usable_as_config_deviations(generated):
    from jost_engine.config import validate_config

    for deviation in generated:
        Deviation.model_validate(deviation)
    config = validate_config({"rules": GAME, "run": {"rounds": 1000},
                              "strategy": {"count": {"system": "hi-lo"},
                                           "deviations": generated}})
    assert len(deviations_of(config)) == 22


def test_count_shoe_has_the_true_count():
    tags = tags_of("hi-lo")
    shoe = count_shoe(tags, 3.0, 2.5)
    seen = 2.5 * 52 - shoe.sum()
    running = -(tags @ shoe)
    assert seen == pytest.approx(0.0)
    assert running / (shoe.sum() / 52) == pytest.approx(3.0)


def test_insurance_at_a_third_tens():
    assert insurance_index("hi-lo") == pytest.approx(40 / 12)
    with pytest.raises(ValueError, match="balanced"):
        tags_of("ko")


def test_a_play_without_a_flip_is_left_out():
    assert index_of(GAME, "20", "6", "hit") is None
    assert generate_indices(GAME, plays=[{"hand": "20", "dealer": "6", "action": "hit"}]) == []


def test_the_default_plays_follow_the_rules():
    rules = ExactRules.from_rules({"decks": 6, "double": "10-11", "max_split_hands": 1})
    offered = [p for p in deviation_sets()["illustrious18"] + deviation_sets()["fab4"]
               if _offered(rules, p)]
    names = {(p.get("hand"), p.get("dealer"), p.get("action")) for p in offered}
    assert ("9", "2", "double") not in names and ("10", "T", "double") in names
    assert ("T,T", "5", "split") not in names and ("14", "T", "surrender") not in names

"""The simulation-type registry: entry points, dispatch, and a second type plugged in."""

from __future__ import annotations

import pytest
from jobs_helpers import ToyResult, blackjack_config, toy_config, toy_total

from jost_engine import registry, run_simulation_from_config
from jost_engine.errors import ConfigError
from jost_engine.simulation import Chunk

pytest_plugins = ["jobs_fixtures"]


def test_blackjack_is_installed_through_the_entry_point_group():
    from importlib.metadata import entry_points

    names = {ep.name: ep.value for ep in entry_points(group=registry.GROUP)}
    assert names.get("blackjack") == "jost_engine.registry:blackjack"
    assert registry.get("blackjack") is registry.blackjack
    assert "blackjack" in registry.available()


def test_a_config_without_a_type_is_blackjack():
    assert registry.simulation_type({"rules": {}}) == "blackjack"
    assert registry.simulation_type("strip-basic") == "blackjack"
    data = registry.validate(blackjack_config(10_000, 5_000))
    assert data["simulation_type"] == "blackjack"
    assert registry.label(data) == data["label"]


def test_blackjack_handler_partials_are_json_and_merge_to_the_in_process_result():
    import json

    config = registry.validate(blackjack_config(30_000, 10_000))
    handler = registry.get("blackjack")
    chunks = handler.plan(config)
    assert [c.index for c in chunks] == [0, 1, 2]
    partials = [json.loads(json.dumps(handler.run_chunk(config, c))) for c in reversed(chunks)]
    merged = handler.merge(config, partials[::-1])
    assert merged.figures() == run_simulation_from_config(config).figures()


def test_unknown_type_is_a_config_error_naming_the_field():
    with pytest.raises(ConfigError, match=r"simulation_type: unknown simulation type 'poker'"):
        registry.validate({"simulation_type": "poker", "run": {"rounds": 1}})
    with pytest.raises(ConfigError, match="simulation_type: must be a string"):
        registry.validate({"simulation_type": 3})


def test_bad_blackjack_config_is_rejected_with_its_field_path():
    bad = blackjack_config(10_000, 5_000)
    bad["rules"]["decks"] = 0
    with pytest.raises(ConfigError, match="rules.decks"):
        registry.validate(bad)


def test_a_second_type_plugs_in_through_an_entry_point(toy_plugin):
    assert "toy" in registry.available()
    handler = registry.get("toy")
    config = registry.validate(toy_config(5))
    assert config["simulation_type"] == "toy"
    chunks = handler.plan(config)
    partials = [handler.run_chunk(config, c) for c in chunks]
    result = handler.merge(config, partials)
    assert isinstance(result, ToyResult)
    assert result.total == toy_total(5)
    assert registry.validate(toy_config(2))["sleep_s"] == 0.0


def test_a_handler_missing_a_method_is_refused(toy_plugin, tmp_path, monkeypatch):
    info = tmp_path / "broken-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: broken\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text("[jost.simulations]\nbroken = jobs_helpers:CHART\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    registry.refresh()
    try:
        with pytest.raises(ConfigError, match="lacks validate, plan, run_chunk, merge"):
            registry.get("broken")
    finally:
        monkeypatch.undo()
        registry.refresh()


def test_blackjack_chunk_objects_carry_index_and_rounds():
    chunk = registry.get("blackjack").plan(registry.validate(blackjack_config(12_000, 5_000)))[-1]
    assert chunk == Chunk(2, 2_000)


def test_a_plan_is_a_lazy_sequence_equal_to_the_list_of_its_chunks():
    from jost_engine.simulation import plan

    config = registry.validate(blackjack_config(12_000, 5_000))
    lazy = registry.get("blackjack").plan(config)
    assert isinstance(lazy, registry.Plan)
    assert list(lazy) == list(plan(config)) == [Chunk(0, 5_000), Chunk(1, 5_000), Chunk(2, 2_000)]
    assert len(lazy) == 3 and lazy[-1] == Chunk(2, 2_000) and lazy[1:] == plan(config)[1:]
    with pytest.raises(IndexError):
        lazy[3]
    huge = registry.Plan(10**12, 1_000)
    assert len(huge) == 10**9 and huge[10**9 - 1] == Chunk(10**9 - 1, 1_000)
    assert registry.plan_rounds(huge) == 10**12
    assert registry.plan_rounds(plan(config)) == 12_000


def test_the_core_plan_of_an_in_process_run_is_lazy():
    """``simulation.plan`` (used by ``run_simulation_from_config``) of 1e12 rounds in
    1,000-round chunks is a :class:`Plan` of 10^9 chunks, none of them built."""
    from jost_engine.simulation import Plan, plan

    huge = plan({"run": {"rounds": 10**12, "chunk_rounds": 1_000}})
    assert isinstance(huge, Plan) and len(huge) == 10**9
    assert huge[-1] == Chunk(10**9 - 1, 1_000)


def test_the_registry_plan_bounds_the_number_of_chunks_of_any_type(toy_plugin):
    assert len(registry.plan("toy", registry.validate(toy_config(5)))) == 5
    too_many = registry.validate(toy_config(registry.MAX_CHUNKS + 1))
    with pytest.raises(ConfigError, match=r"run.chunk_rounds: the 'toy' plan has 100,001 "
                                          r"chunks; a job holds at most 100,000"):
        registry.plan("toy", too_many)

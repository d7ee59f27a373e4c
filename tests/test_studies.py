"""Studies without a cluster: the merge, the spec, its expansion, the ledger's study records.

The speed bounds are on this process's CPU time (``time.process_time``): the test
machine is shared, and under a load of 10 on 2 cores the wall time says more about the
neighbours than about the code (1,001 variants: about 3 s wall on a quiet machine).
"""

from __future__ import annotations

import json
import sqlite3
import time

import pytest

from jost_engine.config import merge_config
from jost_engine.errors import ConfigError, StudyError
from jost_engine.jobs import JobManager, Ledger
from jost_engine.jobs.driver import Stream, interleave
from jost_engine.jobs.study_records import study_state
from jost_engine.registry import Plan
from jost_engine.studies import MAX_VARIANTS, Study, expand, readable, study_schema

RAMP_8 = [[-99, 1], [2, 4], [4, 8]]
RAMP_12 = [[-99, 1], [2, 6], [4, 12]]


def spec(**more) -> dict:
    return {"label": "pen x spread",
            "base": {"rules": "vegas-strip-6d-s17", "strategy": "hi-lo-i18",
                     "betting": "spread-1-8", "run": {"rounds": 4000, "chunk_rounds": 1000}},
            **more}


def test_merge_config_merges_objects_replaces_other_values_and_leaves_the_base_alone():
    """Objects merge key by key (dotted keys too); lists and names replace; base unchanged."""
    base = {"rules": {"decks": 6, "surrender": "none"}, "betting": {"ramp": RAMP_8},
            "strategy": "hi-lo"}
    before = json.loads(json.dumps(base))
    out = merge_config(base, {"rules": {"surrender": "late"}}, {"rules.decks": 8},
                       {"betting.ramp": RAMP_12, "strategy": "zen"})
    assert out == {"rules": {"decks": 8, "surrender": "late"}, "betting": {"ramp": RAMP_12},
                   "strategy": "zen"}
    assert base == before
    out["betting"]["ramp"][0][1] = 99
    assert RAMP_12[0][1] == 1, "the result shares nothing with the overrides"


def test_merge_config_into_a_profile_name_names_the_field():
    """A dotted path through a value that is not an object is one ConfigError naming it."""
    with pytest.raises(ConfigError) as err:
        merge_config({"strategy": "hi-lo"}, {"strategy.count.system": "zen"})
    assert err.value.field == "strategy"


def test_rows_are_the_base_then_the_grid_product_then_the_named_variants():
    """Base first; the grid's product, last key fastest; then each named variant over the base."""
    rows = expand(spec(grid={"rules.penetration": [0.7, 0.8], "betting.ramp": [RAMP_8, RAMP_12]},
                       variants={"late surrender": {"rules": {"surrender": "late"}},
                                 "zen": {"strategy": "zen"}}))
    assert [r.name for r in rows] == [
        "base", "rules.penetration=0.7, betting.ramp=1-8",
        "rules.penetration=0.7, betting.ramp=1-12", "rules.penetration=0.8, betting.ramp=1-8",
        "rules.penetration=0.8, betting.ramp=1-12", "late surrender", "zen"]
    assert [r.kind for r in rows] == ["base"] + ["grid"] * 4 + ["variant"] * 2
    assert rows[0].fields == {"rules.penetration": 0.75, "betting.ramp": "1-8",
                              "rules.surrender": "none", "strategy": "hi-lo-i18"}
    assert rows[4].config["rules"]["penetration"] == 0.8
    assert rows[4].config["betting"]["ramp"] == RAMP_12
    assert rows[5].config["rules"]["surrender"] == "late"
    assert rows[5].config["rules"]["penetration"] == 0.75
    assert rows[6].fields["strategy"] == "zen"
    assert rows[6].config["strategy"]["count"]["system"] == "zen"
    assert all(r.config["run"]["seed"] == rows[0].config["run"]["seed"] for r in rows)


def test_named_variants_alone_make_the_base_and_those_rows_only():
    """No grid: no grid point (not one empty point); the size matches the expansion."""
    from jost_engine.studies import parse_spec

    checked = parse_spec(spec(variants={"zen": {"strategy": "zen"}}))
    rows = expand(checked)
    assert [r.name for r in rows] == ["base", "zen"] == ["base", "zen"][:checked.size()]


def test_readable_values():
    """A ramp reads as its smallest-largest bet; names and numbers as they are."""
    assert readable(RAMP_12) == "1-12"
    assert readable({"ramp": [[-99, 1.0], [3, 16.0]]}) == "1-16"
    assert readable("hi-lo-i18") == "hi-lo-i18"
    assert readable(0.75) == 0.75


@pytest.mark.parametrize("more, variant, field", [
    ({"variants": {"bad decks": {"rules.decks": 0}}}, "bad decks", "rules.decks"),
    ({"variants": {"no such": {"strategy": "nope"}}}, "no such", "strategy"),
    ({"grid": {"rules.colour": ["red"]}}, "rules.colour=red", "rules.colour"),
    ({"grid": {"rules.penetration": [0.75, 1.5]}}, "rules.penetration=1.5",
     "rules.penetration"),
])
def test_a_bad_variant_is_one_study_error_naming_the_variant_and_the_field(more, variant,
                                                                          field):
    """The first bad row stops the expansion with StudyError(variant, field) and one line."""
    with pytest.raises(StudyError) as err:
        expand(spec(**more))
    assert (err.value.variant, err.value.field) == (variant, field)
    assert "\n" not in str(err.value) and repr(variant) in str(err.value)


@pytest.mark.parametrize("name", ["../../x", "a/b", "a\\b", ".hidden", "tab\there"])
def test_a_variant_name_that_could_act_as_a_path_is_refused(name):
    """A variant name is a label: a path separator, a leading dot or a control character is
    refused with one line naming the variant and the rule; ordinary labels pass."""
    with pytest.raises(StudyError, match="must be printable text without '/'") as err:
        expand(spec(variants={name: {"rules.decks": 2}}))
    assert "\n" not in str(err.value)
    assert len(expand(spec(variants={"late surrender, H17 (6:5)": {"rules.decks": 2}}))) == 2


def test_a_study_over_the_bound_is_refused_before_it_is_expanded():
    """10,001 rows or more: one error giving the count, at once."""
    start = time.perf_counter()
    with pytest.raises(StudyError, match="10,201 variants") as err:
        expand(spec(grid={"rules.penetration": [0.5] * 100, "betting.unit": [1] * 102}))
    assert err.value.field == "grid" and MAX_VARIANTS == 10_000
    assert time.perf_counter() - start < 1


def test_study_schema_names_the_spec_fields():
    """``jost schema study``: base required; label, grid, variants, project, tags described."""
    schema = study_schema()
    assert schema["required"] == ["base"]
    assert {"label", "base", "grid", "variants", "project", "tags"} <= set(schema["properties"])


def test_a_version_1_ledger_is_migrated_keeping_its_jobs(tmp_path):
    """A file of schema 1 gains the studies table and jobs.study_id; its jobs still read."""
    from jost_engine.jobs.ledger import SCHEMA, SCHEMA_VERSION

    path = tmp_path / "jobs.sqlite"
    db = sqlite3.connect(path)
    db.executescript(SCHEMA)
    db.execute("INSERT INTO jobs (id, simulation_type, label, config, state, chunks_total,"
               " rounds_total, created_at, updated_at) VALUES ('abc', 'blackjack', 'old',"
               " '{}', 'COMPLETE', 1, 1, 0, 0)")
    db.execute("PRAGMA user_version = 1")
    db.commit()
    db.close()
    ledger = Ledger(path)
    assert ledger.get("abc")["study_id"] is None
    assert ledger.studies() == []
    assert ledger._read("PRAGMA user_version")[0][0] == SCHEMA_VERSION


def test_interleave_orders_chunks_by_index_then_by_variant():
    """Chunk 0 of every variant, then chunk 1...; a variant's done chunks are skipped."""
    from jost_engine.registry import Remaining

    streams = [Stream("a", 1, "x", {}, Remaining(Plan(3000, 1000), {0})),
               Stream("b", 1, "x", {}, Remaining(Plan(2000, 1000), set())),
               Stream("c", 1, "x", {}, Remaining(Plan(3000, 1000), {1}))]
    order = [(s.job_id, c.index) for s, c in interleave(streams)]
    assert order == [("b", 0), ("c", 0), ("a", 1), ("b", 1), ("a", 2), ("c", 2)]


def test_study_state_is_read_from_its_jobs():
    """RUNNING while any runs; COMPLETE when all are; else the worst ending."""
    assert study_state(["COMPLETE", "RUNNING", "PENDING"]) == "RUNNING"
    assert study_state(["COMPLETE", "COMPLETE"]) == "COMPLETE"
    assert study_state(["COMPLETE", "CANCELLED", "FAILED"]) == "FAILED"
    assert study_state(["COMPLETE", "INTERRUPTED"]) == "INTERRUPTED"


def test_1000_variants_are_recorded_in_under_5_s_and_the_ledger_stays_responsive(tmp_path):
    """Expanding, validating and recording 1,001 variants < 5 s; listing and reading stay quick."""
    big = spec(grid={"rules.penetration": [round(0.6 + 0.003 * i, 3) for i in range(100)],
                     "betting.ramp": [[[-99, 1], [2, k]] for k in range(2, 12)]})
    manager = JobManager(ledger=tmp_path / "jobs.sqlite")
    start = time.process_time()  # CPU time: the machine is shared (see the module docstring)
    study = Study.create(big, manager)
    took = time.process_time() - start
    assert took < 5, f"recording 1,001 variants took {took:.1f} s of CPU"
    start = time.thread_time()  # this thread's CPU: the other test process shares the cores
    assert manager.ledger.studies()[0]["variants"] == 1001
    assert study.progress.variants == 1001 and study.status == "PENDING"
    assert len(manager.jobs()) == 1001
    assert time.thread_time() - start < 2, "listing and reading took over 2 s of CPU"
    assert not manager.connected, "recording a study reaches no cluster"


def test_paired_columns_come_from_paired_difference_of_the_row_minus_the_base(monkeypatch):
    """The glue: paired_difference(row chunks, base chunks, figure); none across other shoes."""
    import sys
    import types

    from jost_engine.studies.results import _paired

    calls = []

    def paired_difference(chunks_a, chunks_b, figure="advantage"):
        calls.append((chunks_a, chunks_b, figure))
        return 0.01, 0.001, 0.005, 20

    fake = types.ModuleType("jost_engine.analysis.paired")
    fake.paired_difference = paired_difference
    monkeypatch.setitem(sys.modules, "jost_engine.analysis.paired", fake)
    base = {"config": {"run": {"seed": 1, "chunk_rounds": 1000}}}
    row = {"config": {"run": {"seed": 1, "chunk_rounds": 1000}}}
    out = _paired(base, row, ["b0"], ["r0"])
    assert calls[0] == (["r0"], ["b0"], "advantage")
    assert (out["paired_diff_advantage"], out["paired_se_diff_advantage"],
            out["unpaired_se_diff_advantage"]) == (0.01, 0.001, 0.005)
    assert _paired(base, base, ["b0"], ["b0"])["paired_diff_advantage"] is None
    other = {"config": {"run": {"seed": 2, "chunk_rounds": 1000}}}
    assert _paired(base, other, ["b0"], ["r0"])["paired_diff_advantage"] is None


def test_study_progress_counts_variants_rounds_and_the_speed_of_the_current_run():
    """Variants done, rounds, and rounds/s over the running jobs' run (a resumed study)."""
    from jost_engine.studies import StudyProgress

    def row(state, done, total, started, run_done, finished=None):
        return {"state": state, "rounds_done": done, "rounds_total": total,
                "run_started_at": started, "run_rounds_done": run_done, "finished_at": finished}

    rows = [row("COMPLETE", 100, 100, 0.0, 100, 50.0),   # done in an earlier run
            row("RUNNING", 60, 100, 100.0, 40), row("RUNNING", 50, 100, 100.0, 50)]
    progress = StudyProgress.from_rows(rows, now=110.0)
    assert (progress.state, progress.variants_done, progress.variants) == ("RUNNING", 1, 3)
    assert (progress.rounds_done, progress.rounds_total) == (210, 300)
    assert progress.rounds_per_s == 9.0 and progress.time_left_s == 10.0
    assert "1/3 variants" in str(progress)


def test_repair_keeps_a_study_and_its_jobs(tmp_path):
    """What `jost jobs --repair` salvages from a file it restores: the study with its jobs."""
    from jost_engine.jobs.repair import _read_copy, _restore

    old = JobManager(ledger=tmp_path / "old.sqlite")
    study = Study.create(spec(grid={"rules.penetration": [0.7, 0.8]}), old)
    old.ledger.close()
    jobs, chunks, studies = _read_copy(tmp_path / "old.sqlite")
    fresh = Ledger(tmp_path / "new.sqlite")
    _restore(fresh, jobs, chunks, studies)
    assert fresh.study(study.id)["spec"]["label"] == "pen x spread"
    assert [r["meta"]["variant"] for r in fresh.study_jobs(study.id)][0] == "base"
    assert len(fresh.study_jobs(study.id)) == 3

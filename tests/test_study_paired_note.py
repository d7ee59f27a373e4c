"""A study variant without a paired SE says why in words, never a bare ``-``.

Rows are built by :func:`jost_engine.studies.results.table_rows` from chunk
tallies played in process (small chunks), and printed by ``jost study``'s
table (:func:`jost_engine.cli.study.format_table`).
"""

from __future__ import annotations

from jobs_helpers import blackjack_config

from jost_engine import registry
from jost_engine.analysis.paired import MIN_BATCHES
from jost_engine.cli.study import format_table
from jost_engine.studies.results import table_rows

CHUNK = 2_000


def _job(name: str, chunks: int, seed: int = 11, decks: int = 6) -> tuple[dict, list]:
    """A study job record of ``chunks`` chunks of CHUNK rounds, and its chunk tallies."""
    config = blackjack_config(chunks * CHUNK, CHUNK, seed)
    config["rules"]["decks"] = decks
    config = registry.validate(config)
    tallies = [registry.run_chunk("blackjack", config, c)[0]
               for c in registry.plan("blackjack", config)]
    kind = "base" if name == "base" else "variant"
    job = {"id": name, "label": name, "state": "COMPLETE", "rounds_done": chunks * CHUNK,
           "rounds_total": chunks * CHUNK, "simulation_type": "blackjack", "config": config,
           "meta": {"variant": name, "kind": kind, "fields": {}}}
    return job, tallies


def test_a_variant_without_a_paired_se_says_why_and_the_table_prints_it():
    """With 4 common chunks the variant's paired SE is missing and its note names the 4
    batches and the number needed; another seed is 'not common' shoes; the table's
    'vs base' cells print those words, never ' ± -'."""
    jobs = [_job("base", 4), _job("four decks", 4, decks=4), _job("other seed", 4, seed=12)]
    rows = table_rows([j for j, _ in jobs], {j["id"]: t for j, t in jobs}, exact=False)
    assert rows[0]["paired_note"] is None
    assert rows[1]["paired_se_diff_advantage"] is None
    assert rows[1]["paired_note"].startswith("no paired SE: 4 paired batches")
    assert str(MIN_BATCHES) in rows[1]["paired_note"]
    assert rows[2]["paired_note"].startswith("no paired SE: run.seed or run.chunk_rounds")
    text = format_table(rows)
    assert "± -" not in text
    assert rows[1]["paired_note"] in text and rows[2]["paired_note"] in text


def test_a_variant_with_enough_batches_has_a_paired_se_and_no_note():
    """With MIN_BATCHES common chunks the paired SE is there and paired_note is None."""
    jobs = [_job("base", MIN_BATCHES), _job("four decks", MIN_BATCHES, decks=4)]
    rows = table_rows([j for j, _ in jobs], {j["id"]: t for j, t in jobs}, exact=False)
    assert rows[1]["paired_se_diff_advantage"] > 0 and rows[1]["paired_note"] is None
    assert " ± " in format_table(rows).splitlines()[-1]


def test_the_study_view_table_says_why_a_variant_has_no_paired_se():
    """study_tables.variants_view (Study tab, study report) writes the note in the cell."""
    import pandas as pd

    from jost_engine.analysis.study_tables import variants_view

    jobs = [_job("base", 4), _job("four decks", 4, decks=4)]
    rows = table_rows([j for j, _ in jobs], {j["id"]: t for j, t in jobs}, exact=False)
    view = variants_view(pd.DataFrame.from_records(rows))
    column = next(c for c in view.columns if c.startswith("vs the base"))
    assert view[column].iloc[0] == "base"
    assert view[column].iloc[1].endswith(f"({rows[1]['paired_note']})")

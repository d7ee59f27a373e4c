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


#: One chunk of the fewest rounds, dealt from 8 decks to 95 %: about 14 shoes, so fewer
#: than MIN_BATCHES of the kernel's 64 sub-batches are filled (a shoe's rounds share a
#: batch): no batch means, so no paired SE.
TINY = 1_000


def _job(name: str, chunks: int, seed: int = 11, decks: int = 6,
         chunk: int = CHUNK) -> tuple[dict, list]:
    """A study job record of ``chunks`` chunks of ``chunk`` rounds, and its chunk tallies."""
    config = blackjack_config(chunks * chunk, chunk, seed)
    config["rules"]["decks"] = decks
    if chunk == TINY:
        # the variant (decks given) deals the same 8-deck shoes with H17
        config["rules"].update(decks=8, penetration=0.95, dealer_hits_soft_17=decks != 6)
    config = registry.validate(config)
    tallies = [registry.run_chunk("blackjack", config, c)[0]
               for c in registry.plan("blackjack", config)]
    kind = "base" if name == "base" else "variant"
    job = {"id": name, "label": name, "state": "COMPLETE", "rounds_done": chunks * chunk,
           "rounds_total": chunks * chunk, "simulation_type": "blackjack", "config": config,
           "meta": {"variant": name, "kind": kind, "fields": {}}}
    return job, tallies


def test_a_variant_without_a_paired_se_says_why_and_the_table_prints_it():
    """With one chunk of 1,000 rounds from 8 decks (fewer shoes, so fewer filled
    sub-batches, than batch means need) the variant's paired SE is missing and its note
    names the batches and the number needed; another seed is 'not common' shoes; the
    table's 'vs base' cells print those words, never ' ± -'."""
    jobs = [_job("base", 1, chunk=TINY), _job("h17", 1, decks=4, chunk=TINY),
            _job("other seed", 1, seed=12, chunk=TINY)]
    rows = table_rows([j for j, _ in jobs], {j["id"]: t for j, t in jobs}, exact=False)
    assert rows[0]["paired_note"] is None
    assert rows[1]["paired_se_diff_advantage"] is None
    assert rows[1]["paired_note"].startswith("no paired SE: ")
    assert "paired batches" in rows[1]["paired_note"]
    assert str(MIN_BATCHES) in rows[1]["paired_note"]
    assert rows[2]["paired_note"].startswith("no paired SE: run.seed or run.chunk_rounds")
    text = format_table(rows)
    assert "± -" not in text
    assert rows[1]["paired_note"] in text and rows[2]["paired_note"] in text


def test_a_variant_of_four_chunks_has_a_paired_se_from_the_sub_batches_and_no_note():
    """With 4 common chunks (fewer than MIN_BATCHES) the kernel's sub-batches give the paired
    SE, and paired_note is None."""
    jobs = [_job("base", 4), _job("four decks", 4, decks=4)]
    rows = table_rows([j for j, _ in jobs], {j["id"]: t for j, t in jobs}, exact=False)
    assert rows[1]["paired_se_diff_advantage"] > 0 and rows[1]["paired_note"] is None
    assert " ± " in format_table(rows).splitlines()[-2]


def test_the_study_view_table_says_why_a_variant_has_no_paired_se():
    """study_tables.variants_view (Study tab, study report) writes the note in the cell."""
    import pandas as pd

    from jost_engine.analysis.study_tables import variants_view

    jobs = [_job("base", 1, chunk=TINY), _job("h17", 1, decks=4, chunk=TINY)]
    rows = table_rows([j for j, _ in jobs], {j["id"]: t for j, t in jobs}, exact=False)
    view = variants_view(pd.DataFrame.from_records(rows))
    column = next(c for c in view.columns if c.startswith("vs the base"))
    assert view[column].iloc[0] == "base"
    assert view[column].iloc[1].endswith(f"({rows[1]['paired_note']})")

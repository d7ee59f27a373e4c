"""A job that ended without completing shows its finished chunks' advantage ± SE.

The job is built in the ledger directly (claimed, two of four chunks saved,
cancelled), so no cluster runs: ``jost result ID`` and ``jost status ID``
read what a cancelled job left.
"""

from __future__ import annotations

import pytest
from jobs_helpers import blackjack_config

from jost_engine import registry
from jost_engine.cli import main
from jost_engine.jobs import JobManager
from jost_engine.jobs.ledger import CANCELLED, PENDING
from jost_engine.jobs.owner import Owner

CHUNK_ROUNDS = 20_000


@pytest.fixture
def cancelled_job(tmp_path, monkeypatch):
    """A CANCELLED job of 4 chunks with chunks 0 and 1 finished; (id, their merged result)."""
    monkeypatch.setenv("JOST_WORKSPACE", str(tmp_path))
    monkeypatch.delenv("JOST_SCHEDULER", raising=False)
    manager = JobManager()
    config = registry.validate(blackjack_config(4 * CHUNK_ROUNDS, CHUNK_ROUNDS))
    job_id = manager.create(config)
    run = manager.ledger.claim(job_id, Owner.of(), (PENDING,), 4)
    chunks = list(registry.plan("blackjack", config))[:2]
    partials = []
    for chunk in chunks:
        partial, _kernel_s = registry.run_chunk("blackjack", config, chunk)
        partial = partial.to_dict() if hasattr(partial, "to_dict") else partial
        partials.append(partial)
        assert manager.ledger.record_chunk(job_id, run, chunk.index, chunk.rounds, partial)
    manager.ledger.finish(job_id, CANCELLED)
    merged = registry.merge("blackjack", config, manager.ledger.partials(job_id))
    return job_id, merged


def _advantage_text(result) -> str:
    """The advantage ± 1 SE as the one formatter writes it."""
    from jost_engine.analysis import estimates
    from jost_engine.analysis import format as fmt

    return fmt.estimate(estimates.of_result(result)["advantage"])


def test_result_of_a_cancelled_job_prints_its_partial_advantage_and_exits_1(cancelled_job,
                                                                           capsys):
    """``jost result ID`` of a CANCELLED job with 2 of 4 chunks saved prints PARTIAL RESULT,
    the 40,000 rounds and the advantage ± SE of those chunks, then exits 1 with one line."""
    job_id, merged = cancelled_job
    assert main(["result", job_id]) == 1
    out, err = capsys.readouterr()
    assert "PARTIAL RESULT" in out and "2 of 4 chunks" in out and "40,000" in out
    assert _advantage_text(merged) in out
    assert err.count("\n") == 1 and "partial" in err


def test_status_of_a_cancelled_job_shows_its_partial_advantage(cancelled_job, capsys):
    """``jost status ID`` of that job exits 0 and shows the same partial advantage ± SE."""
    job_id, merged = cancelled_job
    assert main(["status", job_id]) == 0
    out = capsys.readouterr().out
    assert "CANCELLED" in out and "PARTIAL RESULT" in out and _advantage_text(merged) in out


def test_result_json_of_a_cancelled_job_is_marked_partial(cancelled_job, capsys):
    """``jost result ID --json`` prints the partial result marked ``"partial": true``."""
    import json

    job_id, merged = cancelled_job
    assert main(["result", job_id, "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["partial"] is True and data["state"] == CANCELLED
    assert data["result"]["summary"]["rounds"] == merged.summary["rounds"] == 40_000

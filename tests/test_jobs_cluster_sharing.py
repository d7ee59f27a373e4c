"""Detached jobs of a workspace share one cluster (`jost submit` without `jost cluster up`)."""

from __future__ import annotations

import json
import time

import psutil
import pytest
from jobs_helpers import blackjack_config, held_after, run_jost

from jost_engine.jobs import COMPLETE, JobManager
from jost_engine.jobs.cluster import SCHEDULER_FILE, cluster_dir

pytest_plugins = ["jobs_fixtures"]

pytestmark = pytest.mark.cluster


def workspace_schedulers() -> list[int]:
    """Pids of the dask schedulers started for this workspace (by their scheduler file)."""
    marker = str(cluster_dir() / SCHEDULER_FILE)
    found = []
    for process in psutil.process_iter(["cmdline"]):
        cmdline = process.info["cmdline"] or []
        if marker in cmdline and "scheduler" in cmdline[:3]:
            found.append(process.pid)
    return found


def test_three_submits_share_one_cluster_which_stops_when_they_are_done(
        toy_plugin, workspace, reference):
    """Three `jost submit`s without a cluster run on one shared cluster (never two
    schedulers), which stops once they are done. The jobs are held after their first chunk
    (jost_engine/jobs/hold.py) until the third is submitted, so the first cannot end, and
    its cluster stop, before the others join, at any machine speed."""
    configs = [blackjack_config(600_000, 200_000, seed=seed) for seed in (21, 22, 23)]
    ids = []
    with held_after(workspace, 1):  # the runners inherit it
        for n, config in enumerate(configs):
            path = workspace / f"c{n}.json"
            path.write_text(json.dumps(config), encoding="utf-8")
            ids.append(run_jost("submit", str(path), workspace=workspace).stdout.strip())
    manager = JobManager(ledger=workspace / "jobs.sqlite")
    most = 0
    deadline = time.monotonic() + 300
    while any(manager.job(i).status != COMPLETE for i in ids):
        assert time.monotonic() < deadline, [manager.job(i).progress for i in ids]
        ended = [(i, manager.job(i).status, manager.job(i).error) for i in ids
                 if manager.job(i).status not in ("PENDING", "RUNNING", COMPLETE)]
        assert not ended, ended
        most = max(most, len(workspace_schedulers()))
        time.sleep(0.2)
    assert most == 1, "one scheduler for the workspace, never more"
    schedulers = {manager.job(i).info["scheduler"] for i in ids}
    assert len(schedulers) == 1, f"the jobs ran on {schedulers}"
    for job_id, config in zip(ids, configs, strict=True):
        got = manager.job(job_id).result(timeout=0)
        assert got.to_dict()["tally"] == reference(config).to_dict()["tally"]
    deadline = time.monotonic() + 60
    while workspace_schedulers() or (cluster_dir() / "cluster.json").exists():
        assert time.monotonic() < deadline, "the shared cluster stops once its jobs are done"
        time.sleep(0.5)

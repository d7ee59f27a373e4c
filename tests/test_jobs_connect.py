"""Which cluster the jobs use, and what travels to a worker."""

from __future__ import annotations

import json
import pickle
import time

import pytest
from jobs_helpers import toy_config, toy_total

from jost_engine.errors import EXIT_BAD_INPUT, EXIT_ENVIRONMENT, ClusterError, JostError
from jost_engine.jobs import JobManager
from jost_engine.jobs.cluster import STATE_NAME, cluster_dir, saved_cluster
from jost_engine.jobs.connect import ENV_SCHEDULER, connect, scheduler_address
from jost_engine.jobs.owner import Owner
from jost_engine.jobs.tasks import chunk_key, run_chunk_task
from jost_engine.simulation import Chunk

pytest_plugins = ["jobs_fixtures"]


def save_cluster(address: str, owner: Owner) -> None:
    folder = cluster_dir()
    folder.mkdir(parents=True)
    process = {"role": "scheduler", "pid": owner.pid, "host": owner.host,
               "started": owner.started}
    (folder / STATE_NAME).write_text(json.dumps({"address": address, "processes": [process]}))


def test_precedence_argument_then_environment_then_saved_cluster(workspace, monkeypatch):
    assert scheduler_address() == (None, "no scheduler given")
    save_cluster("tcp://127.0.0.1:3", Owner.of())
    assert scheduler_address() == ("tcp://127.0.0.1:3", "jost cluster up")
    monkeypatch.setenv(ENV_SCHEDULER, "tcp://127.0.0.1:2")
    assert scheduler_address() == ("tcp://127.0.0.1:2", "$JOST_SCHEDULER")
    assert scheduler_address("tcp://127.0.0.1:1") == ("tcp://127.0.0.1:1", "--scheduler")


def test_a_saved_cluster_whose_scheduler_died_is_ignored(workspace):
    save_cluster("tcp://127.0.0.1:3", Owner(Owner.of().host, Owner.of().pid, 1.0))
    assert saved_cluster() is None


def test_the_task_and_its_chunk_travel_by_reference():
    assert pickle.loads(pickle.dumps(run_chunk_task)) is run_chunk_task
    assert len(pickle.dumps(run_chunk_task)) < 100, "a reference, not code"
    assert pickle.loads(pickle.dumps(Chunk(3, 10))) == Chunk(3, 10)
    assert chunk_key("abc", 2, 7) == "jost-abc-2-7"


def test_a_client_passed_in_is_used_and_left_open(cluster):
    connection = connect(client=cluster)
    connection.close()
    assert connection.client is cluster and cluster.status == "running"


def test_the_environment_names_the_scheduler(cluster, workspace, monkeypatch):
    address = cluster.scheduler.address
    monkeypatch.setenv(ENV_SCHEDULER, address)
    with JobManager(ledger=workspace / "jobs.sqlite") as jobs:
        job = jobs.submit(toy_config(3))
        assert job.result(timeout=60).total == toy_total(3)
        assert job.info["scheduler"] == address
        assert jobs.dashboard_link == cluster.dashboard_link
    assert jobs._connection is None, "its own client is closed with it"


def test_an_unreachable_scheduler_is_a_cluster_error_within_seconds(workspace):
    start = time.monotonic()
    with pytest.raises(ClusterError, match=r"cannot reach the Dask scheduler at "
                                           r"tcp://127\.0\.0\.1:1 \(--scheduler\)"):
        connect(scheduler="tcp://127.0.0.1:1")
    assert time.monotonic() - start < 10.0, "a few seconds, not the 30 s it was"
    assert ClusterError("x").exit_code == EXIT_ENVIRONMENT


@pytest.mark.parametrize("address", ["nonsense", "127.0.0.1:8786", "tcp://", "tcp://host",
                                     "http://127.0.0.1:8786", "tcp://127.0.0.1:99999"])
def test_a_malformed_address_is_bad_input_naming_where_it_came_from(workspace, monkeypatch,
                                                                    address):
    with pytest.raises(JostError, match="--scheduler: .* is not a Dask scheduler address") as e:
        connect(scheduler=address)
    assert not isinstance(e.value, ClusterError) and e.value.exit_code == EXIT_BAD_INPUT
    monkeypatch.setenv(ENV_SCHEDULER, address)
    with pytest.raises(JostError, match=r"\$JOST_SCHEDULER: .* is not a Dask scheduler"):
        connect()


def test_a_detached_submit_to_an_unreachable_scheduler_fails_at_once_and_records_nothing(
        toy_plugin, workspace):
    manager = JobManager(scheduler="tcp://127.0.0.1:1", ledger=workspace / "jobs.sqlite")
    start = time.monotonic()
    with pytest.raises(ClusterError, match="tcp://127.0.0.1:1"):
        manager.submit_detached(toy_config(2))
    assert time.monotonic() - start < 10.0, "a few seconds, not the 30 s it was"
    assert manager.ledger.rows() == [], "nothing recorded, no runner started"


@pytest.mark.cluster
def test_a_local_cluster_listens_on_127_0_0_1_only(workspace):
    import os

    from jobs_helpers import listening_sockets, process_tree

    before = {s[:2] for s in listening_sockets(process_tree(os.getpid()))}
    connection = connect(workers=1)
    try:
        sockets = [s for s in listening_sockets(process_tree(os.getpid()))
                   if s[:2] not in before]
        assert len(sockets) >= 3, "scheduler, dashboard, nanny and worker"
        assert {host for host, _, _ in sockets} == {"127.0.0.1"}, sockets
    finally:
        connection.close()

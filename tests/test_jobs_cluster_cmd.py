"""``jost cluster up|down`` as a user runs them: what listens where, and a damaged state file."""

from __future__ import annotations

import json

import psutil
import pytest
from jobs_helpers import listening_sockets, process_tree, run_jost

from jost_engine.errors import ClusterError
from jost_engine.jobs import cluster
from jost_engine.jobs.connect import scheduler_address

pytest_plugins = ["jobs_fixtures"]

pytestmark = pytest.mark.cluster


@pytest.fixture
def cluster_up(workspace):
    """A ``jost cluster up`` of 2 workers in the workspace; its saved state. Stopped after."""
    run_jost("cluster", "up", "--workers", "2", "--dashboard-port", "0", workspace=workspace)
    state = json.loads((workspace / "cluster" / cluster.STATE_NAME).read_text())
    tree = [p for proc in state["processes"] for p in process_tree(proc["pid"])]
    yield state, tree
    run_jost("cluster", "down", workspace=workspace, ok=False)
    for process in tree:
        if process.is_running():
            process.kill()


def test_every_socket_of_a_cluster_up_listens_on_127_0_0_1(cluster_up):
    state, tree = cluster_up
    assert len(tree) >= 4, "scheduler, worker parent and its 2 worker processes"
    sockets = listening_sockets(tree)
    pids = {pid for _, _, pid in sockets}
    assert len(pids) >= 3, "the scheduler, the nannies and the workers all listen"
    assert len(sockets) >= 6, "scheduler + dashboard, nanny + worker + dashboard per worker"
    assert {host for host, _, _ in sockets} == {"127.0.0.1"}, sockets
    assert state["dashboard"].startswith("http://127.0.0.1:")


def test_a_damaged_cluster_file_is_reported_and_down_still_stops_every_process(
        cluster_up, workspace):
    _, tree = cluster_up
    (workspace / "cluster" / cluster.STATE_NAME).write_text('{"address": "tcp://127.0', "utf-8")
    with pytest.raises(ClusterError, match=r"cluster\.json is damaged.*jost cluster down"):
        scheduler_address()
    status = run_jost("cluster", "status", workspace=workspace, ok=False)
    assert status.returncode != 0 and "is damaged" in status.stderr
    assert "Traceback" not in status.stderr
    run_jost("cluster", "down", workspace=workspace)
    gone, alive = psutil.wait_procs(tree, timeout=30)
    assert alive == [], f"still running: {[p.pid for p in alive]}"
    assert not (workspace / "cluster" / cluster.STATE_NAME).exists()


def test_an_ssh_host_that_looks_like_an_option_is_refused_before_ssh_runs(tmp_path):
    """``jost cluster up --ssh=-oProxyCommand=...`` exits 2 naming --ssh; ssh never runs the
    proxy command (the file it would create is absent), and no cluster state is written."""
    proof = tmp_path / "proxy-ran"
    done = run_jost("cluster", "up", f"--ssh=-oProxyCommand=touch {proof}", workspace=tmp_path,
                    ok=False)
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith("jost: --ssh: a host is [user@]name, not starting with '-'")
    assert done.stderr.count("\n") == 1
    assert not proof.exists()
    assert not (tmp_path / "cluster" / cluster.STATE_NAME).exists()


def test_the_ssh_command_ends_its_options_before_the_host():
    """The local ``ssh`` command puts ``--`` right before the host, so no host is read as an
    option."""
    from jost_engine.jobs import ssh

    command = ssh.ssh_command(ssh.spec(hosts="me@example.org"), "me@example.org", ["true"])
    assert command[command.index("me@example.org") - 1] == "--"

"""Multi-user clusters through a real Dask Gateway server on 127.0.0.1 (``jost cluster up
--gateway``).

A ``dask-gateway-server`` with its local backend (clusters as local processes) and a
password authenticator is started for the module; two users, alice and bob, each with a
workspace of their own, ask it for a cluster and run a study through it with the ``jost``
command. Each user sees and reaches only their own cluster.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from jobs_helpers import python_env, run_jost

pytest.importorskip("dask_gateway_server", reason="dask-gateway-server is not installed "
                                                  "(pip install -e '.[dev]')")
pytestmark = pytest.mark.cluster

PASSWORD = "not-a-secret"
STUDY = {"label": "decks through the gateway", "base": {
    "rules": {"decks": 6}, "strategy": "basic",
    "run": {"rounds": 40_000, "seed": 3, "chunk_rounds": 20_000}},
    "variants": {"two decks": {"rules.decks": 2}}}


def free_port() -> int:
    """A TCP port free on 127.0.0.1 now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def gateway_url(tmp_path_factory):
    """A running dask-gateway-server on 127.0.0.1 (API, proxy and scheduler proxy); its URL.

    Clusters are local processes of this machine (``UnsafeLocalBackend``: every user's
    processes run as the server's user, which a test machine allows; a team uses the
    ``LocalBackend``, Kubernetes or a batch queue, see docs/scale-out.md), one worker each.
    """
    folder = tmp_path_factory.mktemp("gateway")
    port, api = free_port(), free_port()
    dask = str(Path(sys.executable).with_name("dask"))
    environment = {k: v for k, v in python_env().items()
                   if k in ("PYTHONPATH", "NUMBA_CACHE_DIR", "JOST_EXACT_CACHE")}
    (folder / "config.py").write_text(f"""
c.DaskGateway.address = "127.0.0.1:{api}"
c.Proxy.address = "127.0.0.1:{port}"
c.Proxy.tcp_address = "127.0.0.1:{port}"
c.DaskGateway.backend_class = "dask_gateway_server.backends.local.UnsafeLocalBackend"
c.DaskGateway.authenticator_class = "dask_gateway_server.auth.SimpleAuthenticator"
c.SimpleAuthenticator.password = {PASSWORD!r}
c.UnsafeLocalBackend.clusters_directory = {str(folder / "clusters")!r}
c.ClusterConfig.scheduler_cmd = [{dask!r}, "scheduler"]
c.ClusterConfig.worker_cmd = [{dask!r}, "worker"]
c.ClusterConfig.environment = {environment!r}
c.ClusterConfig.cluster_max_workers = 1
c.ClusterConfig.worker_cores = 1
c.ClusterConfig.worker_threads = 1
c.ClusterConfig.scheduler_cores = 1
c.ClusterConfig.worker_memory = "1 G"
c.ClusterConfig.scheduler_memory = "1 G"
""")
    log = open(folder / "server.log", "wb")  # noqa: SIM115 - open for the server's lifetime
    server = subprocess.Popen([str(Path(sys.executable).with_name("dask-gateway-server")),
                               "-f", str(folder / "config.py")], cwd=folder, stdout=log,
                              stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                break
        except OSError:
            assert server.poll() is None and time.monotonic() < deadline, (
                (folder / "server.log").read_text())
            time.sleep(0.2)
    yield url
    server.terminate()
    try:
        server.wait(30)
    except subprocess.TimeoutExpired:
        server.kill()
    log.close()


def as_user(name: str) -> dict:
    """The environment of ``name``: dask-gateway's basic auth as that user."""
    return {"DASK_GATEWAY__AUTH__TYPE": "basic",
            "DASK_GATEWAY__AUTH__KWARGS__USERNAME": name,
            "DASK_GATEWAY__AUTH__KWARGS__PASSWORD": PASSWORD}


def jost_as(user: str, *args: str, workspace: Path, ok: bool = True):
    """``jost ARGS`` as ``user`` in ``workspace``."""
    old = {k: os.environ.get(k) for k in as_user(user)}
    os.environ.update(as_user(user))
    try:
        return run_jost(*args, workspace=workspace, ok=ok)
    finally:
        for key, value in old.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def clusters_seen_by(user: str, url: str) -> list[str]:
    """Names of the clusters the gateway lists for ``user``."""
    from dask_gateway import BasicAuth, Gateway

    with Gateway(url, auth=BasicAuth(user, PASSWORD)) as gateway:
        return [c.name for c in gateway.list_clusters()]


def test_two_users_each_run_a_study_on_their_own_gateway_cluster(gateway_url, tmp_path):
    """alice and bob each ``jost cluster up --gateway URL``, submit a study and read its
    result through their own cluster; the gateway lists each user only their own cluster;
    bob pointed at alice's cluster is refused (exit 3, one line); ``cluster down`` gives both
    back."""
    spec = tmp_path / "study.json"
    spec.write_text(json.dumps(STUDY))
    names = {}
    for user in ("alice", "bob"):
        workspace = tmp_path / user
        up = jost_as(user, "cluster", "up", "--gateway", gateway_url, "--workers", "1",
                     workspace=workspace)
        assert f"from the Dask Gateway at {gateway_url}" in up.stdout
        state = json.loads((workspace / "cluster" / "cluster.json").read_text())
        assert state["kind"] == "gateway" and state["address"].startswith("gateway://127.0.0.1:")
        names[user] = state["name"]
        assert "1 workers" in jost_as(user, "cluster", "status", workspace=workspace).stdout
    studies = {user: jost_as(user, "study", "submit", str(spec), workspace=tmp_path / user
                             ).stdout.split()[0] for user in ("alice", "bob")}
    deadline = time.monotonic() + 180
    for user, study_id in studies.items():
        workspace = tmp_path / user
        while not jost_as(user, "study", "status", study_id, workspace=workspace
                          ).stdout.split("progress", 1)[1].strip().startswith("COMPLETE"):
            assert time.monotonic() < deadline, f"{user}'s study did not complete"
            time.sleep(1)
        shown = jost_as(user, "study", "result", study_id, "--no-exact",
                        workspace=workspace).stdout
        assert "two decks" in shown
    assert clusters_seen_by("alice", gateway_url) == [names["alice"]]
    assert clusters_seen_by("bob", gateway_url) == [names["bob"]]

    intruder = tmp_path / "bob-intruder"
    (intruder / "cluster").mkdir(parents=True)
    stolen = json.loads((tmp_path / "alice" / "cluster" / "cluster.json").read_text())
    (intruder / "cluster" / "cluster.json").write_text(json.dumps(stolen))
    game = tmp_path / "game.json"
    game.write_text(json.dumps(STUDY["base"]))
    refused = jost_as("bob", "run", str(game), workspace=intruder, ok=False)
    assert refused.returncode == 3, refused.stderr
    assert refused.stderr.startswith(f"jost: the Dask Gateway at {gateway_url} refused")
    status = jost_as("bob", "cluster", "status", workspace=intruder, ok=False)
    assert status.returncode == 1 and "403" in status.stdout

    for user in ("alice", "bob"):
        assert "cluster down" in jost_as(user, "cluster", "down",
                                         workspace=tmp_path / user).stdout
    deadline = time.monotonic() + 30
    while clusters_seen_by("alice", gateway_url) or clusters_seen_by("bob", gateway_url):
        assert time.monotonic() < deadline, "the clusters were not given back"
        time.sleep(0.5)
